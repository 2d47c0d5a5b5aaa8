import Foundation

/// A JSON document written by hand, keys in the order given, so the simulator's answers are
/// exactly WeChat's documented shapes and never a Codable model's idea of them.
enum JSONValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Compact UTF-8 JSON like WeChat's: no spaces, `/` and non-ASCII unescaped.
    func rendered() -> String {
        var out = ""
        append(to: &out)
        return out
    }

    var data: Data { Data(rendered().utf8) }

    private func append(to out: inout String) {
        switch self {
        case .string(let text): Self.appendQuoted(text, to: &out)
        case .int(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.append(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.appendQuoted(key, to: &out)
                out += ":"
                value.append(to: &out)
            }
            out += "}"
        }
    }

    /// RFC 8259 §7: quote, backslash and control characters must be escaped; nothing else is.
    private static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `{"errcode":0,"errmsg":"ok"}`
    static let ok = JSONValue.object([("errcode", .int(0)), ("errmsg", .string("ok"))])
}
