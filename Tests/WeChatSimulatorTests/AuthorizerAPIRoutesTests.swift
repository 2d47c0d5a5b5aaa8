import Foundation
import Testing
@testable import WeChatSimulator

/// Authorizer info, options and the paged list.
@Suite struct AuthorizerAPIRoutesTests {
    typealias H = Harness

    func info(_ h: Harness, _ appID: String, token: String) async throws -> TestHTTP.Reply {
        try await h.api("/cgi-bin/component/api_get_authorizer_info", token: token,
                        ["component_appid": H.componentAppID, "authorizer_appid": appID])
    }

    @Test func authorizerInfo_OfficialAccount_HasWeChatsShape() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            _ = try await h.authorized(H.coffee, funcIDs: [1, 2], componentToken: component)
            let reply = try await info(h, H.coffee, token: component)
            let info = try #require(reply.json["authorizer_info"] as? [String: Any])
            #expect(info["nick_name"] as? String == "星河咖啡")
            #expect(info["user_name"] as? String == "gh_5a1c7e9d2b34")
            #expect(info["principal_name"] as? String == "上海星河餐饮管理有限公司")
            #expect(info["alias"] as? String == "xinghecoffee")
            #expect((info["service_type_info"] as? [String: Any])?["id"] as? Int == 2)
            #expect((info["verify_type_info"] as? [String: Any])?["id"] as? Int == 0)
            #expect((info["head_img"] as? String)?.hasPrefix("https://") == true)
            #expect((info["qrcode_url"] as? String)?.hasPrefix("https://") == true)
            #expect(Set((info["business_info"] as? [String: Any])?.keys.map { $0 } ?? [])
                == ["open_pay", "open_shake", "open_scan", "open_card", "open_store"])
            #expect(info["MiniProgramInfo"] == nil)
            let authorization = try #require(reply.json["authorization_info"] as? [String: Any])
            #expect(authorization["authorizer_appid"] as? String == H.coffee)
            #expect(authorization["authorizer_refresh_token"] as? String == h.simulator.authorization(of: H.coffee)?.refreshToken)
            #expect((authorization["func_info"] as? [Any])?.count == 2)
        }
    }

    @Test func authorizerInfo_MiniProgram_HasMiniProgramInfo() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            _ = try await h.authorized(H.fruitMini, componentToken: component)
            let info = try #require(try await info(h, H.fruitMini, token: component).json["authorizer_info"] as? [String: Any])
            let mini = try #require(info["MiniProgramInfo"] as? [String: Any])
            #expect(Set(mini.keys) == ["network", "categories", "visit_status"])
            #expect(mini["categories"] as? [[String: String]] == [["first": "商家自营", "second": "生鲜果蔬"]])
            #expect((info["service_type_info"] as? [String: Any])?["id"] as? Int == 0)
        }
    }

    @Test func authorizerInfo_Is61003_ForAnAccountThatDidNotAuthorize() async throws {
        try await withHarness { h in
            let reply = try await info(h, H.bookstore, token: try await h.componentToken())
            #expect(reply.errcode == 61003)
        }
    }

    @Test func authorizerInfo_Is40013_ForAnUnknownAppID() async throws {
        try await withHarness { h in
            let reply = try await info(h, "wx0000000000000000", token: try await h.componentToken())
            #expect(reply.errcode == 40013)
        }
    }

    @Test func option_IsSet_AndReadBack() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            _ = try await h.authorized(H.coffee, componentToken: component)
            let base: [String: Any] = ["component_appid": H.componentAppID, "authorizer_appid": H.coffee, "option_name": "voice_recognize"]
            let before = try await h.api("/cgi-bin/component/api_get_authorizer_option", token: component, base)
            let set = try await h.api("/cgi-bin/component/api_set_authorizer_option", token: component,
                                      base.merging(["option_value": "1"]) { $1 })
            let after = try await h.api("/cgi-bin/component/api_get_authorizer_option", token: component, base)
            #expect(before.text == #"{"authorizer_appid":"wx8f3c2a1b5d6e7f90","option_name":"voice_recognize","option_value":"0"}"#)
            #expect(set.text == #"{"errcode":0,"errmsg":"ok"}"#)
            #expect(after.string("option_value") == "1")
        }
    }

    @Test func option_Is40097_ForAnUnknownOptionOrValue() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            _ = try await h.authorized(H.coffee, componentToken: component)
            let reply = try await h.api("/cgi-bin/component/api_set_authorizer_option", token: component, [
                "component_appid": H.componentAppID, "authorizer_appid": H.coffee, "option_name": "location_report", "option_value": "7",
            ])
            #expect(reply.errcode == 40097)
        }
    }

    @Test func authorizerList_PagesBulkAccounts_WithTheirRefreshTokens() async throws {
        try await withHarness { h in
            let made = h.simulator.bulkCreateAccounts(count: 1203, authorize: true)
            #expect(made.firstAppID == "wxsim00000001")
            #expect(made.lastAppID == "wxsim00001203")
            let component = try await h.componentToken()
            var seen: [String] = []
            var offset = 0
            while true {
                let reply = try await h.api("/cgi-bin/component/api_get_authorizer_list", token: component,
                                            ["component_appid": H.componentAppID, "offset": offset, "count": 500])
                #expect(reply.int("total_count") == 1203)
                let list = try #require(reply.json["list"] as? [[String: Any]])
                if list.isEmpty { break }
                for item in list {
                    let appID = try #require(item["authorizer_appid"] as? String)
                    #expect(item["refresh_token"] as? String == h.simulator.authorization(of: appID)?.refreshToken)
                    #expect(item["auth_time"] as? Int == Int(h.clock.now().timeIntervalSince1970))
                    seen.append(appID)
                }
                offset += list.count
            }
            #expect(seen.count == 1203)
            #expect(seen.first == "wxsim00000001")
            #expect(seen.last == "wxsim00001203")
            #expect(made.appIDs == seen)
        }
    }

    @Test func authorizerList_Is40097_WhenCountIsOver500() async throws {
        try await withHarness { h in
            let reply = try await h.api("/cgi-bin/component/api_get_authorizer_list", token: try await h.componentToken(),
                                        ["component_appid": H.componentAppID, "offset": 0, "count": 501])
            #expect(reply.errcode == 40097)
        }
    }

    @Test func authorizerList_DropsRevokedAccounts() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            _ = try await h.authorized(H.coffee, componentToken: component)
            _ = try await h.authorized(H.fruitMini, componentToken: component)
            try await h.simulator.revoke(appID: H.coffee)
            let reply = try await h.api("/cgi-bin/component/api_get_authorizer_list", token: component,
                                        ["component_appid": H.componentAppID, "offset": 0, "count": 10])
            #expect(reply.int("total_count") == 1)
            #expect((reply.json["list"] as? [[String: Any]])?.map { $0["authorizer_appid"] as? String } == [H.fruitMini])
        }
    }

    @Test func bulkAccounts_RefreshWithTheListedRefreshToken() async throws {
        try await withHarness { h in
            h.simulator.bulkCreateAccounts(count: 3, authorize: true)
            let component = try await h.componentToken()
            let refresh = try #require(h.simulator.authorization(of: "wxsim00000002")?.refreshToken)
            let reply = try await h.refresh("wxsim00000002", refreshToken: refresh, componentToken: component)
            #expect(reply.errcode == nil)
            #expect(reply.string("authorizer_access_token") != nil)
        }
    }
}
