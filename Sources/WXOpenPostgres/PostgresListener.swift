import WXOpenSupport

/// `LISTEN`s on fixed channels over a connection of its own and delivers what arrives to
/// `events` (for cross-instance cache invalidation: another instance replaced a token).
///
/// A notification sent while the listener is reconnecting is lost, so after every (re)connect
/// the stream yields `.listening`: a consumer treats each `.listening` after the first as "you
/// may have missed something; forget what you cached". Reconnects back off like the pool does.
package final class PostgresListener: Sendable {
    package enum Event: Sendable, Equatable {
        /// `LISTEN` is in effect on every channel, from now on.
        case listening
        case notification(PostgresNotification)
    }

    package let events: AsyncStream<Event>
    private let wake: WakeSignal
    private let task: Task<Void, Never>

    /// Channel names are identifiers: lowercase letters, digits and `_`, at most 63 bytes.
    package init(url: PostgresURL, channels: [String], options: PostgresConnection.Options = .init(), backoff: Backoff = Backoff(),
                 logger: Logger, sleeper: @escaping Sleeper) throws(PostgresError) {
        for channel in channels where !PostgresListener.isValidChannel(channel) {
            throw .invalidParameter(index: 0, reason: "channel \"\(channel.prefix(70))\" is not a lowercase identifier of at most 63 bytes")
        }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let wake = try WakeSignal()
        let logger = logger.with(["component": "postgres_listener"])
        self.events = events
        self.wake = wake
        self.task = Task {
            var failures = 0
            while !wake.isSignalled {
                do {
                    let session = try await PostgresSession.connect(url, options: options)
                    do {
                        // A channel is an identifier, which no parameter can carry; `isValidChannel`
                        // admitted only [a-z0-9_], so quoting it is enough.
                        for channel in channels { try await session.execute(script: "LISTEN \"\(channel)\"") }
                        if failures > 0 { logger.info("postgres_listener_reconnected", ["server": url.server, "failed_attempts": String(failures)]) }
                        failures = 0
                        continuation.yield(.listening)
                        try await session.waitForNotifications(wakeFD: wake.readFD) { continuation.yield(.notification($0)) }
                    } catch {
                        await session.close()
                        throw error
                    }
                    await session.close()
                } catch {
                    failures += 1
                    let delay = backoff.delay(afterFailures: failures)
                    logger.warning("postgres_listener_failed", [
                        "server": url.server, "error": "\(error)", "retry_in_ms": String(delay.milliseconds),
                    ])
                    do { try await sleeper(delay) } catch { break }
                }
            }
            continuation.finish()
        }
    }

    /// Stops listening and closes the connection; `events` then finishes.
    package func stop() async {
        wake.signal()
        task.cancel()
        await task.value
    }

    static func isValidChannel(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 63 && name.utf8.first.map { !(UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) } == true
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a") ... UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_")
            }
    }
}
