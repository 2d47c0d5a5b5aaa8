/// Case folding for search: the search text of every account and each needle are folded alike.
extension StoreIndex {
    /// CJK radicals, kana, ideographs and Hangul: no scalar here has a lowercase form (a test
    /// checks), so folding skips the property lookup for the text most names are written in.
    static let caselessRanges: [ClosedRange<UInt32>] = [0x2E80 ... 0x9FFF, 0xAC00 ... 0xD7AF]

    /// Lowercase UTF-8 for case-insensitive search: what `String.lowercased()` gives, scalar by
    /// scalar, without its cost on text that has no case (Chinese names), which loading pays
    /// 100,000 times. The search text and what it is matched against are folded alike.
    static func fold(_ text: String, into bytes: inout [UInt8]) {
        for scalar in text.unicodeScalars { fold(scalar, into: &bytes) }
    }

    /// The same for UTF-8 straight from a snapshot line; false (and a partial fold) when it is
    /// not valid UTF-8, which a `String` would have repaired.
    static func fold(utf8 text: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) -> Bool {
        var position = 0
        while position < text.count {
            let byte = text[position]
            if byte < 0x80 {
                // A run of ASCII copied whole, then lowercased in place: appending byte by byte
                // checked the array's capacity and uniqueness for each.
                var end = position + 1
                while end < text.count, text[end] < 0x80 { end += 1 }
                let first = bytes.count
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[position ..< end]))
                bytes.withUnsafeMutableBufferPointer { folded in
                    for index in first ..< folded.count where folded[index] &- UInt8(ascii: "A") < 26 { folded[index] += 32 }
                }
                position = end
                continue
            }
            var iterator = UnsafeBufferPointer(rebasing: text[position...]).makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            guard case .valid(let encoded) = parser.parseScalar(from: &iterator) else { return false }
            let scalar = Unicode.UTF8.decode(encoded)
            if caselessRanges.contains(where: { $0.contains(scalar.value) }) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[position ..< position + encoded.count]))
            } else {
                fold(scalar, into: &bytes)
            }
            position += encoded.count
        }
        return true
    }

    private static func fold(_ scalar: Unicode.Scalar, into bytes: inout [UInt8]) {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        } else if !StoreIndex.caselessRanges.contains(where: { $0.contains(scalar.value) }),
                  scalar.properties.changesWhenLowercased {
            bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
        } else {
            UTF8.encode(scalar) { bytes.append($0) }
        }
    }
}
