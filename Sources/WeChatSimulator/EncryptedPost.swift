import Foundation
import WeChat
import WXOpenSupport

/// An encrypted POST as WeChat sends it to the platform: the signatures and timestamp in the
/// query, `<xml><AppId|ToUserName/><Encrypt/></xml>` in the body.
struct EncryptedPost {
    enum Addressee {
        /// A push to the authorization event URL: `<AppId>` is the component appid.
        case component(appID: String)
        /// A message to an account's message URL: `<ToUserName>` is the account, and the
        /// sender's openid is in the query as `openid`.
        case account(userName: String, senderOpenID: String)
    }

    var query: [(String, String)]
    var body: String

    init(plaintext: String, addressee: Addressee, crypto: MessageCrypto, timestamp: Int64, nonce: String) {
        let encrypted = crypto.encrypt(plaintext)
        let timestamp = String(timestamp)
        // `signature` covers token, timestamp and nonce only; an empty fourth part adds nothing
        // to the sorted concatenation.
        let signature = crypto.signature(timestamp: timestamp, nonce: nonce, encrypt: "")
        let msgSignature = crypto.signature(timestamp: timestamp, nonce: nonce, encrypt: encrypted)
        var query = [("signature", signature), ("timestamp", timestamp), ("nonce", nonce)]
        let addresseeField: (String, XMLValue)
        switch addressee {
        case .component(let appID):
            addresseeField = ("AppId", .text(appID))
        case .account(let userName, let openID):
            addresseeField = ("ToUserName", .text(userName))
            query.append(("openid", openID))
        }
        query += [("encrypt_type", "aes"), ("msg_signature", msgSignature)]
        self.query = query
        self.body = WeChatXML.render([addresseeField, ("Encrypt", .text(encrypted))])
    }

    /// A nonce like WeChat's: a decimal number.
    static func makeNonce() -> String {
        String(UInt32.random(in: 100_000_000...UInt32.max))
    }

    /// `url` with the query appended (after any query it already has).
    func url(appendingTo url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        let encoded = query.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        if let existing = components.percentEncodedQuery, !existing.isEmpty {
            components.percentEncodedQuery = existing + "&" + encoded
        } else {
            components.percentEncodedQuery = encoded
        }
        return components.url ?? url
    }
}
