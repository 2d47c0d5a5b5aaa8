import CSystem
import Foundation
import Glibc

extension Connection {
    /// Serialises and starts writing a response. The server owns framing and connection
    /// headers; a handler's own values for them are replaced.
    func send(_ response: HTTPResponse) {
        guard var current, phase != .closed else { return }
        var response = response
        if let invalid = ResponseHead.firstInvalidField(response.headers) {
            loop.context.logger.error("response_header_rejected", ["request_id": current.requestID, "field": invalid,
                                                                   "reason": "name not a token, or CR/LF/NUL/CTL in value"])
            response = HTTPError(.internalServerError, "Internal error; see the server log for request \(current.requestID).").response
        }
        let requestsLeft = configuration.maxRequestsPerConnection - requestsServed - 1
        if !current.keepAlive || peerClosed || loop.context.isDraining || requestsLeft <= 0
            || response.headers.contains("Connection") && response.headers.tokens("Connection").contains("close") {
            closeAfterResponse = true
        }
        let status = response.status
        current.status = status.code
        current.logFields = response.logFields
        var head = ResponseHead(status: status, headers: response.headers, date: loop.dateHeader,
                                requestID: current.requestID, serverName: configuration.serverName)
        let sendsBody = !current.isHead && status.allowsBody
        switch response.body {
        case .data(let data):
            head.contentLength = status.allowsBody && status.code != 204 ? data.count : nil
            head.close = closeAfterResponse
            head.keepAliveFor10 = current.version == .http1_0 && !closeAfterResponse
            head.write(to: &output)
            if sendsBody {
                data.withUnsafeBytes { output.append(contentsOf: $0) }
                current.bodyBytes = data.count
            }
            self.current = current
            setPhase(.writing, timeout: configuration.writeTimeout)
            flush()
        case .stream(let producer):
            // HTTP/1.0 has no chunked coding: the body ends when the connection does.
            current.chunked = current.version == .http1_1
            if !current.chunked { closeAfterResponse = true }
            head.chunked = current.chunked
            head.close = closeAfterResponse
            head.write(to: &output)
            self.current = current
            guard sendsBody else {
                setPhase(.writing, timeout: configuration.writeTimeout)
                return flush()
            }
            setPhase(.streaming, timeout: configuration.writeTimeout)
            generation += 1
            startStream(producer, generation: generation)
            flush()
        }
    }

    private func startStream(_ producer: @escaping @Sendable (any HTTPBodyWriter) async throws -> Void, generation: Int) {
        let writer = StreamBodyWriter(connection: self, generation: generation)
        let loop = loop
        handlerTask = Task(executorPreference: loop) { [self] in
            do {
                try await producer(writer)
                loop.execute { self.streamFinished(generation: generation, failed: false) }
            } catch {
                loop.execute { self.streamFinished(generation: generation, failed: true) }
            }
        }
    }

    /// Called on the loop for each chunk; resumes the producer once the chunk is on its way.
    func streamWrite(_ data: Data, generation: Int, continuation: CheckedContinuation<Void, any Error>) {
        guard generation == self.generation, phase == .streaming, var current else {
            return continuation.resume(throwing: ConnectionClosedError())
        }
        if current.chunked { output.append(contentsOf: String(data.count, radix: 16).utf8 + [0x0D, 0x0A]) }
        output.append(contentsOf: data)
        if current.chunked { output.append(contentsOf: [0x0D, 0x0A]) }
        current.bodyBytes += data.count
        self.current = current
        streamWaiter = continuation
        flush()
    }

    private func streamFinished(generation: Int, failed: Bool) {
        guard generation == self.generation, phase == .streaming else { return }
        handlerTask = nil
        if failed {
            // Mid-stream there is no status left to change: an unterminated body tells the client.
            loop.context.logger.warning("stream_failed", ["request_id": current?.requestID ?? "-"])
            return close()
        }
        if current?.chunked == true { output.append(contentsOf: "0\r\n\r\n".utf8) }
        setPhase(.writing, timeout: configuration.writeTimeout)
        flush()
    }

    // MARK: - Writing

    func onWritable() { flush() }

    func flush() {
        while outputOffset < output.count {
            let written = output.withUnsafeBytes { bytes in
                Glibc.send(fd, bytes.baseAddress! + outputOffset, bytes.count - outputOffset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outputOffset += written
                if phase == .writing || phase == .streaming { deadline = loop.now + configuration.writeTimeout.nanoseconds }
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                setInterest(interest | EPOLLOUT.rawValue)
                return
            } else {
                return close()
            }
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputOffset = 0
        if interest & EPOLLOUT.rawValue != 0 { setInterest(interest & ~EPOLLOUT.rawValue) }
        if let waiter = streamWaiter {
            streamWaiter = nil
            waiter.resume()
        }
        if phase == .writing { requestCompleted() }
    }

    private func requestCompleted() {
        guard let current else { return }
        logRequest(current, aborted: false)
        requestsServed += 1
        self.current = nil
        if closeAfterResponse { return beginClosing() }
        setPhase(.awaitingHead, timeout: configuration.idleTimeout)
        markWaiting()
        headDeadlineSet = false
        if !peerClosed { setInterest(EPOLLIN.rawValue) }
        if !buffer.isEmpty { process() }
    }

    func logRequest(_ request: InFlight, aborted: Bool) {
        let context = loop.context
        // The clock read now, not the loop's cached `now`: a request answered within one loop pass
        // would otherwise log 0 ms.
        let duration = Double(Monotonic.nanoseconds() &- request.startedAt) / 1e9
        context.observer?(CompletedRequest(method: request.method, route: request.route, status: request.status,
                                           bodyBytes: request.bodyBytes, duration: duration, eventLoop: loop.id))
        guard context.logger.level <= .info else { return }
        // The target is visible ASCII (checked by the parser): bytes are characters, counted in O(1).
        let path = request.rawPath.utf8.count > 256 ? String(request.rawPath.prefix(256)) + "…" : request.rawPath
        loop.accessLog.append(request: request, path: path, aborted: aborted, duration: duration, remote: remoteAddress)
    }
}

/// Hands chunks from a producer task to the connection's loop.
struct StreamBodyWriter: HTTPBodyWriter {
    let connection: Connection
    let generation: Int

    func write(_ data: Data) async throws {
        guard !data.isEmpty else { return }
        try Task.checkCancellation()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            connection.loop.execute { connection.streamWrite(data, generation: generation, continuation: continuation) }
        }
    }
}
