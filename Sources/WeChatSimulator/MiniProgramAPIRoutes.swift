import Foundation
import HTTPServer

/// Mini program login on behalf (代小程序登录), on the api host with the component token.
extension WeChatSimulator {
    func miniProgramAPIRoutes() -> Router {
        var router = Router()
        router.get("/sns/component/jscode2session", api("sns_component_jscode2session", .query, miniProgramLogin))
        return router
    }

    /// The component token and appid, `grant_type=authorization_code` (40002), an authorized
    /// mini program (40013 unknown or not a mini program, 61003 not authorized), and a js_code
    /// the simulator issued for it (41008, 40029, 40163). A new session_key every login.
    @Sendable private func miniProgramLogin(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let query = call.query
        try state.requireComponentToken(query["component_access_token"], now: call.now)
        try state.requireComponentAppID(query["component_appid"])
        guard query["grant_type"] == "authorization_code" else { throw .invalidGrantType }
        let (account, _) = try state.requireAuthorized(query["appid"])
        guard account.kind == .miniProgram else { throw .invalidAppID }
        let login = try state.miniPrograms.login(code: query["js_code"], appID: account.appID, now: call.now)
        guard let user = state.settings.oauthUsers.first(where: { $0.id == login.userID }) else { throw .invalidCode }
        var fields: [(String, JSONValue)] = [("openid", .string(user.openID(for: account.appID))), ("session_key", .string(login.sessionKey))]
        if let unionID = user.unionID { fields.append(("unionid", .string(unionID))) }
        return .object(fields)
    }
}
