import WeChat

extension QuotaTools {
    /// WeChat refusing what the caller asked about is the caller's answer (4xx, with WeChat's
    /// errcode), not a 502: an unknown rid or cgi_path, an API the account may not use, the
    /// monthly reset limit. Anything else passes through unchanged.
    static func refusal(_ error: any Error) -> any Error {
        let wechat: WeChatAPIError? = switch error {
        case let error as WeChatAPIError: error
        case PlatformError.wechat(let error): error
        default: nil
        }
        guard let errcode = wechat?.errcode else { return error }
        switch errcode {
        case 76001, 76003:
            // WeChat answers 76003 for another account's rid: to the caller, both are "no such call".
            return APIProblem(.notFound, "rid_not_found", "WeChat has no failed call with that rid for this account "
                              + "(rids are kept 7 days; only the account that made the call may look it up)", wechatErrcode: errcode)
        case 76002:
            return APIProblem(.badRequest, "bad_request", "WeChat says the rid is malformed", wechatErrcode: errcode)
        case 76021:
            return APIProblem(.notFound, "unknown_cgi_path", "WeChat has no API at that cgi_path", wechatErrcode: errcode)
        case 76022:
            return APIProblem(.forbidden, "cgi_path_not_permitted", "WeChat does not count that API's quota for this caller "
                              + "(an account's API asked as the platform, or the other way round)", wechatErrcode: errcode)
        case 48006:
            return APIProblem(.tooManyRequests, "clear_limit_reached",
                              "WeChat allows 10 quota resets a month and they are used up", wechatErrcode: errcode)
        default:
            return error
        }
    }
}
