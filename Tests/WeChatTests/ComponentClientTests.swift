import Foundation
import Testing
@testable import WeChat
import WXOpenTesting

@Suite struct ComponentClientTests {
    @Test func errcode_IsRead_BeforeSuccessShape() async {
        // A body with both a token and an errcode is an error, not a token.
        let transport = MockWeChatTransport(json: #"{"errcode":40001,"errmsg":"invalid credential","component_access_token":"x","expires_in":7200}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue) }
        #expect(error == .wechat(endpoint: "api_component_token", errcode: 40001, errmsg: "invalid credential"))
    }

    @Test func errcode0_WithData_IsSuccess() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok","component_access_token":"abcdefgh","expires_in":7200}"#)
        let token = try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue)
        #expect(token == ComponentAccessToken(token: "abcdefgh", expiresIn: 7200))
    }

    @Test func errcode_SentAsString_IsRead() async {
        let transport = MockWeChatTransport(json: #"{"errcode":"61004","errmsg":"access clientip is not registered"}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue) }
        #expect(error?.kind == .ipWhitelist)
    }

    @Test func http502_IsUnexpectedStatus() async {
        let transport = MockWeChatTransport(json: "<html>Bad Gateway</html>", status: 502)
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .unexpectedStatus(endpoint: "api_create_preauthcode", status: 502))
        #expect(error?.kind == .badResponse)
    }

    @Test func http302_IsUnexpectedStatus() async {
        let transport = MockWeChatTransport { _ in
            WeChatHTTPResponse(status: 302, headers: ["Location": "https://elsewhere.example/"], body: Data())
        }
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .unexpectedStatus(endpoint: "api_create_preauthcode", status: 302))
    }

    @Test func nonJSONBody_IsMalformedBody() async {
        let transport = MockWeChatTransport(json: "<html><body>upstream busy</body></html>")
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .malformedBody(endpoint: "api_create_preauthcode", detail: "not valid JSON"))
    }

    @Test func jsonArrayBody_IsMalformedBody() async {
        let transport = MockWeChatTransport(json: "[1,2]")
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .malformedBody(endpoint: "api_create_preauthcode", detail: "wrong type at top level"))
    }

    @Test func wrongFieldType_IsMalformedBody_NamingThePath() async {
        let transport = MockWeChatTransport(json: #"{"pre_auth_code":"abc","expires_in":{"seconds":600}}"#)
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .malformedBody(endpoint: "api_create_preauthcode", detail: "wrong type at expires_in"))
    }

    @Test func transportTimeout_IsTransportError() async {
        let transport = MockWeChatTransport { _ in throw WeChatTransportError.timedOut(after: 10) }
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .transport(endpoint: "api_create_preauthcode", .timedOut(after: 10)))
        #expect(error?.kind == .transport)
        #expect(error?.errcode == nil)
    }

    @Test func foreignTransportError_IsNamedByTypeOnly() async {
        let transport = MockWeChatTransport { request in throw URLError(.badURL, userInfo: [NSURLErrorFailingURLErrorKey: request.url]) }
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .transport(endpoint: "api_create_preauthcode", .other(reason: "URLError")))
    }

    @Test func cancellation_IsRethrown_AsCancellationError() async {
        let transport = MockWeChatTransport { _ in throw CancellationError() }
        await #expect(throws: CancellationError.self) {
            try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue)
        }
    }

    @Test func observer_Reports_Success() async throws {
        let recorder = CallRecorder()
        let transport = MockWeChatTransport(json: #"{"pre_auth_code":"abc","expires_in":600}"#)
        _ = try await makeClient(transport, observer: recorder.observer).createPreAuthCode(componentToken: APISample.componentTokenValue)
        let call = try #require(recorder.recorded.first)
        #expect(recorder.recorded.count == 1)
        #expect(call.endpoint == "api_create_preauthcode")
        #expect(call.errcode == 0)
        #expect(call.httpStatus == 200)
        #expect(call.duration >= 0 && call.duration < 5)
    }

    @Test func observer_Reports_Errcode() async {
        let recorder = CallRecorder()
        let transport = MockWeChatTransport(json: #"{"errcode":61004,"errmsg":"access clientip is not registered"}"#)
        _ = await apiError { try await makeClient(transport, observer: recorder.observer).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(recorder.recorded.map(\.errcode) == [61004])
        #expect(recorder.recorded.map(\.httpStatus) == [200])
    }

    @Test func observer_Reports_TransportFailure_WithoutStatus() async {
        let recorder = CallRecorder()
        let transport = MockWeChatTransport { _ in throw WeChatTransportError.connectionFailed(reason: "cannot connect to host") }
        _ = await apiError { try await makeClient(transport, observer: recorder.observer).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(recorder.recorded.count == 1)
        #expect(recorder.recorded.first?.errcode == nil)
        #expect(recorder.recorded.first?.httpStatus == nil)
    }

    @Test func observer_Reports_MalformedBody_WithStatusButNoErrcode() async {
        let recorder = CallRecorder()
        let transport = MockWeChatTransport(json: "not json")
        _ = await apiError { try await makeClient(transport, observer: recorder.observer).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(recorder.recorded.first?.errcode == nil)
        #expect(recorder.recorded.first?.httpStatus == 200)
    }

    @Test func errmsg_EchoingTheToken_IsScrubbed() async {
        let transport = MockWeChatTransport(json: #"{"errcode":40001,"errmsg":"invalid credential, access_token is invalid: \#(APISample.componentTokenValue) rid: 1"}"#)
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error == .wechat(endpoint: "api_create_preauthcode", errcode: 40001,
                                 errmsg: "invalid credential, access_token is invalid: 61W3mE…(86) rid: 1"))
    }

    @Test func errmsg_WithNewlines_IsOneLine() async {
        let transport = MockWeChatTransport(json: #"{"errcode":-1,"errmsg":"system\nerror\r\nlevel=error"}"#)
        let error = await apiError { try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue) }
        #expect(error?.description.contains("\n") == false)
        #expect(error == .wechat(endpoint: "api_create_preauthcode", errcode: -1, errmsg: "system error  level=error"))
    }

    @Test func apiBaseURL_WithPathPrefix_IsJoined() async throws {
        let transport = MockWeChatTransport(json: #"{"pre_auth_code":"abc","expires_in":600}"#)
        let endpoints = WeChatEndpoints(baseURL: URL(string: "http://127.0.0.1:8088/wechat/")!)
        _ = try await makeClient(transport, endpoints: endpoints).createPreAuthCode(componentToken: "T")
        #expect(transport.lastRequest?.url.absoluteString
                == "http://127.0.0.1:8088/wechat/cgi-bin/component/api_create_preauthcode?component_access_token=T")
    }

    @Test func timeout_IsPassed_ToTransport() async throws {
        let transport = MockWeChatTransport(json: #"{"pre_auth_code":"abc","expires_in":600}"#)
        let client = ComponentClient(transport: transport, componentAppID: APISample.componentAppID, timeout: 2.5)
        _ = try await client.createPreAuthCode(componentToken: "T")
        #expect(transport.lastRequest?.timeout == 2.5)
    }

    @Test func mockSequence_AnswersInOrder_ThenRepeatsLast() async throws {
        let transport = MockWeChatTransport(sequence: [.json(#"{"errcode":-1,"errmsg":"busy"}"#),
                                                       .json(#"{"pre_auth_code":"second","expires_in":600}"#)])
        let client = makeClient(transport)
        let first = await apiError { try await client.createPreAuthCode(componentToken: "T") }
        let second = try await client.createPreAuthCode(componentToken: "T")
        let third = try await client.createPreAuthCode(componentToken: "T")
        #expect(first?.kind == .busy)
        #expect(second.code == "second")
        #expect(third.code == "second")
        #expect(transport.requests.count == 3)
    }
}
