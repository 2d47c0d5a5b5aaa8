import Foundation
import Glibc
import Synchronization

/// A test-only HTTP/1.1 responder on 127.0.0.1, port chosen by the OS. It reads one request
/// per connection, records it, and answers with canned bytes then closes, or never answers
/// (`.silence`) and holds the connection open until `stop()`.
final class CannedHTTPServer: Sendable {
    enum Reply: Sendable {
        case bytes(Data)
        case silence

        /// A complete response with Content-Length and `Connection: close`.
        static func http(_ status: Int, _ reason: String, headers: [(String, String)] = [], body: String = "") -> Reply {
            var head = "HTTP/1.1 \(status) \(reason)\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            return .bytes(Data((head + body).utf8))
        }

        static func json(_ body: String) -> Reply {
            http(200, "OK", headers: [("Content-Type", "application/json")], body: body)
        }
    }

    struct Received: Sendable {
        /// `GET /path?query HTTP/1.1`
        let requestLine: String
        /// Header lines as sent, names lowercased.
        let headers: [String: String]
        let body: Data
    }

    private struct State {
        var received: [Received] = []
        var heldOpen: [Int32] = []
        var stopped = false
    }

    let port: UInt16
    private let listener: Int32
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)
    private let reply: @Sendable (Received) -> Reply

    init(reply: @escaping @Sendable (Received) -> Reply) throws {
        self.reply = reply
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    var received: [Received] { state.withLock { $0.received } }

    /// Waits until `count` requests have arrived, up to `timeout` seconds.
    func waitForRequests(_ count: Int, timeout: TimeInterval = 120) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if received.count >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received.count >= count
    }

    func stop() {
        let held = state.withLock { state -> [Int32] in
            state.stopped = true
            defer { state.heldOpen = [] }
            return state.heldOpen
        }
        // shutdown() wakes the thread blocked in accept().
        shutdown(listener, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 5)
        close(listener)
        for fd in held { close(fd) }
    }

    private func acceptLoop() {
        defer { finished.signal() }
        while !state.withLock({ $0.stopped }) {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            serve(fd)
        }
    }

    private func serve(_ fd: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(fd) else {
            close(fd)
            return
        }
        state.withLock { $0.received.append(request) }
        switch reply(request) {
        case .bytes(let data):
            writeAll(fd, data)
            close(fd)
        case .silence:
            state.withLock { $0.heldOpen.append(fd) }
        }
    }

    private func readRequest(_ fd: Int32) -> Received? {
        var buffer = Data()
        let separator = Data("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.range(of: separator) == nil {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        guard let end = buffer.range(of: separator) else { return nil }
        let lines = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(buffer[end.upperBound...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        return Received(requestLine: lines.first ?? "", headers: headers, body: body)
    }

    private func writeAll(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                // MSG_NOSIGNAL: a client that hung up must not kill the test run with SIGPIPE.
                let written = send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
