import Foundation

/// Where a finished web login may send the person back to: the configured
/// `webLogin.returnURLPrefixes`. Anything else would turn wxopen into an open redirect that
/// hands a login ticket to whoever wrote the link.
struct ReturnURLPolicy: Sendable {
    /// The query parameter that carries the ticket back to the app.
    static let ticketParameter = "wxopen_ticket"

    enum Refusal: Error, Equatable, Sendable {
        case missing
        case malformed(ReturnURL.Problem)
        case notListed
        /// A `return_to` that already carries a ticket parameter could make the app read a
        /// ticket the link's author chose instead of ours.
        case carriesTicket

        var reason: String {
            switch self {
            case .missing: "return_to is missing"
            case .malformed(let problem): "return_to " + problem.reason
            case .notListed: "return_to does not start with any of webLogin.returnURLPrefixes"
            case .carriesTicket: "return_to already has a \(ReturnURLPolicy.ticketParameter) parameter"
            }
        }
    }

    private let prefixes: [ReturnURL]

    /// `prefixes` were checked by the configuration parser; one that does not parse allows nothing.
    init(prefixes: [String]) {
        self.prefixes = prefixes.compactMap { try? ReturnURL.parse($0) }
    }

    /// Returns `text` unchanged when it may be used.
    func check(_ text: String?) throws(Refusal) -> String {
        guard let text, !text.isEmpty else { throw .missing }
        let url: ReturnURL
        do {
            url = try ReturnURL.parse(text)
        } catch {
            throw .malformed(error)
        }
        guard prefixes.contains(where: { url.isUnder($0) }) else { throw .notListed }
        guard !url.queryNames.contains(Self.ticketParameter) else { throw .carriesTicket }
        return text
    }

    /// The configuration's check of one prefix: nil when it is an http(s) URL without query or
    /// fragment.
    static func prefixProblem(_ text: String) -> String? {
        guard !text.contains("?"), !text.contains("#") else { return "must not have a query or fragment" }
        do {
            _ = try ReturnURL.parse(text)
            return nil
        } catch {
            return "must be an http(s) URL prefix like \"https://app.example.com/\": it " + error.reason
        }
    }

    /// A prefix without a path means "/": written that way, the configuration shows what is compared.
    static func normalizedPrefix(_ text: String) -> String {
        let afterScheme = text.range(of: "://").map { text[$0.upperBound...] } ?? ""
        return afterScheme.contains("/") ? text : text + "/"
    }
}
