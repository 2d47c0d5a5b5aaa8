import Foundation
import HTTPServer

/// Reading and managing authorized accounts with the component token, on the api host.
extension WeChatSimulator {
    func authorizerAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/component/api_get_authorizer_info", api("api_get_authorizer_info", .json, authorizerInfo))
        router.post("/cgi-bin/component/api_get_authorizer_option", api("api_get_authorizer_option", .json, getOption))
        router.post("/cgi-bin/component/api_set_authorizer_option", api("api_set_authorizer_option", .json, setOption))
        router.post("/cgi-bin/component/api_get_authorizer_list", api("api_get_authorizer_list", .json, authorizerList))
        return router
    }

    /// The most accounts one `api_get_authorizer_list` page holds.
    static let authorizerListPageLimit = 500

    @Sendable private func authorizerInfo(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponent(call)
        let (account, authorization) = try state.requireAuthorized(call.body.string("authorizer_appid"))
        return .object([
            ("authorizer_info", Self.authorizerInfo(account)),
            ("authorization_info", .object([
                ("authorizer_appid", .string(account.appID)),
                ("authorizer_refresh_token", .string(authorization.refreshToken)),
                ("func_info", Self.funcInfo(authorization.funcIDs)),
            ])),
        ])
    }

    /// `authorizer_info` as WeChat writes it; `MiniProgramInfo` only for mini programs.
    static func authorizerInfo(_ account: SimulatedAccount) -> JSONValue {
        let isMiniProgram = account.kind == .miniProgram
        var info: [(String, JSONValue)] = [
            ("nick_name", .string(account.nickname)),
            ("head_img", .string(account.headImageURL)),
            ("service_type_info", .object([("id", .int(account.serviceTypeID))])),
            ("verify_type_info", .object([("id", .int(account.verifyTypeID))])),
            ("user_name", .string(account.userName)),
            ("alias", .string(account.alias)),
            ("qrcode_url", .string(account.qrcodeURL)),
            ("business_info", .object([
                ("open_pay", .int(account.verifyTypeID == 0 ? 1 : 0)), ("open_shake", .int(0)), ("open_scan", .int(0)),
                ("open_card", .int(0)), ("open_store", .int(0)),
            ])),
            ("idc", .int(1)),
            ("principal_name", .string(account.principalName)),
            ("signature", .string(account.signature)),
        ]
        if isMiniProgram {
            info.append(("MiniProgramInfo", .object([
                ("network", .object([
                    ("RequestDomain", .array([.string("https://api.\(account.appID).example.com")])),
                    ("WsRequestDomain", .array([])), ("UploadDomain", .array([])), ("DownloadDomain", .array([])),
                    ("BizDomain", .array([])), ("UDPDomain", .array([])),
                ])),
                ("categories", .array(account.categories.map {
                    .object([("first", .string($0.first)), ("second", .string($0.second))])
                })),
                ("visit_status", .int(0)),
            ])))
        }
        info += [
            ("register_type", .int(0)),
            ("account_status", .int(1)),
            ("basic_config", .object([("is_phone_configured", .bool(true)), ("is_email_configured", .bool(true))])),
        ]
        return .object(info)
    }

    @Sendable private func getOption(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponent(call)
        let appID = try state.requireAuthorized(call.body.string("authorizer_appid")).0.appID
        guard let name = call.body.string("option_name"), let value = state.accounts.option(name, of: appID) else {
            throw .invalidArgs
        }
        return .object([("authorizer_appid", .string(appID)), ("option_name", .string(name)), ("option_value", .string(value))])
    }

    @Sendable private func setOption(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponent(call)
        let appID = try state.requireAuthorized(call.body.string("authorizer_appid")).0.appID
        guard let name = call.body.string("option_name"), let value = call.body.string("option_value"),
              state.accounts.setOption(name, value, of: appID)
        else { throw .invalidArgs }
        return .ok
    }

    /// Pages of the authorized accounts with their refresh tokens; `count` 1…500 (40097 otherwise).
    @Sendable private func authorizerList(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponent(call)
        guard let offset = call.body.int("offset"), let count = call.body.int("count"), offset >= 0,
              (1...Self.authorizerListPageLimit).contains(count)
        else { throw .invalidArgs }
        let order = state.authorizations.activeOrder
        let slice = offset < order.count ? order[offset..<min(order.count, offset + count)] : []
        let page = slice.compactMap { state.authorizations.active($0) }
        return .object([
            ("total_count", .int(order.count)),
            ("list", .array(page.map { authorization in
                .object([("authorizer_appid", .string(authorization.appID)),
                         ("refresh_token", .string(authorization.refreshToken)),
                         ("auth_time", .int(Int(authorization.authTime.timeIntervalSince1970)))])
            })),
        ])
    }
}
