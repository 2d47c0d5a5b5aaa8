import Foundation
import WeChat
import WXOpenSupport

/// A rollout's ext_json: the request's object, in which every string `{{authorizer_appid}}`,
/// `{{ref}}` and `{{nick_name}}` is replaced per account. `extAppid` must come out as the
/// account's appid (WeChat ties the ext.json to the mini program by it): when the request leaves
/// it out it is added as `{{authorizer_appid}}`.
struct ExtJSONTemplate: Sendable, Equatable {
    static let appID = "{{authorizer_appid}}"
    static let ref = "{{ref}}"
    static let nickName = "{{nick_name}}"
    /// WeChat rejects large ext.json files; this keeps a request from storing megabytes per account.
    static let maximumBytes = 64 * 1024

    /// The object as given, placeholders unreplaced.
    let object: [String: JSONValue]

    /// Refuses anything but an object, and an `extAppid` that is neither absent nor a string
    /// holding `{{authorizer_appid}}` or a literal appid (checked per account by `problem`).
    init(_ value: JSONValue) throws(APIProblem) {
        guard case .object(var object) = value else {
            throw APIProblem(.badRequest, "invalid_ext_json", "ext_json must be a JSON object (what ext.json holds)")
        }
        switch object["extAppid"] {
        case nil: object["extAppid"] = .string(Self.appID)
        case .string: break
        default: throw APIProblem(.badRequest, "invalid_ext_json", "ext_json.extAppid must be a string, \(Self.appID) for each account's appid")
        }
        self.object = object
        guard Self.render(.object(object)).utf8.count <= Self.maximumBytes else {
            throw APIProblem(.badRequest, "invalid_ext_json", "ext_json is larger than \(Self.maximumBytes / 1024) KB")
        }
    }

    /// From the text a rollout stores.
    init?(text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let object) = value else { return nil }
        self.object = object
    }

    /// Stored with the rollout: keys sorted, placeholders unreplaced.
    var text: String { Self.render(.object(object)) }

    /// The ext_json text committed to `record`'s mini program.
    func rendered(for record: AuthorizerRecord) -> String {
        Self.render(Self.substitute(.object(object), record))
    }

    /// Why this ext_json cannot be committed to `appID` (its extAppid would be another account's), or nil.
    func problem(for record: AuthorizerRecord) -> String? {
        guard case .object(let rendered) = Self.substitute(.object(object), record),
              case .string(let extAppID) = rendered["extAppid"] else { return "ext_json.extAppid is missing" }
        guard extAppID == record.appID else {
            return "ext_json.extAppid would be \(AppID.isWellFormed(extAppID) ? extAppID : "not an appid") for \(record.appID): "
                + "use \(Self.appID)"
        }
        return nil
    }

    private static func substitute(_ value: JSONValue, _ record: AuthorizerRecord) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return value }
            return .string(text.replacingOccurrences(of: appID, with: record.appID)
                .replacingOccurrences(of: ref, with: record.ref ?? "")
                .replacingOccurrences(of: nickName, with: record.info?.nickName ?? ""))
        case .array(let items): return .array(items.map { substitute($0, record) })
        case .object(let members): return .object(members.mapValues { substitute($0, record) })
        case .null, .bool, .number: return value
        }
    }

    /// Compact JSON with sorted keys; whole numbers without a fraction (`10000`, not `10000.0`).
    static func render(_ value: JSONValue) -> String {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ value: JSONValue, to bytes: inout [UInt8]) {
        switch value {
        case .null: bytes += "null".utf8
        case .bool(let flag): bytes += (flag ? "true" : "false").utf8
        case .number(let number):
            if number == number.rounded(), abs(number) < 9_007_199_254_740_992 { bytes += String(Int64(number)).utf8 } else { bytes += "\(number)".utf8 }
        case .string(let text): JSONString.append(text, to: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                append(members[key]!, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}
