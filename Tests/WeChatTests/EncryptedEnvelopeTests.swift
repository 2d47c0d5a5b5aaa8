import Testing
@testable import WeChat

@Suite struct EncryptedEnvelopeTests {
    @Test func parse_ReadsComponentPushEnvelope() throws {
        let vector = CryptoVector.named("ticket-push")
        let envelope = try EncryptedEnvelope.parse(Array(vector.body!.utf8))
        #expect(envelope == EncryptedEnvelope(encrypt: vector.encrypt, appID: "wxb11529c136998cb6", toUserName: nil))
    }

    @Test func parse_ReadsAccountMessageEnvelope() throws {
        let body = "<xml><ToUserName><![CDATA[gh_3c884a361561]]></ToUserName><Encrypt><![CDATA[QUJD]]></Encrypt></xml>"
        #expect(try EncryptedEnvelope.parse(body) == EncryptedEnvelope(encrypt: "QUJD", appID: nil, toUserName: "gh_3c884a361561"))
    }

    @Test(arguments: [
        "<xml><AppId>wx</AppId></xml>",
        "<xml><AppId>wx</AppId><Encrypt></Encrypt></xml>",
        "<root><Encrypt>QUJD</Encrypt></root>",
        "<xml><Encrypt>QUJD</Encrypt>",
        "<!DOCTYPE xml><xml><Encrypt>QUJD</Encrypt></xml>",
        "",
    ])
    func parse_Fails_WithBadXML(body: String) {
        #expect(throws: MessageCryptoError.badXML) { try EncryptedEnvelope.parse(body) }
    }

    @Test func parse_Fails_WhenBodyIsNotUTF8() {
        #expect(throws: MessageCryptoError.badXML) { try EncryptedEnvelope.parse([0x3C, 0x78, 0xFF, 0x3E]) }
    }

    @Test func ticketPush_GoesFromBodyToTypedPush() throws {
        let vector = CryptoVector.named("ticket-push")
        let envelope = try EncryptedEnvelope.parse(vector.body!)
        let decrypted = try vector.crypto().verifyAndDecrypt(
            msgSignature: vector.msg_signature!, timestamp: vector.timestamp!, nonce: vector.nonce!,
            encrypt: envelope.encrypt, now: vector.createdAt)
        #expect(try ComponentPush(xml: decrypted.plaintext)
            == .verifyTicket(VerifyTicketPush(header: PushHeader(appID: "wxb11529c136998cb6", createTime: 1413192605), ticket: "ticket@@@sample-0001")))
    }

    @Test func encryptedReply_IsSignedXMLThatDecryptsToTheReply() throws {
        let crypto = try CryptoVector.named("ticket-push").crypto()
        let reply = try WeChatXML.parse(crypto.encryptedReply("<xml>ok</xml>", key: .current, timestamp: "1413192605", nonce: "n1"))
        #expect(reply.children.map(\.name) == ["Encrypt", "MsgSignature", "TimeStamp", "Nonce"])
        let encrypt = try #require(reply.text(of: "Encrypt"))
        #expect(reply.text(of: "MsgSignature") == crypto.signature(timestamp: "1413192605", nonce: "n1", encrypt: encrypt))
        #expect(reply.text(of: "TimeStamp") == "1413192605")
        #expect(reply.text(of: "Nonce") == "n1")
        #expect(try crypto.decrypt(encrypt).plaintext == "<xml>ok</xml>")
    }

    @Test func encryptedReply_WritesTimeStampBare_AndStringsInCDATA() throws {
        let crypto = try CryptoVector.named("ticket-push").crypto()
        let reply = crypto.encryptedReply("x", key: .current, timestamp: "1413192605", nonce: "n1")
        #expect(reply.hasPrefix("<xml><Encrypt><![CDATA["))
        #expect(reply.contains("]]></MsgSignature><TimeStamp>1413192605</TimeStamp><Nonce><![CDATA[n1]]></Nonce></xml>"))
    }
}
