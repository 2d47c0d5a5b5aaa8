import Testing
@testable import WeChat

@Suite struct AccountMessageTests {
    @Test func parse_ReadsTextMessage_KeepingAllFields() throws {
        let message = try AccountMessage(xml: CryptoVector.named("easywechat-decrypt").plaintext)
        #expect(message.toUserName == "asdasdasd")
        #expect(message.fromUserName == "asdasdasdsadasd")
        #expect(message.createTime == 1234567898)
        #expect(message.msgType == "text")
        #expect(message.kind == .text(content: "hello", msgID: "12345"))
        #expect(message.fields == [
            "URL": "http://wechat.laravel.so/server", "ToUserName": "asdasdasd", "FromUserName": "asdasdasdsadasd",
            "CreateTime": "1234567898", "MsgType": "text", "Content": "hello", "MsgId": "12345",
        ])
    }

    @Test func parse_ReadsEvent() throws {
        let xml = "<xml><ToUserName><![CDATA[gh_3c884a361561]]></ToUserName><FromUserName><![CDATA[ozy4qt5QUADNXORxCVipKMV9dss0]]></FromUserName>"
            + "<CreateTime>1482048670</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event>"
            + "<Latitude>23.137466</Latitude></xml>"
        let message = try AccountMessage(xml: xml)
        #expect(message.kind == .event(event: "LOCATION", eventKey: nil))
        #expect(message.fields["Latitude"] == "23.137466")
    }

    @Test func parse_ReadsMenuEvent_WithNestedInfo() throws {
        let xml = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>"
            + "<Event>scancode_push</Event><EventKey>6</EventKey><ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo></xml>"
        let message = try AccountMessage(xml: xml)
        #expect(message.kind == .event(event: "scancode_push", eventKey: "6"))
        #expect(message.fields["ScanCodeInfo"] == nil)
    }

    @Test func parse_ReadsOtherTypes_AsOther() throws {
        let xml = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>http://p</PicUrl></xml>"
        let message = try AccountMessage(xml: xml)
        #expect(message.kind == .other)
        #expect(message.fields["PicUrl"] == "http://p")
    }

    @Test func parse_AcceptsEmptyTextContent() throws {
        let xml = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content></Content></xml>"
        #expect(try AccountMessage(xml: xml).kind == .text(content: "", msgID: nil))
    }

    @Test(arguments: [
        ("<xml><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>c</Content></xml>", PushParseError.missingField("ToUserName")),
        ("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><Content>c</Content></xml>", .missingField("MsgType")),
        ("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", .missingField("Content")),
        ("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>", .missingField("Event")),
        ("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>x</CreateTime><MsgType>image</MsgType></xml>", .invalidNumber(field: "CreateTime")),
    ])
    func parse_Fails_WhenRequiredFieldIsMissing(xml: String, error: PushParseError) {
        #expect(throws: error) { try AccountMessage(xml: xml) }
    }

    @Test func textReply_RendersWeChatReplyXML() {
        #expect(AccountMessage.textReply(toUserName: "o1", fromUserName: "gh_1", createTime: 1700000000, content: "TESTCOMPONENT_MSG_TYPE_TEXT_callback")
            == "<xml><ToUserName><![CDATA[o1]]></ToUserName><FromUserName><![CDATA[gh_1]]></FromUserName>"
            + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            + "<Content><![CDATA[TESTCOMPONENT_MSG_TYPE_TEXT_callback]]></Content></xml>")
    }

    @Test func textReply_GoesBackToTheSender_FromTheAccount() throws {
        let message = AccountMessage.event(toUserName: "gh_3c884a361561", fromUserName: "o1", createTime: 1, event: "LOCATION")
        let reply = try WeChatXML.parse(message.textReply("LOCATIONfrom_callback", createTime: 2))
        #expect(reply.leafFields == ["ToUserName": "o1", "FromUserName": "gh_3c884a361561", "CreateTime": "2", "MsgType": "text", "Content": "LOCATIONfrom_callback"])
    }

    @Test(arguments: [
        AccountMessage.text(toUserName: "gh_1", fromUserName: "o1", createTime: 5, content: "QUERY_AUTH_CODE:abc]]>", msgID: "99"),
        AccountMessage.text(toUserName: "gh_1", fromUserName: "o1", createTime: 5, content: ""),
        AccountMessage.event(toUserName: "gh_1", fromUserName: "o1", createTime: 6, event: "CLICK", eventKey: "k"),
    ])
    func parse_ReadsBackRenderedMessage(message: AccountMessage) throws {
        #expect(try AccountMessage(xml: message.renderXML()) == message)
    }
}
