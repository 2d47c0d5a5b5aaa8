/// Calls made for authorized mini programs with the component token.
extension ComponentClient {
    /// GET /sns/component/jscode2session: logs a mini program user in on the mini program's
    /// behalf with the `js_code` from `wx.login` (single use, 5 minutes: 40029 invalid, 40163
    /// used; 61003 when the mini program has not authorized the platform). Parameters in the
    /// order of WeChat's example.
    public func miniProgramLogin(appID: String, jsCode: String, componentToken: String) async throws -> MiniProgramSession {
        let query = [("appid", appID), ("js_code", jsCode), ("grant_type", "authorization_code"),
                     ("component_appid", componentAppID), ("component_access_token", componentToken)]
        return try await call(.miniProgramLogin, query: query, secrets: [jsCode, componentToken],
                              decode: Self.json(MiniProgramSession.self))
    }
}
