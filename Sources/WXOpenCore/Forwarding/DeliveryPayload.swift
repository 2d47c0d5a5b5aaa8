import Foundation
import WeChat
import WXOpenSupport

/// The JSON bodies posted to the platform's services.
///
/// A message: `{"id", "type": "message", "authorizer_appid", "received_at", "message": {…}}`
/// where `message` holds every XML field by its WeChat name, each value the text WeChat sent
/// (numbers too, as in the XML); an element with children (`ScanCodeInfo`, `SendPicsInfo`, …)
/// becomes an object, and a name repeated among siblings (`item`) an array.
///
/// A lifecycle event: `{"id", "type": "authorizer.…", "authorizer_appid", "occurred_at",
/// "authorizer": {…}}` with the account's public fields as the internal API shows them; never a token.
enum DeliveryPayload {
    static let messageType = "message"

    static func message(id: String, appID: String, receivedAt: Date, root: XMLElement) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + root.children.count * 48)
        bytes += "{\"id\":".utf8
        JSONString.append(id, to: &bytes)
        bytes += ",\"type\":\"message\",\"authorizer_appid\":".utf8
        JSONString.append(appID, to: &bytes)
        bytes += ",\"received_at\":".utf8
        JSONString.append(RFC3339.format(receivedAt, milliseconds: true), to: &bytes)
        bytes += ",\"message\":".utf8
        appendObject(root, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The element's children as members; siblings of one name are gathered into an array at the
    /// first one's place, in document order.
    private static func appendObject(_ element: XMLElement, to bytes: inout [UInt8]) {
        var names: [String] = []
        var groups: [String: [XMLElement]] = [:]
        for child in element.children {
            if groups[child.name] == nil { names.append(child.name) }
            groups[child.name, default: []].append(child)
        }
        bytes.append(UInt8(ascii: "{"))
        for (position, name) in names.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            let group = groups[name]!
            if group.count == 1 {
                appendValue(group[0], to: &bytes)
            } else {
                bytes.append(UInt8(ascii: "["))
                for (index, item) in group.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    appendValue(item, to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static func appendValue(_ element: XMLElement, to bytes: inout [UInt8]) {
        if element.children.isEmpty { JSONString.append(element.text, to: &bytes) } else { appendObject(element, to: &bytes) }
    }

    /// The lifecycle events a service receives for an account.
    enum Lifecycle: String, Sendable, CaseIterable {
        case authorized = "authorizer.authorized"
        /// The account changed the permission sets it grants.
        case updated = "authorizer.updated"
        case unauthorized = "authorizer.unauthorized"
        /// The refresh token is gone for good: the merchant must authorize again.
        case needsReauthorization = "authorizer.needs_reauthorization"
    }

    private struct LifecycleBody: Encodable {
        var id: String
        var type: String
        var authorizerAppID: String
        var occurredAt: Date
        var authorizer: AuthorizerJSON
        enum CodingKeys: String, CodingKey {
            case id, type, authorizerAppID = "authorizer_appid", occurredAt = "occurred_at", authorizer
        }
    }

    static func lifecycle(_ event: Lifecycle, id: String, record: AuthorizerRecord, at time: Date) throws -> String {
        let body = LifecycleBody(id: id, type: event.rawValue, authorizerAppID: record.appID, occurredAt: time,
                                 authorizer: AuthorizerJSON(record))
        return String(decoding: try APIResponse.encoder.encode(body), as: UTF8.self)
    }

    /// `dlv_` and 32 hex digits from the CSPRNG.
    static func newID() -> String { "dlv_" + Crypto.hex(Crypto.randomBytes(16)) }
}
