/// The signature `wx.config` checks (JS-SDK document, 附录1 "JS-SDK使用权限签名算法"): the hex
/// SHA-1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, the fields in that (ASCII) order,
/// names in lower case, values raw (never percent-encoded), the URL up to but excluding `#`.
public enum JSSDKSignature {
    /// The string that is hashed ("string1" in WeChat's document).
    public static func string1(ticket: String, nonceStr: String, timestamp: Int, url: String) -> String {
        "jsapi_ticket=\(ticket)&noncestr=\(nonceStr)&timestamp=\(timestamp)&url=\(signedURL(url))"
    }

    /// Lower-case hex SHA-1 of `string1`.
    public static func sign(ticket: String, nonceStr: String, timestamp: Int, url: String) -> String {
        Crypto.hex(Crypto.sha1(Array(string1(ticket: ticket, nonceStr: nonceStr, timestamp: timestamp, url: url).utf8)))
    }

    /// The page URL as WeChat signs it: everything before the first `#`.
    public static func signedURL(_ url: String) -> String {
        guard let hash = url.firstIndex(of: "#") else { return url }
        return String(url[..<hash])
    }
}
