/// The cookies a request carries in its `Cookie` header fields.
///
/// RFC 6265 §4.2.1: `name=value` pairs separated by `;` and a space (§5.4 step 4; the space is
/// optional here, as browsers and proxies are not all exact). §4.1.1: a value may be wrapped in
/// double quotes, which are not part of it. A pair without `=` or with an empty name is skipped
/// rather than failing the request: one broken cookie from another app on the host must not
/// lock anyone out. Values are not percent-decoded: a cookie value is opaque octets.
public struct HTTPCookies: Sendable, Equatable {
    /// Every pair, in the order the browser sent them; a name may appear more than once.
    public let pairs: [(name: String, value: String)]

    public init(parsing headerValues: [String]) {
        var pairs: [(name: String, value: String)] = []
        for header in headerValues {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingOWS()
                guard !name.isEmpty else { continue }
                var value = Substring(pair[pair.index(after: equals)...].trimmingOWS())
                if value.utf8.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
                pairs.append((name, String(value)))
            }
        }
        self.pairs = pairs
    }

    /// The first cookie named `name` (case-sensitive, as cookie names are). When a browser holds
    /// two cookies of one name (ours for `/admin`, another for `/` set by a sibling app or a
    /// subdomain), §5.4 step 2 has it send the one with the longer path first, and of equal
    /// paths the older one first: the first is the one scoped most closely to us, so it wins.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public static func == (a: HTTPCookies, b: HTTPCookies) -> Bool {
        a.pairs.elementsEqual(b.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}

extension HTTPRequest {
    /// The request's cookies, parsed from its `Cookie` fields (HTTP/1.1 sends one; several are joined).
    public var cookies: HTTPCookies { HTTPCookies(parsing: headers.values("Cookie")) }
}
