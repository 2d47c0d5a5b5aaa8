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
        // Over the contiguous bytes (a received target always has them): slicing a `Substring`
        // segment by segment costs more than the rest of the split.
        let result = raw.utf8.withContiguousStorageIfAvailable { split(bytes: $0) }
            ?? Array(raw.utf8).withUnsafeBufferPointer { split(bytes: $0) }
        let (segments, escaped) = try result.get()
        return Split(segments: segments, normalized: escaped ? normalize(raw) : whole ?? String(raw), isEscaped: escaped)
    }

    private static func split(bytes: UnsafeBufferPointer<UInt8>) -> Result<(segments: [String], escaped: Bool), HTTPError> {
        guard bytes.count > 1 else { return .success(([], false)) }
        var segments: [String] = []
        var slashes = 0
        for byte in bytes where byte == UInt8(ascii: "/") { slashes += 1 }
        segments.reserveCapacity(slashes)
        var escaped = false, start = 1, index = 1
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                let segment = UnsafeBufferPointer(rebasing: bytes[start..<index])
                let decoded: String
                if segment.contains(UInt8(ascii: "%")) {
                    escaped = true
                    do {
                        decoded = try PercentEncoding.decodeRequestPart(String(decoding: segment, as: UTF8.self), plusAsSpace: false)
                    } catch {
                        return .failure(error)
                    }
                } else {
                    decoded = String(decoding: segment, as: UTF8.self)
                }
                if decoded == "." || decoded == ".." { return .failure(HTTPError(.badRequest, "The path has a . or .. segment.")) }
                segments.append(decoded)
                start = index + 1
            }
            index += 1
        }
        return .success((segments, escaped))
    }

    /// Only for a path with escapes, which `split` has already checked are well formed.
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
