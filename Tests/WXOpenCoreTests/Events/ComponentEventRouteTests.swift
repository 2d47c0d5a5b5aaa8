import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenTesting

/// `POST /wechat/component/events` against pushes crafted here (not by the simulator), so each
/// rejection rule is exercised on its own.
@Suite struct ComponentEventRouteTests {
    typealias Harness = PlatformHarness
    typealias Demo = SimulatorConfiguration.Demo

    typealias Push = SignedPush
    static let crypto = SignedPush.crypto

    static func ticketXML(_ ticket: String, createTime: Int) -> String { SignedPush.ticketXML(ticket, createTime: createTime) }

    static func push(_ xml: String, at time: Date, crypto: MessageCrypto = crypto, envelopeAppID: String = Demo.componentAppID) -> Push {
        SignedPush.component(xml, at: time, crypto: crypto, envelopeAppID: envelopeAppID)
    }

    func send(_ push: Push, to harness: Harness) async throws -> WeChatHTTPResponse {
        try await push.send(to: harness)
    }

    func storedTicket(_ harness: Harness) async throws -> StoredTicket? {
        try await harness.store.ticket(componentAppID: Demo.componentAppID)
    }

    @Test func validTicketPush_IsStored_BeforeSuccess() async throws {
        let harness = try await Harness.start(mode: .live)
        let response = try await send(Self.push(Self.ticketXML("ticket@@@1", createTime: 1_800_000_000), at: harness.clock.now()), to: harness)
        #expect(response.status == 200)
        #expect(response.text == "success")
        let ticket = try #require(try await storedTicket(harness))
        #expect(ticket.ticket == "ticket@@@1")
        #expect(ticket.receivedAt == harness.clock.now())
        #expect(!harness.logs.contains("ticket@@@1"))
        await harness.stop()
    }

    @Test func badSignature_Is400_AndChangesNothing() async throws {
        let harness = try await Harness.start()
        var push = Self.push(Self.ticketXML("ticket@@@1", createTime: 1), at: harness.clock.now())
        push.query = push.query.replacingOccurrences(of: "msg_signature=", with: "msg_signature=0")
        let response = try await send(push, to: harness)
        #expect(response.status == 400)
        #expect(response.text == "rejected\n")
        #expect(try await storedTicket(harness) == nil)
        #expect(harness.logs.lines.contains { $0.contains("event=push_rejected") && $0.contains("reason=") })
        await harness.stop()
    }

    @Test func staleTimestamp_Is400() async throws {
        let harness = try await Harness.start()
        let response = try await send(Self.push(Self.ticketXML("t", createTime: 1), at: harness.clock.now() - 600), to: harness)
        #expect(response.status == 400)
        #expect(try await storedTicket(harness) == nil)
        await harness.stop()
    }

    @Test func undecryptableBody_Is400() async throws {
        let harness = try await Harness.start()
        let timestamp = String(Int(harness.clock.now().timeIntervalSince1970))
        let encrypt = "bm90IGEgcmVhbCBjaXBoZXJ0ZXh0IGF0IGFsbA=="
        let signature = Self.crypto.signature(timestamp: timestamp, nonce: "1", encrypt: encrypt)
        let push = Push(query: "timestamp=\(timestamp)&nonce=1&encrypt_type=aes&msg_signature=\(signature)",
                        body: "<xml><AppId><![CDATA[\(Demo.componentAppID)]]></AppId><Encrypt><![CDATA[\(encrypt)]]></Encrypt></xml>")
        #expect(try await send(push, to: harness).status == 400)
        await harness.stop()
    }

    @Test func wrongEnvelopeAppId_Is400() async throws {
        let harness = try await Harness.start()
        let push = Self.push(Self.ticketXML("t", createTime: 1), at: harness.clock.now(), envelopeAppID: "wxsomeoneelse00000")
        #expect(try await send(push, to: harness).status == 400)
        #expect(try await storedTicket(harness) == nil)
        #expect(harness.logs.contains("is not this platform"))
        await harness.stop()
    }

    @Test func envelopeWithToUserNameInsteadOfAppId_IsJudgedByTheSealedAppId() async throws {
        let harness = try await Harness.start()
        var push = Self.push(Self.ticketXML("via-to-user-name", createTime: 1), at: harness.clock.now())
        push.body = push.body.replacingOccurrences(of: "AppId>", with: "ToUserName>")
        #expect(try await send(push, to: harness).status == 200)
        #expect(try await storedTicket(harness)?.ticket == "via-to-user-name")

        var stranger = Self.push(Self.ticketXML("other", createTime: 2), at: harness.clock.now(), envelopeAppID: "wxsomeoneelse00000")
        stranger.body = stranger.body.replacingOccurrences(of: "AppId>", with: "ToUserName>")
        #expect(try await send(stranger, to: harness).status == 400)
        #expect(try await storedTicket(harness)?.ticket == "via-to-user-name")
        await harness.stop()
    }

    @Test func anotherPlatformsKey_Is400() async throws {
        let harness = try await Harness.start()
        let other = MessageCrypto(token: Demo.token, encodingAESKey: try EncodingAESKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
                                  appID: Demo.componentAppID)
        #expect(try await send(Self.push(Self.ticketXML("t", createTime: 1), at: harness.clock.now(), crypto: other), to: harness).status == 400)
        await harness.stop()
    }

    @Test func previousKey_IsAccepted_WhenConfigured() async throws {
        let old = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
        let harness = try await Harness.start { $0.component.previousEncodingAESKey = old }
        let oldCrypto = MessageCrypto(token: Demo.token, encodingAESKey: try EncodingAESKey(old), appID: Demo.componentAppID)
        let response = try await send(Self.push(Self.ticketXML("from-old-key", createTime: 1), at: harness.clock.now(), crypto: oldCrypto), to: harness)
        #expect(response.status == 200)
        #expect(try await storedTicket(harness)?.ticket == "from-old-key")
        await harness.stop()
    }

    @Test func replayedPush_IsAnsweredSuccess_AndHandledOnce() async throws {
        let harness = try await Harness.start()
        let push = Self.push(Self.ticketXML("t1", createTime: 1_800_000_000), at: harness.clock.now())
        #expect(try await send(push, to: harness).text == "success")
        harness.clock.advance(by: 30)
        #expect(try await send(push, to: harness).text == "success")
        #expect(try await storedTicket(harness)?.receivedAt == harness.clock.now() - 30)
        #expect(harness.logs.contains("event=push_duplicate"))
        await harness.stop()
    }

    /// Issue 11.1: CreateTime is WeChat's clock (or a forger's); the ticket received last wins.
    @Test func ticketReceivedLater_Wins_WhateverItsCreateTime() async throws {
        let harness = try await Harness.start()
        _ = try await send(Self.push(Self.ticketXML("first", createTime: 1_800_000_100), at: harness.clock.now()), to: harness)
        harness.clock.advance(by: 1)
        _ = try await send(Self.push(Self.ticketXML("second", createTime: 1_800_000_000), at: harness.clock.now()), to: harness)
        #expect(try await storedTicket(harness)?.ticket == "second")
        #expect(try await storedTicket(harness)?.receivedAt == harness.clock.now())
        await harness.stop()
    }

    /// Issue 11.5: the envelope and the sealed appid were ours, the decrypted AppId is not.
    @Test func decryptedAppIdOfAnotherComponent_Is400_AndNothingIsStored() async throws {
        let harness = try await Harness.start()
        let xml = SignedPush.ticketXML("theirs", createTime: 1_800_000_000, appID: "wxsomeoneelse00000")
        let response = try await send(Self.push(xml, at: harness.clock.now()), to: harness)
        #expect(response.status == 400)
        #expect(try await storedTicket(harness) == nil)
        #expect(try await harness.store.ticket(componentAppID: "wxsomeoneelse00000") == nil)
        #expect(harness.logs.lines.contains {
            $0.contains("event=push_rejected") && $0.contains("decrypted AppId is not this platform") && $0.contains("wxsomeoneelse00000")
        })
        await harness.stop()
    }

    @Test func sealedAppIdOfAnotherComponent_Is400() async throws {
        let harness = try await Harness.start()
        let sealedForOther = MessageCrypto(token: Demo.token, encodingAESKey: try EncodingAESKey(Demo.encodingAESKey),
                                           appID: "wxsomeoneelse00000")
        let response = try await send(Self.push(Self.ticketXML("t", createTime: 1_800_000_000), at: harness.clock.now(),
                                                crypto: sealedForOther), to: harness)
        #expect(response.status == 400)
        #expect(try await storedTicket(harness) == nil)
        #expect(harness.logs.lines.contains { $0.contains("event=push_rejected") && $0.contains("appid-mismatch") })
        await harness.stop()
    }

    @Test func floodOfBadPushes_IsRefused_WithoutFloodingTheEventLog() async throws {
        let harness = try await Harness.start()
        for index in 0..<150 {
            var push = Self.push(Self.ticketXML("t\(index)", createTime: 1), at: harness.clock.now())
            push.query += "0"
            #expect(try await send(push, to: harness).status == 400)
        }
        #expect(try await harness.get(harness.platformURL + "/healthz").status == 200)
        let rejected = try await harness.store.recentEvents(EventQuery(kindPrefix: "push.rejected", limit: 500))
        #expect(rejected.count == 1)
        // Issue 11.9: nor the log (one line for the first; the rest are counted for the summary).
        #expect(harness.logs.lines.filter { $0.contains("event=push_rejected ") }.count == 1)
        #expect(try await storedTicket(harness) == nil)
        await harness.stop()
    }

    @Test func bodyOver64KiB_Is413() async throws {
        let harness = try await Harness.start(mode: .live)
        let push = Push(query: "timestamp=1&nonce=1&msg_signature=x", body: "<xml>" + String(repeating: "a", count: 70_000) + "</xml>")
        #expect(try await send(push, to: harness).status == 413)
        await harness.stop()
    }

    @Test func doctypeInTheEnvelope_Is400() async throws {
        let harness = try await Harness.start()
        let push = Push(query: "timestamp=\(Int(harness.clock.now().timeIntervalSince1970))&nonce=1&msg_signature=x",
                        body: "<!DOCTYPE x [<!ENTITY a \"b\">]><xml><AppId>&a;</AppId><Encrypt>x</Encrypt></xml>")
        #expect(try await send(push, to: harness).status == 400)
        await harness.stop()
    }

    @Test func unknownInfoType_IsAcknowledged_AndLogged() async throws {
        let harness = try await Harness.start()
        let xml = "<xml><AppId><![CDATA[\(Demo.componentAppID)]]></AppId><CreateTime>1</CreateTime><InfoType><![CDATA[brand_new_event]]></InfoType></xml>"
        #expect(try await send(Self.push(xml, at: harness.clock.now()), to: harness).text == "success")
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "push.unknown")).first?.detail == "InfoType brand_new_event")
        await harness.stop()
    }
}
