import Synchronization
import WXOpenSupport

/// The outcome of `task` if it finishes within `budget` on `sleep`, else nil; the task runs on
/// either way.
func outcome<Value: Sendable>(of task: Task<Value, Never>, within budget: Duration, sleep: @escaping Sleeper) async -> Value? {
    await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
        let once = ResumeOnce(continuation)
        let timer = Task {
            try? await sleep(budget)
            once.resume(nil)
        }
        Task {
            once.resume(await task.value)
            timer.cancel()
        }
    }
}

/// A continuation that whichever comes first resumes; later calls do nothing.
private final class ResumeOnce<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: Value) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
