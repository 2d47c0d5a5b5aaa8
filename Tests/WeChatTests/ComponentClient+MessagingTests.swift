import Foundation
import Testing
@testable import WeChat
import WXOpenTesting

@Suite struct ComponentClientMessagingTests {
    @Test func sendCustomText_Posts_TextMessage_WithAuthorizerToken() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).sendCustomText(authorizerToken: APISample.authorizerTokenValue, toUser: "ozy4qt5QUADNXORxCVipKMV9dss0",
                                                       content: "queryauthcode@@@abc_from_api")
        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.path == "/cgi-bin/message/custom/send")
        #expect(queryNames(request) == ["access_token"])
        #expect(request.queryValue("access_token") == APISample.authorizerTokenValue)
        #expect(String(decoding: try #require(request.body), as: UTF8.self)
                == #"{"msgtype":"text","text":{"content":"queryauthcode@@@abc_from_api"},"touser":"ozy4qt5QUADNXORxCVipKMV9dss0"}"#)
    }

    @Test func sendCustomText_Keeps_ChineseUnescaped() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).sendCustomText(authorizerToken: APISample.authorizerTokenValue, toUser: "OPENID", content: "你好 / hello")
        let body = String(decoding: try #require(transport.lastRequest?.body), as: UTF8.self)
        #expect(body.contains(#""content":"你好 / hello""#))
    }

    @Test func sendCustomText_Errcode45011_IsQuota() async {
        let transport = MockWeChatTransport(json: #"{"errcode":45011,"errmsg":"api minute-quota reach limit"}"#)
        let error = await apiError {
            try await makeClient(transport).sendCustomText(authorizerToken: APISample.authorizerTokenValue, toUser: "OPENID", content: "hi")
        }
        #expect(error?.kind == .quota)
        #expect(error?.endpoint == "message_custom_send")
    }

    @Test func jsapiTicket_Gets_WithTypeJSAPI() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok","ticket":"bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41ZO3MhKoyN5OfkWITDGgnr2fwJ0m9E8NYzWKVZvdVtaUgWvsdshFKA","expires_in":7200}"#)
        let ticket = try await makeClient(transport).jsapiTicket(authorizerToken: APISample.authorizerTokenValue)

        #expect(ticket == JSAPITicket(ticket: "bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41ZO3MhKoyN5OfkWITDGgnr2fwJ0m9E8NYzWKVZvdVtaUgWvsdshFKA", expiresIn: 7200))
        let request = try #require(transport.lastRequest)
        #expect(request.method == "GET")
        #expect(request.url.path == "/cgi-bin/ticket/getticket")
        #expect(queryNames(request) == ["access_token", "type"])
        #expect(request.queryValue("type") == "jsapi")
    }

    @Test func jsapiTicket_Errcode42001_IsTokenInvalid() async {
        let transport = MockWeChatTransport(json: #"{"errcode":42001,"errmsg":"access_token expired"}"#)
        let error = await apiError { try await makeClient(transport).jsapiTicket(authorizerToken: APISample.authorizerTokenValue) }
        #expect(error?.kind == .tokenInvalid)
    }
}
