import Foundation

/// Reading and managing the accounts that authorized the platform (component token).
extension ComponentClient {
    /// The most accounts `api_get_authorizer_list` returns per page.
    public static let authorizerListPageLimit = 500

    /// POST /cgi-bin/component/api_get_authorizer_info.
    public func authorizerInfo(componentToken: String, authorizerAppID: String) async throws -> AuthorizerInfo {
        let body: JSONBody = ["component_appid": .string(componentAppID), "authorizer_appid": .string(authorizerAppID)]
        return try await call(.authorizerInfo, query: [("component_access_token", componentToken)], body: body,
                              secrets: [componentToken]) { data in
            var info = try JSONDecoder().decode(AuthorizerInfo.self, from: data)
            info.rawAuthorizerInfo = JSONMemberScanner.rawValue(ofMember: "authorizer_info", in: data) ?? Data()
            return info
        }
    }

    /// POST /cgi-bin/component/api_get_authorizer_option (the old option API).
    public func getAuthorizerOption(componentToken: String, authorizerAppID: String, name: String) async throws -> AuthorizerOption {
        let body: JSONBody = ["component_appid": .string(componentAppID), "authorizer_appid": .string(authorizerAppID),
                              "option_name": .string(name)]
        return try await call(.getAuthorizerOption, query: [("component_access_token", componentToken)], body: body,
                              secrets: [componentToken], decode: Self.json(AuthorizerOption.self))
    }

    /// POST /cgi-bin/component/api_set_authorizer_option (the old option API).
    public func setAuthorizerOption(componentToken: String, authorizerAppID: String, name: String, value: String) async throws {
        let body: JSONBody = ["component_appid": .string(componentAppID), "authorizer_appid": .string(authorizerAppID),
                              "option_name": .string(name), "option_value": .string(value)]
        try await call(.setAuthorizerOption, query: [("component_access_token", componentToken)], body: body,
                       secrets: [componentToken], decode: Self.ignoringBody)
    }

    /// POST /cgi-bin/component/get_authorizer_option (the newer option API). Its body names no
    /// account, so the token must: WeChat's English page says the authorizer token, the Chinese
    /// page the component token (which could not tell accounts apart). We send the authorizer's.
    public func getAuthorizerOptionInfo(authorizerToken: String, name: String) async throws -> AuthorizerOption {
        try await call(.getAuthorizerOptionInfo, query: [("access_token", authorizerToken)], body: ["option_name": .string(name)],
                       secrets: [authorizerToken], decode: Self.json(AuthorizerOption.self))
    }

    /// POST /cgi-bin/component/set_authorizer_option (the newer option API; token as above).
    public func setAuthorizerOptionInfo(authorizerToken: String, name: String, value: String) async throws {
        try await call(.setAuthorizerOptionInfo, query: [("access_token", authorizerToken)],
                       body: ["option_name": .string(name), "option_value": .string(value)],
                       secrets: [authorizerToken], decode: Self.ignoringBody)
    }

    /// POST /cgi-bin/component/api_get_authorizer_list. `count` is clamped to
    /// 1…`authorizerListPageLimit` and a negative `offset` to 0, the range WeChat accepts.
    public func authorizerList(componentToken: String, offset: Int, count: Int) async throws -> AuthorizerList {
        let body: JSONBody = ["component_appid": .string(componentAppID), "offset": .int(max(0, offset)),
                              "count": .int(min(max(1, count), Self.authorizerListPageLimit))]
        return try await call(.authorizerList, query: [("component_access_token", componentToken)], body: body,
                              secrets: [componentToken], decode: Self.json(AuthorizerList.self))
    }
}
