import Dispatch

/// A value being computed on another queue, waited for with a semaphore. Loading uses it to
/// decode the next block of a snapshot while the current one is applied to the index, so neither
/// core idles. Waiting blocks the caller, which is the store's own queue, never the cooperative pool.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the work, read only after `done` is signalled: the semaphore orders the two.
    private var value: Value?

    init(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Value) {
        queue.async {
            self.value = work()
            self.done.signal()
        }
    }

    func wait() -> Value {
        done.wait()
        defer { done.signal() }
        return value!
    }
}
