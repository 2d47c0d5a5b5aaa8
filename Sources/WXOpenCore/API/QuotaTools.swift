import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// The tools operators reach for when WeChat says 45009: an API's quota today
/// (`openapi/quota/get`), what WeChat logged about a failed call (`openapi/rid/get`), and a
/// quota reset (`clear_quota/v2`, 10 a month per account: never automatic, always logged).
/// Each asks as the account concerned: the platform itself (component token) or an authorized
/// account (its own token).
struct QuotaTools: Sendable {
    /// Whose quota or rid: the platform's, or an authorized account's.
    enum Holder: Sendable, Equatable {
        case component
        case account(String)
    }

    let platform: Platform
    let tokens: AuthorizerTokenManager

    func quota(_ holder: Holder, cgiPath: String) async throws -> APIQuota {
        let path = try Self.checkedCGIPath(cgiPath)
        let client = platform.client
        do {
            return try await withToken(holder) { token in try await client.apiQuota(accessToken: token, cgiPath: path) }
        } catch {
            throw Self.refusal(error)
        }
    }

    /// What WeChat logged about the call; tokens and the platform's secret it may echo are cut
    /// to their first characters.
    func rid(_ holder: Holder, rid: String) async throws -> RidInfo {
        guard Self.isWellFormedRid(rid) else {
            throw HTTPError(.badRequest, "rid must look like 61725984-6126f6f9-040f19c4 (the end of WeChat's errmsg)")
        }
        let client = platform.client
        var info: RidInfo
        do {
            info = try await withToken(holder) { token in try await client.ridInfo(accessToken: token, rid: rid) }
        } catch {
            throw Self.refusal(error)
        }
        let secrets = [platform.configuration.component.appSecret]
        info.requestURL = Self.scrubTokens(Redaction.scrub(info.requestURL, removing: secrets))
        info.requestBody = Redaction.scrub(info.requestBody, removing: secrets)
        info.responseBody = Redaction.scrub(info.responseBody, removing: secrets)
        return info
    }

    /// Resets the holder's daily quota, as `operator` (an API key's name or a console user).
    func clear(_ holder: Holder, by operator: String) async throws {
        let appID: String? = if case .account(let appID) = holder { appID } else { nil }
        if let appID { _ = try await platform.authorizedAccount(appID) }
        let name = appID ?? platform.componentAppID
        do {
            try await platform.client.clearQuotaV2(appSecret: platform.configuration.component.appSecret, appID: appID)
        } catch let error as WeChatAPIError {
            platform.logger.error("quota_clear_failed", ["appid": name, "by": `operator`, "error": error.description])
            await platform.events.record("operator.quota_cleared", appID: appID, outcome: "failed", "by \(`operator`): \(error)")
            let refused = Self.refusal(error)
            throw refused is APIProblem ? refused : PlatformError.wechat(error)
        }
        platform.logger.warning("quota_cleared", ["appid": name, "by": `operator`,
                                                  "note": "one of the 10 monthly resets WeChat allows this account was used"])
        await platform.events.record("operator.quota_cleared", appID: appID, "by \(`operator`): daily API quota reset (clear_quota/v2)")
    }

    private func withToken<T: Sendable>(_ holder: Holder, _ call: @escaping @Sendable (String) async throws -> T) async throws -> T {
        switch holder {
        case .component:
            return try await platform.componentTokens.withToken(call)
        case .account(let appID):
            _ = try await platform.authorizedAccount(appID)
            return try await tokens.withToken(appID: appID, call)
        }
    }

    /// WeChat's rid shape: three groups of 8 hex digits, `61725984-6126f6f9-040f19c4`.
    static func isWellFormedRid(_ rid: String) -> Bool {
        let groups = rid.split(separator: "-", omittingEmptySubsequences: false)
        return groups.count == 3 && groups.allSatisfy { $0.utf8.count == 8 && $0.allSatisfy(\.isHexDigit) && $0.allSatisfy(\.isASCII) }
    }

    /// `/cgi-bin/message/custom/send`: a path on WeChat's API host, without the host.
    static func checkedCGIPath(_ text: String) throws(HTTPError) -> String {
        guard text.hasPrefix("/"), !text.contains("://"), text.count <= 256,
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw HTTPError(.badRequest, "cgi_path must be an API path like /cgi-bin/message/custom/send (no host)")
        }
        return text
    }

    /// `access_token=61_abc…` → `access_token=61_abc…(n)` for every `…token=` parameter.
    static func scrubTokens(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            guard let equals = pair.firstIndex(of: "="), pair[..<equals].hasSuffix("token") else { return String(pair) }
            return pair[...equals] + Redaction.summary(String(pair[pair.index(after: equals)...]))
        }.joined(separator: "&")
    }
}
