import Foundation

/// A Swift value as a query parameter or a column, in PostgreSQL's text format: parameters go
/// to `PQexecPrepared` as separate values (never spliced into SQL), and columns come back as
/// text that `init(postgresText:)` parses.
///
/// Dates travel as `double precision` seconds since 2001-01-01 UTC (Swift's reference date, as
/// the file store writes them), so every `Date` reads back exactly equal; `timestamptz` would
/// round to microseconds.
package protocol PostgresValue: Sendable {
    /// Nil sends SQL NULL.
    var postgresText: String? { get }
    /// Nil when `text` is not a value of this type; `text` is nil for SQL NULL.
    init?(postgresText text: String?)
}

extension String: PostgresValue {
    package var postgresText: String? { self }
    package init?(postgresText text: String?) {
        guard let text else { return nil }
        self = text
    }
}

extension Int64: PostgresValue {
    package var postgresText: String? { String(self) }
    package init?(postgresText text: String?) {
        guard let text, let value = Int64(text) else { return nil }
        self = value
    }
}

extension Int: PostgresValue {
    package var postgresText: String? { String(self) }
    package init?(postgresText text: String?) {
        guard let text, let value = Int(text) else { return nil }
        self = value
    }
}

extension Double: PostgresValue {
    /// Swift prints the shortest digits that read back as the same double, and so does
    /// PostgreSQL 12+ with `extra_float_digits` above 0 (the connection sets it).
    package var postgresText: String? { description }
    package init?(postgresText text: String?) {
        guard let text, let value = Double(text) else { return nil }
        self = value
    }
}

extension Bool: PostgresValue {
    package var postgresText: String? { self ? "t" : "f" }
    package init?(postgresText text: String?) {
        switch text {
        case "t": self = true
        case "f": self = false
        default: return nil
        }
    }
}

extension Date: PostgresValue {
    package var postgresText: String? { timeIntervalSinceReferenceDate.postgresText }
    package init?(postgresText text: String?) {
        guard let seconds = Double(postgresText: text) else { return nil }
        self.init(timeIntervalSinceReferenceDate: seconds)
    }
}

/// `bigint[]`: `{1,15,18}`.
extension Array: PostgresValue where Element == Int {
    package var postgresText: String? { "{" + map(String.init).joined(separator: ",") + "}" }
    package init?(postgresText text: String?) {
        guard let text, text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
        let inner = text.dropFirst().dropLast()
        var values: [Int] = []
        for item in inner.split(separator: ",", omittingEmptySubsequences: false) where !inner.isEmpty {
            guard let value = Int(item) else { return nil }
            values.append(value)
        }
        self = values
    }
}

extension Optional: PostgresValue where Wrapped: PostgresValue {
    package var postgresText: String? { self?.postgresText }
    package init?(postgresText text: String?) {
        guard let text else {
            self = .none
            return
        }
        guard let value = Wrapped(postgresText: text) else { return nil }
        self = .some(value)
    }
}
