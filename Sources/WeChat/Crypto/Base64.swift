/// RFC 4648 §4 base64 over bytes. Written out rather than taken from Foundation because the
/// decoder must be strict (Foundation's tolerates options we do not want to reason about) and
/// cheap in the push hot path, where it runs on every request. It is an encoding, not a cipher.
enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let invalid: UInt8 = 0xFF
    private static let equals = UInt8(ascii: "=")

    /// Six-bit values by input byte; 0xFF for every byte outside the alphabet, "=" included.
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        let outputCount = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: outputCount) { output in
            var index = 0
            var offset = 0
            while offset + 3 <= bytes.count {
                let word = UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
                output[index] = alphabet[Int(word >> 18 & 0x3F)]
                output[index + 1] = alphabet[Int(word >> 12 & 0x3F)]
                output[index + 2] = alphabet[Int(word >> 6 & 0x3F)]
                output[index + 3] = alphabet[Int(word & 0x3F)]
                index += 4
                offset += 3
            }
            let remaining = bytes.count - offset
            if remaining > 0 {
                let second = remaining == 2 ? UInt32(bytes[offset + 1]) : 0
                let word = UInt32(bytes[offset]) << 16 | second << 8
                output[index] = alphabet[Int(word >> 18 & 0x3F)]
                output[index + 1] = alphabet[Int(word >> 12 & 0x3F)]
                output[index + 2] = remaining == 2 ? alphabet[Int(word >> 6 & 0x3F)] : equals
                output[index + 3] = equals
                index += 4
            }
            return index
        }
    }

    /// Decodes `text`, or returns nil unless it is strictly well formed: a length that is a
    /// multiple of 4, only alphabet characters, "=" only as the last one or two characters, no
    /// whitespace. With `canonical`, the unused low bits of the last character must be zero
    /// (RFC 4648 §3.5), so that exactly one string decodes to each byte sequence.
    static func decode(_ text: String, canonical: Bool = true) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0, canonical: canonical) }
    }

    static func decode(_ input: UnsafeBufferPointer<UInt8>, canonical: Bool = true) -> [UInt8]? {
        let count = input.count
        guard count % 4 == 0 else { return nil }
        guard count > 0 else { return [] }
        var padding = 0
        if input[count - 1] == equals { padding = input[count - 2] == equals ? 2 : 1 }
        let fullQuads = count / 4 - (padding > 0 ? 1 : 0)
        var valid = true

        let output = sextets.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: count / 4 * 3 - padding) { output, written in
                var index = 0
                var offset = 0
                for _ in 0 ..< fullQuads {
                    let a = table[Int(input[offset])], b = table[Int(input[offset + 1])]
                    let c = table[Int(input[offset + 2])], d = table[Int(input[offset + 3])]
                    guard (a | b | c | d) & 0x80 == 0 else { valid = false; return }
                    output[index] = a << 2 | b >> 4
                    output[index + 1] = b << 4 | c >> 2
                    output[index + 2] = c << 6 | d
                    index += 3
                    offset += 4
                }
                if padding > 0 {
                    let a = table[Int(input[offset])], b = table[Int(input[offset + 1])]
                    guard (a | b) & 0x80 == 0 else { valid = false; return }
                    output[index] = a << 2 | b >> 4
                    index += 1
                    if padding == 1 {
                        let c = table[Int(input[offset + 2])]
                        guard c & 0x80 == 0, !canonical || c & 0x03 == 0 else { valid = false; return }
                        output[index] = b << 4 | c >> 2
                        index += 1
                    } else {
                        guard !canonical || b & 0x0F == 0 else { valid = false; return }
                    }
                }
                written = index
            }
        }
        return valid ? output : nil
    }
}
