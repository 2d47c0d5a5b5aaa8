import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Structured logging: one line per event, `key=value` pairs, values quoted when needed so a
/// value can never forge another field or another line.
///
///     logger.info("ticket_stored", ["component_appid": appid, "age_s": "0"])
///     → ts=2026-11-20T08:00:00.123Z level=info event=ticket_stored component_appid=wx… age_s=0
///
/// Never pass a secret as a value; use `Redaction.summary` for tokens (first 6 characters and length).
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var description: String { ["debug", "info", "warn", "error"][rawValue] }
        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warning
            case "error": self = .error
            default: return nil
            }
        }
    }

    public var level: Level
    public let sink: any LogSink
    /// Fields added to every line, e.g. `component=simulator` or a request id.
    public var context: [(String, String)]

    public init(level: Level = .info, sink: any LogSink = StandardErrorSink.shared, context: [(String, String)] = []) {
        self.level = level
        self.sink = sink
        self.context = context
    }

    /// A logger that discards everything (tests that do not look at logs).
    public static let discard = Logger(level: .error, sink: DiscardSink())

    /// The same logger with more fixed fields; a field already present takes the new value, so
    /// a line never carries the same key twice.
    public func with(_ fields: KeyValuePairs<String, String>) -> Logger {
        var copy = self
        for (key, value) in fields {
            if let index = copy.context.firstIndex(where: { $0.0 == key }) {
                copy.context[index].1 = value
            } else {
                copy.context.append((key, value))
            }
        }
        return copy
    }

    public func debug(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.debug, event, fields) }
    public func info(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.error, event, fields) }

    public func log(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, String>) {
        guard level >= self.level else { return }
        sink.write(format(level, event, context + fields.map { ($0.key, $0.value) }))
    }

    public func format(_ level: Level, _ event: String, _ fields: [(String, String)]) -> String {
        var line = ""
        line.reserveCapacity(96 + fields.count * 24)
        line += "ts="
        line += Logger.timestamp(Date())
        line += " level="
        line += level.description
        line += " event="
        line += Logger.quote(event)
        for (key, value) in fields {
            line += " "
            line += key
            line += "="
            line += Logger.quote(value)
        }
        return line
    }

    @inline(__always) private static func needsQuoting(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=") || byte == 0x7F || byte == UInt8(ascii: "\\")
    }

    public static func quote(_ value: String) -> String {
        // Over the contiguous bytes when the string has them (native strings do): every access-log
        // line asks this of several values.
        let needed = value.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index < bytes.count {
                if needsQuoting(bytes[index]) { return true }
                index += 1
            }
            return bytes.isEmpty
        } ?? (value.isEmpty || value.utf8.contains(where: needsQuoting))
        guard needed else { return value }
        // A JSON string literal, DEL escaped too: a quoted value stays on one line of plain text.
        return JSONString.quoted(value, escapingDelete: true)
    }

    public static func timestamp(_ date: Date) -> String { RFC3339.format(date, milliseconds: true) }

    /// Milliseconds with three decimals ("12.345") from seconds, without Foundation formatting.
    public static func milliseconds(_ seconds: Double) -> String {
        let micros = max(0, Int((seconds * 1_000_000).rounded()))
        var out = String(micros / 1000) + "."
        RFC3339.appendDigits(micros % 1000, width: 3, to: &out)
        return out
    }
}
