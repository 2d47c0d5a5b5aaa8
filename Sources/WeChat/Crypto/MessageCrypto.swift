import Foundation

/// WeChat's message encryption (the WXBizMsgCrypt scheme), for pushes to the authorization event
/// URL and messages to authorized accounts.
///
/// Plaintext = 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ appid, padded PKCS#7 to
/// 32-byte blocks, AES-256-CBC with IV = key[0..<16], base64. `msg_signature` = hex SHA-1 of
/// token, timestamp, nonce and Encrypt, sorted by bytes and concatenated.
public struct MessageCrypto: Sendable, CustomStringConvertible, CustomReflectable {
    public let appID: String
    /// How far a push's timestamp may be from now, in seconds, either way. Default: 300.
    public let timestampWindow: TimeInterval
    private let token: String
    private let currentKey: EncodingAESKey
    private let previousKey: EncodingAESKey?
    private let appIDBytes: [UInt8]

    static let randomPrefixLength = 16
    private static let lengthFieldSize = 4
    private static let paddingBlock = 32

    public init(
        token: String, encodingAESKey: EncodingAESKey, previousEncodingAESKey: EncodingAESKey? = nil,
        appID: String, timestampWindow: TimeInterval = 300
    ) {
        self.token = token
        self.currentKey = encodingAESKey
        self.previousKey = previousEncodingAESKey
        self.appID = appID
        self.appIDBytes = Array(appID.utf8)
        self.timestampWindow = timestampWindow
    }

    /// Hex SHA-1 over token, timestamp, nonce and Encrypt, sorted by their UTF-8 bytes (not by
    /// locale) and concatenated.
    public func signature(timestamp: String, nonce: String, encrypt: String) -> String {
        var parts = [token, timestamp, nonce, encrypt]
        parts.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var joined: [UInt8] = []
        joined.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count })
        for part in parts { joined.append(contentsOf: part.utf8) }
        return Crypto.hex(Crypto.sha1(joined))
    }

    /// The check for anything that arrives over the network: `msg_signature` first (in constant
    /// time; it covers the ciphertext, unlike `signature`), then the timestamp window, then
    /// decryption. Checking the signature before decrypting also means a sender without the
    /// token learns nothing from how decryption fails.
    public func verifyAndDecrypt(
        msgSignature: String, timestamp: String, nonce: String, encrypt: String, now: Date
    ) throws(MessageCryptoError) -> DecryptedMessage {
        let expected = signature(timestamp: timestamp, nonce: nonce, encrypt: encrypt)
        guard Crypto.constantTimeEquals(expected, msgSignature) else { throw .badSignature }
        guard let seconds = Self.parseTimestamp(timestamp),
              abs(Double(seconds) - now.timeIntervalSince1970) <= timestampWindow
        else { throw .staleTimestamp }
        return try decrypt(encrypt)
    }

    /// Decrypts Encrypt with the current key and, if that fails for any reason and a previous key
    /// is configured, with the previous key. Does not check the signature: use
    /// `verifyAndDecrypt` for input from the network.
    ///
    /// Base64 that is well formed but does not hold a non-zero multiple of 16 bytes is
    /// `.badLength`, as it is in WeChat's SDKs (-40008, an illegal buffer). When both keys
    /// fail, the error is the one from the key that got further through the checks (padding,
    /// then length, then appid), which is the more telling one; the current key's on a tie.
    public func decrypt(_ encrypt: String) throws(MessageCryptoError) -> DecryptedMessage {
        guard let ciphertext = Base64.decode(encrypt) else { throw .badBase64 }
        guard !ciphertext.isEmpty, ciphertext.count % Crypto.AESCBC.blockLength == 0 else { throw .badLength }

        let currentFailure: MessageCryptoError
        switch open(ciphertext, with: currentKey) {
        case .success(let plaintext): return DecryptedMessage(plaintext: plaintext, appID: appID, key: .current)
        case .failure(let error): currentFailure = error
        }
        guard let previousKey else { throw currentFailure }
        switch open(ciphertext, with: previousKey) {
        case .success(let plaintext):
            return DecryptedMessage(plaintext: plaintext, appID: appID, key: .previous)
        case .failure(let previousFailure):
            throw Self.progress(previousFailure) > Self.progress(currentFailure) ? previousFailure : currentFailure
        }
    }

    private func open(_ ciphertext: [UInt8], with key: EncodingAESKey) -> Result<String, MessageCryptoError> {
        guard let plain = try? Crypto.AESCBC.decrypt(key: key.key, iv: key.iv, ciphertext: ciphertext) else {
            return .failure(.badPadding)
        }
        // PKCS#7 to 32-byte blocks, checked here because OpenSSL's check stops at 16.
        guard let padding = Crypto.PKCS7.paddingLength(plain, blockSize: Self.paddingBlock) else { return .failure(.badPadding) }

        let contentEnd = plain.count - padding
        let messageStart = Self.randomPrefixLength + Self.lengthFieldSize
        guard contentEnd >= messageStart else { return .failure(.badLength) }
        let length = plain[Self.randomPrefixLength ..< messageStart].reduce(0) { $0 << 8 | Int($1) }
        guard length <= contentEnd - messageStart else { return .failure(.badLength) }
        let messageEnd = messageStart + length

        guard let message = String(validating: plain[messageStart ..< messageEnd], as: UTF8.self) else {
            return .failure(.badLength)
        }
        guard plain[messageEnd ..< contentEnd].elementsEqual(appIDBytes) else { return .failure(.appIDMismatch) }
        return .success(message)
    }

    /// How far decryption got before failing, to pick the more telling of two failures.
    private static func progress(_ error: MessageCryptoError) -> Int {
        switch error {
        case .appIDMismatch: 3
        case .badLength: 2
        case .badPadding: 1
        default: 0
        }
    }

    /// Unix seconds as WeChat sends them: ASCII digits only (no sign, no spaces), at most 12.
    static func parseTimestamp(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 12 else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    func key(for slot: KeySlot) -> EncodingAESKey {
        switch slot {
        case .current: return currentKey
        case .previous:
            guard let previousKey else {
                preconditionFailure("MessageCrypto: a reply asked for the previous key, but none is configured")
            }
            return previousKey
        }
    }

    public var description: String {
        "MessageCrypto(appID: \(appID), previousKey: \(previousKey == nil ? "no" : "yes"), token: redacted)"
    }

    public var customMirror: Mirror { Mirror(self, children: ["appID": appID, "timestampWindow": timestampWindow]) }
}
