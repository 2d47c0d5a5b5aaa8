/// The content of one rendered element.
public indirect enum XMLValue: Sendable {
    /// Text in CDATA, as WeChat writes strings.
    case text(String)
    /// Escaped character data without CDATA, as WeChat writes numbers (`<CreateTime>…`).
    case plain(String)
    /// Child elements, in order.
    case elements([(String, XMLValue)])

    /// A number written bare.
    public static func number<Integer: BinaryInteger>(_ value: Integer) -> XMLValue {
        .plain(String(value))
    }
}
