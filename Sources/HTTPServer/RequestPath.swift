import WXOpenSupport

/// A request path, split on `/` before anything is decoded and then decoded segment by segment,
/// so a path has one meaning whoever reads it (this server, or a proxy matching raw paths):
///
/// - RFC 3986 §2.2: `%2F` inside a segment is data, never a separator. `/admin%2fauthorizers`
///   is the one segment `admin/authorizers`, which can bind a `:param` but matches no literal.
/// - RFC 3986 §6.2.2.2: an escaped unreserved character is that character, so `/%61dmin` is
///   `/admin`.
/// - `.` and `..` segments, raw or escaped (`%2e`, `%2E%2e`), are refused with 400: nothing here
///   resolves them, and accepting them would give routes second spellings.
/// - Empty segments are kept, not merged as nginx does: `//admin` is the segments `""` and
///   `admin`, and `/admin/` is `admin` and `""`. An empty segment matches no literal and binds no
///   parameter, so such a path reaches no route that its merged spelling would (404), and a proxy
///   rule on the raw path cannot be stepped around by doubling a slash. The root `/` has no
///   segments.
enum RequestPath {
    struct Split {
        /// The decoded segments.
        var segments: [String]
        /// The path as received, with escaped unreserved characters decoded and every other
        /// escape in uppercase hex (RFC 3986 §6.2.2): equal for two spellings of one path.
        var normalized: String
        /// Whether the path held any escape (else `normalized` is the path as received).
        var isEscaped: Bool
    }

    /// Splits `raw`, which starts with `/`. `whole`, when given, is `raw` as a `String` already.
    static func split(_ raw: Substring, whole: String? = nil) throws(HTTPError) -> Split {
        let utf8 = raw.utf8
        var segments: [String] = []
        var escaped = false
        var start = utf8.index(after: utf8.startIndex)
        if start != utf8.endIndex {
            var index = start
            while true {
                let atEnd = index == utf8.endIndex
                if atEnd || utf8[index] == UInt8(ascii: "/") {
                    segments.append(try decode(raw[start..<index], escaped: &escaped))
                    if atEnd { break }
                    utf8.formIndex(after: &index)
                    start = index
                } else {
                    utf8.formIndex(after: &index)
                }
            }
        }
        return Split(segments: segments, normalized: escaped ? normalize(raw) : whole ?? String(raw), isEscaped: escaped)
    }

    private static func decode(_ segment: Substring, escaped: inout Bool) throws(HTTPError) -> String {
        let decoded: String
        if segment.utf8.contains(UInt8(ascii: "%")) {
            escaped = true
            decoded = try PercentEncoding.decodeRequestPart(segment, plusAsSpace: false)
        } else {
            decoded = String(segment)
        }
        if decoded == "." || decoded == ".." { throw HTTPError(.badRequest, "The path has a . or .. segment.") }
        return decoded
    }

    /// Only for a path with escapes, which `decode` has already checked are well formed.
    private static func normalize(_ raw: Substring) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        var bytes = raw.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%"), let high = bytes.next(), let low = bytes.next(),
                  let value = PercentEncoding.hexValue(high).flatMap({ h in PercentEncoding.hexValue(low).map { h << 4 | $0 } })
            else {
                out.append(byte)
                continue
            }
            if PercentEncoding.isUnreserved(value) {
                out.append(value)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hexDigit(value >> 4), hexDigit(value & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
