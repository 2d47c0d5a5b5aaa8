/// Pushes as a sender builds them (the simulator, the benchmarks, tests): one call a push, the
/// header's AppId and CreateTime among the arguments. The kinds' own inits stay internal.
extension ComponentPush {
    public static func verifyTicket(appID: String, createTime: Int64, ticket: String) -> ComponentPush {
        .verifyTicket(VerifyTicketPush(header: PushHeader(appID: appID, createTime: createTime), ticket: ticket))
    }

    public static func unauthorized(appID: String, createTime: Int64, authorizerAppID: String) -> ComponentPush {
        .unauthorized(UnauthorizedPush(header: PushHeader(appID: appID, createTime: createTime), authorizerAppID: authorizerAppID))
    }

    /// `authorized`, or `updateauthorized` when `update`: the two carry the same fields.
    public static func authorization(
        appID: String, createTime: Int64, authorizerAppID: String, authorizationCode: String,
        authorizationCodeExpiredTime: Int64, preAuthCode: String?, update: Bool = false
    ) -> ComponentPush {
        let push = AuthorizationPush(header: PushHeader(appID: appID, createTime: createTime), authorizerAppID: authorizerAppID,
                                     authorizationCode: authorizationCode,
                                     authorizationCodeExpiredTime: authorizationCodeExpiredTime, preAuthCode: preAuthCode)
        return update ? .updateAuthorized(push) : .authorized(push)
    }

    public static func fastRegister(
        appID: String, createTime: Int64, registeredAppID: String?, status: Int64, authCode: String?, message: String?,
        info: [String: String] = [:]
    ) -> ComponentPush {
        .fastRegister(FastRegisterPush(header: PushHeader(appID: appID, createTime: createTime), registeredAppID: registeredAppID,
                                       status: status, authCode: authCode, message: message, info: info))
    }
}
