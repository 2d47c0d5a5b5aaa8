import Testing
@testable import HTTPServer

/// Generated request ids: SplitMix64's output as 16 lowercase hex digits, written in place.
@Suite struct RequestIDTests {
    /// The reference sequence for state 0 (Steele, Lea, Flood 2014): 0xe220a8397b1dcdaf, then
    /// 0x6e789e6aa1b965f4; and a small value keeps its leading zeros.
    @Test func generatedIDs_AreTheGeneratorsOutput_InSixteenHexDigits() {
        var generator = SplitMix64(state: 0)
        #expect(generator.nextID() == "e220a8397b1dcdaf")
        #expect(generator.nextID() == "6e789e6aa1b965f4")
        #expect(SplitMix64.hex(0x0A) == "000000000000000a")
    }

    @Test func generatedIDs_AreValidRequestIDs() {
        var generator = SplitMix64()
        for _ in 0..<100 {
            let id = generator.nextID()
            #expect(id.utf8.count == 16 && RequestID.isValid(id) && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        }
    }
}
