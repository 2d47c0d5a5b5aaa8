import Synchronization
import WXOpenSupport

/// Wakes the one task that waits on it: the delivery worker, when a delivery is enqueued or an
/// attempt ends. A ring while nobody waits is kept, so it is never missed; rings do not add up.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns once rung (or already rung since the last wait), after `duration` on `sleep`, or
    /// when the task is cancelled.
    func wait(upTo duration: Duration, sleep: @escaping Sleeper) async {
        if state.withLock({ state in defer { state.rung = false }; return state.rung }) { return }
        let timer = Task { [self] in
            do { try await sleep(duration) } catch { return }
            ring()
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
    }
}
