/// A QR Code symbol (ISO/IEC 18004:2015, model 2) of bytes in byte mode, for the console to show
/// a link as something a phone can scan. The steps follow the standard's §7.1 encoding procedure:
/// data codewords (§7.4), error correction (§7.5, §7.6, `QRCode+ReedSolomon.swift`), placement
/// (§7.7, `QRCode+Matrix.swift`), masking (§7.8, `QRCode+Penalty.swift`), then format and version
/// information (§7.9, §7.10).
struct QRCode: Sendable {
    /// §7.5.1: how many codewords may be lost, roughly 7, 15, 25 and 30 %.
    enum ErrorCorrection: Int, Sendable, CaseIterable {
        // The raw values index the rows of the tables in `QRCode+Tables.swift`.
        case low, medium, quartile, high

        /// The two bits of the level in the format information (§7.9.1, Table 12).
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }
    }

    enum EncodingError: Error, Equatable, CustomStringConvertible {
        /// More bytes than version 40 holds at this level.
        case tooLong(bytes: Int, maximum: Int, errorCorrection: ErrorCorrection)

        var description: String {
            switch self {
            case let .tooLong(bytes, maximum, level):
                "\(bytes) bytes do not fit a QR code: at most \(maximum) fit at error correction level \(level)"
            }
        }
    }

    /// 1…40: the symbol is 17 + 4 × version modules wide.
    let version: Int
    let errorCorrection: ErrorCorrection
    /// The data mask pattern (§7.8.2), 0…7.
    let mask: Int
    /// Modules per side, without the quiet zone.
    let size: Int
    /// Row by row, `true` for dark.
    let modules: [Bool]

    /// The text's UTF-8 bytes, in the smallest version that holds them.
    /// - Parameter mask: a fixed mask pattern (0…7) instead of the one with the lowest penalty.
    init(text: String, errorCorrection: ErrorCorrection = .medium, mask: Int? = nil) throws(EncodingError) {
        try self.init(bytes: Array(text.utf8), errorCorrection: errorCorrection, mask: mask)
    }

    init(bytes: [UInt8], errorCorrection: ErrorCorrection = .medium, mask: Int? = nil) throws(EncodingError) {
        precondition(mask.map { (0...7).contains($0) } ?? true, "a QR code mask pattern is 0…7")
        guard let version = Self.smallestVersion(holding: bytes.count, errorCorrection) else {
            throw .tooLong(bytes: bytes.count, maximum: Self.byteCapacity(version: 40, errorCorrection), errorCorrection: errorCorrection)
        }
        let data = Self.dataCodewords(bytes, version: version, errorCorrection)
        let codewords = Self.finalMessage(data, version: version, errorCorrection)
        var matrix = Matrix(version: version)
        matrix.place(codewords)
        let chosen = mask ?? matrix.bestMask()
        matrix = matrix.masked(with: chosen)
        matrix.drawFormatInformation(errorCorrection, mask: chosen)
        matrix.drawVersionInformation()
        self.version = version
        self.errorCorrection = errorCorrection
        self.mask = chosen
        size = matrix.size
        modules = matrix.dark
    }

    /// Whether the module in column `x`, row `y` (from the top left, 0-based) is dark.
    func isDark(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    /// Table 7: how many bytes a version holds in byte mode: the mode indicator (4 bits) and the
    /// character count (Table 3: 8 bits up to version 9, 16 after) come first.
    static func byteCapacity(version: Int, _ level: ErrorCorrection) -> Int {
        let countBits = version <= 9 ? 8 : 16
        return (dataCodewordCount(version: version, level) * 8 - 4 - countBits) / 8
    }

    static func smallestVersion(holding count: Int, _ level: ErrorCorrection) -> Int? {
        (1...40).first { byteCapacity(version: $0, level) >= count }
    }

    /// §7.4: mode indicator 0100, character count, the bytes, a terminator of up to four 0 bits
    /// (§7.4.9), 0 bits to a whole byte, then the pad codewords 11101100 and 00010001 in turn (§7.4.10).
    static func dataCodewords(_ bytes: [UInt8], version: Int, _ level: ErrorCorrection) -> [UInt8] {
        let capacity = dataCodewordCount(version: version, level)
        var bits: [Bool] = []
        bits.reserveCapacity(capacity * 8)
        func append(_ value: Int, count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append(value >> shift & 1 == 1) }
        }
        append(0b0100, count: 4)
        append(bytes.count, count: version <= 9 ? 8 : 16)
        for byte in bytes { append(Int(byte), count: 8) }
        append(0, count: min(4, capacity * 8 - bits.count))
        append(0, count: (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        for pad in 0..<(capacity - codewords.count) { codewords.append(pad % 2 == 0 ? 0xEC : 0x11) }
        return codewords
    }
}
