import Foundation
import HTTPServer
import Synchronization
import WeChat
import WeChatSimulator
import WXOpenTesting

/// A tiny stand-in for the platform, on its own HTTPServer (port 0) or, in-process, served by an
/// `InProcessNetwork` as `platform.test`: it receives the
/// simulator's pushes on `/wechat/component/events`, verifies `msg_signature` and decrypts them
/// with the platform's key, records them and answers `success` (or what the test queued). On
/// `/wechat/messages/:appid` it plays the full-release check's counterpart, correctly or not.
final class PlatformReceiver: Sendable {
    struct Push: Sendable {
        /// The query parameter names in order.
        var queryNames: [String]
        var query: QueryParameters
        /// `<AppId>` of the envelope.
        var envelopeAppID: String?
        var push: ComponentPush
    }

    enum Answer: Sendable {
        case success
        case text(String, status: Int)
    }

    /// How `/wechat/messages/:appid` behaves.
    enum Responder: Sendable {
        /// As WeChat's full-release check requires.
        case correct
        /// Wrong text reply, and never the customer-service message.
        case wrong
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    let crypto: MessageCrypto
    let clock: ManualClock
    let responder: Responder
    /// How the full-release responder calls the simulator's API.
    private let transport: any WeChatTransport
    private let host: String?
    private let server = Mutex<HTTPServer?>(nil)
    private let pushes = Mutex<[Push]>([])
    private let rejected = Mutex<[String]>([])
    private let answers = Mutex<[Answer]>([])
    private let simulatorURL = Mutex<URL?>(nil)
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// With a network, serves there as `platform.test` and opens no socket.
    init(clock: ManualClock, responder: Responder = .correct, network: InProcessNetwork? = nil) throws {
        self.clock = clock
        self.responder = responder
        self.transport = network ?? URLSessionTransport()
        self.host = network.map { _ in "platform.test" }
        let key = try EncodingAESKey(SimulatorConfiguration.Demo.encodingAESKey)
        crypto = MessageCrypto(token: SimulatorConfiguration.Demo.token, encodingAESKey: key,
                               appID: SimulatorConfiguration.Demo.componentAppID)
        if let network, let host {
            network.serve(host, RouterTransport(router: makeRouter()))
            return
        }
        let configuration = HTTPServer.Configuration.forTests()
        // The router needs self, so the server is made once every stored property is set.
        let server = HTTPServer(configuration: configuration, router: makeRouter(), logger: .discard)
        try server.start()
        self.server.withLock { $0 = server }
    }

    var baseURL: URL { URL(string: host.map { "http://" + $0 } ?? "http://127.0.0.1:\(server.withLock { $0?.port ?? 0 })")! }
    var received: [Push] { pushes.withLock { $0 } }
    var rejections: [String] { rejected.withLock { $0 } }
    var latestTicket: String? {
        received.reversed().compactMap { if case .verifyTicket(let push) = $0.push { push.ticket } else { nil } }.first
    }

    /// Answers the next pushes with these, in order; `success` after they run out.
    func queue(_ answers: [Answer]) { self.answers.withLock { $0 += answers } }

    func connect(simulator: URL) { simulatorURL.withLock { $0 = simulator } }

    func stop() async {
        for task in tasks.withLock({ $0 }) { await task.value }
        await server.withLock { $0 }?.shutdown(gracePeriod: .seconds(1))
    }

    private func makeRouter() -> Router {
        var router = Router()
        router.post("/wechat/component/events") { [self] request in receivePush(request) }
        router.post("/wechat/messages/:appid") { [self] request in try respond(to: request) }
        return router
    }

    private func receivePush(_ request: HTTPRequest) -> HTTPResponse {
        let query = request.query
        do {
            let envelope = try EncryptedEnvelope.parse(Array(request.body))
            let decrypted = try crypto.verifyAndDecrypt(
                msgSignature: query["msg_signature"] ?? "", timestamp: query["timestamp"] ?? "", nonce: query["nonce"] ?? "",
                encrypt: envelope.encrypt, now: clock.now())
            let push = try ComponentPush(xml: decrypted.plaintext)
            pushes.withLock {
                $0.append(Push(queryNames: query.items.map(\.name), query: query, envelopeAppID: envelope.appID, push: push))
            }
        } catch {
            rejected.withLock { $0.append(String(describing: error)) }
            return .text("bad push", status: .badRequest)
        }
        let answer = answers.withLock { $0.isEmpty ? Answer.success : $0.removeFirst() }
        switch answer {
        case .success: return .text("success")
        case .text(let text, let status): return .text(text, status: HTTPStatus(status))
        }
    }

    private func respond(to request: HTTPRequest) throws -> HTTPResponse {
        let query = request.query
        let envelope = try EncryptedEnvelope.parse(Array(request.body))
        let decrypted = try crypto.verifyAndDecrypt(
            msgSignature: query["msg_signature"] ?? "", timestamp: query["timestamp"] ?? "", nonce: query["nonce"] ?? "",
            encrypt: envelope.encrypt, now: clock.now())
        let message = try AccountMessage(xml: decrypted.plaintext)
        let content: String
        switch message.kind {
        case .event(let event, _):
            content = event + "from_callback"
        case .text(let text, _) where text.hasPrefix("QUERY_AUTH_CODE:"):
            if responder == .correct {
                let code = String(text.dropFirst("QUERY_AUTH_CODE:".count))
                let task = Task { await self.sendCustomMessage(code: code, to: message.fromUserName) }
                tasks.withLock { $0.append(task) }
            }
            return .text("")
        case .text(let text, _):
            content = responder == .correct ? text + "_callback" : "hello"
        case .other:
            return .text("success")
        }
        let reply = message.textReply(content, createTime: Int64(clock.now().timeIntervalSince1970))
        let encrypted = crypto.encryptedReply(reply, key: decrypted.key, timestamp: query["timestamp"] ?? "",
                                              nonce: query["nonce"] ?? "")
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/xml"], body: Data(encrypted.utf8))
    }

    /// What a correct platform does with `QUERY_AUTH_CODE:$code`: exchange it, then send
    /// `$code_from_api` through the customer-service API.
    private func sendCustomMessage(code: String, to openID: String) async {
        guard let base = simulatorURL.withLock({ $0 }), let ticket = latestTicket else { return }
        let client = ComponentClient(endpoints: WeChatEndpoints(baseURL: base), transport: transport,
                                     componentAppID: SimulatorConfiguration.Demo.componentAppID)
        do {
            let token = try await client.componentToken(appSecret: SimulatorConfiguration.Demo.componentAppSecret, ticket: ticket)
            let info = try await client.queryAuth(componentToken: token.token, authorizationCode: code)
            guard let accessToken = info.accessToken else { return }
            try await client.sendCustomText(authorizerToken: accessToken, toUser: openID, content: code + "_from_api")
        } catch {
            rejected.withLock { $0.append("full-release responder: \(error)") }
        }
    }
}
