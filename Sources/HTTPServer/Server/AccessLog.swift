import Foundation
import WXOpenSupport

/// The access log's line per request, written straight into a loop's byte buffer: building it
/// through `String` appends cost a fifth of a trivial request. Same format as `Logger.format`.
struct AccessLog {
    private var bytes: [UInt8] = []
    private var cachedSecond = -1
    private var secondPrefix: [UInt8] = []

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(context: [(String, String)], request: Connection.InFlight, path: String, aborted: Bool,
                         duration: Double, remote: String) {
        let now = Date().timeIntervalSince1970
        let second = Int(now)
        if second != cachedSecond {
            cachedSecond = second
            let text = RFC3339.format(Date(timeIntervalSince1970: Double(second)), milliseconds: false)
            secondPrefix = Array(("ts=" + text.dropLast()).utf8)  // without the "Z"
        }
        bytes.append(contentsOf: secondPrefix)
        bytes.append(UInt8(ascii: "."))
        appendPadded(min(999, Int((now - Double(second)) * 1000)), width: 3)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(contentsOf: aborted ? " level=info event=http_aborted".utf8 : " level=info event=http_request".utf8)
        for (key, value) in context { field(key, Logger.quote(value)) }
        field("request_id", request.requestID)  // validated or generated: never needs quoting
        field("method", request.method)
        field("path", Logger.quote(path))
        field("status", String(request.status))
        field("bytes", String(request.bodyBytes))
        field("duration_ms", Logger.milliseconds(duration))
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

    private mutating func field(_ key: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        bytes.append(contentsOf: value.utf8)
    }

    private mutating func appendPadded(_ value: Int, width: Int) {
        let digits = String(value).utf8
        for _ in digits.count..<width { bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: digits)
    }
}
