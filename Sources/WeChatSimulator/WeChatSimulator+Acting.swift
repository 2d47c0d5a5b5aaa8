import Foundation
import WeChat

/// What a WeChat client would do around the platform acting for accounts: a user opening a
/// mini program (`wx.login` hands out a `js_code`), the data the client seals with the
/// session_key, and the JS-SDK checking a page's `wx.config`.
extension WeChatSimulator {
    /// `wx.login` in mini program `appID` by simulated user `userID`: a js_code, single use,
    /// valid `jsCodeLifetime` (5 minutes).
    public func issueJSCode(appID: String, userID: String) throws(SimulatorError) -> String {
        let now = clock.now()
        let result: Result<String, SimulatorError> = state.withLock { state in
            guard let account = state.accounts[appID] else { return .failure(.unknownAccount(appID)) }
            guard account.kind == .miniProgram else { return .failure(.notMiniProgram(appID)) }
            guard state.settings.oauthUsers.contains(where: { $0.id == userID }) else { return .failure(.unknownUser(userID)) }
            return .success(state.miniPrograms.issueCode(appID: appID, userID: userID, now: now,
                                                          lifetime: state.settings.jsCodeLifetime))
        }
        return try result.get()
    }

    /// The session_key of `userID`'s latest login to `appID` (base64), as the WeChat client
    /// holds it to seal `wx.getUserInfo`-style data; nil before any login.
    public func sessionKey(appID: String, userID: String) -> String? {
        state.withLock { $0.miniPrograms.sessionKey(appID: appID, userID: userID) }
    }

    /// The user's openid in `appID`, as WeChat hands it out.
    public func openID(of userID: String, in appID: String) -> String? {
        configuration.oauthUsers.first { $0.id == userID }?.openID(for: appID)
    }

    /// What the JS-SDK checks in `wx.config`: `signature` is the SHA-1 of
    /// `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (the URL before `#`) with the account's
    /// current jsapi_ticket. Written out here rather than through the platform's code, so a
    /// platform that signs differently fails against it.
    public func verifyJSSDKConfig(appID: String, url: String, nonceStr: String, timestamp: Int, signature: String) -> Bool {
        let now = clock.now()
        guard let ticket = state.withLock({ $0.accounts.currentJSAPITicket(for: appID + "|jsapi", now: now) }) else { return false }
        let page = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? url
        let string1 = "jsapi_ticket=" + ticket + "&noncestr=" + nonceStr + "&timestamp=" + String(timestamp) + "&url=" + page
        return Crypto.constantTimeEquals(Crypto.hex(Crypto.sha1(Array(string1.utf8))), signature.lowercased())
    }

    /// The account's live ticket of `type` (`jsapi` or `wx_card`), without issuing one.
    public func currentJSAPITicket(appID: String, type: String = "jsapi") -> String? {
        let now = clock.now()
        return state.withLock { $0.accounts.currentJSAPITicket(for: appID + "|" + type, now: now) }
    }

    /// Quota resets made this month for `holder` (`component` or an appid).
    public func quotaResets(holder: String) -> Int {
        let now = clock.now()
        return state.withLock { $0.quotas.resetsMade(holder: holder, now: now) }
    }
}
