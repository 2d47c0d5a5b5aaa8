/// The XML dialect WeChat speaks: a strict, hand-written parser and a renderer.
///
/// What the parser accepts, and why it is narrower than XML 1.0:
/// - UTF-8 only, an optional byte-order mark, an optional leading `<?xml …?>` declaration.
/// - No DTDs, entity declarations, comments or processing instructions: any `<!` other than
///   `<![CDATA[` and any later `<?` is refused. WeChat sends none of them, and refusing them is
///   what rules out entity expansion and external entities.
/// - Attributes are checked for well-formedness and then ignored: WeChat sends none, and a value
///   we never read cannot change what a push means.
/// - The five predefined entities and numeric character references, which must name a character
///   XML allows; nothing else after `&`.
/// - An element holds either text or child elements, never both (whitespace between children is
///   allowed and dropped).
/// - Line endings are kept as sent rather than normalised (XML 1.0 §2.11), so text arrives
///   byte-for-byte; WeChat's documents carry no carriage returns.
/// - Element names are ASCII: `[A-Za-z_:][A-Za-z0-9_:.-]*`.
public enum WeChatXML {
    /// Bounds on what the parser accepts; WeChat's pushes and messages sit far inside them.
    public struct Limits: Sendable, Equatable {
        /// Largest input, in bytes. Default: 65,536 (64 KiB).
        public var maxBytes: Int
        /// Deepest nesting, the root element counting as 1. Default: 16.
        public var maxDepth: Int
        /// Most elements in one document, the root included. Default: 1,024.
        public var maxElements: Int
        /// Most attributes on one element. Default: 16. WeChat sends none; the cap keeps the
        /// duplicate-name check cheap.
        public var maxAttributes: Int

        public init(maxBytes: Int = 65_536, maxDepth: Int = 16, maxElements: Int = 1_024, maxAttributes: Int = 16) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxElements = maxElements
            self.maxAttributes = maxAttributes
        }
    }

    /// Parses a whole document and returns its root element.
    public static func parse(_ text: String, limits: Limits = Limits()) throws(WeChatXMLError) -> XMLElement {
        guard text.utf8.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        var text = text
        let result: Result<XMLElement, WeChatXMLError> = text.withUTF8 { bytes in
            var parser = WeChatXMLParser(input: bytes, limits: limits)
            return Result { () throws(WeChatXMLError) in try parser.parseDocument() }
        }
        return try result.get()
    }

    /// Parses a document given as bytes (an HTTP body, say), which must be UTF-8.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(WeChatXMLError) -> XMLElement {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        return try parse(text, limits: limits)
    }
}
