/// One API's daily quota for the calling account, from `/cgi-bin/openapi/quota/get`.
public struct APIQuota: Sendable, Equatable, Decodable {
    /// A frequency limit: at most `callCount` calls per `refreshSeconds`.
    public struct RateLimit: Sendable, Equatable, Decodable {
        public var callCount: Int
        public var refreshSeconds: Int
    }

    public var dailyLimit: Int
    public var used: Int
    public var remain: Int
    /// The account's own frequency limit, when WeChat reports one.
    public var rateLimit: RateLimit?
    /// The limit on calls a third-party platform makes for the account, when reported.
    public var componentRateLimit: RateLimit?
}

extension APIQuota {
    private enum CodingKeys: String, CodingKey { case quota, rateLimit = "rate_limit", componentRateLimit = "component_rate_limit" }
    private enum QuotaKeys: String, CodingKey { case dailyLimit = "daily_limit", used, remain }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let quota = try container.nestedContainer(keyedBy: QuotaKeys.self, forKey: .quota)
        dailyLimit = try quota.decodeLenientInt(forKey: .dailyLimit)
        used = try quota.decodeLenientInt(forKey: .used)
        remain = try quota.decodeLenientInt(forKey: .remain)
        rateLimit = try container.decodeIfPresent(RateLimit.self, forKey: .rateLimit)
        componentRateLimit = try container.decodeIfPresent(RateLimit.self, forKey: .componentRateLimit)
    }
}

extension APIQuota.RateLimit {
    private enum CodingKeys: String, CodingKey { case callCount = "call_count", refreshSeconds = "refresh_second" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        callCount = try container.decodeLenientInt(forKey: .callCount)
        refreshSeconds = try container.decodeLenientInt(forKey: .refreshSeconds)
    }
}
