import Foundation
import HTTPServer

/// Control routes for acting on accounts' behalf: `POST /simulator/mini-programs/:appid/login`
/// `{"user": "zhangwei"}` → `{"js_code", "expires_in", "openid"}`;
/// `GET /simulator/mini-programs/:appid/users/:user/session-key` → `{"session_key"}`;
/// `POST /simulator/jssdk/verify` `{"appid", "url", "noncestr", "timestamp", "signature"}` → `{"valid"}`.
extension WeChatSimulator {
    func actingControlRoutes() -> Router {
        var r = Router()
        r.post("/simulator/mini-programs/:appid/login") { [self] in try miniProgramLogin($0) }
        r.get("/simulator/mini-programs/:appid/users/:user/session-key") { [self] in sessionKeyJSON($0) }
        r.post("/simulator/jssdk/verify") { [self] in try verifyJSSDK($0) }
        return r
    }

    private func miniProgramLogin(_ request: HTTPRequest) throws -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        let userID = try Self.controlBody(request).string("user") ?? configuration.oauthUsers.first?.id ?? ""
        do {
            let code = try issueJSCode(appID: appID, userID: userID)
            return Self.control(.object([("js_code", .string(code)), ("expires_in", .int(Int(configuration.jsCodeLifetime))),
                                         ("openid", openID(of: userID, in: appID).map(JSONValue.string) ?? .null)]))
        } catch {
            return Self.controlError(error)
        }
    }

    private func sessionKeyJSON(_ request: HTTPRequest) -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? "", userID = request.pathParameters["user"] ?? ""
        guard let key = sessionKey(appID: appID, userID: userID) else {
            return Self.controlError("no login of \(userID) to \(appID) yet", status: .notFound)
        }
        return Self.control(.object([("session_key", .string(key))]))
    }

    private func verifyJSSDK(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try Self.controlBody(request)
        guard let appID = body.string("appid"), let url = body.string("url"), let nonce = body.string("noncestr"),
              let timestamp = body.int("timestamp"), let signature = body.string("signature") else {
            return Self.controlError("appid, url, noncestr, timestamp and signature are required")
        }
        let valid = verifyJSSDKConfig(appID: appID, url: url, nonceStr: nonce, timestamp: timestamp, signature: signature)
        return Self.control(.object([("valid", .bool(valid))]))
    }
}
