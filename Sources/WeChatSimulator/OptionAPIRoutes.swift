import Foundation
import HTTPServer

/// The newer authorizer-option API (`get_authorizer_option`, `set_authorizer_option`): no
/// account in the body, so the token names it. The simulator takes the authorizer token, as
/// WeChat's English page says (its Chinese page says the component token, which could not
/// tell accounts apart); a component token is 40001, like any wrong-kind token.
extension WeChatSimulator {
    func optionAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/component/get_authorizer_option", api("get_authorizer_option", .json, getOptionInfo))
        router.post("/cgi-bin/component/set_authorizer_option", api("set_authorizer_option", .json, setOptionInfo))
        return router
    }

    /// 61012 unknown option name.
    @Sendable private func getOptionInfo(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let appID = try state.requireAuthorizedToken(call)
        guard let name = call.body.string("option_name"), let value = state.accounts.option(name, of: appID) else {
            throw .invalidOptionName
        }
        return .object([("option_name", .string(name)), ("option_value", .string(value))])
    }

    /// 61012 unknown option name, 61013 a value the option does not take.
    @Sendable private func setOptionInfo(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let appID = try state.requireAuthorizedToken(call)
        guard let name = call.body.string("option_name"), AccountDirectory.optionValues[name] != nil else { throw .invalidOptionName }
        guard let value = call.body.string("option_value"), state.accounts.setOption(name, value, of: appID) else {
            throw .invalidOptionValue
        }
        return .ok
    }
}

extension SimulatorState {
    /// The account behind `access_token` (40001, 42001), still authorized (61003).
    func requireAuthorizedToken(_ call: APICall) throws(APIError) -> String {
        let appID = try requireAuthorizerToken(call.query["access_token"], now: call.now)
        guard authorizations.active(appID) != nil else { throw .notAuthorized }
        return appID
    }
}
