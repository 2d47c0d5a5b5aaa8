import Foundation
import WXOpenSupport

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
        case .string(let text): out += JSONString.quoted(text)
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
                out += JSONString.quoted(key)
                out += ":"
                value.append(to: &out)
            }
            out += "}"
        }
    }

    /// `{"errcode":0,"errmsg":"ok"}`
    static let ok = JSONValue.object([("errcode", .int(0)), ("errmsg", .string("ok"))])

    /// `{"errcode":0,"errmsg":"ok", …}`: a success that says more.
    static func ok(_ fields: [(String, JSONValue)]) -> JSONValue {
        .object([("errcode", .int(0)), ("errmsg", .string("ok"))] + fields)
    }

    static func ok(_ fields: (String, JSONValue)...) -> JSONValue { ok(fields) }
}
