import Foundation

/// Numbers, dates and integer arrays.
extension StoreJSONReader {
    mutating func readInt64() throws -> Int64 {
        if let value = readPlainInteger() { return value }
        guard let value = Int64(try readNumberText()) else { throw failure("integer expected") }
        return value
    }

    /// The common case, `-?[0-9]+`, without making a String; anything else is left to the
    /// general path (the offset is then unchanged), so both read the same values.
    private mutating func readPlainInteger() -> Int64? {
        guard let number = scanPlainNumber(), number.decimals < 0 else { return nil }
        offset = number.end
        return number.negative ? -Int64(number.mantissa) : Int64(number.mantissa)
    }

    mutating func readInt() throws -> Int {
        Int(try readInt64())
    }

    mutating func readDouble() throws -> Double {
        if let value = readPlainDecimal() { return value }
        guard let value = Double(try readNumberText()) else { throw failure("number expected") }
        return value
    }

    private static let exactPowersOfTen: [Double] = (0 ... 22).map { pow(10, Double($0)) }

    /// The common case of a date, `821692800.25`, without making a String: when the digits fit
    /// in 2^53 and there are at most 22 decimals, mantissa / 10^decimals is one correctly rounded
    /// division of two exact doubles, which is exactly what strtod returns (Clinger's fast path).
    /// Anything else (exponents, more digits) is left to the general path; the offset is then
    /// unchanged.
    private mutating func readPlainDecimal() -> Double? {
        guard let number = scanPlainNumber(), number.decimals != 0, number.mantissa <= 1 << 53, number.decimals <= 22 else { return nil }
        offset = number.end
        let magnitude = Double(number.mantissa) / StoreJSONReader.exactPowersOfTen[max(number.decimals, 0)]
        return number.negative ? -magnitude : magnitude
    }

    /// `-?[0-9]+(\.[0-9]*)?` from the offset (after whitespace), not followed by another number
    /// byte: the sign, all digits as one integer, how many came after the point (-1: no point),
    /// and where it ends. Nil for anything else, or digits past 2^59.
    private mutating func scanPlainNumber() -> (negative: Bool, mantissa: UInt64, decimals: Int, end: Int)? {
        skipWhitespace()
        var position = offset
        let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = -1
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                guard mantissa < 1 << 59 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                if decimals >= 0 { decimals += 1 }
            } else if byte == UInt8(ascii: "."), decimals < 0 {
                decimals = 0
            } else {
                break
            }
            position += 1
        }
        if position < bytes.count, StoreJSONReader.isNumberByte(bytes[position]) { return nil }
        guard digits > 0 else { return nil }
        return (negative, mantissa, decimals, position)
    }

    /// A date as JSONEncoder writes it by default: seconds since 2001-01-01 as a number.
    mutating func readDate() throws -> Date {
        Date(timeIntervalSinceReferenceDate: try readDouble())
    }

    mutating func readIntArray() throws -> [Int] {
        var values: [Int] = []
        try readIntArray { values.append($0) }
        return values
    }

    /// Hands each integer of an array to `body` in turn, without collecting them; returns how many.
    @discardableResult
    mutating func readIntArray(_ body: (Int) -> Void) throws -> Int {
        skipWhitespace()
        try expect(UInt8(ascii: "["))
        var count = 0
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return count }
        while true {
            body(try readInt())
            count += 1
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return count }
            try expect(UInt8(ascii: ","))
        }
    }

    mutating func readNumberText() throws -> String {
        skipWhitespace()
        let start = offset
        while offset < bytes.count, StoreJSONReader.isNumberByte(bytes[offset]) { offset += 1 }
        guard offset > start else { throw failure("number expected") }
        return text(start ..< offset)
    }

    static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}
