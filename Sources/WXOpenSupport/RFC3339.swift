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
        let seconds = time_t(interval.rounded(.down))
        var out = ""
        out.reserveCapacity(24)
        appendDateTime(seconds: seconds, to: &out)
        if milliseconds {
            out += "."
            appendDigits(min(999, Int((interval - Double(seconds)) * 1000)), width: 3, to: &out)
        }
        out += "Z"
        return out
    }

    /// `2026-11-20T08:00:00`, the UTC date and time of `seconds` since 1970 without a zone
    /// designator: what a caller that adds its own fraction and `Z` (the access log) needs.
    public static func appendDateTime(seconds: Int, to out: inout String) {
        var seconds = time_t(seconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
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
    }

    public static func appendDigits(_ value: Int, width: Int, to out: inout String) {
        let digits = String(value)
        if digits.utf8.count < width { out += String(repeating: "0", count: width - digits.utf8.count) }
        out += digits
    }

    /// Reads `2026-11-20T08:00:00Z`, with optional fractional seconds and a `Z` or `±hh:mm`
    /// offset (RFC 3339 §5.6; `t`/`z` in lowercase too). Nil for anything else, including dates
    /// that do not exist (February 30th) and leap seconds.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        guard let year = number(0, 4), byte(4) == UInt8(ascii: "-"), let month = number(5, 2), byte(7) == UInt8(ascii: "-"),
              let day = number(8, 2), byte(10) == UInt8(ascii: "T") || byte(10) == UInt8(ascii: "t"),
              let hour = number(11, 2), byte(13) == UInt8(ascii: ":"), let minute = number(14, 2), byte(16) == UInt8(ascii: ":"),
              let second = number(17, 2),
              (1...12).contains(month), (1...daysIn(month, year)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if byte(index) == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while let digit = byte(index), digit >= 0x30, digit <= 0x39 {
                fraction += Double(digit - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        switch byte(index) {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let hours = number(index + 1, 2), byte(index + 3) == UInt8(ascii: ":"), let minutes = number(index + 4, 2),
                  hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (byte(index) == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
