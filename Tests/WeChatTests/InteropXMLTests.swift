import Testing
@testable import WeChat

/// Pushes as other WeChat implementations and SDKs format them: indentation and newlines
/// between elements, an XML declaration, CRLF line endings, plain (non-CDATA) text.
@Suite struct InteropXMLTests {
    @Test func indentedEnvelope_IsRead() throws {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<xml>\r\n    <AppId><![CDATA[wxb11529c136998cb6]]></AppId>\r\n    <Encrypt><![CDATA[abc]]></Encrypt>\r\n</xml>\r\n"
        let envelope = try EncryptedEnvelope.parse(body)
        #expect(envelope.appID == "wxb11529c136998cb6")
        #expect(envelope.encrypt == "abc")
    }

    @Test func indentedTicketPush_IsTyped() throws {
        let xml = """
            <xml>
              <AppId>wxb11529c136998cb6</AppId>
              <CreateTime>1413192605</CreateTime>
              <InfoType>component_verify_ticket</InfoType>
              <ComponentVerifyTicket>ticket@@@x</ComponentVerifyTicket>
            </xml>
            """
        guard case .verifyTicket(let push) = try ComponentPush(xml: xml) else {
            Issue.record("not a ticket push")
            return
        }
        #expect(push.ticket == "ticket@@@x")
        #expect(push.createTime == 1_413_192_605)
    }
}
