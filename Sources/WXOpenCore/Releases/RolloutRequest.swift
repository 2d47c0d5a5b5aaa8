import Foundation
import WeChat

/// `POST /api/v1/mini-program/releases`, checked member by member (the console's form makes the
/// same value): `{"template_id", "user_version", "user_desc", "ext_json": {…}, "authorizers": "all"
/// | ["wx…"], "auto_release": false, "domains": {"requestdomain": […], …}, "webview_domains": […],
/// "audit": {…submit_audit's members…}}`.
struct RolloutRequest: Sendable, Equatable {
    enum Authorizers: Sendable, Equatable {
        /// Every authorized mini program; official accounts are left out (and counted).
        case all
        /// These, each of which must be an authorized mini program.
        case list([String])
    }

    /// WeChat: at most 64 characters.
    static let userVersionLimit = 64
    static let userDescLimit = 1024
    /// An explicit list longer than this is better sent as "all" or as several rollouts.
    static let listLimit = 10_000

    var templateID: Int
    var userVersion: String
    var userDesc: String
    var extJSON: ExtJSONTemplate
    var authorizers: Authorizers
    var autoRelease = false
    var domains: [String: [String]]?
    var webviewDomains: [String]?
    /// submit_audit's body members, JSON text of an object.
    var auditOptions: String?

    static let example = #"{"template_id": 1, "user_version": "1.0.0", "user_desc": "…", "ext_json": {"extAppid": "{{authorizer_appid}}"}, "authorizers": "all"}"#

    static func parse(_ body: Data) throws(APIProblem) -> RolloutRequest {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: body), case .object(let fields) = root else {
            throw bad("the body must be a JSON object like \(example)")
        }
        let known: Set = ["template_id", "user_version", "user_desc", "ext_json", "authorizers", "auto_release", "domains",
                          "webview_domains", "audit"]
        // The member's name is the sender's text: not repeated back.
        if fields.keys.contains(where: { !known.contains($0) }) {
            throw bad("the body holds a member this endpoint does not know; known: \(known.sorted().joined(separator: ", "))")
        }
        guard case .number(let number)? = fields["template_id"], number == number.rounded(), number >= 0, number < 1e12 else {
            throw bad("template_id is required: a template's id from GET /api/v1/mini-program/templates")
        }
        guard case .string(let userVersion)? = fields["user_version"], !userVersion.isEmpty, userVersion.unicodeScalars.count <= userVersionLimit else {
            throw bad("user_version is required: a string of 1 to \(userVersionLimit) characters")
        }
        var userDesc = ""
        if let value = fields["user_desc"] {
            guard case .string(let text) = value, text.unicodeScalars.count <= userDescLimit else { throw bad("user_desc must be a string of at most \(userDescLimit) characters") }
            userDesc = text
        }
        guard let ext = fields["ext_json"] else { throw bad("ext_json is required: the object ext.json holds, e.g. {\"extAppid\": \"{{authorizer_appid}}\", \"ext\": {…}}") }
        var request = RolloutRequest(templateID: Int(number), userVersion: userVersion, userDesc: userDesc,
                                     extJSON: try ExtJSONTemplate(ext), authorizers: try authorizers(fields["authorizers"]))
        if let value = fields["auto_release"] {
            guard case .bool(let flag) = value else { throw bad("auto_release must be true or false") }
            request.autoRelease = flag
        }
        if let value = fields["domains"] { request.domains = try domains(value) }
        if let value = fields["webview_domains"] { request.webviewDomains = try strings(value, name: "webview_domains") }
        if let value = fields["audit"] {
            guard case .object = value else { throw bad("audit must be an object of submit_audit's members (item_list, version_desc, …)") }
            request.auditOptions = ExtJSONTemplate.render(value)
        }
        return request
    }

    private static func authorizers(_ value: JSONValue?) throws(APIProblem) -> Authorizers {
        switch value {
        case .string("all"): return .all
        case .array(let items):
            var appIDs: [String] = []
            for item in items {
                guard case .string(let appID) = item, AppID.isWellFormed(appID) else {
                    throw bad("authorizers must be \"all\" or a list of appids (wx and 16 hex digits)")
                }
                if !appIDs.contains(appID) { appIDs.append(appID) }
            }
            guard !appIDs.isEmpty, appIDs.count <= listLimit else { throw bad("authorizers must list 1 to \(listLimit) appids, or be \"all\"") }
            return .list(appIDs)
        default:
            throw bad("authorizers is required: \"all\" (every authorized mini program) or a list of appids")
        }
    }

    private static func domains(_ value: JSONValue) throws(APIProblem) -> [String: [String]] {
        guard case .object(let members) = value else { throw bad("domains must be an object of lists by kind (requestdomain, …)") }
        var domains: [String: [String]] = [:]
        for (kind, list) in members {
            guard ComponentClient.serverDomainKinds.contains(kind) else {
                throw bad("domains holds kinds \(ComponentClient.serverDomainKinds.joined(separator: ", ")) only")
            }
            domains[kind] = try strings(list, name: "domains." + kind)
        }
        return domains
    }

    private static func strings(_ value: JSONValue, name: String) throws(APIProblem) -> [String] {
        guard case .array(let items) = value else { throw bad("\(name) must be a list of strings") }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item, !text.isEmpty, text.unicodeScalars.count <= 256 else { throw bad("\(name) must be a list of domains") }
            strings.append(text)
        }
        return strings
    }

    static func bad(_ message: String) -> APIProblem { APIProblem(.badRequest, "bad_request", message) }
}
