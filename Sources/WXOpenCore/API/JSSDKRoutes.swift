import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// The JS-SDK for official accounts' web pages: `GET /api/v1/authorizers/:appid/jsapi-config?url=`
/// signs a `wx.config` for that page, and `GET …/jsapi-ticket?type=jsapi|wx_card` hands out a
/// ticket itself (the card API's signature covers card fields only the caller knows).
struct JSSDKRoutes: Sendable {
    let platform: Platform
    let tickets: JSAPITicketManager
    let apiKeys: APIKeyGuard

    /// Longer page URLs are refused: no real page needs more, and the URL is hashed as sent.
    static let maximumURLLength = 4096

    func add(to router: inout Router) {
        router.group("/api/v1", guardedBy: apiKeys) { api in
            api.get("/authorizers/:appid/jsapi-config", config)
            api.get("/authorizers/:appid/jsapi-ticket", ticket)
        }
    }

    /// `{"appId", "timestamp", "nonceStr", "signature"}`, the fields `wx.config` takes.
    private func config(_ request: HTTPRequest) async throws -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        let url = try Self.pageURL(request.query["url"])
        _ = try await platform.authorizedAccount(appID, kind: .officialAccount)
        let ticket = try await tickets.ticket(appID: appID, kind: .jsapi)
        let timestamp = Int(platform.clock.now().timeIntervalSince1970)
        let nonce = WebLoginSecrets.alphanumeric(16)
        var json = JSONObjectBuilder()
        json.add("appId", appID)
        json.add("timestamp", timestamp)
        json.add("nonceStr", nonce)
        json.add("signature", JSSDKSignature.sign(ticket: ticket.ticket, nonceStr: nonce, timestamp: timestamp, url: url))
        return InternalAPIRoutes.jsonResponse(json)
    }

    /// `{"authorizer_appid", "type", "ticket", "expires_at", "expires_in"}`.
    private func ticket(_ request: HTTPRequest) async throws -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        let typeText = request.query["type"].flatMap { $0.isEmpty ? nil : $0 } ?? JSAPITicket.Kind.jsapi.rawValue
        guard let kind = JSAPITicket.Kind(rawValue: typeText) else { throw HTTPError(.badRequest, "type must be jsapi or wx_card") }
        _ = try await platform.authorizedAccount(appID, kind: .officialAccount)
        let ticket = try await tickets.ticket(appID: appID, kind: kind)
        var json = JSONObjectBuilder()
        json.add("authorizer_appid", appID)
        json.add("type", kind.rawValue)
        json.add("ticket", ticket.ticket)
        json.add("expires_at", ticket.expiresAt)
        json.add("expires_in", Int(ticket.expiresAt.timeIntervalSince(platform.clock.now())))
        return InternalAPIRoutes.jsonResponse(json)
    }

    /// The page URL as it will be signed: an absolute http or https URL with a host, no
    /// whitespace or control characters; anything from `#` on is not signed (WeChat's rule).
    static func pageURL(_ text: String?) throws(HTTPError) -> String {
        guard let text, !text.isEmpty else { throw HTTPError(.badRequest, "url (the page's full URL) is required") }
        guard text.utf8.count <= maximumURLLength else { throw HTTPError(.badRequest, "url is longer than \(maximumURLLength) bytes") }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw HTTPError(.badRequest, "url must be an absolute http or https URL") }
        return JSSDKSignature.signedURL(text)
    }
}
