import Foundation
import WeChat

/// `X-Wxopen-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, the scheme
/// payment webhooks use: the timestamp is signed with the body, so a service that refuses old
/// timestamps refuses replays, and `v1` leaves room for another scheme beside it later.
enum DeliverySignature {
    static func header(secret: [UInt8], timestamp: Int64, body: Data) -> String {
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        return "t=\(timestamp),v1=" + Crypto.hex(Crypto.hmacSHA256(key: secret, message: message))
    }
}
