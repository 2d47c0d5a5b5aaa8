import Glibc

/// The peers whose `Forwarded` / `X-Forwarded-For` / `X-Forwarded-Proto` are believed: the
/// reverse proxies in front of us. From anyone else those headers are ignored, since a client can
/// send any header it likes (RFC 7239 §8.3).
public struct TrustedProxies: Sendable, Equatable {
    /// One CIDR block, e.g. `10.0.0.0/8`, `127.0.0.1/32` or `::1/128`.
    public struct Block: Sendable, Equatable, CustomStringConvertible {
        let address: [UInt8]
        let prefixLength: Int
        public let description: String

        /// Parses `ADDRESS/BITS` (or a bare address, meaning one host); nil when it is not one.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let address = IPAddress.bytes(String(parts[0])) else { return nil }
            let bits = address.count * 8
            let length = parts.count == 2 ? Int(parts[1]) : bits
            guard let length, (0...bits).contains(length), parts.count == 1 || parts[1].allSatisfy(\.isNumber) else { return nil }
            self.address = address
            prefixLength = length
            description = text
        }

        func contains(_ candidate: [UInt8]) -> Bool {
            guard candidate.count == address.count else { return false }
            var remaining = prefixLength
            for (mine, theirs) in zip(address, candidate) where remaining > 0 {
                let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
                if mine & mask != theirs & mask { return false }
                remaining -= 8
            }
            return true
        }
    }

    public var blocks: [Block]

    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    /// None: every peer is a client.
    public static let none = TrustedProxies()

    public func contains(_ host: String) -> Bool {
        guard !blocks.isEmpty, let bytes = IPAddress.bytes(host) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client and scheme behind `peer`: what a trusted proxy says, else the peer itself.
    /// The forwarded-for chain is read from the right (each proxy appends the address it saw):
    /// the first address not of a trusted proxy is the client; anything unreadable on the way
    /// ends the walk at the peer, so a forged value never stands for the client.
    func resolve(peer: String, headers: HTTPHeaders) -> (host: String, scheme: String?) {
        guard contains(peer) else { return (peer, nil) }
        let chain: [String], scheme: String?
        if let forwarded = headers["Forwarded"] {
            let elements = ForwardedHeader.parse(forwarded)
            chain = elements.compactMap { $0["for"] }
            scheme = elements.last?["proto"]
        } else {
            chain = (headers["X-Forwarded-For"] ?? "").split(separator: ",").map { $0.trimmingOWS() }
            scheme = (headers["X-Forwarded-Proto"] ?? "").split(separator: ",").last.map { $0.trimmingOWS().lowercasedASCII() }
        }
        var client = peer
        for hop in chain.reversed() {
            guard let host = IPAddress.host(fromForwarded: hop) else { break }
            client = host
            if !contains(host) { break }
        }
        return (client, scheme == "https" || scheme == "http" ? scheme : nil)
    }
}

/// IPv4 and IPv6 text forms, through inet_pton.
enum IPAddress {
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// A `for=` or X-Forwarded-For value: `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:80`,
    /// `"[2001:db8::1]"`, `2001:db8::1`. Nil for `unknown`, obfuscated names and anything else.
    static func host(fromForwarded value: String) -> String? {
        var text = value
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            let inner = String(text[text.index(after: text.startIndex)..<end])
            return bytes(inner) != nil ? inner : nil
        }
        if bytes(text) != nil { return text }
        // IPv4 with a port.
        if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            let host = String(text[..<colon])
            return bytes(host) != nil && host.contains(".") ? host : nil
        }
        return nil
    }
}

/// RFC 7239 §4: `Forwarded: for=1.2.3.4;proto=https, for="[::1]"` — elements split on commas,
/// pairs on semicolons, names case-insensitive, values tokens or quoted strings.
enum ForwardedHeader {
    static func parse(_ value: String) -> [[String: String]] {
        splitOutsideQuotes(value, on: ",").map { element in
            var pairs: [String: String] = [:]
            for pair in splitOutsideQuotes(element, on: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingOWS().lowercasedASCII()
                var value = pair[pair.index(after: equals)...].trimmingOWS()
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                pairs[name] = name == "proto" ? value.lowercasedASCII() : value
            }
            return pairs
        }
    }

    private static func splitOutsideQuotes(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = [], current = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
