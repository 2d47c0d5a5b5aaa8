import Dispatch
import Foundation
import Glibc

/// A test client that sends raw bytes and reads raw responses, so tests control every byte on
/// the wire. Reads give up after `timeout` so a broken server fails the test, not hangs it.
/// The socket calls block, so they run on a dispatch queue: blocking the cooperative pool would
/// starve the very server handlers the test is waiting for.
final class RawHTTPClient: @unchecked Sendable {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct ClientError: Error, CustomStringConvertible { var description: String }

    let fd: Int32
    private var pending: [UInt8] = []
    private let queue = DispatchQueue(label: "raw-http-client")

    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    init(port: Int, timeout: TimeInterval = 20) throws {
        // The socket stays local until it is connected: a throwing initializer of a class still
        // runs `deinit`, and closing the same descriptor twice can close a file that another test
        // in this process has just opened under the reused number.
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw ClientError(description: "socket failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let failure = errno
            Glibc.close(socketFD)
            throw ClientError(description: "connect failed: errno \(failure)")
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - floor(timeout)) * 1_000_000))
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        fd = socketFD
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws { try await offPool { try self.sendNow(bytes) } }

    /// Reads one response. `head: true` for a response to HEAD (no body whatever the headers say).
    func readResponse(head: Bool = false) async throws -> Response { try await offPool { try self.readResponseNow(head: head) } }

    /// True when the server has closed the connection (EOF or reset) with nothing left unread.
    func isClosedByServer() async throws -> Bool { try await offPool { try self.isClosedNow() } }

    private func sendNow(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw ClientError(description: "send failed: errno \(errno)") }
            offset += written
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes; nil on EOF. Throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { pending += chunk[0..<count]; return true }
        if count == 0 { return false }
        if errno == ECONNRESET { return false }
        throw ClientError(description: errno == EAGAIN ? "timed out waiting for the server" : "recv failed: errno \(errno)")
    }

    private func isClosedNow() throws -> Bool {
        if !pending.isEmpty { return false }
        return try !fill()
    }

    private func readLine() throws -> String {
        while true {
            if let index = pending.firstIndex(of: 0x0A) {
                let line = pending[0..<index]
                pending.removeFirst(index + 1)
                guard line.last == 0x0D else { throw ClientError(description: "response line without CR") }
                return String(decoding: line.dropLast(), as: UTF8.self)
            }
            guard try fill() else { throw ClientError(description: "connection closed mid-response") }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while pending.count < count {
            guard try fill() else { throw ClientError(description: "connection closed mid-body") }
        }
        defer { pending.removeFirst(count) }
        return Array(pending[0..<count])
    }

    private func readResponseNow(head: Bool) throws -> Response {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line: \(statusLine)")
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw ClientError(description: "bad header: \(line)") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = Response(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 || (100..<200).contains(status) { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw ClientError(description: "bad chunk size") }
                if size == 0 { _ = try readLine(); break }
                response.body += try readExactly(size)
                guard try readLine().isEmpty else { throw ClientError(description: "chunk without CRLF") }
            }
        } else if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try readExactly(length)
        } else {
            while try fill() {}
            response.body = pending
            pending = []
        }
        return response
    }
}
