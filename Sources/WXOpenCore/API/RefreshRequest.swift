import Foundation
import HTTPServer

/// The body of `POST …/access-token/refresh`: what the caller asks for, said explicitly. An
/// empty body used to mean "refresh now", so a careless retry loop refreshed on every call.
enum RefreshRequest: Equatable {
    /// WeChat rejected this token (40001): refresh only if it is still the current one.
    case ifCurrent(invalidToken: String)
    /// Refresh now whatever the current token is (`ForcedRefreshLimiter` bounds how often).
    case force

    static let usage = #"send {"invalid_token": "<the token WeChat rejected>"} (refreshed only if it is still the current one), "#
        + #"or {"force": true} (at most once a minute per account)"#

    private struct Body: Decodable {
        var invalidToken: String?
        /// A JSON boolean only: JSONDecoder refuses `1` or `"true"` here.
        var force: Bool?
        enum CodingKeys: String, CodingKey { case invalidToken = "invalid_token", force }

        /// Any other member, and a member sent as `null`, is refused rather than ignored:
        /// `{"invalid_token": …, "force": null}` or `{"invalidToken": …}` says something else than
        /// what would be done.
        init(from decoder: any Decoder) throws {
            let members = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
            if let unknown = members.first(where: { CodingKeys(rawValue: $0) == nil }) {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown member \(unknown)"))
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            for key in [CodingKeys.invalidToken, .force] where container.contains(key) {
                if try container.decodeNil(forKey: key) {
                    throw DecodingError.valueNotFound(Body.self, .init(codingPath: [key], debugDescription: "null"))
                }
            }
            invalidToken = try container.decodeIfPresent(String.self, forKey: .invalidToken)
            force = try container.decodeIfPresent(Bool.self, forKey: .force)
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func parse(_ body: Data) throws(HTTPError) -> RefreshRequest {
        guard !body.isEmpty, let fields = try? JSONDecoder().decode(Body.self, from: body) else {
            throw HTTPError(.badRequest, usage)
        }
        switch (fields.invalidToken, fields.force) {
        case (let token?, nil):
            guard !token.isEmpty else { throw HTTPError(.badRequest, "invalid_token is empty: " + usage) }
            return .ifCurrent(invalidToken: token)
        case (nil, true?):
            return .force
        case (_?, _?):
            throw HTTPError(.badRequest, "invalid_token and force exclude each other: " + usage)
        default:
            throw HTTPError(.badRequest, usage)
        }
    }
}
