/// A value that carries a secret (a token, a code, a session key). Its `description`, its
/// `debugDescription` and the mirror `dump` and debuggers walk are all built from `shownFields`,
/// where every secret is already reduced to `Redaction.summary`: no way of printing the value
/// can leak one, and each type says once what may be shown.
public protocol RedactedDescription: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Each field's name and the text that may be shown for it, in order.
    var shownFields: [(String, String)] { get }
    /// The name in the description. Default: the type's name.
    static var shownName: String { get }
}

extension RedactedDescription {
    public static var shownName: String { String(describing: Self.self) }

    public var description: String {
        Self.shownName + "(" + shownFields.map { $0.0 + ": " + $0.1 }.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: shownFields.map { (label: $0.0, value: $0.1 as Any) }, displayStyle: .struct)
    }
}
