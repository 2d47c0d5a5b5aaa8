import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A pipe whose read end becomes readable, once and for good, when `signal()` is called: what
/// wakes the listener's thread out of poll(2).
final class WakeSignal: Sendable {
    let readFD: Int32
    private let writeFD: Int32
    private let signalled = Atomic<Bool>(false)

    init() throws(PostgresError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw .connectionFailed(server: "(listener)", message: "pipe failed: \(String(cString: strerror(errno)))")
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    var isSignalled: Bool { signalled.load(ordering: .acquiring) }

    func signal() {
        guard !signalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }
}
