import Foundation
import HTTPServer
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 14: `wx.config` signatures for official accounts' pages, from jsapi_tickets kept once.
@Suite struct JSSDKTests {
    typealias Harness = PlatformHarness
    static let account = Harness.officialAccount
    static let miniProgram = "wx9b3d5f7a2c4e6b18"

    static func started() async throws -> Harness {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        for appID in [account, miniProgram] { _ = try await harness.simulator.authorize(appID: appID, sendPush: true) }
        harness.simulator.resetCounters()
        return harness
    }

    func config(_ harness: Harness, url: String, appID: String = account) async throws -> (status: Int, json: [String: Any]) {
        try await harness.api("GET", "/api/v1/authorizers/\(appID)/jsapi-config?url=" + PercentEncoding.encode(url))
    }

    func errorCode(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["code"] as? String }

    @Test func config_FromAFreshTicket_VerifiesAtTheSimulator() async throws {
        let harness = try await Self.started()
        let page = "https://shop.example.com/menu?table=12&from=qr#/cart"
        let answer = try await config(harness, url: page)
        #expect(answer.status == 200)
        #expect(Set(answer.json.keys) == ["appId", "timestamp", "nonceStr", "signature"])
        #expect(answer.json["appId"] as? String == Self.account)
        let timestamp = try #require(answer.json["timestamp"] as? Int)
        #expect(timestamp == Int(harness.clock.now().timeIntervalSince1970))
        let nonce = try #require(answer.json["nonceStr"] as? String)
        let signature = try #require(answer.json["signature"] as? String)
        #expect(nonce.count == 16)
        #expect(harness.simulator.verifyJSSDKConfig(appID: Self.account, url: page, nonceStr: nonce, timestamp: timestamp, signature: signature))
        #expect(!harness.simulator.verifyJSSDKConfig(appID: Self.account, url: "https://shop.example.com/other", nonceStr: nonce,
                                                     timestamp: timestamp, signature: signature))
        #expect(harness.simulator.counters()["ticket_getticket"] == 1)
        let ticket = try #require(harness.simulator.currentJSAPITicket(appID: Self.account))
        let entry = try await harness.store.entry(JSAPITicketManager.namespace, key: Self.account + "|jsapi", now: harness.clock.now())
        #expect(entry?.value.contains(ticket) == true, "stored (sealed at rest by a keyed store)")
        #expect(!harness.logs.contains(ticket), "the ticket never appears in a log line")
        await harness.stop()
    }

    @Test func hundredConcurrentCallers_MakeOneUpstreamCall() async throws {
        let harness = try await Self.started()
        let tickets = harness.app.tickets
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 { group.addTask { try await tickets.ticket(appID: Self.account).ticket } }
            var all: [String] = []
            for try await ticket in group { all.append(ticket) }
            return all
        }
        #expect(results.count == 100)
        #expect(Set(results).count == 1)
        #expect(harness.simulator.counters()["ticket_getticket"] == 1)
        await harness.stop()
    }

    @Test func twoInstancesOnOneStore_RefreshOnce() async throws {
        let harness = try await Self.started()
        let app = harness.app
        let context = ServiceContext(client: app.platform.client, store: harness.store, clock: harness.clock, logger: .discard)
        let other = JSAPITicketManager(context, tokens: app.tokens, margin: 900)
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<40 {
                let manager = index.isMultiple(of: 2) ? app.tickets : other
                group.addTask { try await manager.ticket(appID: Self.account).ticket }
            }
            var all: [String] = []
            for try await ticket in group { all.append(ticket) }
            return all
        }
        #expect(Set(results).count == 1)
        #expect(harness.simulator.counters()["ticket_getticket"] == 1, "the instance that claimed the entry fetched; the other waited for it")
        await harness.stop()
    }

    @Test func ticket_IsRefreshedAheadOfExpiry_NotBefore() async throws {
        let harness = try await Self.started()
        let first = try await harness.app.tickets.ticket(appID: Self.account)
        harness.clock.advance(by: 7200 - 900 - 1)
        #expect(try await harness.app.tickets.ticket(appID: Self.account) == first)
        #expect(harness.simulator.counters()["ticket_getticket"] == 1)
        harness.clock.advance(by: 2)
        let second = try await harness.app.tickets.ticket(appID: Self.account)
        #expect(harness.simulator.counters()["ticket_getticket"] == 2)
        #expect(second.expiresAt > first.expiresAt)
        harness.clock.advance(by: 7200)
        let third = try await harness.app.tickets.ticket(appID: Self.account)
        #expect(third.ticket != first.ticket, "the simulator's ticket expired and was renewed")
        #expect(third.ticket == harness.simulator.currentJSAPITicket(appID: Self.account))
        await harness.stop()
    }

    @Test func ticket_After40001_RefreshesTheAuthorizerTokenThenFetchesOnceMore() async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(40001), endpoint: "ticket_getticket")
        let answer = try await config(harness, url: "https://shop.example.com/")
        #expect(answer.status == 200)
        let counters = harness.simulator.counters()
        #expect(counters["ticket_getticket"] == 2)
        #expect(counters["api_authorizer_token"] == 1, "the token the 40001 was about was replaced first")
        await harness.stop()
    }

    @Test func ticket_After40001Twice_FailsWithoutALoop() async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(40001), endpoint: "ticket_getticket", count: 5)
        let answer = try await config(harness, url: "https://shop.example.com/")
        #expect(answer.status == 502)
        #expect((answer.json["error"] as? [String: Any])?["wechat_errcode"] as? Int == 40001)
        #expect(harness.simulator.counters()["ticket_getticket"] == 2)
        // The failed claim was given back: the next caller tries at once.
        harness.simulator.clearFaults()
        #expect(try await config(harness, url: "https://shop.example.com/").status == 200)
        await harness.stop()
    }

    @Test func miniProgram_GetsNoJSSDKConfig() async throws {
        let harness = try await Self.started()
        let answer = try await config(harness, url: "https://shop.example.com/", appID: Self.miniProgram)
        #expect(answer.status == 409)
        #expect(errorCode(answer.json) == "not_official_account")
        #expect(harness.simulator.counters()["ticket_getticket"] == nil)
        await harness.stop()
    }

    @Test(arguments: ["", "javascript:alert(1)", "ftp://shop.example.com/", "/relative/path", "https://", "https://a b.example/",
                      "https://shop.example.com/\u{0}x", "https://shop.example.com/菜单",
                      "https://shop.example.com/" + String(repeating: "a", count: 2048)])
    func pageURL_MustBeAbsoluteHTTP(url: String) async throws {
        let harness = try await Self.started()
        let answer = try await config(harness, url: url)
        #expect(answer.status == 400, "\(url)")
        #expect(errorCode(answer.json) == "bad_request")
        await harness.stop()
    }

    /// The longest URL taken, percent-encoded whole in the query, fits the server's request line:
    /// a caller within the limit never gets the HTTP layer's 414 instead (issue 16's fuzzer).
    @Test func longestPageURL_FitsTheRequestLine_WhenPercentEncoded() async throws {
        let path = "/api/v1/authorizers/\(Self.account)/jsapi-config?url="
        #expect("GET ".utf8.count + path.utf8.count + 3 * JSSDKRoutes.maximumURLLength + " HTTP/1.1".utf8.count
                <= HTTPParserLimits().maxRequestLineBytes)
        let harness = try await Self.started()
        let longest = "https://shop.example.com/" + String(repeating: "a", count: JSSDKRoutes.maximumURLLength - 25)
        #expect(try await config(harness, url: longest).status == 200)
        await harness.stop()
    }

    @Test func unknownAccount_Is404() async throws {
        let harness = try await Self.started()
        #expect(try await config(harness, url: "https://shop.example.com/", appID: "wx0000000000000001").status == 404)
        await harness.stop()
    }

    @Test func cardTicket_IsHandedOutOnRequest() async throws {
        let harness = try await Self.started()
        let answer = try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/jsapi-ticket?type=wx_card")
        #expect(answer.status == 200)
        #expect(answer.json["type"] as? String == "wx_card")
        #expect(answer.json["ticket"] as? String == harness.simulator.currentJSAPITicket(appID: Self.account, type: "wx_card"))
        #expect(answer.json["expires_in"] as? Int == 7200)
        #expect(try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/jsapi-ticket?type=bogus").status == 400)
        await harness.stop()
    }
}
