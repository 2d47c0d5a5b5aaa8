import Foundation
import Testing
@testable import WeChatSimulator

/// `api_authorizer_token` and the lifetime of the tokens it issues.
@Suite struct AuthorizerTokenTests {
    typealias H = Harness

    @Test func authorizerToken_RotatesTheRefreshToken() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let (_, refresh) = try await h.authorized(H.coffee, componentToken: component)
            let reply = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            let next = try #require(reply.string("authorizer_refresh_token"))
            #expect(next != refresh)
            #expect(next == h.simulator.authorization(of: H.coffee)?.refreshToken)
            #expect(reply.string("authorizer_access_token") == h.simulator.latestAuthorizerToken(of: H.coffee))
            #expect(reply.int("expires_in") == 7200)
        }
    }

    @Test func authorizerToken_Is61023_WhenRefreshTokenWasRotatedOut() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let (_, refresh) = try await h.authorized(H.coffee, componentToken: component)
            _ = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            let reply = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            #expect(reply.errcode == 61023)
            #expect(reply.string("errmsg") == "refresh_token is invalid")
        }
    }

    @Test func authorizerToken_KeepsTheRefreshToken_WhenRotationIsOff() async throws {
        try await withHarness({ $0.rotateRefreshTokens = false }) { h in
            let component = try await h.componentToken()
            let (_, refresh) = try await h.authorized(H.coffee, componentToken: component)
            let first = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            let second = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            #expect(first.string("authorizer_refresh_token") == refresh)
            #expect(second.string("authorizer_refresh_token") == refresh)
        }
    }

    @Test func authorizerToken_Is61003_WhenRevoked() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let (access, refresh) = try await h.authorized(H.coffee, componentToken: component)
            try await h.simulator.revoke(appID: H.coffee)
            let reply = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            #expect(reply.errcode == 61003)
            #expect(try await h.checkToken(access).errcode == 40001)
        }
    }

    @Test func authorizerToken_Is61003_WhenNeverAuthorized() async throws {
        try await withHarness { h in
            let reply = try await h.refresh(H.bookstore, refreshToken: "refreshtoken@@@whatever", componentToken: try await h.componentToken())
            #expect(reply.errcode == 61003)
        }
    }

    @Test func accessToken_Is42001_WhenExpired() async throws {
        try await withHarness { h in
            let (access, _) = try await h.authorized(H.coffee, componentToken: try await h.componentToken())
            h.clock.advance(by: 7199)
            #expect(try await h.checkToken(access).errcode == nil)
            h.clock.advance(by: 1)
            let reply = try await h.checkToken(access)
            #expect(reply.errcode == 42001)
            #expect(reply.string("errmsg") == "access_token expired")
        }
    }

    @Test func replacedToken_Works5Minutes_Then40001() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let (old, refresh) = try await h.authorized(H.coffee, componentToken: component)
            let reply = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            let new = try #require(reply.string("authorizer_access_token"))
            h.clock.advance(by: 299)
            #expect(try await h.checkToken(old).errcode == nil)
            h.clock.advance(by: 1)
            #expect(try await h.checkToken(old).errcode == 40001)
            #expect(try await h.checkToken(new).errcode == nil)
        }
    }

    @Test func unknownToken_Is40001_AndMalformedToken_Is40014() async throws {
        try await withHarness { h in
            let unknown = try await h.checkToken("61_ThisTokenWasNeverIssuedByWeChat")
            let malformed = try await h.checkToken("not a token!")
            let missing = try await h.http.get("/cgi-bin/getcallbackip")
            #expect(unknown.errcode == 40001)
            #expect(malformed.errcode == 40014)
            #expect(missing.errcode == 41001)
        }
    }

    @Test func componentToken_IsRejected_WhereAnAuthorizerTokenIsNeeded() async throws {
        try await withHarness { h in
            let reply = try await h.checkToken(try await h.componentToken())
            #expect(reply.errcode == 40001)
        }
    }

    @Test func getCallbackIP_ListsAddresses_ForAValidToken() async throws {
        try await withHarness { h in
            let (access, _) = try await h.authorized(H.coffee, componentToken: try await h.componentToken())
            let reply = try await h.checkToken(access)
            #expect(reply.json["ip_list"] as? [String] == ["101.226.62.77", "101.226.62.78", "101.226.62.79", "101.226.103.0/25"])
        }
    }

    @Test func customSend_RecordsTheMessage() async throws {
        try await withHarness { h in
            let (access, _) = try await h.authorized(H.coffee, componentToken: try await h.componentToken())
            let reply = try await h.http.post("/cgi-bin/message/custom/send?" + query([("access_token", access)]),
                                              json: #"{"touser":"oUser1","msgtype":"text","text":{"content":"你好"}}"#)
            #expect(reply.text == #"{"errcode":0,"errmsg":"ok"}"#)
            let message = try #require(h.simulator.customMessages().first)
            #expect(message.authorizerAppID == H.coffee)
            #expect(message.toUser == "oUser1")
            #expect(message.msgType == "text")
            #expect(message.content == "你好")
        }
    }

    @Test func customSend_Is61007_WithoutTheMessagesPermission() async throws {
        try await withHarness { h in
            let (access, _) = try await h.authorized(H.coffee, funcIDs: [2, 4], componentToken: try await h.componentToken())
            let reply = try await h.http.post("/cgi-bin/message/custom/send?" + query([("access_token", access)]),
                                              json: #"{"touser":"oUser1","msgtype":"text","text":{"content":"hi"}}"#)
            #expect(reply.errcode == 61007)
            #expect(h.simulator.customMessages().isEmpty)
        }
    }

    @Test func jsapiTicket_IsStable_UntilItExpires() async throws {
        try await withHarness { h in
            let (access, _) = try await h.authorized(H.coffee, componentToken: try await h.componentToken())
            let target = "/cgi-bin/ticket/getticket?" + query([("access_token", access), ("type", "jsapi")])
            let first = try await h.http.get(target)
            let second = try await h.http.get(target)
            #expect(first.errcode == 0)
            #expect(first.int("expires_in") == 7200)
            #expect(first.string("ticket") != nil)
            #expect(first.string("ticket") == second.string("ticket"))
        }
    }
}
