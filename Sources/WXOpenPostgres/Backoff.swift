/// How long to wait before reconnecting: `initial` after the first failure, doubling after each
/// further one, never more than `maximum`. The pool and the listener both reconnect this way.
package struct Backoff: Sendable, Equatable {
    /// Default: 100 ms.
    package var initial: Duration
    /// Default: 2 s, so a connection is back within about 2 s of the server.
    package var maximum: Duration

    package init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(2)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait after `failures` consecutive failures (1 for the first).
    package func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 1 ..< max(1, failures) where delay < maximum { delay *= 2 }
        return min(delay, maximum)
    }
}

extension Duration {
    /// Whole milliseconds, for logs.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
