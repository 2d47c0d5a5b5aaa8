import Foundation
import WeChat

/// Opens what a mini program hands back from `wx.getUserInfo`, `getPhoneNumber` and the like:
/// base64 `encryptedData` sealed with AES-128-CBC under the session_key, IV given, PKCS#7
/// padding (WeChat's "开放数据校验与解密"). The plaintext is JSON whose `watermark.appid`
/// names the mini program it was made for; data made for another one is refused.
enum MiniProgramDecryptor {
    /// The decrypted JSON object, as WeChat wrote it.
    /// - Throws: `APIProblem` 400 for input that is not base64 of the right length, 422
    ///   `undecryptable` when it does not open with this key, 422 `watermark_mismatch`.
    static func open(encryptedData: String, iv: String, sessionKey: String, appID: String) throws(APIProblem) -> Data {
        guard let ciphertext = Data(base64Encoded: encryptedData), !ciphertext.isEmpty else {
            throw APIProblem(.badRequest, "bad_request", "encrypted_data must be base64 (as wx.getUserInfo returns it)")
        }
        guard let ivBytes = Data(base64Encoded: iv), ivBytes.count == Crypto.AESCBC.ivLength else {
            throw APIProblem(.badRequest, "bad_request", "iv must be base64 of 16 bytes")
        }
        guard let key = Data(base64Encoded: sessionKey), key.count == Crypto.AESCBC.shortKeyLength else {
            throw APIProblem(.internalServerError, "internal", "the stored session key is not 16 bytes; log in again")
        }
        guard ciphertext.count % Crypto.AESCBC.blockLength == 0,
              let padded = try? Crypto.AESCBC.decrypt(key: Array(key), iv: Array(ivBytes), ciphertext: Array(ciphertext)),
              let plain = Crypto.PKCS7.unpad(padded, blockSize: Crypto.AESCBC.blockLength),
              let object = try? JSONSerialization.jsonObject(with: Data(plain)) as? [String: Any]
        else {
            throw APIProblem(.unprocessableContent, "undecryptable",
                             "encrypted_data does not decrypt with this session's key: it was sealed for another login "
                                + "(a newer wx.login replaces the session key) or altered")
        }
        let watermark = (object["watermark"] as? [String: Any])?["appid"] as? String
        guard watermark == appID else {
            throw APIProblem(.unprocessableContent, "watermark_mismatch",
                             "the data's watermark.appid is \(watermark.map(PlatformError.named) ?? "missing"), not \(PlatformError.named(appID)): "
                                + "it was made for another mini program")
        }
        return Data(plain)
    }
}
