/// The plaintext of a verified message and the key that opened it.
public struct DecryptedMessage: Sendable, Equatable, CustomStringConvertible {
    /// The decrypted XML. It can hold a ticket or an authorization code: never log it.
    public var plaintext: String
    /// The appid found after the message; always the configured one, or decryption fails.
    public var appID: String
    /// The key that worked, to encrypt any reply with.
    public var key: KeySlot

    /// Safe to log: the plaintext appears only as its length.
    public var description: String {
        "DecryptedMessage(appID: \(appID), key: \(key), plaintext: \(plaintext.utf8.count) bytes)"
    }
}
