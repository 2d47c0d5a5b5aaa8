/// Why a document was refused. Offsets are byte offsets into the input; no case carries text
/// content, which may hold a ticket or a code.
public enum WeChatXMLError: Error, Equatable, Sendable {
    /// The input is larger than `Limits.maxBytes`.
    case tooLarge(limit: Int)
    case notUTF8
    /// A character XML 1.0 §2.2 does not allow (most control characters, U+FFFE, U+FFFF).
    case invalidCharacter(offset: Int)
    /// `<!DOCTYPE`, `<!ENTITY`, comments, processing instructions: everything starting with `<!`
    /// or `<?` except CDATA and the leading XML declaration. This is what makes entity expansion
    /// ("billion laughs") and external entities impossible.
    case forbiddenMarkup(offset: Int)
    /// An `&…;` that is not one of the five predefined entities or a reference to a valid character.
    case invalidReference(offset: Int)
    case mismatchedTag(offset: Int, expected: String, found: String)
    /// Non-whitespace text next to child elements; WeChat never mixes them.
    case mixedContent(offset: Int)
    case tooDeep(limit: Int)
    case tooManyElements(limit: Int)
    case tooManyAttributes(limit: Int)
    /// The input stops inside the document.
    case unexpectedEnd
    /// Something other than whitespace after the root element.
    case trailingContent(offset: Int)
    case syntax(offset: Int, expected: String)
}
