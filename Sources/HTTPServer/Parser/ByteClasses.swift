import WXOpenSupport
/// Character classes from RFC 9110 §5.6.2 and RFC 9112, as fast byte tests.
enum ByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA,
    /// as a 128-bit set (bytes 0–63 in `tcharLow`, 64–127 in `tcharHigh`): no table to load.
    private static let tcharLow: UInt64 = 0x03FF6CFA00000000  // ! # $ % & ' * + - . 0-9
    private static let tcharHigh: UInt64 = 0x57FFFFFFC7FFFFFE  // A-Z ^ _ ` a-z | ~

    @inline(__always) static func isTChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return tcharLow & (1 << UInt64(byte)) != 0 }
        return byte < 128 && tcharHigh & (1 << UInt64(byte - 64)) != 0
    }

    /// field-vchar / SP / HTAB: VCHAR, obs-text (0x80–0xFF), space and tab. Everything else is a CTL.
    @inline(__always) static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// Visible ASCII, the only bytes a request-target may hold (RFC 9112 §3.2, RFC 3986).
    @inline(__always) static func isTargetByte(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always) static func hexValue(_ byte: UInt8) -> Int? {
        PercentEncoding.hexValue(byte).map(Int.init)
    }

    /// reg-name, IPv4, IP-literal and port characters (RFC 3986 §3.2.2).
    static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "-._~!$&'()*+,;=:[]%".utf8.contains(byte)
        }
    }
}
