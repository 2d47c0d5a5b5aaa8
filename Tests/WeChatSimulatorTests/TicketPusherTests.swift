import Foundation
import Testing
import WeChat
@testable import WeChatSimulator
import WXOpenTesting

/// component_verify_ticket pushes: encrypted, accepted by the token API, retried like WeChat.
/// In-process, except the `.live` ones: a push over a real socket, a refused connection, the ticker.
@Suite struct TicketPusherTests {
    typealias H = Harness

    @Test func pushTicket_ArrivesEncrypted_AndTheTicketGetsAToken() async throws {
        try await withHarness(mode: .live) { h in
            let push = await h.simulator.pushTicket()
            #expect(push.delivered)
            #expect(h.receiver.rejections.isEmpty)
            guard case .verifyTicket(let received) = h.receiver.received.first?.push else { Issue.record("no ticket push"); return }
            #expect(received.ticket == push.ticket)
            #expect(received.appID == H.componentAppID)
            #expect(received.createTime == Int64(h.clock.now().timeIntervalSince1970))
            let reply = try await h.api("/cgi-bin/component/api_component_token", [
                "component_appid": H.componentAppID, "component_appsecret": H.appSecret, "component_verify_ticket": received.ticket,
            ])
            #expect(reply.string("component_access_token") != nil)
        }
    }

    @Test func pushTicket_Retries_WhenThePlatformAnswersAnError() async throws {
        try await withHarness { h in
            h.receiver.queue([.text("internal error", status: 500), .text("fail", status: 200)])
            let push = await h.simulator.pushTicket()
            #expect(push.deliveries.map(\.attempt) == [1, 2, 3])
            #expect(push.deliveries.map(\.httpStatus) == [500, 200, 200])
            #expect(push.deliveries.map(\.failure) == ["HTTP status 500", "answered 'fail' instead of 'success'", nil])
            #expect(push.delivered)
            #expect(h.receiver.received.count == 3)
            #expect(h.simulator.pushDeliveries().map(\.sequence) == [1, 2, 3])
        }
    }

    @Test func pushTicket_GivesUp_AfterThreeAttempts_ButTheTicketStaysValid() async throws {
        try await withHarness { h in
            h.receiver.queue(Array(repeating: .text("busy", status: 503), count: 3))
            let push = await h.simulator.pushTicket()
            #expect(push.deliveries.count == 3)
            #expect(!push.delivered)
            let reply = try await h.api("/cgi-bin/component/api_component_token", [
                "component_appid": H.componentAppID, "component_appsecret": H.appSecret, "component_verify_ticket": push.ticket,
            ])
            #expect(reply.string("component_access_token") != nil)
        }
    }

    @Test func pushTicket_RecordsNoAnswer_WhenThePlatformIsDown() async throws {
        try await withHarness(mode: .live, { $0.eventURL = URL(string: "http://127.0.0.1:1/wechat/component/events")!; $0.pushAttempts = 1 }) { h in
            let push = await h.simulator.pushTicket()
            #expect(push.deliveries.count == 1)
            #expect(push.deliveries.first?.httpStatus == nil)
            #expect(push.deliveries.first?.failure?.hasPrefix("no answer: ") == true)
        }
    }

    @Test func pushes_GoThroughTheInjectedTransport_ToTheEventURL() async throws {
        let transport = MockWeChatTransport { _ in WeChatHTTPResponse(status: 200, body: Data("success".utf8)) }
        let configuration = SimulatorConfiguration.demo(platformBaseURL: URL(string: "http://platform.test")!, port: 0)
        let simulator = WeChatSimulator(configuration: configuration, clock: ManualClock(), logger: .discard, pushTransport: transport)
        let push = await simulator.pushTicket()
        #expect(push.delivered)
        let request = try #require(transport.lastRequest)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString.hasPrefix(configuration.eventURL.absoluteString + "?"))
        #expect(request.queryItems.map(\.name).contains("msg_signature"))
        #expect(String(decoding: request.body ?? Data(), as: UTF8.self).contains("<Encrypt>"))
        await simulator.shutdown()
    }

    @Test func ticker_PushesATicket_AtStart() async throws {
        // Live: the ticker starts with the server.
        try await withHarness(mode: .live, { $0.ticketInterval = 3600 }) { h in
            try await eventually { h.receiver.latestTicket != nil }
            #expect(h.receiver.latestTicket == h.simulator.latestTicket)
        }
    }

    @Test func approvePush_RetriesInTheBackground_AfterTheRedirect() async throws {
        try await withHarness { h in
            h.receiver.queue([.text("not yet", status: 500)])
            let code = try await h.preAuthCode(componentToken: try await h.componentToken())
            let page = "/cgi-bin/componentloginpage?" + query([
                ("component_appid", H.componentAppID), ("pre_auth_code", code),
                ("redirect_uri", h.receiver.baseURL.absoluteString + "/cb"),
            ])
            _ = try await h.http.get(page, headers: ["Referer": h.platformPage])
            let reply = try await h.http.postForm(WeChatSimulator.approvePath, [
                ("pre_auth_code", code), ("authorizer_appid", H.coffee), ("func_id", "1"),
            ])
            #expect(reply.status == 302)
            try await eventually { h.simulator.pushDeliveries().count == 2 }
            #expect(h.simulator.pushDeliveries().map(\.succeeded) == [false, true])
            #expect(h.receiver.received.map(\.push.infoType) == ["authorized", "authorized"])
        }
    }
}
