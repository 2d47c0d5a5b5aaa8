import Foundation
import HTTPServer
import Synchronization
import Testing
import WeChat
import WXOpenSupport
import WXOpenTesting

/// The platform's own service as a test plays it: an HTTPServer on 127.0.0.1:0 that records
/// every delivery (headers and body as received) and answers as the test scripts it.
final class FakeService: Sendable {
    enum Answer: Sendable {
        /// 200 with this JSON body.
        case accept(String)
        case status(Int)
        /// No answer until `release()` (a slow service), then 200 with this body.
        case hang(String)
    }

    struct Delivery: Sendable {
        var headers: HTTPHeaders
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
        var message: [String: Any] { json["message"] as? [String: Any] ?? [:] }
        var id: String? { headers["X-Wxopen-Delivery"] }
    }

    /// What the route shares with the test.
    private final class State: Sendable {
        let answers = Mutex<(queued: [Answer], otherwise: Answer)>(([], .accept("{}")))
        let recorded = Mutex<[Delivery]>([])
        let gate = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    }

    private let server: HTTPServer
    private let state = State()

    init() throws {
        var configuration = HTTPServer.Configuration.forTests()
        configuration.shutdownGracePeriod = .seconds(1)
        let state = state
        var router = Router()
        router.post("/hooks/wechat") { request in
            state.recorded.withLock { $0.append(Delivery(headers: request.headers, body: request.body)) }
            let answer = state.answers.withLock { $0.queued.isEmpty ? $0.otherwise : $0.queued.removeFirst() }
            switch answer {
            case .accept(let body):
                return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
            case .status(let code):
                return HTTPResponse.text("no\n", status: HTTPStatus(code))
            case .hang(let body):
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let open = state.gate.withLock { gate in
                        if !gate.open { gate.waiters.append(continuation) }
                        return gate.open
                    }
                    if open { continuation.resume() }
                }
                return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
            }
        }
        server = HTTPServer(configuration: configuration, router: router, logger: .discard)
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.port)/hooks/wechat" }

    /// Answers the next deliveries with these, then `otherwise`.
    func script(_ queued: [Answer], otherwise: Answer = .accept("{}")) {
        state.answers.withLock { $0 = (queued, otherwise) }
    }

    var deliveries: [Delivery] { state.recorded.withLock { $0 } }

    /// Lets every hanging answer go.
    func release() {
        let waiters = state.gate.withLock { gate in
            gate.open = true
            defer { gate.waiters = [] }
            return gate.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func stop() async {
        release()
        await server.shutdown(gracePeriod: .seconds(1))
    }

    /// Waits (real time, generous bound) until `condition` holds.
    func wait(until condition: @escaping @Sendable () async -> Bool, _ what: String) async {
        let deadline = ContinuousClock.now + .seconds(20)
        while !(await condition()) {
            if ContinuousClock.now > deadline {
                Issue.record("timed out waiting for \(what)")
                return
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
