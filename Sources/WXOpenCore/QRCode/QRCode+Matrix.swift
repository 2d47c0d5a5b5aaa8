extension QRCode {
    /// The symbol being built: the function patterns (§6.3), the codewords (§7.7), the mask (§7.8)
    /// and the format and version information (§7.9, §7.10). Coordinates are x (column) and y
    /// (row) from the top left.
    struct Matrix: Sendable {
        let version: Int
        let size: Int
        private(set) var dark: [Bool]
        /// Function patterns and the areas kept for format and version information: neither
        /// codewords nor the mask go there.
        private(set) var reserved: [Bool]

        /// The function patterns of §6.3, and the format and version areas kept light until
        /// the mask is chosen (§7.1: step 5 places the patterns, step 7 the information).
        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            dark = Array(repeating: false, count: size * size)
            reserved = dark
            // §6.3.5: timing patterns along row 6 and column 6, dark on even coordinates; the
            // finders below overwrite their ends.
            for index in 0..<size {
                set(x: 6, y: index, index % 2 == 0)
                set(x: index, y: 6, index % 2 == 0)
            }
            // §6.3.3, §6.3.4: finders (7 × 7 rings: dark, light, 3 × 3 dark) in three corners,
            // each with a light separator where it faces the symbol.
            for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
                for dy in -4...4 {
                    for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                        let ring = max(abs(dx), abs(dy))
                        set(x: cx + dx, y: cy + dy, ring != 2 && ring != 4)
                    }
                }
            }
            // §6.3.6, Annex E: alignment patterns (5 × 5: dark, light, dark centre) at every pair of
            // the table's coordinates, except the three where a finder is.
            let positions = QRCode.alignmentPositions[version]
            for cy in positions {
                for cx in positions {
                    let first = positions.first, last = positions.last
                    if (cx == first && cy == first) || (cx == first && cy == last) || (cx == last && cy == first) { continue }
                    for dy in -2...2 {
                        for dx in -2...2 { set(x: cx + dx, y: cy + dy, max(abs(dx), abs(dy)) != 1) }
                    }
                }
            }
            // §7.9.1: format information beside the top-left finder, under the top-right one and
            // beside the bottom-left one (where the dark module is too).
            for index in 0...8 {
                reserve(x: 8, y: index)
                reserve(x: index, y: 8)
            }
            for index in 0..<8 {
                reserve(x: size - 1 - index, y: 8)
                reserve(x: 8, y: size - 1 - index)
            }
            // §7.10: version information, 6 × 3 above the bottom-left finder and 3 × 6 left of the
            // top-right one.
            if version >= 7 {
                for index in 0..<18 {
                    reserve(x: size - 11 + index % 3, y: index / 3)
                    reserve(x: index / 3, y: size - 11 + index % 3)
                }
            }
        }

        private mutating func set(x: Int, y: Int, _ isDark: Bool) {
            dark[y * size + x] = isDark
            reserved[y * size + x] = true
        }

        private mutating func reserve(x: Int, y: Int) {
            reserved[y * size + x] = true
        }

        /// §7.7.3: the bits, most significant first, in two-module-wide columns from the right
        /// edge, upwards then downwards in turn, skipping the vertical timing pattern's column
        /// and every reserved module. Modules left over are the remainder bits, 0 (light).
        mutating func place(_ codewords: [UInt8]) {
            var bit = 0
            let bits = codewords.count * 8
            for right in stride(from: size - 1, to: 0, by: -2) {
                let pairRight = right <= 6 ? right - 1 : right
                let upward = (size - 1 - pairRight) / 2 % 2 == 0
                for step in 0..<size {
                    let y = upward ? size - 1 - step : step
                    for x in [pairRight, pairRight - 1] where !reserved[y * size + x] && bit < bits {
                        dark[y * size + x] = codewords[bit / 8] >> (7 - bit % 8) & 1 == 1
                        bit += 1
                    }
                }
            }
        }

        /// §7.8.2, Table 10: the data mask patterns, on row i = y and column j = x.
        static func maskInverts(_ mask: Int, x j: Int, y i: Int) -> Bool {
            switch mask {
            case 0: (i + j) % 2 == 0
            case 1: i % 2 == 0
            case 2: j % 3 == 0
            case 3: (i + j) % 3 == 0
            case 4: (i / 2 + j / 3) % 2 == 0
            case 5: (i * j) % 2 + (i * j) % 3 == 0
            case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
            default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
            }
        }

        /// §7.8.2: the mask applied to every module that is not reserved.
        func masked(with mask: Int) -> Matrix {
            var copy = self
            for y in 0..<size {
                for x in 0..<size where !reserved[y * size + x] && Self.maskInverts(mask, x: x, y: y) {
                    copy.dark[y * size + x].toggle()
                }
            }
            return copy
        }

        /// §7.9.1, Annex C: the level's two bits and the mask's three, 10 BCH bits after them
        /// (generator 0x537), XOR 0x5412 so that no format information is all light. Bit 0 is the
        /// least significant. Also the dark module at (8, 4V + 9).
        mutating func drawFormatInformation(_ level: ErrorCorrection, mask: Int) {
            let bits = QRCode.bchCode(level.formatBits << 3 | mask, generator: 0x537) ^ 0x5412
            func bit(_ index: Int) -> Bool { bits >> index & 1 == 1 }
            // Beside the top-left finder: bits 0–7 down column 8, bits 8–14 leftwards along row 8,
            // skipping the timing patterns.
            for index in 0...5 { set(x: 8, y: index, bit(index)) }
            set(x: 8, y: 7, bit(6))
            set(x: 8, y: 8, bit(7))
            set(x: 7, y: 8, bit(8))
            for index in 9..<15 { set(x: 14 - index, y: 8, bit(index)) }
            // The copy: bits 0–7 leftwards from the right edge along row 8, bits 8–14 down to the bottom in column 8.
            for index in 0..<8 { set(x: size - 1 - index, y: 8, bit(index)) }
            for index in 8..<15 { set(x: 8, y: size - 15 + index, bit(index)) }
            set(x: 8, y: size - 8, true)
        }

        /// §7.10, Annex D: from version 7, the version's six bits and 12 BCH bits (generator
        /// 0x1F25), twice: bit i at row i / 3, column size − 11 + i mod 3, and transposed.
        mutating func drawVersionInformation() {
            guard version >= 7 else { return }
            let bits = QRCode.bchCode(version, generator: 0x1F25)
            for index in 0..<18 {
                let isDark = bits >> index & 1 == 1
                set(x: size - 11 + index % 3, y: index / 3, isDark)
                set(x: index / 3, y: size - 11 + index % 3, isDark)
            }
        }
    }

    /// Annex C and D: the value followed by the remainder of its division (times x^degree) by the
    /// generator, polynomials over GF(2) as bits.
    static func bchCode(_ value: Int, generator: Int) -> Int {
        func bitLength(_ number: Int) -> Int { Int.bitWidth - number.leadingZeroBitCount }
        let degree = bitLength(generator) - 1
        var remainder = value << degree
        while bitLength(remainder) > degree {
            remainder ^= generator << (bitLength(remainder) - bitLength(generator))
        }
        return value << degree | remainder
    }
}
