/// Error correction (§7.5) and the final codeword sequence (§7.6).
extension QRCode {
    /// §7.6: the data split into the blocks of Table 9, each block's Reed–Solomon codewords
    /// appended, then all of it interleaved: the first codeword of every block, the second, and so
    /// on, data before error correction. The blocks of the second group hold one data codeword
    /// more than those of the first; the first group's blocks simply have none at that column.
    static func finalMessage(_ data: [UInt8], version: Int, _ level: ErrorCorrection) -> [UInt8] {
        let blocks = blockCount[level.rawValue][version]
        let ecLength = ecCodewordsPerBlock[level.rawValue][version]
        let shortBlocks = blocks - codewordCount[version] % blocks
        let shortLength = codewordCount[version] / blocks - ecLength
        let generator = generatorPolynomial(degree: ecLength)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var start = data.startIndex
        for index in 0..<blocks {
            let length = shortLength + (index < shortBlocks ? 0 : 1)
            dataBlocks.append(data[start..<start + length])
            start += length
        }
        let ecBlocks = dataBlocks.map { remainder(of: $0, dividedBy: generator) }
        var message: [UInt8] = []
        message.reserveCapacity(codewordCount[version])
        for column in 0...shortLength {
            for block in dataBlocks where column < block.count { message.append(block[block.startIndex + column]) }
        }
        for column in 0..<ecLength {
            for block in ecBlocks { message.append(block[column]) }
        }
        return message
    }

    /// Annex A: the generator polynomial of degree n, (x − α⁰)(x − α¹)…(x − αⁿ⁻¹). Its
    /// coefficients from x^(n−1) down to x⁰; the leading 1 of xⁿ is left out.
    static func generatorPolynomial(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1  // the polynomial 1
        var root: UInt8 = 1  // α⁰
        for _ in 0..<degree {
            // Multiply by (x − root); in GF(2⁸) subtraction is XOR.
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = multiply(root, 2)
        }
        return coefficients
    }

    /// §7.5.2: the error correction codewords are the remainder of the data (as the coefficients
    /// of a polynomial, first codeword highest) times xⁿ divided by the generator.
    static func remainder(of data: ArraySlice<UInt8>, dividedBy generator: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for codeword in data {
            let factor = codeword ^ remainder.removeFirst()
            remainder.append(0)
            for index in remainder.indices { remainder[index] ^= multiply(generator[index], factor) }
        }
        return remainder
    }

    /// §7.5.2: multiplication in GF(2⁸) modulo the field's polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D),
    /// shift-and-add with a reduction whenever x⁸ appears.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product <<= 1
            if product & 0x100 != 0 { product ^= 0x11D }
            if b >> bit & 1 == 1 { product ^= Int(a) }
        }
        return UInt8(product)
    }
}
