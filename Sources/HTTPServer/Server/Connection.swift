import CSystem
import Foundation
import Glibc

/// One client connection: reads requests, runs handlers, writes responses in order.
/// Confined to its event loop's thread; handlers run as tasks and report back with `execute`.
final class Connection: @unchecked Sendable {
    enum Phase: Equatable {
        /// Between requests, or receiving a request head.
        case awaitingHead
        case readingBody
        case handling
        /// A complete response is being flushed.
        case writing
        /// A streamed body is being produced and written.
        case streaming
        /// The response said `Connection: close`; input is drained briefly so the client reads
        /// the response instead of a reset (RFC 9112 §9.6).
        case lingering
        case closed
    }

    /// The request being served, for the response and the access log. The defaults stand for
    /// what a request that failed before its head was read never told us.
    struct InFlight {
        var requestID: String
        var startedAt: UInt64
        var method = "-"
        var rawPath = "-"
        var route: String?
        var keepAlive = false
        var isHead = false
        var version = HTTPVersion.http1_1
        var status = 0
        var bodyBytes = 0
        var chunked = false
        /// The client behind a trusted proxy, when the request named one (logged as `client`).
        var forwardedClient: String?
        /// The handler's `HTTPResponse.logFields`.
        var logFields: [(String, String)] = []
    }

    struct PendingRoute {
        var route: Router.Route
        var parameters: [String: String]
        var parts: RequestTarget.Parts
    }

    let fd: Int32
    let remoteAddress: String
    /// `remoteAddress` without the port, worked out once for all the connection's requests.
    let remoteHost: String
    let loop: EventLoop
    var interest: UInt32 = 0
    private(set) var phase = Phase.awaitingHead
    var deadline: UInt64 = 0
    /// When this connection started waiting for a request head, as a loop-wide sequence number:
    /// strictly ordered even for connections accepted in the same instant.
    private(set) var waitingSince: UInt64 = 0
    var headDeadlineSet = true
    var buffer = ByteBuffer()
    var decoder: HTTPRequestDecoder
    var output: [UInt8] = []
    var outputOffset = 0
    var requestsServed = 0
    var peerClosed = false
    var closeAfterResponse = false
    var current: InFlight?
    var pending: PendingRoute?
    var generation = 0
    var handlerTask: Task<Void, Never>?
    var streamWaiter: CheckedContinuation<Void, any Error>?
    private var lingerBytes = 0
    private var processing = false

    var configuration: HTTPServer.Configuration { loop.context.configuration }

    init(fd: Int32, remoteAddress: String, loop: EventLoop) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.remoteHost = HTTPRequest.host(of: remoteAddress)
        self.loop = loop
        self.decoder = HTTPRequestDecoder(limits: loop.context.configuration.parser)
    }

    func didAccept(now: UInt64) {
        waitingSince = loop.nextSequence()
        deadline = now + configuration.headerReadTimeout.nanoseconds
    }

    func markWaiting() { waitingSince = loop.nextSequence() }

    /// Waiting for a request (idle or a slow head): may be shed at the connection cap.
    var isSheddable: Bool { phase == .awaitingHead || phase == .lingering }
    /// Nothing of a next request has arrived.
    var isIdle: Bool { phase == .awaitingHead && decoder.isBetweenRequests && buffer.isEmpty }

    func setPhase(_ phase: Phase, timeout: Duration?) {
        self.phase = phase
        if let timeout { deadline = loop.now + timeout.nanoseconds }
    }

    // MARK: - Reading

    func onReadable() {
        guard phase != .closed else { return }
        let scratch = loop.readBuffer
        var total = 0, sawEOF = false
        while true {
            let count = recv(fd, scratch.baseAddress, scratch.count, 0)
            if count > 0 {
                total += count
                if phase == .lingering {
                    lingerBytes += count
                    if lingerBytes > 1 << 20 { close(); return }
                    continue
                }
                buffer.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                if count < scratch.count || total >= 256 * 1024 { break }
            } else if count == 0 {
                sawEOF = true
                break
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                close()
                return
            }
        }
        if phase == .awaitingHead || phase == .readingBody {
            process()
        } else if phase != .lingering, buffer.readableCount > configuration.parser.maxHeaderBytes + 64 * 1024 {
            // Pipelined input piles up while a response is pending: stop reading until it is sent.
            setInterest(interest & ~EPOLLIN.rawValue)
        }
        if sawEOF { onPeerClosed() }
    }

    private func onPeerClosed() {
        peerClosed = true
        switch phase {
        case .awaitingHead, .readingBody, .lingering:
            close()
        case .handling, .writing, .streaming:
            // RFC 9112 §9.6: a half-closed client may still read our response; finish it, then close.
            closeAfterResponse = true
            setInterest(interest & ~EPOLLIN.rawValue)
        case .closed:
            break
        }
    }

    /// Decodes buffered input while the connection is waiting for (part of) a request.
    func process() {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while phase == .awaitingHead || phase == .readingBody {
            switch decoder.next(&buffer) {
            case .needMore:
                if phase == .awaitingHead, !decoder.isBetweenRequests, !headDeadlineSet {
                    headDeadlineSet = true
                    deadline = loop.now + configuration.headerReadTimeout.nanoseconds
                }
                return
            case .error(let error):
                respondToParseError(error)
            case .head(let head):
                begin(head)
            case .complete(let head, let body):
                dispatch(head, body)
            }
        }
    }

    // MARK: - Timeouts

    func checkTimeouts(now: UInt64) {
        guard now >= deadline else { return }
        switch phase {
        case .awaitingHead:
            if isIdle {
                close()
            } else {
                respondAndClose(HTTPError(.requestTimeout, "Timed out waiting for the request.").response)
            }
        case .readingBody:
            respondAndClose(HTTPError(.requestTimeout, "Timed out waiting for the request body.").response)
        case .handling:
            handlerTask?.cancel()
            handlerTask = nil
            generation += 1
            loop.context.logger.warning("handler_timeout", ["request_id": current?.requestID ?? "-", "route": current?.route ?? "-"])
            respondAndClose(HTTPError(.serviceUnavailable, "The server took too long to answer; try again.").response)
        case .writing, .streaming:
            loop.context.logger.warning("write_timeout", ["request_id": current?.requestID ?? "-", "remote": remoteAddress])
            close()
        case .lingering:
            close()
        case .closed:
            break
        }
    }

    // MARK: - Closing

    func close() {
        guard phase != .closed else { return }
        phase = .closed
        handlerTask?.cancel()
        handlerTask = nil
        streamWaiter?.resume(throwing: ConnectionClosedError())
        streamWaiter = nil
        if let current, current.status != 0 || !decoder.isBetweenRequests {
            logRequest(current, aborted: true)
        }
        current = nil
        loop.forget(self)
        Glibc.close(fd)
    }

    /// Half-closes after the final response and drains input for a moment, so the client reads
    /// the response rather than a reset; then closes.
    func beginClosing() {
        if peerClosed { close(); return }
        shutdown(fd, Int32(SHUT_WR))
        buffer = ByteBuffer()
        setPhase(.lingering, timeout: .seconds(2))
        setInterest(EPOLLIN.rawValue)
    }

    func setInterest(_ events: UInt32) {
        guard events != interest, phase != .closed else { return }
        interest = events
        loop.control(EPOLL_CTL_MOD, fd, events)
    }

    /// Answers a connection over the cap without taking it on.
    static func refuse(fd: Int32) {
        let response = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n"
            + "X-Content-Type-Options: nosniff\r\n\r\n"
        _ = response.utf8CString.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
        Glibc.close(fd)
    }
}

/// A streamed body's writer was used after the client went away.
struct ConnectionClosedError: Error, CustomStringConvertible {
    var description: String { "the client connection is closed" }
}
