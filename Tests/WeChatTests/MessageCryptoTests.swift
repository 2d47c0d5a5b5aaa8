import Foundation
import Testing
@testable import WeChat

@Suite struct MessageCryptoTests {
    @Test(arguments: CryptoVector.all)
    func decrypt_ReturnsPlaintext_ForEveryVector(vector: CryptoVector) throws {
        let decrypted = try vector.crypto().decrypt(vector.encrypt)
        #expect(decrypted == DecryptedMessage(plaintext: vector.plaintext, appID: vector.appId, key: .current))
    }

    @Test(arguments: CryptoVector.all.filter { $0.randomPrefix != nil })
    func encrypt_ReproducesVectorCiphertext_WithItsRandomPrefix(vector: CryptoVector) throws {
        let encrypted = try vector.crypto().encrypt(vector.plaintext, randomPrefix: Array(vector.randomPrefix!.utf8))
        #expect(encrypted == vector.encrypt)
    }

    @Test(arguments: CryptoVector.all.filter { $0.msg_signature != nil })
    func signature_MatchesVectorMsgSignature(vector: CryptoVector) throws {
        let signature = try vector.crypto().signature(timestamp: vector.timestamp!, nonce: vector.nonce!, encrypt: vector.encrypt)
        #expect(signature == vector.msg_signature)
    }

    @Test(arguments: CryptoVector.all.filter { $0.msg_signature != nil })
    func verifyAndDecrypt_Accepts_EveryVectorWithSignature(vector: CryptoVector) throws {
        let decrypted = try vector.crypto().verifyAndDecrypt(
            msgSignature: vector.msg_signature!, timestamp: vector.timestamp!, nonce: vector.nonce!,
            encrypt: vector.encrypt, now: vector.createdAt)
        #expect(decrypted.plaintext == vector.plaintext)
        #expect(decrypted.key == .current)
    }

    @Test func signature_SortsPartsByBytes_NotByLocale() throws {
        // "B" (0x42) sorts before "a" (0x61) by bytes, though after it in most locales.
        let crypto = MessageCrypto(token: "a", encodingAESKey: try EncodingAESKey(String(repeating: "A", count: 43)), appID: "x")
        #expect(crypto.signature(timestamp: "B", nonce: "_", encrypt: "1")
            == Crypto.hex(Crypto.sha1(Array("1B_a".utf8))))
    }

    @Test func encrypt_ThenDecrypt_RoundTrips_WithRandomPrefix() throws {
        let crypto = try CryptoVector.named("ticket-push").crypto()
        let message = "<xml><Content><![CDATA[你好 ]]]]><![CDATA[> 👋]]></Content></xml>"
        let first = crypto.encrypt(message)
        #expect(first != crypto.encrypt(message))
        #expect(try crypto.decrypt(first).plaintext == message)
    }

    @Test func encrypt_PadsAWholeBlock_WhenContentIsAlreadyAligned() throws {
        let crypto = try CryptoVector.named("ticket-push").crypto()
        // 16 + 4 + 26 + 18 = 64 bytes of content: PKCS#7 adds 32 bytes of 32.
        let encrypted = crypto.encrypt(String(repeating: "m", count: 26), randomPrefix: Array("aaaabbbbccccdddd".utf8))
        #expect(Base64.decode(encrypted)?.count == 96)
        #expect(try crypto.decrypt(encrypted).plaintext == String(repeating: "m", count: 26))
    }

    @Test func encrypt_RoundTrips_EmptyMessage() throws {
        let crypto = try CryptoVector.named("ticket-push").crypto()
        #expect(try crypto.decrypt(crypto.encrypt("")).plaintext == "")
    }

    // MARK: Signature and timestamp

    @Test func verifyAndDecrypt_Fails_WhenMsgSignatureIsTampered() throws {
        let vector = CryptoVector.named("ticket-push")
        var signature = Array(vector.msg_signature!)
        signature[0] = signature[0] == "0" ? "1" : "0"
        #expect(throws: MessageCryptoError.badSignature) {
            try vector.crypto().verifyAndDecrypt(
                msgSignature: String(signature), timestamp: vector.timestamp!, nonce: vector.nonce!,
                encrypt: vector.encrypt, now: vector.createdAt)
        }
    }

    @Test func verifyAndDecrypt_Fails_WhenGivenTheURLSignatureInsteadOfMsgSignature() throws {
        let vector = CryptoVector.named("ticket-push")
        #expect(throws: MessageCryptoError.badSignature) {
            try vector.crypto().verifyAndDecrypt(
                msgSignature: "bafb94c8b6d2c6a13565d242eb8945748ff7a041", timestamp: vector.timestamp!,
                nonce: vector.nonce!, encrypt: vector.encrypt, now: vector.createdAt)
        }
    }

    @Test func verifyAndDecrypt_Fails_WhenEncryptIsTampered() throws {
        let vector = CryptoVector.named("ticket-push")
        var encrypt = Array(vector.encrypt)
        encrypt[10] = encrypt[10] == "A" ? "B" : "A"
        #expect(throws: MessageCryptoError.badSignature) {
            try vector.crypto().verifyAndDecrypt(
                msgSignature: vector.msg_signature!, timestamp: vector.timestamp!, nonce: vector.nonce!,
                encrypt: String(encrypt), now: vector.createdAt)
        }
    }

    @Test func verifyAndDecrypt_Fails_WhenNonceIsChanged() throws {
        let vector = CryptoVector.named("ticket-push")
        #expect(throws: MessageCryptoError.badSignature) {
            try vector.crypto().verifyAndDecrypt(
                msgSignature: vector.msg_signature!, timestamp: vector.timestamp!, nonce: vector.nonce! + "0",
                encrypt: vector.encrypt, now: vector.createdAt)
        }
    }

    @Test func verifyAndDecrypt_Fails_WhenTokenDiffers() throws {
        let vector = CryptoVector.named("ticket-push")
        let crypto = MessageCrypto(token: "other", encodingAESKey: try EncodingAESKey(vector.encodingAESKey), appID: vector.appId)
        #expect(throws: MessageCryptoError.badSignature) {
            try crypto.verifyAndDecrypt(
                msgSignature: vector.msg_signature!, timestamp: vector.timestamp!, nonce: vector.nonce!,
                encrypt: vector.encrypt, now: vector.createdAt)
        }
    }

    @Test(arguments: [-301.0, 301.0])
    func verifyAndDecrypt_Fails_WhenTimestampIsOutsideWindow(skew: TimeInterval) throws {
        let vector = CryptoVector.named("ticket-push")
        #expect(throws: MessageCryptoError.staleTimestamp) {
            try vector.crypto().verifyAndDecrypt(
                msgSignature: vector.msg_signature!, timestamp: vector.timestamp!, nonce: vector.nonce!,
                encrypt: vector.encrypt, now: vector.createdAt.addingTimeInterval(skew))
        }
    }

    @Test(arguments: [-300.0, 300.0])
    func verifyAndDecrypt_Accepts_TimestampAtWindowEdge(skew: TimeInterval) throws {
        let vector = CryptoVector.named("ticket-push")
        let decrypted = try vector.crypto().verifyAndDecrypt(
            msgSignature: vector.msg_signature!, timestamp: vector.timestamp!, nonce: vector.nonce!,
            encrypt: vector.encrypt, now: vector.createdAt.addingTimeInterval(skew))
        #expect(decrypted.plaintext == vector.plaintext)
    }

    @Test(arguments: ["", "14131926O5", "+1413192605", " 1413192605", "1413192605.0", "9999999999999"])
    func verifyAndDecrypt_Fails_WhenTimestampIsNotPlainDigits(timestamp: String) throws {
        let vector = CryptoVector.named("ticket-push")
        let crypto = try vector.crypto()
        let signature = crypto.signature(timestamp: timestamp, nonce: vector.nonce!, encrypt: vector.encrypt)
        #expect(throws: MessageCryptoError.staleTimestamp) {
            try crypto.verifyAndDecrypt(
                msgSignature: signature, timestamp: timestamp, nonce: vector.nonce!,
                encrypt: vector.encrypt, now: vector.createdAt)
        }
    }

    // MARK: Key rotation and appid

    @Test func decrypt_FallsBackToPreviousKey_AndReportsIt() throws {
        let vector = CryptoVector.named("ticket-push")
        let rotated = MessageCrypto(
            token: vector.token, encodingAESKey: try EncodingAESKey(String(repeating: "Q", count: 43)),
            previousEncodingAESKey: try EncodingAESKey(vector.encodingAESKey), appID: vector.appId)
        #expect(try rotated.decrypt(vector.encrypt)
            == DecryptedMessage(plaintext: vector.plaintext, appID: vector.appId, key: .previous))
    }

    @Test func decrypt_PrefersCurrentKey_WhenBothAreConfigured() throws {
        let vector = CryptoVector.named("ticket-push")
        let crypto = try vector.crypto(previous: try EncodingAESKey(String(repeating: "Q", count: 43)))
        #expect(try crypto.decrypt(vector.encrypt).key == .current)
    }

    @Test func encryptedReply_UsesPreviousKey_WhenAskedTo() throws {
        let vector = CryptoVector.named("ticket-push")
        let rotated = MessageCrypto(
            token: vector.token, encodingAESKey: try EncodingAESKey(String(repeating: "Q", count: 43)),
            previousEncodingAESKey: try EncodingAESKey(vector.encodingAESKey), appID: vector.appId)
        let reply = try WeChatXML.parse(rotated.encryptedReply("<xml/>", key: .previous, timestamp: "1", nonce: "n"))
        let oldOnly = try vector.crypto()
        #expect(try oldOnly.decrypt(reply.text(of: "Encrypt")!).plaintext == "<xml/>")
    }

    @Test func decrypt_Fails_WithoutPreviousKey_WhenMessageUsesAnotherKey() throws {
        let vector = CryptoVector.named("ticket-push")
        let crypto = MessageCrypto(
            token: vector.token, encodingAESKey: try EncodingAESKey(String(repeating: "Q", count: 43)), appID: vector.appId)
        #expect(throws: MessageCryptoError.badPadding) { try crypto.decrypt(vector.encrypt) }
    }

    @Test func decrypt_Fails_WhenAppIDIsNotOurs() throws {
        let vector = CryptoVector.named("ticket-push")
        #expect(throws: MessageCryptoError.appIDMismatch) {
            try vector.crypto(appID: "wxb11529c136998cb7").decrypt(vector.encrypt)
        }
    }

    @Test func decrypt_ReportsAppIDMismatch_WhenBothKeysFailButPreviousGotFurther() throws {
        let vector = CryptoVector.named("ticket-push")
        let crypto = MessageCrypto(
            token: vector.token, encodingAESKey: try EncodingAESKey(String(repeating: "Q", count: 43)),
            previousEncodingAESKey: try EncodingAESKey(vector.encodingAESKey), appID: "wxb11529c136998cb7")
        #expect(throws: MessageCryptoError.appIDMismatch) { try crypto.decrypt(vector.encrypt) }
    }

    // MARK: Errors for logs and callers

    @Test func error_DescriptionIsAlwaysRejected_AndReasonNamesOfficialCode() {
        #expect(MessageCryptoError.badSignature.description == "rejected")
        #expect(MessageCryptoError.appIDMismatch.description == "rejected")
        #expect(MessageCryptoError.badSignature.reason == "bad-signature (-40001)")
        #expect(MessageCryptoError.badBase64.officialCode == -40010)
        #expect(MessageCryptoError.badLength.officialCode == -40008)
        #expect(MessageCryptoError.staleTimestamp.officialCode == nil)
    }

    @Test func descriptions_DoNotRevealTokenOrPlaintext() throws {
        let vector = CryptoVector.named("ticket-push")
        let crypto = try vector.crypto()
        let decrypted = try crypto.decrypt(vector.encrypt)
        #expect(!"\(crypto)".contains(vector.token))
        #expect(!String(reflecting: crypto).contains(vector.token))
        #expect("\(decrypted)" == "DecryptedMessage(appID: wxb11529c136998cb6, key: current, plaintext: 226 bytes)")
        #expect("\(try EncodingAESKey(vector.encodingAESKey))" == "EncodingAESKey(redacted)")
    }
}
