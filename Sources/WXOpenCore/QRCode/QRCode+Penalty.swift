extension QRCode {
    /// §7.8.3.1, Table 11: the penalty points of a masked symbol, one field per rule.
    struct Penalty: Sendable, Equatable {
        /// N1 = 3: a run of five or more modules of one colour in a row or column: 3 + (length − 5).
        var runs = 0
        /// N2 = 3: every 2 × 2 block of one colour (overlapping blocks count each).
        var blocks = 0
        /// N3 = 40: every dark-light-dark-dark-dark-light-dark (1:1:3:1:1) in a row or column with
        /// four light modules before or after it (outside the symbol counts as light).
        var finderLike = 0
        /// N4 = 10: for every full 5 % the dark modules' share is away from 50 %.
        var balance = 0

        var total: Int { runs + blocks + finderLike + balance }
    }
}

extension QRCode.Matrix {
    /// §7.8.3.1: the mask with the lowest penalty (the first of equals). Scored as §7.1 orders
    /// the steps: after the function patterns and the data, before the format and version
    /// information, whose modules are still light.
    func bestMask() -> Int {
        let penalties = (0...7).map { QRCode.penalty(of: masked(with: $0).dark, size: size).total }
        return penalties.indices.min { penalties[$0] < penalties[$1] }!
    }
}

extension QRCode {
    /// §7.8.3.1, Table 11: the four rules over every row and column of a square of modules
    /// (row by row, `true` for dark).
    static func penalty(of modules: [Bool], size: Int) -> Penalty {
        func isDark(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }
        var penalty = Penalty()
        var line = [Bool](repeating: false, count: size)
        for index in 0..<size {
            for along in 0..<size { line[along] = isDark(along, index) }
            score(line, into: &penalty)
            for along in 0..<size { line[along] = isDark(index, along) }
            score(line, into: &penalty)
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = isDark(x, y)
                if isDark(x + 1, y) == colour && isDark(x, y + 1) == colour && isDark(x + 1, y + 1) == colour { penalty.blocks += 3 }
            }
        }
        // k full steps of 5 % away from 50 %: |dark / total × 100 − 50| / 5, in integers.
        let darkCount = modules.count(where: { $0 })
        penalty.balance = 10 * (abs(darkCount * 20 - modules.count * 10) / modules.count)
        return penalty
    }

    /// Rules N1 and N3 on one row or column.
    private static func score(_ line: [Bool], into penalty: inout Penalty) {
        var runStart = 0
        for index in 1...line.count where index == line.count || line[index] != line[runStart] {
            let length = index - runStart
            if length >= 5 { penalty.runs += 3 + (length - 5) }
            runStart = index
        }
        let pattern = [true, false, true, true, true, false, true]
        guard line.count >= pattern.count else { return }
        for start in 0...(line.count - pattern.count) where line[start..<start + 7].elementsEqual(pattern) {
            let lightBefore = line[max(0, start - 4)..<start].allSatisfy { !$0 }
            let lightAfter = line[(start + 7)..<min(line.count, start + 11)].allSatisfy { !$0 }
            if lightBefore || lightAfter { penalty.finderLike += 40 }
        }
    }
}
