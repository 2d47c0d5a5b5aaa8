import Synchronization
@testable import WXOpenPostgres
import WXOpenSupport

/// A connection the pool tests break and inspect by hand.
final class FakeConnection: PoolableConnection {
    let id: Int
    private let state = Mutex((usable: true, closed: false))

    init(id: Int) { self.id = id }

    func isUsable() async -> Bool { state.withLock { $0.usable && !$0.closed } }
    func close() async { state.withLock { $0.closed = true } }
    func breakIt() { state.withLock { $0.usable = false } }
    var isClosed: Bool { state.withLock { $0.closed } }
}

/// Hands out numbered `FakeConnection`s, or fails while told to, counting every attempt.
final class FakeConnector: Sendable {
    struct Refused: Error {}
    private let state = Mutex((attempts: 0, failuresLeft: 0))

    /// The next `count` attempts fail.
    func fail(next count: Int) { state.withLock { $0.failuresLeft = count } }
    var attempts: Int { state.withLock { $0.attempts } }

    func connect() throws -> FakeConnection {
        let (attempt, fails) = state.withLock { state -> (Int, Bool) in
            state.attempts += 1
            defer { state.failuresLeft = max(0, state.failuresLeft - 1) }
            return (state.attempts, state.failuresLeft > 0)
        }
        if fails { throw PostgresError.connectionFailed(server: "fake", message: "refused attempt \(attempt)") }
        return FakeConnection(id: attempt)
    }
}

/// Records each wait; while held, a wait does not return until `release()`.
final class RecordingSleeper: Sendable {
    private let state = Mutex((waits: [Duration](), held: true, parked: [CheckedContinuation<Void, Never>]()))

    init(held: Bool) { state.withLock { $0.held = held } }

    var waits: [Duration] { state.withLock { $0.waits } }

    var sleeper: Sleeper {
        { duration in
            await withCheckedContinuation { continuation in
                let park = self.state.withLock { state -> Bool in
                    state.waits.append(duration)
                    if state.held { state.parked.append(continuation) }
                    return state.held
                }
                if !park { continuation.resume() }
            }
        }
    }

    /// Lets every parked wait, and every later one, return at once.
    func release() {
        let parked = state.withLock { state in
            state.held = false
            defer { state.parked = [] }
            return state.parked
        }
        for continuation in parked { continuation.resume() }
    }
}
