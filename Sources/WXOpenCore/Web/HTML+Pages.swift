import WXOpenSupport

extension HTML {
    /// An image URL for `<img src>`: only https URLs, and only characters that cannot break out
    /// of the attribute (the URL is escaped too). Anything else is omitted.
    public static func safeImageURL(_ url: String?) -> String? {
        guard let url, url.hasPrefix("https://"), url.utf8.count < 2048,
              url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "'" && $0 != "<" && $0 != ">" && $0 != "\\" })
        else { return nil }
        return escape(url)
    }
}

/// A string that is already HTML: built only from escaped text and literal markup.
public struct HTMLFragment: Sendable, ExpressibleByStringLiteral {
    public let html: String
    public init(stringLiteral value: String) { html = value }
    public init(raw: String) { html = raw }
    public init(text: String) { html = HTML.escape(text) }

    public static func + (a: HTMLFragment, b: HTMLFragment) -> HTMLFragment { HTMLFragment(raw: a.html + b.html) }
    public static func join(_ parts: [HTMLFragment], separator: String = "") -> HTMLFragment {
        HTMLFragment(raw: parts.map(\.html).joined(separator: separator))
    }
}
