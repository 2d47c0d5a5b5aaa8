/// The API-management tools (openApi 管理). Each takes the token of the account the question is
/// about: an authorizer token for an authorized account's APIs and rids, the component token
/// for the platform's own (76022 / 76003 otherwise).
extension ComponentClient {
    /// POST /cgi-bin/openapi/rid/get: what WeChat logged about the failed call behind `rid`
    /// (76001 unknown or older than 7 days, 76002 malformed, 76003 another account's).
    public func ridInfo(accessToken: String, rid: String) async throws -> RidInfo {
        try await call(.ridInfo, query: [("access_token", accessToken)], body: ["rid": .string(rid)],
                       secrets: [accessToken], decode: Self.json(RidInfo.self))
    }

    /// POST /cgi-bin/openapi/quota/get: today's quota of one API, `cgiPath` like
    /// `/cgi-bin/message/custom/send` (no host; 76021 unknown path, 76022 another account's API).
    public func apiQuota(accessToken: String, cgiPath: String) async throws -> APIQuota {
        try await call(.apiQuota, query: [("access_token", accessToken)], body: ["cgi_path": .string(cgiPath)],
                       secrets: [accessToken], decode: Self.json(APIQuota.self))
    }
}
