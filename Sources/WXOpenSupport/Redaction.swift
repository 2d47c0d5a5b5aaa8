/// How a secret may be shown: enough to tell two apart, never enough to use one.
public enum Redaction {
    /// The first 6 characters and the length, e.g. `61W3mE…(86)`; `(none)` for nil or empty.
    public static func summary(_ secret: String?) -> String {
        guard let secret, !secret.isEmpty else { return "(none)" }
        return String(secret.prefix(6)) + "…(\(secret.utf8.count))"
    }

    /// `text` with every occurrence of each secret replaced by its summary. Secrets shorter
    /// than 6 characters are not searched for: they would match ordinary words.
    public static func scrub(_ text: String, removing secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 6 {
            result = result.replacingOccurrences(of: secret, with: summary(secret))
        }
        return result
    }
}
