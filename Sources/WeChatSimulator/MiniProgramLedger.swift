import Foundation
import WeChat

/// Mini program logins (`wx.login` → `js_code` → `jscode2session`) of the simulator's users.
/// A code is single use and lives `jsCodeLifetime`; each login hands out a new session_key,
/// and the latest one per user is kept so a test can seal data the way WeChat's client would.
struct MiniProgramLedger {
    struct CodeRecord {
        var appID: String
        var userID: String
        var expiresAt: Date
        var used = false
    }

    /// Dead codes are swept once this many are held.
    static let pruneThreshold = 10_000

    private var codes: [String: CodeRecord] = [:]
    /// "appid|user id" → the latest session_key (base64 of 16 bytes).
    private var sessionKeys: [String: String] = [:]

    mutating func issueCode(appID: String, userID: String, now: Date, lifetime: TimeInterval) -> String {
        if codes.count >= Self.pruneThreshold { codes = codes.filter { now < $0.value.expiresAt } }
        let code = TokenFactory.jsCode()
        codes[code] = CodeRecord(appID: appID, userID: userID, expiresAt: now + lifetime)
        return code
    }

    /// 41008 missing, 40029 unknown, expired or another mini program's, 40163 used. Returns the
    /// user's id and a new session_key.
    mutating func login(code: String?, appID: String, now: Date) throws(APIError) -> (userID: String, sessionKey: String) {
        guard let code, !code.isEmpty else { throw .codeMissing }
        guard let record = codes[code], record.appID == appID else { throw .invalidCode }
        if record.used { throw .codeUsed }
        if now >= record.expiresAt { throw .invalidCode }
        codes[code]?.used = true
        let sessionKey = Data(Crypto.randomBytes(16)).base64EncodedString()
        sessionKeys[appID + "|" + record.userID] = sessionKey
        return (record.userID, sessionKey)
    }

    func sessionKey(appID: String, userID: String) -> String? { sessionKeys[appID + "|" + userID] }
}
