/// CSV for spreadsheets: RFC 4180 records, and cells a spreadsheet would run as a formula made
/// inert.
public enum CSV {
    /// One record: fields joined by commas, ended by CRLF (RFC 4180 §2.1, §2.4).
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field, quoted when it holds a comma, a double quote, CR or LF, with each double quote
    /// doubled (RFC 4180 §2.6, §2.7). A value that starts with `=`, `+`, `-` or `@` (or a tab or
    /// CR, which some spreadsheets skip before looking) gets a leading `'`, so that Excel, LibreOffice
    /// and Google Sheets show it as text rather than evaluate it (OWASP, "CSV Injection"): an
    /// account's nickname is chosen by whoever registered it.
    public static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, formulaStarts.contains(first) { value = "'" + value }
        guard value.unicodeScalars.contains(where: needsQuotes.contains) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    private static let needsQuotes: Set<Unicode.Scalar> = [",", "\"", "\r", "\n"]
}
