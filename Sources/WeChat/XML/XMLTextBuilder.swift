/// Collects the character data of one element. Almost every WeChat element holds a single CDATA
/// section or run of text, so the builder only remembers that range and copies bytes once, when
/// the string is made; it falls back to a byte buffer when pieces must be joined.
struct XMLTextBuilder {
    private let input: UnsafeBufferPointer<UInt8>
    private var span: Range<Int>?
    private var joined: [UInt8]?

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    mutating func append(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if joined != nil {
            joined!.append(contentsOf: UnsafeBufferPointer(rebasing: input[range]))
        } else if let existing = span {
            joined = Array(UnsafeBufferPointer(rebasing: input[existing])) + UnsafeBufferPointer(rebasing: input[range])
            span = nil
        } else {
            span = range
        }
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        if joined == nil {
            joined = span.map { Array(UnsafeBufferPointer(rebasing: input[$0])) } ?? []
            span = nil
        }
        // Appending through `joined!` mutates in place; a local copy would copy the whole buffer
        // for every reference and make long runs of `&amp;` quadratic.
        Unicode.UTF8.encode(scalar) { joined!.append($0) }
    }

    /// The text. Pieces are split only at ASCII markup, so they stay valid UTF-8 and decoding
    /// never substitutes a replacement character.
    func string() -> String {
        if let joined { return String(decoding: joined, as: UTF8.self) }
        if let span { return String(decoding: UnsafeBufferPointer(rebasing: input[span]), as: UTF8.self) }
        return ""
    }

    /// True when the text is empty or only §2.3 whitespace.
    func isBlank() -> Bool {
        if let joined { return joined.allSatisfy(WeChatXMLParser.isWhitespace) }
        if let span { return input[span].allSatisfy(WeChatXMLParser.isWhitespace) }
        return true
    }
}
