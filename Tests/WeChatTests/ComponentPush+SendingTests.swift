import Testing
@testable import WeChat

/// The builders a sender uses make the same values the parser reads back from their XML.
@Suite struct ComponentPushSendingTests {
    static let header = PushHeader(appID: "wxc", createTime: 1700000000)

    @Test(arguments: [
        ComponentPush.verifyTicket(appID: "wxc", createTime: 1700000000, ticket: "ticket@@@1"),
        .unauthorized(appID: "wxc", createTime: 1700000000, authorizerAppID: "wxa"),
        .authorization(appID: "wxc", createTime: 1700000000, authorizerAppID: "wxa", authorizationCode: "c",
                       authorizationCodeExpiredTime: 1700000600, preAuthCode: nil),
        .authorization(appID: "wxc", createTime: 1700000000, authorizerAppID: "wxa", authorizationCode: "c",
                       authorizationCodeExpiredTime: 1700000600, preAuthCode: "p", update: true),
        .fastRegister(appID: "wxc", createTime: 1700000000, registeredAppID: "wxn", status: 0, authCode: "ac", message: "OK",
                      info: ["name": "名"]),
    ])
    func builtPush_ReadsBackFromItsXML(_ push: ComponentPush) throws {
        #expect(try ComponentPush(xml: push.renderXML()) == push)
        #expect(push.body?.header == Self.header)
    }

    @Test func authorization_IsUpdateAuthorized_OnlyWhenAsked() {
        let fields = AuthorizationPush(header: Self.header, authorizerAppID: "wxa", authorizationCode: "c",
                                       authorizationCodeExpiredTime: 1700000600, preAuthCode: nil)
        #expect(ComponentPush.authorization(appID: "wxc", createTime: 1700000000, authorizerAppID: "wxa", authorizationCode: "c",
                                            authorizationCodeExpiredTime: 1700000600, preAuthCode: nil) == .authorized(fields))
        #expect(ComponentPush.authorization(appID: "wxc", createTime: 1700000000, authorizerAppID: "wxa", authorizationCode: "c",
                                            authorizationCodeExpiredTime: 1700000600, preAuthCode: nil, update: true)
                == .updateAuthorized(fields))
    }
}
