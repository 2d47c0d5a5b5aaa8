import Foundation
import Synchronization

/// RFC 3339 timestamps in UTC (`2026-11-20T08:00:00Z`, optionally with milliseconds), built from
/// integers: Foundation's formatters cost tens of microseconds each, too much for a log line or
/// an API response per request.
public enum RFC3339 {
    /// The last whole-second result: a token's `expires_at` is formatted again and again.
    private static let lastSecond = Mutex<(seconds: Double, text: String)>((.nan, ""))

    public static func format(_ date: Date, milliseconds: Bool = false) -> String {
        guard !milliseconds else { return compose(date, milliseconds: true) }
        // Without milliseconds the text depends on the whole second only.
        let second = date.timeIntervalSince1970.rounded(.down)
        if let cached = lastSecond.withLock({ $0.seconds == second ? $0.text : nil }) { return cached }
        let text = compose(date, milliseconds: false)
        lastSecond.withLock { $0 = (second, text) }
        return text
    }

    private static func compose(_ date: Date, milliseconds: Bool) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = ""
        out.reserveCapacity(24)
        appendDigits(Int(parts.tm_year) + 1900, width: 4, to: &out)
        out += "-"
        appendDigits(Int(parts.tm_mon) + 1, width: 2, to: &out)
        out += "-"
        appendDigits(Int(parts.tm_mday), width: 2, to: &out)
        out += "T"
        appendDigits(Int(parts.tm_hour), width: 2, to: &out)
        out += ":"
        appendDigits(Int(parts.tm_min), width: 2, to: &out)
        out += ":"
        appendDigits(Int(parts.tm_sec), width: 2, to: &out)
        if milliseconds {
            out += "."
            appendDigits(min(999, Int((interval - Double(seconds)) * 1000)), width: 3, to: &out)
        }
        out += "Z"
        return out
    }

    public static func appendDigits(_ value: Int, width: Int, to out: inout String) {
        let digits = String(value)
        if digits.utf8.count < width { out += String(repeating: "0", count: width - digits.utf8.count) }
        out += digits
    }
}
