import Testing
@testable import WeChat

@Suite struct ComponentPushTests {
    @Test func parse_ReadsVerifyTicket() throws {
        let push = try ComponentPush(xml: CryptoVector.named("ticket-push").plaintext)
        #expect(push == .verifyTicket(VerifyTicketPush(header: PushHeader(appID: "wxb11529c136998cb6", createTime: 1413192605), ticket: "ticket@@@sample-0001")))
        #expect(push.appID == "wxb11529c136998cb6")
        #expect(push.infoType == "component_verify_ticket")
    }

    @Test func parse_ReadsAuthorized() throws {
        let push = try ComponentPush(xml: CryptoVector.named("authorized-push").plaintext)
        #expect(push == .authorized(AuthorizationPush(header: PushHeader(appID: "wxb11529c136998cb6", createTime: 1413192605), authorizerAppID: "wx1234567890abcdef",
            authorizationCode: "queryauthcode@@@sample", authorizationCodeExpiredTime: 1413193205,
            preAuthCode: "preauthcode@@@sample")))
    }

    @Test func parse_ReadsUpdateAuthorized_WithoutPreAuthCode() throws {
        let xml = "<xml><AppId><![CDATA[wxc]]></AppId><CreateTime>1700000000</CreateTime><InfoType><![CDATA[updateauthorized]]></InfoType>"
            + "<AuthorizerAppid><![CDATA[wxa]]></AuthorizerAppid><AuthorizationCode><![CDATA[code]]></AuthorizationCode>"
            + "<AuthorizationCodeExpiredTime>1700000600</AuthorizationCodeExpiredTime></xml>"
        #expect(try ComponentPush(xml: xml) == .updateAuthorized(AuthorizationPush(header: PushHeader(appID: "wxc", createTime: 1700000000), authorizerAppID: "wxa", authorizationCode: "code",
            authorizationCodeExpiredTime: 1700000600, preAuthCode: nil)))
    }

    @Test func parse_ReadsUnauthorized() throws {
        let xml = "<xml><AppId>wxc</AppId><CreateTime>1413192760</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid></xml>"
        #expect(try ComponentPush(xml: xml) == .unauthorized(UnauthorizedPush(header: PushHeader(appID: "wxc", createTime: 1413192760), authorizerAppID: "wxa")))
    }

    @Test func parse_ReadsFastRegister_WithNestedInfo() throws {
        let xml = """
            <xml>
              <AppId><![CDATA[wxc]]></AppId>
              <CreateTime>1535442403</CreateTime>
              <InfoType><![CDATA[notify_third_fasteregister]]></InfoType>
              <appid>wxnew</appid>
              <status>0</status>
              <auth_code>authcode1</auth_code>
              <msg>OK</msg>
              <info>
                <name><![CDATA[企业名称]]></name>
                <code><![CDATA[91440300]]></code>
                <code_type>1</code_type>
                <legal_persona_wechat><![CDATA[wechat1]]></legal_persona_wechat>
                <legal_persona_name><![CDATA[张三]]></legal_persona_name>
                <component_phone><![CDATA[1234567]]></component_phone>
              </info>
            </xml>
            """
        #expect(try ComponentPush(xml: xml) == .fastRegister(FastRegisterPush(header: PushHeader(appID: "wxc", createTime: 1535442403), registeredAppID: "wxnew", status: 0, authCode: "authcode1", message: "OK",
            info: ["name": "企业名称", "code": "91440300", "code_type": "1", "legal_persona_wechat": "wechat1",
                   "legal_persona_name": "张三", "component_phone": "1234567"])))
    }

    @Test func parse_ReadsFailedFastRegister_WithoutAppIDOrCode() throws {
        let xml = "<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>notify_third_fasteregister</InfoType><status>89249</status><msg>task running</msg></xml>"
        #expect(try ComponentPush(xml: xml) == .fastRegister(FastRegisterPush(header: PushHeader(appID: "wxc", createTime: 1), registeredAppID: nil, status: 89249, authCode: nil, message: "task running", info: [:])))
    }

    @Test func parse_ReturnsUnknown_ForUnknownInfoType() throws {
        let xml = "<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>notify_new_thing</InfoType><Extra>e</Extra><Nested><X>1</X></Nested></xml>"
        let push = try ComponentPush(xml: xml)
        #expect(push == .unknown(infoType: "notify_new_thing", fields: ["AppId": "wxc", "CreateTime": "1", "Extra": "e"]))
        #expect(push.appID == "wxc")
    }

    @Test(arguments: [
        ("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType></xml>", PushParseError.missingField("ComponentVerifyTicket")),
        ("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket></ComponentVerifyTicket></xml>", .missingField("ComponentVerifyTicket")),
        ("<xml><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>t</ComponentVerifyTicket></xml>", .missingField("AppId")),
        ("<xml><AppId>wxc</AppId><CreateTime>soon</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid></xml>", .invalidNumber(field: "CreateTime")),
        ("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid><AuthorizationCodeExpiredTime>2</AuthorizationCodeExpiredTime></xml>", .missingField("AuthorizationCode")),
        ("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>unauthorized</InfoType></xml>", .missingField("AuthorizerAppid")),
        ("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>notify_third_fasteregister</InfoType></xml>", .missingField("status")),
        ("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime></xml>", .missingField("InfoType")),
        ("<root><InfoType>unauthorized</InfoType></root>", .unexpectedRoot("root")),
        ("<xml><InfoType>unauthorized</InfoType>", .xml(.unexpectedEnd)),
    ])
    func parse_Fails_WhenRequiredFieldIsMissingOrMalformed(xml: String, error: PushParseError) {
        #expect(throws: error) { try ComponentPush(xml: xml) }
    }

    @Test(arguments: [
        ComponentPush.verifyTicket(VerifyTicketPush(header: PushHeader(appID: "wxc", createTime: 1413192605), ticket: "ticket@@@a]]>b")),
        .authorized(AuthorizationPush(header: PushHeader(appID: "wxc", createTime: 1), authorizerAppID: "wxa", authorizationCode: "c", authorizationCodeExpiredTime: 601, preAuthCode: "p")),
        .updateAuthorized(AuthorizationPush(header: PushHeader(appID: "wxc", createTime: 1), authorizerAppID: "wxa", authorizationCode: "c", authorizationCodeExpiredTime: 601, preAuthCode: nil)),
        .unauthorized(UnauthorizedPush(header: PushHeader(appID: "wxc", createTime: 2), authorizerAppID: "wxa")),
        .fastRegister(FastRegisterPush(header: PushHeader(appID: "wxc", createTime: 3), registeredAppID: "wxn", status: -1, authCode: "ac", message: "<ok>", info: ["name": "名", "code_type": "1"])),
        .fastRegister(FastRegisterPush(header: PushHeader(appID: "wxc", createTime: 3), registeredAppID: "", status: 1, authCode: nil, message: nil, info: [:])),
        .unknown(infoType: "notify_new_thing", fields: ["AppId": "wxc", "Extra": "e&f"]),
    ])
    func parse_ReadsBackRenderedPush(push: ComponentPush) throws {
        #expect(try ComponentPush(xml: push.renderXML()) == push)
    }

    @Test func render_WritesTicketPushAsWeChatDoes() {
        let push = ComponentPush.verifyTicket(VerifyTicketPush(header: PushHeader(appID: "wxb11529c136998cb6", createTime: 1413192605), ticket: "ticket@@@sample-0001"))
        #expect(push.renderXML() == CryptoVector.named("ticket-push").plaintext)
    }

    @Test func render_WritesAuthorizedPushAsWeChatDoes() throws {
        let plaintext = CryptoVector.named("authorized-push").plaintext
        #expect(try ComponentPush(xml: plaintext).renderXML() == plaintext)
    }

    @Test func descriptions_ShowOnlyAPrefixOfTicketsAndCodes() {
        let ticket = VerifyTicketPush(header: PushHeader(appID: "wxc", createTime: 1), ticket: "ticket@@@0123456789")
        #expect("\(ticket)" == "VerifyTicketPush(appID: wxc, createTime: 1, ticket: ticket…(19 bytes))")
        let authorization = AuthorizationPush(header: PushHeader(appID: "wxc", createTime: 1), authorizerAppID: "wxa", authorizationCode: "queryauthcode@@@secret", authorizationCodeExpiredTime: 2, preAuthCode: "preauthcode@@@secret")
        #expect(!"\(authorization)".contains("secret"))
        #expect("\(ComponentPush.verifyTicket(ticket))" == "verifyTicket(VerifyTicketPush(appID: wxc, createTime: 1, ticket: ticket…(19 bytes)))")
        #expect(!"\(ComponentPush.authorized(authorization))".contains("secret"))
    }
}
