import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 14: mini program login on behalf, and decrypting what the mini program hands back.
/// The session_key stays inside wxopen; the test gets it from the simulator (standing in for
/// the WeChat client, which holds it too) to seal data the way WeChat would.
@Suite struct MiniProgramTests {
    typealias Harness = PlatformHarness
    static let fruit = "wx9b3d5f7a2c4e6b18"
    static let parking = "wx5f1a3c7e9b2d4a63"

    static func started() async throws -> Harness {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        for appID in [fruit, parking, Harness.officialAccount] { _ = try await harness.simulator.authorize(appID: appID, sendPush: true) }
        return harness
    }

    func login(_ harness: Harness, appID: String = fruit, code: String) async throws -> (status: Int, json: [String: Any], text: String) {
        let response = try await harness.post(harness.platformURL + "/api/v1/authorizers/\(appID)/mini-program/sessions",
                                              body: #"{"js_code": "\#(code)"}"#,
                                              headers: ["Authorization": "Bearer " + harness.apiKey, "Content-Type": "application/json"])
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:], response.text)
    }

    func decrypt(_ harness: Harness, appID: String = fruit, session: String, data: String, iv: String) async throws
        -> (status: Int, json: [String: Any], text: String) {
        let body = try JSONSerialization.data(withJSONObject: ["session": session, "encrypted_data": data, "iv": iv])
        let response = try await harness.post(harness.platformURL + "/api/v1/authorizers/\(appID)/mini-program/decrypt",
                                              body: String(decoding: body, as: UTF8.self),
                                              headers: ["Authorization": "Bearer " + harness.apiKey, "Content-Type": "application/json"])
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:], response.text)
    }

    /// What WeChat's client hands the mini program: base64 AES-128-CBC (PKCS#7) under the session_key.
    static func seal(_ object: [String: Any], sessionKey: String) throws -> (data: String, iv: String) {
        let key = try #require(Data(base64Encoded: sessionKey))
        let iv = Crypto.randomBytes(16)
        let plain = Crypto.PKCS7.pad(Array(try JSONSerialization.data(withJSONObject: object)), blockSize: 16)
        let sealed = try Crypto.AESCBC.encrypt(key: Array(key), iv: iv, plaintext: plain)
        return (Data(sealed).base64EncodedString(), Data(iv).base64EncodedString())
    }

    static func phone(for appID: String) -> [String: Any] {
        ["phoneNumber": "13800138000", "purePhoneNumber": "13800138000", "countryCode": "86",
         "watermark": ["appid": appID, "timestamp": 1_800_000_000]]
    }

    func errorCode(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["code"] as? String }
    func wechatErrcode(_ json: [String: Any]) -> Int? { (json["error"] as? [String: Any])?["wechat_errcode"] as? Int }

    /// Logs zhangwei in; returns the answer and the session_key WeChat issued.
    func loggedIn(_ harness: Harness) async throws -> (json: [String: Any], text: String, sessionKey: String) {
        let code = try harness.simulator.issueJSCode(appID: Self.fruit, userID: "zhangwei")
        let answer = try await login(harness, code: code)
        #expect(answer.status == 201, "\(answer.text)")
        return (answer.json, answer.text, try #require(harness.simulator.sessionKey(appID: Self.fruit, userID: "zhangwei")))
    }

    @Test func login_AnswersTheUser_AndAnOpaqueSession_NeverTheSessionKey() async throws {
        let harness = try await Self.started()
        let (json, text, sessionKey) = try await loggedIn(harness)
        #expect(Set(json.keys) == ["openid", "unionid", "session", "expires_at"])
        #expect(json["openid"] as? String == harness.simulator.openID(of: "zhangwei", in: Self.fruit))
        #expect((json["session"] as? String)?.count == 43)
        #expect(json["expires_at"] as? String == RFC3339.format(harness.clock.now() + 259_200))
        #expect(!text.contains(sessionKey))
        let session = try #require(json["session"] as? String)
        let entry = try await harness.store.entry(MiniProgramSessions.namespace, key: Crypto.sha256Hex(session), now: harness.clock.now())
        #expect(entry?.value.contains(sessionKey) == true, "kept with the session (sealed at rest by a keyed store)")
        #expect(try await harness.store.entry(MiniProgramSessions.namespace, key: session, now: harness.clock.now()) == nil,
                "the store's key is the session's digest, never the session")
        await harness.stop()
    }

    @Test func usedOrBadCode_Is400_WithWeChatsErrcode() async throws {
        let harness = try await Self.started()
        let code = try harness.simulator.issueJSCode(appID: Self.fruit, userID: "lina")
        #expect(try await login(harness, code: code).status == 201)
        let again = try await login(harness, code: code)
        #expect(again.status == 400)
        #expect(errorCode(again.json) == "code_invalid")
        #expect(wechatErrcode(again.json) == 40163)
        let bad = try await login(harness, code: "nonsense-code")
        #expect(bad.status == 400)
        #expect(wechatErrcode(bad.json) == 40029)
        #expect(!harness.logs.contains(code), "codes are never logged")
        await harness.stop()
    }

    @Test func officialAccount_HasNoMiniProgramLogin() async throws {
        let harness = try await Self.started()
        let answer = try await login(harness, appID: Harness.officialAccount, code: "whatever")
        #expect(answer.status == 409)
        #expect(errorCode(answer.json) == "not_mini_program")
        await harness.stop()
    }

    @Test func decrypt_OpensDataSealedWithTheSessionKey() async throws {
        let harness = try await Self.started()
        let (json, _, sessionKey) = try await loggedIn(harness)
        let sealed = try Self.seal(Self.phone(for: Self.fruit), sessionKey: sessionKey)
        let answer = try await decrypt(harness, session: try #require(json["session"] as? String), data: sealed.data, iv: sealed.iv)
        #expect(answer.status == 200)
        #expect(answer.json["phoneNumber"] as? String == "13800138000")
        #expect((answer.json["watermark"] as? [String: Any])?["appid"] as? String == Self.fruit)
        #expect(!answer.text.contains(sessionKey))
        await harness.stop()
    }

    @Test func decrypt_OfDataMadeForAnotherMiniProgram_Is422() async throws {
        let harness = try await Self.started()
        let (json, _, sessionKey) = try await loggedIn(harness)
        let sealed = try Self.seal(Self.phone(for: Self.parking), sessionKey: sessionKey)
        let answer = try await decrypt(harness, session: try #require(json["session"] as? String), data: sealed.data, iv: sealed.iv)
        #expect(answer.status == 422)
        #expect(errorCode(answer.json) == "watermark_mismatch")
        #expect(!answer.text.contains("13800138000"), "the refused data is not echoed")
        await harness.stop()
    }

    @Test func decrypt_WithAnotherKey_Is422_Undecryptable() async throws {
        let harness = try await Self.started()
        let (json, _, _) = try await loggedIn(harness)
        let sealed = try Self.seal(Self.phone(for: Self.fruit), sessionKey: Data(Crypto.randomBytes(16)).base64EncodedString())
        let answer = try await decrypt(harness, session: try #require(json["session"] as? String), data: sealed.data, iv: sealed.iv)
        #expect(answer.status == 422)
        #expect(errorCode(answer.json) == "undecryptable")
        await harness.stop()
    }

    @Test func decrypt_WithMalformedInput_Is400() async throws {
        let harness = try await Self.started()
        let (json, _, sessionKey) = try await loggedIn(harness)
        let session = try #require(json["session"] as? String)
        let sealed = try Self.seal(Self.phone(for: Self.fruit), sessionKey: sessionKey)
        #expect(try await decrypt(harness, session: session, data: "not base64!", iv: sealed.iv).status == 400)
        #expect(try await decrypt(harness, session: session, data: sealed.data, iv: "AAAA").status == 400)
        let missing = try await harness.api("POST", "/api/v1/authorizers/\(Self.fruit)/mini-program/decrypt", body: #"{"session": "x"}"#)
        #expect(missing.status == 400)
        await harness.stop()
    }

    @Test func sessionOfAnotherAccount_Is404() async throws {
        let harness = try await Self.started()
        let (json, _, sessionKey) = try await loggedIn(harness)
        let sealed = try Self.seal(Self.phone(for: Self.parking), sessionKey: sessionKey)
        let answer = try await decrypt(harness, appID: Self.parking, session: try #require(json["session"] as? String),
                                       data: sealed.data, iv: sealed.iv)
        #expect(answer.status == 404)
        #expect(errorCode(answer.json) == "session_not_found")
        await harness.stop()
    }

    @Test func unknownOrExpiredSession_Is404() async throws {
        let harness = try await Self.started()
        let (json, _, sessionKey) = try await loggedIn(harness)
        let sealed = try Self.seal(Self.phone(for: Self.fruit), sessionKey: sessionKey)
        let session = try #require(json["session"] as? String)
        // Another first character (a random session may begin with "x" itself).
        let unknown = (session.first == "x" ? "y" : "x") + session.dropFirst()
        #expect(try await decrypt(harness, session: unknown, data: sealed.data, iv: sealed.iv).status == 404)
        harness.clock.advance(by: 259_200 - 1)
        #expect(try await decrypt(harness, session: session, data: sealed.data, iv: sealed.iv).status == 200)
        harness.clock.advance(by: 1)
        let expired = try await decrypt(harness, session: session, data: sealed.data, iv: sealed.iv)
        #expect(expired.status == 404)
        #expect(errorCode(expired.json) == "session_not_found")
        await harness.stop()
    }

    @Test func sessionKey_IsAbsentFromEveryAnswerAndLogLine() async throws {
        let harness = try await Self.started()
        var answers: [String] = [], keys: [String] = []
        for _ in 0..<3 {
            let (json, text, sessionKey) = try await loggedIn(harness)
            let session = try #require(json["session"] as? String)
            keys.append(sessionKey)
            answers.append(text)
            let sealed = try Self.seal(Self.phone(for: Self.fruit), sessionKey: sessionKey)
            answers.append(try await decrypt(harness, session: session, data: sealed.data, iv: sealed.iv).text)
            let foreign = try Self.seal(Self.phone(for: Self.parking), sessionKey: sessionKey)
            answers.append(try await decrypt(harness, session: session, data: foreign.data, iv: foreign.iv).text)
        }
        await harness.stop()
        #expect(Set(keys).count == 3, "every login gets a new session_key")
        #expect(harness.logs.contains("event=mini_program_login"))
        for key in keys {
            for answer in answers { #expect(!answer.contains(key)) }
            for line in harness.logs.lines { #expect(!line.contains(key), "\(line)") }
        }
    }
}
