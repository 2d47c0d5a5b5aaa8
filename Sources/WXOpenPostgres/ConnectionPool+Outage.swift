extension ConnectionPool {
    /// A caller's connect failed: fail the queue, and start the reconnect task if none runs.
    func connectFailed(_ error: any Error) {
        let (waiters, began, failures) = state.withLock { state in
            let (waiters, began) = state.connectFailed(error)
            if state.reviver == nil, !state.closed {
                state.reviver = Task { await self.reconnect() }
            }
            return (waiters, began, state.outage?.failures ?? 0)
        }
        let unavailable = poolError(.outage(error))
        for waiter in waiters { waiter.continuation.resume(throwing: unavailable) }
        if began {
            logger.error("postgres_unavailable", [
                "server": server, "error": ConnectionPool.message(of: error), "failed_waiters": String(waiters.count),
                "retry_in_ms": String(configuration.backoff.delay(afterFailures: failures).milliseconds),
            ])
        }
    }

    /// A connect succeeded: the outage, if any, is over.
    func endOutage() {
        let ended = state.withLock { state -> Int? in
            defer { state.outage = nil }
            return state.outage?.failures
        }
        if let ended { logger.info("postgres_reconnected", ["server": server, "failed_attempts": String(ended)]) }
    }

    /// The reconnect task: waits, tries, and waits longer after each failure, until a connect
    /// succeeds (the connection goes to the first waiter or the idle list), someone else's
    /// connect ends the outage, or the pool closes.
    func reconnect() async {
        while true {
            let failures = state.withLock { $0.outage?.failures }
            guard let failures else { return finishReconnecting() }
            do {
                try await sleeper(configuration.backoff.delay(afterFailures: failures))
            } catch {
                return finishReconnecting()
            }
            let mayConnect = state.withLock { state -> Bool? in
                guard !state.closed, state.outage != nil else { return nil }
                guard state.open < configuration.maxConnections else { return false }
                state.open += 1
                return true
            }
            guard let mayConnect else { return finishReconnecting() }
            guard mayConnect else { continue }
            do {
                let connection = try await connector()
                let (action, ended) = state.withLock { state in
                    defer { state.outage = nil; state.reviver = nil }
                    return (state.release(connection, usable: true), state.outage?.failures)
                }
                switch action {
                case .resume(let waiter, let grant): waiter.continuation.resume(returning: grant)
                case .close: await connection.close()
                case .none: break
                }
                if let ended { logger.info("postgres_reconnected", ["server": server, "failed_attempts": String(ended)]) }
                return
            } catch {
                let failures = state.withLock { state -> Int in
                    state.open -= 1
                    state.outage?.failures += 1
                    state.outage?.error = error
                    return state.outage?.failures ?? 0
                }
                logger.warning("postgres_reconnect_failed", [
                    "server": server, "error": ConnectionPool.message(of: error), "attempt": String(failures - 1),
                    "retry_in_ms": String(configuration.backoff.delay(afterFailures: failures).milliseconds),
                ])
            }
        }
    }

    private func finishReconnecting() {
        state.withLock { $0.reviver = nil }
    }
}
