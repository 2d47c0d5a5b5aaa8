import Glibc
import WXOpenSupport

/// The access log's line per request, written straight into a loop's byte buffer: building it
/// through `String` appends cost a fifth of a trivial request. Same format as `Logger.format`.
/// What is the same on every line (the logger's context fields, the timestamp up to the second)
/// is kept as bytes and copied; numbers are written as digits without a `String` in between.
struct AccessLog {
    private var bytes: [UInt8] = []
    private var cachedSecond = -1
    private var secondPrefix: [UInt8] = []
    /// ` key=value` for each of the logger's context fields, quoted once.
    private let contextBytes: [UInt8]

    init(context: [(String, String)] = []) {
        var bytes: [UInt8] = []
        for (key, value) in context {
            bytes.append(UInt8(ascii: " "))
            bytes.appendUTF8(key)
            bytes.append(UInt8(ascii: "="))
            bytes.appendUTF8(Logger.quote(value))
        }
        contextBytes = bytes
    }

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(request: Connection.InFlight, path: String, aborted: Bool, duration: Double, remote: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = now.tv_sec
        if second != cachedSecond {
            cachedSecond = second
            var text = ""
            // RFC 3339 in UTC, to the second, without the "Z": milliseconds follow.
            RFC3339.appendDateTime(seconds: second, to: &text)
            secondPrefix = Array(("ts=" + text).utf8)
        }
        bytes.append(contentsOf: secondPrefix)
        bytes.append(UInt8(ascii: "."))
        appendDigits(min(999, now.tv_nsec / 1_000_000), width: 3)
        bytes.append(UInt8(ascii: "Z"))
        bytes.appendLiteral(aborted ? " level=info event=http_aborted" : " level=info event=http_request")
        bytes.append(contentsOf: contextBytes)
        field("request_id", request.requestID)  // validated or generated: never needs quoting
        field("method", request.method)
        field("path", Logger.quote(path))
        key("status")
        appendDigits(request.status, width: 1)
        key("bytes")
        appendDigits(request.bodyBytes, width: 1)
        // Milliseconds with three decimals, as `Logger.milliseconds` writes them.
        key("duration_ms")
        let micros = max(0, Int((duration * 1_000_000).rounded()))
        appendDigits(micros / 1000, width: 1)
        bytes.append(UInt8(ascii: "."))
        appendDigits(micros % 1000, width: 3)
        field("remote", remote)
        if let client = request.forwardedClient { field("client", Logger.quote(client)) }
        for (key, value) in request.logFields { field(key, Logger.quote(value)) }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Hands the buffered lines to `sink` and empties the buffer.
    mutating func flush(to sink: any LogSink) {
        guard !bytes.isEmpty else { return }
        sink.write(bytes: bytes)
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
    }

    private mutating func key(_ key: StaticString) {
        bytes.append(UInt8(ascii: " "))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "="))
    }

    private mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        bytes.appendUTF8(value)
    }

    private mutating func field(_ name: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        bytes.appendUTF8(name)
        bytes.append(UInt8(ascii: "="))
        bytes.appendUTF8(value)
    }

    /// A non-negative number in decimal, left-padded with zeros to `width` digits.
    private mutating func appendDigits(_ value: Int, width: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = max(0, value)
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(0x30 + rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 && count < 20
            while count < width && count < 20 {
                buffer[19 - count] = 0x30
                count += 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }
}
