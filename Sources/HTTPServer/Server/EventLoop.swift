import CSystem
import Foundation
import Glibc
import Synchronization
import WXOpenSupport

/// One thread running epoll over its own connections. Connection state is touched only on this
/// thread; other threads hand it work with `execute`, which wakes the loop through an eventfd
/// only when it is asleep.
final class EventLoop: @unchecked Sendable {
    let id: Int
    let context: ServerContext
    private let epollFD: Int32
    private let wakeFD: Int32
    private let queue = Mutex<[@Sendable () -> Void]>([])
    private let sleeping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    private var connections: [Int32: Connection] = [:]
    private var listenFD: Int32 = -1
    private var listening = false
    private var acceptPausedUntil: UInt64 = 0
    private var running = true
    private var nextTick: UInt64 = 0
    private let tickInterval: UInt64
    private(set) var now: UInt64 = Monotonic.nanoseconds()
    private var dateSecond = 0
    private(set) var dateHeader = ""
    /// Access-log lines are written in one batch per loop iteration.
    var accessLog: AccessLog
    /// Request ids: unique enough to follow a request through the logs, not secrets.
    private var idGenerator = SplitMix64()
    /// Scratch space for read(2); shared by this loop's connections (one thread, no overlap).
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    init(id: Int, context: ServerContext) throws(SocketError) {
        self.id = id
        self.context = context
        accessLog = AccessLog(context: context.logger.context)
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SocketError(call: "epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw SocketError(call: "eventfd", errno: errno) }
        let configuration = context.configuration
        let shortest = [configuration.headerReadTimeout, configuration.idleTimeout, configuration.bodyReadTimeout,
                        configuration.handlerTimeout, configuration.writeTimeout].map(\.nanoseconds).min() ?? 1_000_000_000
        // Timeouts are checked on a tick: a tenth of the shortest, between 5 ms and 250 ms.
        tickInterval = min(250_000_000, max(5_000_000, shortest / 10))
        refreshDate()
        _ = control(EPOLL_CTL_ADD, wakeFD, EPOLLIN.rawValue)
    }

    deinit {
        readBuffer.deallocate()
        close(epollFD)
        close(wakeFD)
    }

    func start(listenFD: Int32) {
        self.listenFD = listenFD
        startListening()
        let thread = Thread { [self] in run() }
        thread.name = "http-loop-\(id)"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Runs `work` on the loop thread.
    func execute(_ work: @escaping @Sendable () -> Void) {
        queue.withLock { $0.append(work) }
        if sleeping.load(ordering: .sequentiallyConsistent) {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    /// Blocks until the loop thread has exited.
    func join() { finished.wait() }

    /// True on this loop's own thread.
    var inEventLoop: Bool { pthread_equal(pthread_self(), loopThread) != 0 }
    private var loopThread = pthread_t()

    // MARK: - The loop

    private func run() {
        loopThread = pthread_self()
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer {
            events.deallocate()
            finished.signal()
        }
        while running {
            sleeping.store(true, ordering: .sequentiallyConsistent)
            let hasWork = queue.withLock { !$0.isEmpty }
            now = Monotonic.nanoseconds()
            let untilTick = nextTick > now ? Int32((nextTick - now + 999_999) / 1_000_000) : 0
            let count = epoll_wait(epollFD, events, Int32(capacity), hasWork ? 0 : untilTick)
            sleeping.store(false, ordering: .sequentiallyConsistent)
            now = Monotonic.nanoseconds()
            if count > 0 {
                for index in 0..<Int(count) { dispatch(events[index]) }
            }
            runQueue()
            if now >= nextTick { tick() }
            flushLog()
        }
        for connection in Array(connections.values) { connection.close() }
        flushLog()
    }

    private func dispatch(_ event: epoll_event) {
        var event = event
        let fd = csystem_epoll_event_fd(&event)
        if fd == wakeFD {
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
        } else if fd == listenFD {
            acceptConnections()
        } else if let connection = connections[fd] {
            if event.events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { connection.onReadable() }
            if event.events & EPOLLOUT.rawValue != 0, connections[fd] === connection { connection.onWritable() }
        }
    }

    private func runQueue() {
        while true {
            let work = queue.withLock { items -> [@Sendable () -> Void] in
                defer { items.removeAll(keepingCapacity: true) }
                return items
            }
            if work.isEmpty { return }
            now = Monotonic.nanoseconds()
            for item in work { item() }
        }
    }

    private func tick() {
        nextTick = now + tickInterval
        refreshDate()
        if !listening, running, listenFD >= 0, !context.isDraining, now >= acceptPausedUntil { startListening() }
        for connection in Array(connections.values) { connection.checkTimeouts(now: now) }
    }

    private func refreshDate() {
        var seconds = time(nil)
        guard seconds != dateSecond else { return }
        dateSecond = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // RFC 9110 §5.6.7: IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (no formatter: see RFC3339).
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var text = days[Int(parts.tm_wday)] + ", "
        RFC3339.appendDigits(Int(parts.tm_mday), width: 2, to: &text)
        text += " " + months[Int(parts.tm_mon)] + " "
        RFC3339.appendDigits(Int(parts.tm_year) + 1900, width: 4, to: &text)
        text += " "
        RFC3339.appendDigits(Int(parts.tm_hour), width: 2, to: &text)
        text += ":"
        RFC3339.appendDigits(Int(parts.tm_min), width: 2, to: &text)
        text += ":"
        RFC3339.appendDigits(Int(parts.tm_sec), width: 2, to: &text)
        dateHeader = text + " GMT"
    }

    // MARK: - Accepting

    private func startListening() {
        listening = control(EPOLL_CTL_ADD, listenFD, EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
    }

    func stopListening() {
        if listening { _ = control(EPOLL_CTL_DEL, listenFD, 0) }
        listening = false
    }

    private func acceptConnections() {
        for _ in 0..<64 {
            let accepted: (fd: Int32, address: String)?
            do {
                accepted = try Socket.accept(listenFD)
            } catch {
                // Out of descriptors: stop accepting briefly instead of spinning on a ready listener.
                context.logger.error("accept_failed", ["error": error.description, "action": "pausing accept for 100 ms"])
                stopListening()
                acceptPausedUntil = now + 100_000_000
                return
            }
            guard let (fd, address) = accepted else { return }
            guard context.reserveConnectionSlot() || shedOneConnection() else {
                Connection.refuse(fd: fd)
                context.logger.warning("connection_refused", ["reason": "connection cap reached", "remote": address])
                continue
            }
            let connection = Connection(fd: fd, remoteAddress: address, loop: self)
            connections[fd] = connection
            guard control(EPOLL_CTL_ADD, fd, EPOLLIN.rawValue) else {
                connections[fd] = nil
                close(fd)
                context.releaseConnectionSlot()
                continue
            }
            connection.interest = EPOLLIN.rawValue
            connection.didAccept(now: now)
        }
    }

    /// At the cap, a newcomer takes the place of the connection that has waited longest for a
    /// request head (idle keep-alive or slow sender); connections mid-request are never shed.
    private func shedOneConnection() -> Bool {
        guard let victim = connections.values.filter(\.isSheddable).min(by: { $0.waitingSince < $1.waitingSince }) else {
            return false
        }
        victim.close()
        return context.reserveConnectionSlot()
    }

    // MARK: - Bookkeeping for connections

    @discardableResult
    func control(_ operation: Int32, _ fd: Int32, _ events: UInt32) -> Bool {
        var event = epoll_event()
        event.events = events
        csystem_epoll_event_set_fd(&event, fd)
        return epoll_ctl(epollFD, operation, fd, &event) == 0
    }

    func forget(_ connection: Connection) {
        guard connections[connection.fd] === connection else { return }
        connections[connection.fd] = nil
        _ = control(EPOLL_CTL_DEL, connection.fd, 0)
        context.releaseConnectionSlot()
    }

    private var sequence: UInt64 = 0

    /// An increasing number, for ordering events on this loop.
    func nextSequence() -> UInt64 {
        sequence += 1
        return sequence
    }

    private func flushLog() { accessLog.flush(to: context.logger.sink) }

    func nextRequestID() -> String { idGenerator.nextID() }

    // MARK: - Shutdown

    /// Stops accepting and closes connections that are between requests; the rest finish.
    func beginDraining() {
        stopListening()
        for connection in Array(connections.values) where connection.isIdle { connection.close() }
    }

    var connectionCount: Int { connections.count }

    func stop() {
        running = false
    }
}

/// Handlers run as tasks that prefer their connection's loop: a handler that does not suspend
/// on another executor runs start to finish on the loop thread, with no cross-thread hop.
/// (Anything slow — a password hash, a file write — must hop away itself.)
extension EventLoop: TaskExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        execute { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
