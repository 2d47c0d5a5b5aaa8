import Foundation
import WeChat
import WXOpenSupport

/// Mini program login on behalf: the js_code from `wx.login` is exchanged with the component
/// token (`jscode2session`), and the caller gets an opaque session id instead of the
/// session_key, which stays here, sealed in the store (entries in `mini_program_session`, keyed
/// by the SHA-256 of the session id, so the store holds nothing a caller could present). Each
/// login starts a new session of `lifetime`.
struct MiniProgramSessions: Sendable {
    static let namespace = EntryNamespace("mini_program_session", secret: true)

    /// What a session holds.
    struct Session: Codable, Sendable, Equatable {
        var appID: String
        var openID: String
        var unionID: String?
        /// Base64 of the 16-byte AES key; never leaves wxopen.
        var sessionKey: String

        enum CodingKeys: String, CodingKey { case appID = "appid", openID = "openid", unionID = "unionid", sessionKey = "session_key" }
    }

    /// What the caller gets: everything but the session_key.
    struct Login: Sendable, Encodable {
        var openID: String
        var unionID: String?
        var session: String
        var expiresAt: Date
        enum CodingKeys: String, CodingKey { case openID = "openid", unionID = "unionid", session, expiresAt = "expires_at" }
    }

    let platform: Platform
    var lifetime: TimeInterval { TimeInterval(platform.configuration.miniProgram.sessionLifetimeSeconds) }

    /// 400 `code_invalid` (with WeChat's 40029/40163) for a bad or used code.
    func login(appID: String, jsCode: String) async throws -> Login {
        _ = try await platform.authorizedAccount(appID, kind: .miniProgram)
        let client = platform.client
        let answer: MiniProgramSession
        do {
            // A js_code is single use: a blind retry after a timeout could only earn 40163.
            answer = try await platform.componentTokens.withToken(retry: .busyOnly) { token in
                try await client.miniProgramLogin(appID: appID, jsCode: jsCode, componentToken: token)
            }
        } catch PlatformError.wechat(let wechat) where wechat.kind == .codeInvalid {
            throw APIProblem(.badRequest, "code_invalid", "WeChat refused the js_code: it is invalid, expired or already used "
                                + "(a code from wx.login works once, for 5 minutes)", wechatErrcode: wechat.errcode)
        }
        let id = Base64URL.encode(Crypto.randomBytes(32))
        let now = platform.clock.now()
        let expiresAt = now + lifetime
        let session = Session(appID: appID, openID: answer.openID, unionID: answer.unionID, sessionKey: answer.sessionKey)
        try await platform.store.writeEntry(Self.namespace, key: Self.key(id), value: EntryJSON.encode(session), expiresAt: expiresAt,
                                            now: now, when: .always)
        platform.logger.info("mini_program_login", ["authorizer_appid": appID, "openid": Redaction.summary(answer.openID),
                                                    "session": Redaction.summary(id), "unionid": answer.unionID == nil ? "no" : "yes"])
        return Login(openID: answer.openID, unionID: answer.unionID, session: id, expiresAt: expiresAt)
    }

    /// The live session `id` of `appID`: 404 when unknown, expired or another account's (the
    /// same answer for all three, so a session id says nothing about other accounts).
    func session(_ id: String, appID: String) async throws -> Session {
        let entry = try await platform.store.entry(Self.namespace, key: Self.key(id), now: platform.clock.now())
        guard let session = entry.flatMap({ EntryJSON.decode(Session.self, from: $0) }), session.appID == appID else {
            throw APIProblem(.notFound, "session_not_found",
                             "no such session for \(PlatformError.named(appID)): unknown, expired or another account's; log in again with wx.login")
        }
        return session
    }

    static func key(_ id: String) -> String { Crypto.sha256Hex(id) }
}
