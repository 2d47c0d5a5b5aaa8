import CPostgres
#if canImport(Glibc)
import Glibc
#endif

/// A `NOTIFY` received on a channel this connection listens to.
package struct PostgresNotification: Sendable, Equatable {
    package let channel: String
    package let payload: String
    /// The server process of the sender (`pg_backend_pid()` there).
    package let senderPID: Int32
}

extension PostgresConnection {
    /// Blocks in poll(2) on the connection's socket and `wakeFD`, handing each notification to
    /// `deliver` as it arrives. Returns when `wakeFD` becomes readable; throws when the
    /// connection breaks.
    func waitForNotifications(wakeFD: Int32, deliver: (PostgresNotification) -> Void) throws(PostgresError) {
        let handle = try liveHandle()
        while true {
            while let notify = PQnotifies(handle) {
                deliver(PostgresNotification(
                    channel: String(cString: notify.pointee.relname), payload: String(cString: notify.pointee.extra),
                    senderPID: notify.pointee.be_pid))
                PQfreemem(notify)
            }
            var fds = [pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .connectionLost(server: server, message: "poll failed: \(String(cString: strerror(errno)))")
            }
            if fds[1].revents != 0 { return }
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
                throw .connectionLost(server: server, message: lastErrorMessage)
            }
        }
    }
}

extension PostgresSession {
    /// `PostgresConnection.waitForNotifications` on this session's queue: the queue's worker
    /// thread stays parked in poll(2) until woken, which is why the listener has a session of
    /// its own and never uses a pooled one.
    func waitForNotifications(wakeFD: Int32, deliver: @escaping @Sendable (PostgresNotification) -> Void) async throws {
        try await run { try $0.waitForNotifications(wakeFD: wakeFD, deliver: deliver) }
    }
}
