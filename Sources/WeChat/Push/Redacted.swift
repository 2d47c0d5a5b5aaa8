/// Keeps codes out of logs: the first 6 characters and the length, as the style guide allows.
func redacted(_ secret: String) -> String {
    "\(secret.prefix(6))…(\(secret.utf8.count) bytes)"
}
