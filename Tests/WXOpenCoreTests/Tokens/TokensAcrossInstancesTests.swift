import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore

/// Issue 13: two instances on one store behave as one token server.
@Suite struct TokensAcrossInstancesTests {
    typealias Pair = InstancePair
    static let backends = Pair.Backend.available

    @Test(arguments: backends)
    func fourHundredCallers_OnTwoInstances_MakeOneUpstreamRefresh(backend: Pair.Backend) async throws {
        try await Pair.with(backend) { pair in
            try await pair.authorizeAccount()
            // Both tokens inside their margins: every caller needs a refresh.
            pair.clock.advance(by: 7200 - 60)
            pair.simulator.resetCounters()
            let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
                for caller in 0..<400 {
                    group.addTask { try await pair.accessToken(caller % 2 == 0 ? pair.a : pair.b) }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(tokens.count == 400 && tokens.allSatisfy { $0 != nil })
            #expect(Set(tokens).count == 1, "every caller got the one new token")
            #expect(pair.upstreamCalls("api_authorizer_token") == 1)
            #expect(pair.upstreamCalls("api_component_token") == 1)
        }
    }

    @Test(arguments: backends)
    func ticketPushedToA_IsUsedByB(backend: Pair.Backend) async throws {
        try await Pair.with(backend) { pair in
            #expect(try await pair.api(pair.b, "/readyz").status == 503)
            let push = await pair.simulator.pushTicket()
            #expect(push.deliveries.last?.httpStatus == 200, "the ticket went to a")
            let fromB = try await pair.api(pair.b, "/api/v1/component/access-token")
            #expect(fromB.status == 200)
            let fromA = try await pair.api(pair.a, "/api/v1/component/access-token")
            #expect(fromA.json["access_token"] as? String == fromB.json["access_token"] as? String)
            #expect(pair.upstreamCalls("api_component_token") == 1, "a read b's token instead of fetching one")
            #expect(try await pair.api(pair.b, "/readyz").status == 200)
        }
    }

    @Test(arguments: backends)
    func tokenReplacedOnA_IsWhatBHandsOut_OnceTheStoreSaysSo(backend: Pair.Backend) async throws {
        try await Pair.with(backend) { pair in
            try await pair.authorizeAccount()
            let first = try #require(try await pair.accessToken(pair.b))
            #expect(try await pair.accessToken(pair.b) == first, "warm on b")
            let forced = try await pair.api(pair.a, "/api/v1/authorizers/\(Pair.account)/access-token/refresh", method: "POST", body: #"{"force": true}"#)
            let second = try #require(forced.json["access_token"] as? String)
            #expect(second != first)
            #expect(try await pair.eventually { try await pair.accessToken(pair.b) == second })

            let componentFirst = try await pair.api(pair.b, "/api/v1/component/access-token").json["access_token"] as? String
            let componentForced = try await pair.api(pair.a, "/api/v1/component/access-token/refresh", method: "POST", body: #"{"force": true}"#)
            let componentSecond = try #require(componentForced.json["access_token"] as? String)
            #expect(componentSecond != componentFirst)
            #expect(try await pair.eventually {
                try await pair.api(pair.b, "/api/v1/component/access-token").json["access_token"] as? String == componentSecond
            })
        }
    }

    @Test(arguments: backends)
    func jsapiTicketFetchedByA_IsServedByB_WithoutAnotherCall(backend: Pair.Backend) async throws {
        try await Pair.with(backend) { pair in
            try await pair.authorizeAccount()
            pair.simulator.resetCounters()
            let path = "/api/v1/authorizers/\(Pair.account)/jsapi-ticket?type=jsapi"
            let fromA = try await pair.api(pair.a, path)
            let fromB = try await pair.api(pair.b, path)
            #expect(fromA.status == 200 && fromB.status == 200)
            #expect(fromA.json["ticket"] as? String == fromB.json["ticket"] as? String)
            #expect(pair.upstreamCalls("ticket_getticket") == 1)
        }
    }

    @Test(arguments: backends)
    func revokedOnA_IsNoLongerServedFromBsMemory(backend: Pair.Backend) async throws {
        try await Pair.with(backend) { pair in
            try await pair.authorizeAccount()
            #expect(try await pair.api(pair.b, "/api/v1/authorizers/\(Pair.account)/access-token").status == 200)
            _ = try await pair.simulator.revoke(appID: Pair.account)
            #expect(try await pair.a.platform.store.authorizer(appID: Pair.account)?.status == .revoked)
            #expect(try await pair.eventually {
                try await pair.api(pair.b, "/api/v1/authorizers/\(Pair.account)/access-token").status == 409
            })
        }
    }
}
