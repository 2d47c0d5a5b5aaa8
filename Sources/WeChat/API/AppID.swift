/// The shape of a WeChat appid (official account, mini program or third-party platform): `wx`
/// and 16 lowercase hex digits.
public enum AppID {
    public static func isWellFormed(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 18, text.hasPrefix("wx") else { return false }
        return bytes.dropFirst(2).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
