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

/// A parsed JSON request body, read leniently the way WeChat reads them: numbers may come as
/// strings and strings as numbers.
struct JSONRequestBody {
    private let members: [String: Any]

    /// An empty or non-object body is WeChat's 47001.
    init(_ body: Data) throws(APIError) {
        guard !body.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: body, options: []) as? [String: Any]
        else { throw .dataFormat }
        members = object
    }

    init(members: [String: Any]) { self.members = members }

    func string(_ key: String) -> String? {
        switch members[key] {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    func int(_ key: String) -> Int? {
        switch members[key] {
        case let number as NSNumber: number.intValue
        case let text as String: Int(text)
        default: nil
        }
    }

    func bool(_ key: String) -> Bool? {
        switch members[key] {
        case let number as NSNumber: number.boolValue
        case let text as String: text == "true" || text == "1"
        default: nil
        }
    }

    func ints(_ key: String) -> [Int]? {
        guard let list = members[key] as? [Any] else { return nil }
        return list.compactMap { ($0 as? NSNumber)?.intValue ?? ($0 as? String).flatMap { Int($0) } }
    }

    func object(_ key: String) -> JSONRequestBody? {
        (members[key] as? [String: Any]).map { JSONRequestBody(members: $0) }
    }
}
