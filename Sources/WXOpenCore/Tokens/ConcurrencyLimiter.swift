/// At most `limit` operations at once; the rest wait their turn in arrival order. The limit
/// may change while operations run (`RefreshPace`): raised, waiters start at once; lowered,
/// running operations finish and fewer start.
actor ConcurrencyLimiter {
    private(set) var limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// The most that were ever running at once (for the benchmark and tests).
    private(set) var peak = 0

    init(limit: Int) { self.limit = max(1, limit) }

    func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await operation()
    }

    func setLimit(_ newLimit: Int) {
        limit = max(1, newLimit)
        while running < limit, !waiting.isEmpty {
            running += 1
            peak = max(peak, running)
            waiting.removeFirst().resume()
        }
    }

    private func acquire() async {
        if running < limit {
            running += 1
            peak = max(peak, running)
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot straight to the next waiter, so a newcomer cannot overtake it, unless the
    /// limit was lowered below what runs.
    private func release() {
        if waiting.isEmpty || running > limit {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
