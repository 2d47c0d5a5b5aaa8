import Foundation
import Testing
@testable import WXOpenCore

/// The QR code encoder against symbols from two independent encoders (python-qrcode and segno,
/// `QRCodeTests+Vectors.swift`, made by `Tests/qrcode/make_vectors.py`) and the worked examples
/// of ISO/IEC 18004.
@Suite struct QRCodeTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let text: String
        let level: QRCode.ErrorCorrection
        let version: Int
        /// The mask `rows` were drawn with.
        let mask: Int
        /// The mask the reference chose by itself.
        let automaticMask: Int
        let rows: [String]

        var testDescription: String { "\(text.utf8.count) bytes, \(version)-\(level)" }
    }

    static let vectors = [oneByte, fullVersion2, overVersion2, authorizeLink, chinese, long, levelL, levelQ, levelH]

    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { x in code.isDark(x: x, y: y) ? "#" : "." }) }
    }

    @Test(arguments: vectors)
    func symbol_WithAFixedMask_IsTheReferences(vector: Vector) throws {
        let code = try QRCode(text: vector.text, errorCorrection: vector.level, mask: vector.mask)
        #expect(code.version == vector.version)
        #expect(code.size == 17 + 4 * vector.version)
        #expect(code.mask == vector.mask)
        let rows = Self.rows(code)
        for (index, (row, expected)) in zip(rows, vector.rows).enumerated() {
            #expect(row == expected, "row \(index)")
        }
        #expect(rows.count == vector.rows.count)
    }

    /// segno scores the masks as §7.1 orders the steps (before the format information); the
    /// pattern it can miss (below) changes no choice here.
    @Test(arguments: vectors)
    func automaticMask_IsTheOneTheReferenceChooses(vector: Vector) throws {
        #expect(try QRCode(text: vector.text, errorCorrection: vector.level).mask == vector.automaticMask)
    }

    /// segno's points for `authorizeLink`, plus the one N3 pattern segno misses (mask 4): its
    /// search resumes 7 modules after a counted pattern, so it skips a second that overlaps the
    /// first. Column 14 there reads `....#.###.###.#...|`: 1:1:3:1:1 at row 27 (light before)
    /// and again at row 31 (light after, to the edge); Table 11 counts each.
    static var authorizeLinkPenaltiesEveryPattern: [[Int]] {
        var penalties = authorizeLinkPenalties
        penalties[4][2] += 40
        return penalties
    }

    @Test(arguments: [(oneByte, oneBytePenalties), (chinese, chinesePenalties),
                      (authorizeLink, authorizeLinkPenaltiesEveryPattern), (long, longPenalties)])
    func penaltyOfEveryMask_IsTheReferencesRuleByRule(vector: Vector, expected: [[Int]]) {
        let bytes = Array(vector.text.utf8)
        var matrix = QRCode.Matrix(version: vector.version)
        matrix.place(QRCode.finalMessage(QRCode.dataCodewords(bytes, version: vector.version, vector.level), version: vector.version, vector.level))
        for mask in 0...7 {
            let penalty = QRCode.penalty(of: matrix.masked(with: mask).dark, size: matrix.size)
            #expect([penalty.runs, penalty.blocks, penalty.finderLike, penalty.balance] == expected[mask], "mask \(mask)")
        }
    }

    /// Each rule of Table 11 counted by hand on a light 21 × 21 square with one finder-like
    /// pattern in the middle of row 10.
    @Test func penaltyRules_CountedByHand() {
        let size = 21
        var modules = [Bool](repeating: false, count: size * size)
        #expect(QRCode.penalty(of: modules, size: size) == QRCode.Penalty(runs: 42 * 19, blocks: 20 * 20 * 3, finderLike: 0, balance: 100))
        for x in [7, 9, 10, 11, 13] { modules[10 * size + x] = true }
        let penalty = QRCode.penalty(of: modules, size: size)
        // Rows: 20 light ones (a run of 21: 3 + 16), row 10 (two runs of 7: 5 each). Columns: 5
        // cut in two runs of 10 (8 each), 16 light ones.
        #expect(penalty.runs == 20 * 19 + 10 + 5 * 16 + 16 * 19)
        // The 2 × 2 light blocks, less the 2 × 8 that touch a dark module of row 10.
        #expect(penalty.blocks == (400 - 16) * 3)
        // Light on both sides, but one pattern: counted once.
        #expect(penalty.finderLike == 40)
        // 5 of 441 dark: 1.1 %, 9 full steps of 5 % from 50 %.
        #expect(penalty.balance == 90)
    }

    @Test func capacity_IsTable7s() {
        #expect(QRCode.byteCapacity(version: 1, .medium) == 14)
        #expect(QRCode.byteCapacity(version: 2, .medium) == 26)
        #expect(QRCode.byteCapacity(version: 10, .medium) == 213)
        #expect(QRCode.ErrorCorrection.allCases.map { QRCode.byteCapacity(version: 40, $0) } == [2953, 2331, 1663, 1273])
        #expect(QRCode.smallestVersion(holding: 26, .medium) == 2)
        #expect(QRCode.smallestVersion(holding: 27, .medium) == 3)
    }

    @Test func tooLong_ForVersion40_Throws_AndOneByteLessFits() throws {
        let fits = try QRCode(bytes: Array(repeating: 0x61, count: 2331), mask: 0)  // one mask: scoring all 8 of a 177×177 symbol is slow in debug builds
        #expect(fits.version == 40 && fits.size == 177)
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 2332, maximum: 2331, errorCorrection: .medium)) {
            try QRCode(bytes: Array(repeating: 0x61, count: 2332))
        }
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 1274, maximum: 1273, errorCorrection: .high)) {
            try QRCode(bytes: Array(repeating: 0x61, count: 1274), errorCorrection: .high)
        }
        let error = QRCode.EncodingError.tooLong(bytes: 2332, maximum: 2331, errorCorrection: .medium)
        #expect(error.description == "2332 bytes do not fit a QR code: at most 2331 fit at error correction level medium")
    }

    /// Annex I's worked example, 01234567 in version 1-M: its 16 data codewords give these 10.
    @Test func errorCorrectionCodewords_AreTheStandardsExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ec = QRCode.remainder(of: data[...], dividedBy: QRCode.generatorPolynomial(degree: 10))
        #expect(ec == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// Annex C's example (level M, mask 101) and Annex D's first and last versions.
    @Test func formatAndVersionBits_AreTheStandardsExamples() {
        #expect(QRCode.bchCode(0b00_101, generator: 0x537) ^ 0x5412 == 0b100_0000_1100_1110)
        #expect(QRCode.bchCode(7, generator: 0x1F25) == 0x07C94)
        #expect(QRCode.bchCode(40, generator: 0x1F25) == 0x28C69)
    }

    @Test func dataCodewords_AreModeCountBytesTerminatorAndPads() {
        // 0100 mode, 00000001 count, 01000001 "A", 0000 terminator; 13 pad codewords fill the 16.
        #expect(QRCode.dataCodewords([0x41], version: 1, .medium) == [0x40, 0x14, 0x10] + Array(repeating: [0xEC, 0x11], count: 6).joined() + [0xEC])
    }

    @Test func svg_HasNoStyle_AndItsPathCoversExactlyTheDarkModules() throws {
        let code = try QRCode(text: Self.authorizeLink.text)
        let svg = code.svg(moduleSize: 4, quietZone: 4, label: "<b>&\"'")
        let side = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" "
                              + "width=\"\(side * 4)\" height=\"\(side * 4)\""))
        #expect(svg.contains(" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"&lt;b&gt;&amp;&quot;&#39;\">"))
        #expect(svg.contains("<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"))
        #expect(svg.hasSuffix("\" fill=\"#000\"/></svg>"))
        #expect(!svg.contains("style"))
        #expect(svg.components(separatedBy: "<path").count == 2)

        // Each subpath is one horizontal run: Mx,yhNv1h-Nz.
        let d = try #require(svg.components(separatedBy: "<path d=\"").last?.components(separatedBy: "\"").first)
        var drawn = Set<Int>()
        var runs = 0
        for command in d.split(separator: "z") {
            let parts = command.dropFirst().split(whereSeparator: { "hv,".contains($0) }).compactMap { Int($0) }
            try #require(parts.count == 5 && parts[3] == 1 && parts[4] == -parts[2], "\(command)")
            for x in parts[0]..<parts[0] + parts[2] {
                #expect(drawn.insert((parts[1] - 4) * code.size + x - 4).inserted, "drawn twice")
            }
            runs += 1
        }
        let dark = Set(code.modules.indices.filter { code.modules[$0] })
        #expect(drawn == dark)
        // Runs merged: one subpath per maximal horizontal run of dark modules.
        let expectedRuns = (0..<code.size).reduce(0) { total, y in
            total + (0..<code.size).count(where: { x in code.isDark(x: x, y: y) && (x == 0 || !code.isDark(x: x - 1, y: y)) })
        }
        #expect(runs == expectedRuns)
    }
}
