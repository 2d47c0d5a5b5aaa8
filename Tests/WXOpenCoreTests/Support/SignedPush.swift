import Foundation
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// A push or account message as WeChat posts it: query (timestamp, nonce, encrypt_type,
/// msg_signature) and envelope, encrypted and signed with the demo platform's keys unless a test
/// says otherwise. Crafted here, not by the simulator, so each rule is exercised on its own.
struct SignedPush {
    typealias Demo = SimulatorConfiguration.Demo

    var query: String
    var body: String

    static let crypto = MessageCrypto(token: Demo.token, encodingAESKey: try! EncodingAESKey(Demo.encodingAESKey), appID: Demo.componentAppID)

    /// For the authorization event URL: the envelope names the component in `<AppId>`.
    static func component(_ xml: String, at time: Date, crypto: MessageCrypto = crypto, envelopeAppID: String = Demo.componentAppID,
                          nonce: String = "\(Int.random(in: 100_000...999_999))") -> SignedPush {
        signed(xml, at: time, crypto: crypto, nonce: nonce) { "<AppId><![CDATA[\(envelopeAppID)]]></AppId>" }
    }

    /// For the message URL: the envelope names the account in `<ToUserName>`.
    static func message(_ xml: String, toUserName: String, at time: Date, crypto: MessageCrypto = crypto) -> SignedPush {
        signed(xml, at: time, crypto: crypto, nonce: "\(Int.random(in: 100_000...999_999))") {
            "<ToUserName><![CDATA[\(toUserName)]]></ToUserName>"
        }
    }

    private static func signed(_ xml: String, at time: Date, crypto: MessageCrypto, nonce: String,
                               addressee: () -> String) -> SignedPush {
        let encrypt = crypto.encrypt(xml)
        let timestamp = String(Int(time.timeIntervalSince1970))
        let signature = crypto.signature(timestamp: timestamp, nonce: nonce, encrypt: encrypt)
        return SignedPush(query: "timestamp=\(timestamp)&nonce=\(nonce)&encrypt_type=aes&msg_signature=\(signature)",
                          body: "<xml>\(addressee())<Encrypt><![CDATA[\(encrypt)]]></Encrypt></xml>")
    }

    static func ticketXML(_ ticket: String, createTime: Int, appID: String = Demo.componentAppID) -> String {
        ComponentPush.verifyTicket(appID: appID, createTime: Int64(createTime), ticket: ticket).renderXML()
    }

    static func unauthorizedXML(_ authorizerAppID: String, createTime: Date) -> String {
        ComponentPush.unauthorized(appID: Demo.componentAppID, createTime: Int64(createTime.timeIntervalSince1970),
                                   authorizerAppID: authorizerAppID).renderXML()
    }

    /// Posts to the authorization event URL, or to `path` when given.
    func send(to harness: PlatformHarness, path: String = "/wechat/component/events") async throws -> WeChatHTTPResponse {
        try await harness.post(harness.platformURL + path + "?" + query, body: body, headers: ["Content-Type": "text/xml"])
    }
}
