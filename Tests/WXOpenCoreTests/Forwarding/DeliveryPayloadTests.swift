import Foundation
import Testing
import WeChat
@testable import WXOpenCore

/// What is posted and what a reply renders to, without a server.
@Suite struct DeliveryPayloadTests {
    @Test func message_HoldsEveryField_ByItsWeChatName_EscapedAsJSON() throws {
        let root = try WeChatXML.parse("""
            <xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName><CreateTime>1800000000</CreateTime>\
            <MsgType><![CDATA[text]]></MsgType><Content><![CDATA[line "one"\nline \\two]]></Content><MsgId>42</MsgId></xml>
            """)
        let json = DeliveryPayload.message(id: "dlv_1", appID: "wxa", receivedAt: Date(timeIntervalSince1970: 1_800_000_000.25), root: root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "dlv_1")
        #expect(object["received_at"] as? String == "2027-01-15T08:00:00.250Z")
        let message = try #require(object["message"] as? [String: Any])
        #expect(message as NSDictionary == ["ToUserName": "gh_1", "FromUserName": "o_1", "CreateTime": "1800000000", "MsgType": "text",
                                            "Content": "line \"one\"\nline \\two", "MsgId": "42"] as NSDictionary)
        #expect(json.hasPrefix(#"{"id":"dlv_1","type":"message","authorizer_appid":"wxa","#))
    }

    @Test func lifecycle_CarriesThePublicFields_AndNoToken() throws {
        var record = StoreFixtures.authorizer("wxa", accessToken: "access-token-SECRET", refreshToken: "refresh-token-SECRET")
        record.status = .needsReauthorization
        let json = try DeliveryPayload.lifecycle(.needsReauthorization, id: "dlv_2", record: record, at: StoreFixtures.now)
        #expect(!json.contains("SECRET"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "authorizer.needs_reauthorization")
        #expect((object["authorizer"] as? [String: Any])?["status"] as? String == "needs-reauthorization")
        #expect((object["authorizer"] as? [String: Any])?["has_refresh_token"] as? Bool == true)
    }

    @Test(arguments: [
        #"{"reply": {"MsgType": "text"}}"#, #"{"reply": {"MsgType": "text", "Content": ""}}"#, #"{"reply": {"MsgType": "location"}}"#,
        #"{"reply": {"MsgType": "news", "Articles": []}}"#, #"{"reply": {"MsgType": "news", "Articles": [{"Url": "x"}]}}"#,
        #"{"reply": "text"}"#, #"{"reply": {"Content": "no type"}}"#,
    ])
    func invalidReply_IsRefused(body: String) {
        #expect(throws: ServiceReply.Invalid.self) { try ServiceReply.parse(Data(body.utf8)) }
    }

    @Test(arguments: ["", "{}", #"{"ok": true}"#, #"{"reply": null}"#, "not json"])
    func noReply_IsNil(body: String) throws {
        #expect(try ServiceReply.parse(Data(body.utf8)) == nil)
    }

    @Test func backoff_DoublesFromTwoSeconds_ToTenMinutes_AndNeverStops() {
        let backoff = DeliveryBackoff()
        #expect((1...11).map { backoff.delay(afterFailures: $0) } == [2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600])
        #expect(backoff.delay(afterFailures: 10_000) == 600)
        // A day is covered by some 150 attempts, and they go on after it.
        #expect((1...160).map { backoff.delay(afterFailures: $0) }.reduce(0, +) > 24 * 3600)
    }
}
