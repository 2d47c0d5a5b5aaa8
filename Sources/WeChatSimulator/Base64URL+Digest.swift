import WeChat
import WXOpenSupport

extension Base64URL {
    /// URL-safe base64 of two SHA-1 digests of `text`: stable, opaque identifiers.
    static func digest(_ text: String) -> String {
        encode(Crypto.sha1(Array(text.utf8)) + Crypto.sha1(Array(("~" + text).utf8)))
    }
}
