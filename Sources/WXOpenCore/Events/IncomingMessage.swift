import HTTPServer
import WeChat

/// A push or message refused before it was read; `reason` is for the log only.
struct PushRejection: Error {
    var reason: String
}

extension Platform {
    /// Checks and decrypts what WeChat posted to one of our URLs: query `msg_signature`,
    /// `timestamp`, `nonce` (and `encrypt_type=aes` when present), the XML envelope, the
    /// signature over the ciphertext, the timestamp window, the padding and the trailing appid.
    func decryptIncoming(_ request: HTTPRequest) throws(PushRejection) -> (EncryptedEnvelope, DecryptedMessage) {
        guard let signature = request.query["msg_signature"], let timestamp = request.query["timestamp"],
              let nonce = request.query["nonce"] else { throw PushRejection(reason: "missing msg_signature, timestamp or nonce") }
        if let type = request.query["encrypt_type"], type != "aes" { throw PushRejection(reason: "encrypt_type \(type) is not aes") }
        let envelope: EncryptedEnvelope
        do {
            envelope = try EncryptedEnvelope.parse(Array(request.body))
        } catch {
            throw PushRejection(reason: "body is not a WeChat envelope (\(error.reason))")
        }
        do {
            let message = try crypto.verifyAndDecrypt(msgSignature: signature, timestamp: timestamp, nonce: nonce,
                                                      encrypt: envelope.encrypt, now: clock.now())
            return (envelope, message)
        } catch {
            throw PushRejection(reason: error.reason)
        }
    }
}
