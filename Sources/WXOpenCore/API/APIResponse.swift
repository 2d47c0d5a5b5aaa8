import Foundation
import HTTPServer
import WXOpenSupport

/// JSON bodies of the internal API, and its one error shape:
/// `{"error": {"code": "…", "message": "…", "wechat_errcode": N}}`.
enum APIResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(APIResponse.timestamp(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func timestamp(_ date: Date) -> String { RFC3339.format(date) }

    static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) -> HTTPResponse {
        do {
            var response = HTTPResponse.json(try encoder.encode(value), status: status)
            response.headers["Cache-Control"] = "no-store"
            return response
        } catch {
            return self.error(.internalServerError, code: "internal", message: "could not encode the response")
        }
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var wechatErrcode: Int?
            enum CodingKeys: String, CodingKey { case code, message, wechatErrcode = "wechat_errcode" }
        }
        var error: Detail
    }

    static func error(_ status: HTTPStatus, code: String, message: String, wechatErrcode: Int? = nil,
                      headers: HTTPHeaders = [:]) -> HTTPResponse {
        var response = json(ErrorBody(error: .init(code: code, message: message, wechatErrcode: wechatErrcode)), status: status)
        for field in headers { response.headers[field.name] = field.value }
        return response
    }

    static func status(_ error: PlatformError) -> HTTPStatus {
        switch error {
        case .unknownAuthorizer: .notFound
        case .authorizerUnavailable, .missingRefreshToken: .conflict
        case .waitingForTicket: .serviceUnavailable
        case .wechat: .badGateway
        }
    }

    /// The status and code for a platform error.
    static func error(_ error: any Error) -> HTTPResponse {
        switch error {
        case let error as PlatformError:
            return self.error(status(error), code: error.code, message: error.description, wechatErrcode: error.wechatErrcode)
        case let problem as APIProblem:
            return self.error(problem.status, code: problem.code, message: problem.message, wechatErrcode: problem.wechatErrcode)
        case let error as HTTPError:
            let code = switch error.status {
            case .notFound: "not_found"
            case .tooManyRequests: "rate_limited"
            default: "bad_request"
            }
            return self.error(error.status, code: code, message: error.message, headers: error.headers)
        case StoreError.invalidRequest(let detail):
            return self.error(.badRequest, code: "bad_request", message: detail)
        case StoreError.unavailable:
            return self.error(.serviceUnavailable, code: "store_unavailable", message: "the store is unavailable; retry in a few seconds",
                              headers: ["Retry-After": "2"])
        default:
            return self.error(.internalServerError, code: "internal", message: "internal error; see the server log")
        }
    }
}
