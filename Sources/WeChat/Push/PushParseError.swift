/// Why a decrypted push or message could not be typed. Names fields, never their values.
public enum PushParseError: Error, Equatable, Sendable {
    case xml(WeChatXMLError)
    /// The root element is not `<xml>`; carries the name found.
    case unexpectedRoot(String)
    /// A field this kind of push needs is absent (or empty, for identifiers and codes).
    case missingField(String)
    /// A field that must be an integer is not.
    case invalidNumber(field: String)
}
