import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go.
public protocol LogSink: Sendable {
    func write(_ line: String)
    /// Several lines at once; sinks that can should write them with one call.
    func write(lines: [String])
    /// Complete lines as bytes, each ending in a newline (the access log's batch).
    func write(bytes: [UInt8])
}

extension LogSink {
    public func write(lines: [String]) { for line in lines { write(line) } }

    public func write(bytes: [UInt8]) {
        write(lines: bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) })
    }
}

/// Writes each line to standard error with one `write(2)`, so concurrent lines never interleave.
public final class StandardErrorSink: LogSink {
    public static let shared = StandardErrorSink()
    public func write(_ line: String) { write(lines: [line]) }

    public func write(bytes: [UInt8]) { writeAll(bytes) }

    public func write(lines: [String]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        writeAll(bytes)
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }
}

public struct DiscardSink: LogSink {
    public init() {}
    public func write(_ line: String) {}
    public func write(lines: [String]) {}
    public func write(bytes: [UInt8]) {}
}
