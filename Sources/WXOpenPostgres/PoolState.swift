/// The pool's bookkeeping, changed only under its lock. Each method decides one step and returns
/// what to do outside the lock (resume a waiter, close a connection), so no continuation is
/// resumed and no connection is touched while the lock is held.
struct PoolState<Connection: PoolableConnection>: Sendable {
    /// What a caller gets: a connection to check and use, or leave to open one.
    enum Grant: Sendable {
        case use(Connection)
        case open
    }

    enum Failure: Error {
        case closed
        case cancelled
        /// Connecting failed; the last connect error.
        case outage(any Error)
    }

    struct Waiter: Sendable {
        let id: Int
        let continuation: CheckedContinuation<Grant, any Error>
    }

    struct Outage: Sendable {
        var failures: Int
        var error: any Error
    }

    enum Action: Sendable {
        case resume(Waiter, Grant)
        case close
        case none
    }

    var idle: [Connection] = []
    /// Connections that exist (idle or in use) or are being opened; never above the maximum.
    var open = 0
    /// First come, first served.
    var waiters: [Waiter] = []
    var outage: Outage?
    var reviver: Task<Void, Never>?
    var closed = false
    private var lastWaiterID = 0

    mutating func makeWaiterID() -> Int {
        lastWaiterID += 1
        return lastWaiterID
    }

    /// Nil when the caller was queued with `continuation`.
    mutating func grant(
        waiterID: Int, maxConnections: Int, continuation: CheckedContinuation<Grant, any Error>
    ) -> Result<Grant, Failure>? {
        if closed { return .failure(.closed) }
        if let connection = idle.popLast() { return .success(.use(connection)) }
        if let outage { return .failure(.outage(outage.error)) }
        // Checked here, under the lock: a cancellation handler that ran before the caller was
        // queued found nothing to cancel.
        if Task.isCancelled { return .failure(.cancelled) }
        if open < maxConnections {
            open += 1
            return .success(.open)
        }
        waiters.append(Waiter(id: waiterID, continuation: continuation))
        return nil
    }

    mutating func removeWaiter(id: Int) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index)
    }

    /// A connection coming back from a caller (or newly opened by the reconnect task). A broken
    /// one's place goes to the first waiter, who opens a fresh connection.
    mutating func release(_ connection: Connection, usable: Bool) -> Action {
        if closed {
            open -= 1
            return usable ? .close : .none
        }
        if usable {
            if !waiters.isEmpty { return .resume(waiters.removeFirst(), .use(connection)) }
            idle.append(connection)
            return .none
        }
        if outage == nil, !waiters.isEmpty { return .resume(waiters.removeFirst(), .open) }
        open -= 1
        return .none
    }

    /// Records a failed connect; returns the waiters to fail and whether this begins an outage.
    mutating func connectFailed(_ error: any Error) -> (waiters: [Waiter], began: Bool) {
        open -= 1
        let began = outage == nil
        outage = Outage(failures: (outage?.failures ?? 0) + 1, error: error)
        defer { waiters = [] }
        return (waiters, began)
    }
}
