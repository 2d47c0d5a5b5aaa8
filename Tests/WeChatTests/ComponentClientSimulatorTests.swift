import Foundation
import Testing
@testable import WeChat
import WeChatSimulator
import WXOpenTesting

/// The WeChat client against the simulator: every endpoint's success, its error mapping, a
/// timeout, a malformed body and an HTTP error. The simulator writes its JSON from the protocol
/// reference by hand, so these catch a client that disagrees with WeChat. In-process, except the
/// tests that start `.live`, over real sockets.
@Suite struct ComponentClientSimulatorTests {
    typealias L = LiveSimulator

    // MARK: Component

    @Test func componentToken_Succeeds_AndMapsWrongSecretAndStaleTicket() async throws {
        try await withLiveSimulator(mode: .live) { live in
            let ticket = live.simulator.issueTicket()
            let token = try await live.client.componentToken(appSecret: L.appSecret, ticket: ticket)
            #expect(token == ComponentAccessToken(token: try #require(live.simulator.latestComponentToken), expiresIn: 7200))
            let wrongSecret = await apiError { try await live.client.componentToken(appSecret: "wrong", ticket: ticket) }
            #expect(wrongSecret == .wechat(endpoint: "api_component_token", errcode: 40125, errmsg: "invalid appsecret"))
            #expect(wrongSecret?.kind == .configuration)
            live.clock.advance(by: 12 * 3600)
            let stale = await apiError { try await live.client.componentToken(appSecret: L.appSecret, ticket: ticket) }
            #expect(stale?.errcode == 61006)
            #expect(stale?.kind == .ticketInvalid)
        }
    }

    @Test func startPushTicket_Succeeds_AndMapsWrongSecret() async throws {
        try await withLiveSimulator { live in
            try await live.client.startPushTicket(appSecret: L.appSecret)
            let error = await apiError { try await live.client.startPushTicket(appSecret: "wrong") }
            #expect(error?.errcode == 40125)
        }
    }

    @Test func createPreAuthCode_Succeeds_AndMapsAnExpiredToken() async throws {
        try await withLiveSimulator { live in
            let token = try await live.componentToken()
            let code = try await live.client.createPreAuthCode(componentToken: token)
            #expect(code.expiresIn == 600)
            #expect(code.code.hasPrefix("preauthcode@@@"))
            live.clock.advance(by: 7200)
            let error = await apiError { try await live.client.createPreAuthCode(componentToken: token) }
            #expect(error == .wechat(endpoint: "api_create_preauthcode", errcode: 42001, errmsg: "access_token expired"))
            #expect(error?.kind == .tokenInvalid)
        }
    }

    @Test func queryAuth_Succeeds_AndMapsAReusedCode() async throws {
        try await withLiveSimulator { live in
            let token = try await live.componentToken()
            let grant = try await live.simulator.authorize(appID: L.officialAccount, funcIDs: [1, 4, 18], sendPush: false)
            let info = try await live.client.queryAuth(componentToken: token, authorizationCode: grant.authorizationCode)
            #expect(info.authorizerAppID == L.officialAccount)
            #expect(info.funcInfo == [1, 4, 18])
            #expect(info.expiresIn == 7200)
            #expect(info.accessToken == live.simulator.latestAuthorizerToken(of: L.officialAccount))
            #expect(info.refreshToken == live.simulator.authorization(of: L.officialAccount)?.refreshToken)
            let reused = await apiError { try await live.client.queryAuth(componentToken: token, authorizationCode: grant.authorizationCode) }
            #expect(reused?.errcode == 40163)
            #expect(reused?.kind == .codeInvalid)
        }
    }

    @Test func authorizerToken_Succeeds_AndMapsRotatedAndRevoked() async throws {
        try await withLiveSimulator { live in
            let token = try await live.componentToken()
            let info = try await live.authorize(L.officialAccount, componentToken: token)
            let old = try #require(info.refreshToken)
            let fresh = try await live.client.authorizerToken(componentToken: token, authorizerAppID: L.officialAccount, refreshToken: old)
            #expect(fresh.expiresIn == 7200)
            #expect(fresh.refreshToken != nil && fresh.refreshToken != old)
            let rotated = await apiError {
                try await live.client.authorizerToken(componentToken: token, authorizerAppID: L.officialAccount, refreshToken: old)
            }
            #expect(rotated?.kind == .refreshTokenInvalid)
            try await live.simulator.revoke(appID: L.officialAccount)
            let revoked = await apiError {
                try await live.client.authorizerToken(componentToken: token, authorizerAppID: L.officialAccount,
                                                      refreshToken: fresh.refreshToken ?? "")
            }
            #expect(revoked?.errcode == 61003)
            #expect(revoked?.kind == .revoked)
        }
    }

    @Test func clearQuotaV2_Succeeds_AndMapsWrongSecret() async throws {
        try await withLiveSimulator { live in
            try await live.client.clearQuotaV2(appSecret: L.appSecret)
            let error = await apiError { try await live.client.clearQuotaV2(appSecret: "wrong") }
            #expect(error?.errcode == 40125)
        }
    }

    // MARK: Authorizers

    @Test func authorizerInfo_DecodesOfficialAccountsAndMiniPrograms_AndMaps61003() async throws {
        try await withLiveSimulator { live in
            let token = try await live.componentToken()
            _ = try await live.authorize(L.officialAccount, componentToken: token)
            _ = try await live.authorize(L.miniProgram, componentToken: token)
            let official = try await live.client.authorizerInfo(componentToken: token, authorizerAppID: L.officialAccount)
            #expect(official.nickName == "星河咖啡")
            #expect(official.userName == "gh_5a1c7e9d2b34")
            #expect(official.serviceTypeID == 2)
            #expect(official.verifyTypeID == 0)
            #expect(official.principalName == "上海星河餐饮管理有限公司")
            #expect(official.isMiniProgram == false)
            #expect(official.businessInfo["open_pay"] == 1)
            #expect(official.basicConfig == AuthorizerInfo.BasicConfig(isPhoneConfigured: true, isEmailConfigured: true))
            #expect(official.authorization.funcInfo == [1, 2, 3, 4, 5, 6, 7, 8])
            #expect(!official.rawAuthorizerInfo.isEmpty)
            let mini = try await live.client.authorizerInfo(componentToken: token, authorizerAppID: L.miniProgram)
            #expect(mini.isMiniProgram)
            #expect(mini.miniProgramInfo?.categories == [MiniProgramInfo.Category(first: "商家自营", second: "生鲜果蔬")])
            #expect(mini.authorization.funcInfo == [17, 18, 19])
            let error = await apiError { try await live.client.authorizerInfo(componentToken: token, authorizerAppID: "wx1d4b7e2a9c3f5a68") }
            #expect(error?.kind == .revoked)
        }
    }

    @Test func authorizerOptions_RoundTrip_AndMapInvalidValues() async throws {
        try await withLiveSimulator { live in
            let token = try await live.componentToken()
            _ = try await live.authorize(L.officialAccount, componentToken: token)
            try await live.client.setAuthorizerOption(componentToken: token, authorizerAppID: L.officialAccount,
                                                      name: "location_report", value: "2")
            let option = try await live.client.getAuthorizerOption(componentToken: token, authorizerAppID: L.officialAccount,
                                                                   name: "location_report")
            #expect(option == AuthorizerOption(name: "location_report", value: "2"))
            let error = await apiError {
                try await live.client.setAuthorizerOption(componentToken: token, authorizerAppID: L.officialAccount,
                                                          name: "location_report", value: "9")
            }
            #expect(error?.errcode == 40097)
        }
    }

    @Test func authorizerList_PagesBulkAccounts() async throws {
        try await withLiveSimulator { live in
            live.simulator.bulkCreateAccounts(count: 620, authorize: true)
            let token = try await live.componentToken()
            let first = try await live.client.authorizerList(componentToken: token, offset: 0, count: 900)
            let second = try await live.client.authorizerList(componentToken: token, offset: 500, count: 500)
            #expect(first.totalCount == 620)
            #expect(first.items.count == 500)
            #expect(second.items.count == 120)
            #expect(second.items.last?.authorizerAppID == "wxsim00000620")
            #expect(second.items.last?.refreshToken == live.simulator.authorization(of: "wxsim00000620")?.refreshToken)
            #expect(second.items.last?.authTime == Date(timeIntervalSince1970: live.clock.now().timeIntervalSince1970.rounded(.down)))
        }
    }

    // MARK: Messaging

    @Test func messaging_SendsCustomText_AndGetsTheJSAPITicket_AndMapsExpiry() async throws {
        try await withLiveSimulator { live in
            let info = try await live.authorize(L.officialAccount, componentToken: try await live.componentToken())
            let access = try #require(info.accessToken)
            try await live.client.sendCustomText(authorizerToken: access, toUser: "oUser", content: "订单已发货")
            #expect(live.simulator.customMessages().map(\.content) == ["订单已发货"])
            let ticket = try await live.client.jsapiTicket(authorizerToken: access)
            #expect(ticket.expiresIn == 7200)
            live.clock.advance(by: 7200)
            let expired = await apiError { try await live.client.jsapiTicket(authorizerToken: access) }
            #expect(expired == .wechat(endpoint: "ticket_getticket", errcode: 42001, errmsg: "access_token expired"))
            let send = await apiError { try await live.client.sendCustomText(authorizerToken: access, toUser: "oUser", content: "x") }
            #expect(send?.kind == .tokenInvalid)
        }
    }

    // MARK: Web authorization

    /// Opens the client's own authorize URL (so the simulator's parameter-order check sees it)
    /// and returns the code from the redirect.
    func oauthCode(_ live: LiveSimulator, scope: OAuthScope) async throws -> String {
        let url = live.client.oauthAuthorizeURL(appID: L.officialAccount, redirectURI: "http://127.0.0.1:1/oauth?x=1",
                                                scope: scope, state: "abc")
        var response = try await live.send(url)
        if scope == .userInfo {
            let form = "appid=\(L.officialAccount)&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Foauth&scope=snsapi_userinfo&state=abc&user=lina"
            response = try await live.send(URL(string: live.baseURL.absoluteString + "/simulator/oauth2/confirm")!,
                                           method: "POST", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: form)
        }
        #expect(response.status == 302)
        return try #require(queryValue("code", in: response.headers["location"] ?? ""))
    }

    @Test func oauth_ExchangeRefreshUserInfoAndAuth_Succeed() async throws {
        try await withLiveSimulator { live in
            let token = try await live.componentToken()
            _ = try await live.authorize(L.officialAccount, funcIDs: [1, 4], componentToken: token)
            let user = try await live.client.oauthAccessToken(appID: L.officialAccount, code: try await oauthCode(live, scope: .userInfo),
                                                              componentToken: token)
            #expect(user.scope == "snsapi_userinfo")
            #expect(user.unionID != nil)
            let refreshed = try await live.client.oauthRefreshToken(appID: L.officialAccount, refreshToken: user.refreshToken,
                                                                    componentToken: token)
            #expect(refreshed.openID == user.openID)
            let info = try await live.client.userInfo(accessToken: refreshed.accessToken, openID: refreshed.openID)
            #expect(info.nickname == "李娜")
            #expect(info.sex == 2)
            #expect(info.unionID == user.unionID)
            #expect(try await live.client.snsAuth(accessToken: refreshed.accessToken, openID: refreshed.openID))
            live.clock.advance(by: 7200)
            #expect(try await live.client.snsAuth(accessToken: refreshed.accessToken, openID: refreshed.openID) == false)
        }
    }

    @Test func oauth_MapsAuthorizerToken48001_UsedCode40163_AndUnknownRefresh40030() async throws {
        try await withLiveSimulator { live in
            let token = try await live.componentToken()
            let access = try #require(try await live.authorize(L.officialAccount, funcIDs: [4], componentToken: token).accessToken)
            let code = try await oauthCode(live, scope: .base)
            let wrongToken = await apiError { try await live.client.oauthAccessToken(appID: L.officialAccount, code: code, componentToken: access) }
            #expect(wrongToken?.errcode == 48001)
            #expect(wrongToken?.kind == .apiUnauthorized)
            _ = try await live.client.oauthAccessToken(appID: L.officialAccount, code: code, componentToken: token)
            let used = await apiError { try await live.client.oauthAccessToken(appID: L.officialAccount, code: code, componentToken: token) }
            #expect(used?.errcode == 40163)
            let refresh = await apiError {
                try await live.client.oauthRefreshToken(appID: L.officialAccount, refreshToken: "61_unknown", componentToken: token)
            }
            #expect(refresh?.errcode == 40030)
        }
    }

    @Test func authorizationPageURL_IsAcceptedByThePage() async throws {
        try await withLiveSimulator(mode: .live) { live in
            let code = try await live.client.createPreAuthCode(componentToken: try await live.componentToken())
            for mobile in [false, true] {
                let url = live.client.authorizationPageURL(preAuthCode: code.code, redirectURI: "http://127.0.0.1:1/done?state=9",
                                                           authType: .miniPrograms, categoryIDs: [17, 18], mobile: mobile)
                let page = try await live.send(url, headers: ["Referer": "http://127.0.0.1:1/start"])
                let html = String(decoding: page.body, as: UTF8.self)
                #expect(html.contains(#"value="\#(L.miniProgram)""#))
                #expect(!html.contains(#"value="\#(L.officialAccount)""#))
            }
        }
    }

    // MARK: Transport failures, injected

    @Test func slowAnswer_IsATransportTimeout() async throws {
        try await withLiveSimulator(clientTimeout: 0.3) { live in
            // Far past the timeout, so no scheduling hiccup can let the answer win; in-process the
            // delayed handler is cancelled at the deadline, so the test does not wait for it.
            live.simulator.injectFault(.delay(60), endpoint: "api_create_preauthcode")
            let error = await apiError { try await live.client.createPreAuthCode(componentToken: "61_WhateverTheTokenIs") }
            #expect(error == .transport(endpoint: "api_create_preauthcode", .timedOut(after: 0.3)))
            #expect(error?.kind == .transport)
        }
    }

    @Test func malformedBody_IsMalformedBody() async throws {
        try await withLiveSimulator { live in
            live.simulator.injectFault(.malformedJSON, endpoint: "api_component_token")
            let error = await apiError { try await live.client.componentToken(appSecret: L.appSecret, ticket: live.simulator.issueTicket()) }
            guard case .malformedBody(let endpoint, _) = error else { Issue.record("expected malformedBody, got \(String(describing: error))"); return }
            #expect(endpoint == "api_component_token")
            #expect(error?.kind == .badResponse)
        }
    }

    @Test func httpError_IsUnexpectedStatus_AndBusyIsBusy() async throws {
        try await withLiveSimulator { live in
            live.simulator.injectFault(.httpStatus(503), endpoint: "api_get_authorizer_list")
            live.simulator.injectFault(.errcode(-1), endpoint: "api_get_authorizer_list")
            let token = try await live.componentToken()
            let status = await apiError { try await live.client.authorizerList(componentToken: token, offset: 0, count: 10) }
            let busy = await apiError { try await live.client.authorizerList(componentToken: token, offset: 0, count: 10) }
            #expect(status == .unexpectedStatus(endpoint: "api_get_authorizer_list", status: 503))
            #expect(busy?.kind == .busy)
        }
    }
}
