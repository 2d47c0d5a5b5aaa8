/// A mini program's domains on its behalf (authorizer token). A mini program released through a
/// platform keeps only domains registered on the platform, so they are set before a release.
extension ComponentClient {
    /// `modify_domain`'s and `setwebviewdomain`'s `action`.
    public enum DomainAction: String, Sendable, CaseIterable {
        case add, delete, set, get
    }

    /// The server domains (`wxa/modify_domain`), each list as WeChat names it: `requestdomain`,
    /// `wsrequestdomain`, `uploaddomain`, `downloaddomain`, `udpdomain`, `tcpdomain`.
    public static let serverDomainKinds = ["requestdomain", "wsrequestdomain", "uploaddomain", "downloaddomain", "udpdomain", "tcpdomain"]

    /// POST /wxa/modify_domain. `domains` by kind (`serverDomainKinds`); kinds left out are sent
    /// as empty lists, except for `get`, which sends none.
    public func modifyDomains(authorizerToken: String, action: DomainAction, domains: [String: [String]] = [:]) async throws {
        var body: [String: JSONBody] = ["action": .string(action.rawValue)]
        if action != .get {
            for kind in Self.serverDomainKinds { body[kind] = .strings(domains[kind] ?? []) }
        }
        try await call(.modifyDomain, query: [("access_token", authorizerToken)], body: .object(body), secrets: [authorizerToken],
                       decode: Self.ignoringBody)
    }

    /// POST /wxa/setwebviewdomain: the business (web-view) domains, with their scheme (`https://…`).
    public func setWebviewDomains(authorizerToken: String, action: DomainAction, domains: [String] = []) async throws {
        var body: [String: JSONBody] = ["action": .string(action.rawValue)]
        if action != .get { body["webviewdomain"] = .strings(domains) }
        try await call(.setWebviewDomain, query: [("access_token", authorizerToken)], body: .object(body), secrets: [authorizerToken],
                       decode: Self.ignoringBody)
    }
}
