import Foundation
import Testing
@testable import WXOpenCore

/// The store's own JSON writer and reader must stay interchangeable with the models' `Codable`
/// form: same members, same values, so either can read what the other wrote.
@Suite struct StoreJSONTests {
    /// Every optional set, so a member the fast codec forgets shows up.
    static var fullySet: AuthorizerRecord {
        var record = StoreFixtures.authorizer("wxfull", status: .needsReauthorization)
        record.revokedAt = StoreFixtures.now.addingTimeInterval(-5)
        record.lastRefreshError = "61023 refresh token invalid"
        return record
    }

    func written(_ value: some StoreJSONCodable) throws -> Data {
        var writer = StoreJSONWriter()
        try value.write(to: &writer)
        return Data(writer.bytes)
    }

    func read<Value: StoreJSONCodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try Array(data).withUnsafeBytes { bytes in
            var reader = StoreJSONReader(bytes)
            let value = try Value(json: &reader)
            try reader.expectEnd()
            return value
        }
    }

    @Test func fixture_SetsEveryOptionalMember() {
        func unsetOptionals(_ value: Any, path: String) -> [String] {
            Mirror(reflecting: value).children.flatMap { child -> [String] in
                let name = path + "." + (child.label ?? "?")
                let mirror = Mirror(reflecting: child.value)
                guard mirror.displayStyle == .optional else { return [] }
                guard let wrapped = mirror.children.first?.value else { return [name] }
                return Mirror(reflecting: wrapped).displayStyle == .struct ? unsetOptionals(wrapped, path: name) : []
            }
        }
        #expect(unsetOptionals(StoreJSONTests.fullySet, path: "record") == [])
    }

    @Test func authorizer_WritesTheSameMembersAsCodable() throws {
        let ours = try JSONSerialization.jsonObject(with: try written(StoreJSONTests.fullySet)) as? NSDictionary
        let codable = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(StoreJSONTests.fullySet)) as? NSDictionary
        #expect(ours != nil)
        #expect(ours == codable)
    }

    @Test func authorizer_CrossReadsWithCodable_BothWays() throws {
        for record in [StoreJSONTests.fullySet, AuthorizerRecord(appID: "wxbare", componentAppID: "c", updatedAt: StoreFixtures.now)] {
            #expect(try JSONDecoder().decode(AuthorizerRecord.self, from: try written(record)) == record)
            #expect(try read(AuthorizerRecord.self, from: try JSONEncoder().encode(record)) == record)
        }
    }

    @Test func otherRecords_CrossReadWithCodable_BothWays() throws {
        let ticket = StoreFixtures.ticket(), token = StoreFixtures.componentToken()
        let events = [StoreFixtures.event(), EventRecord(id: 9, at: StoreFixtures.now, kind: "push.rejected", outcome: "rejected")]
        #expect(try JSONDecoder().decode(StoredTicket.self, from: try written(ticket)) == ticket)
        #expect(try read(StoredTicket.self, from: try JSONEncoder().encode(ticket)) == ticket)
        #expect(try JSONDecoder().decode(StoredComponentToken.self, from: try written(token)) == token)
        #expect(try read(StoredComponentToken.self, from: try JSONEncoder().encode(token)) == token)
        for event in events {
            #expect(try JSONDecoder().decode(EventRecord.self, from: try written(event)) == event)
            #expect(try read(EventRecord.self, from: try JSONEncoder().encode(event)) == event)
        }
    }

    @Test func strings_RoundTrip_WithEveryKindOfCharacter() throws {
        let nasty = "quote\" backslash\\ slash/ newline\n tab\t nul\u{0} bell\u{7} del\u{7F} 中文 emoji🧧 ls\u{2028} end"
        var record = StoreJSONTests.fullySet
        record.info?.nickName = nasty
        record.info?.rawJSON = nasty
        let json = try written(record)
        #expect(!json.contains(0x0A))
        #expect(try read(AuthorizerRecord.self, from: json) == record)
        #expect(try JSONDecoder().decode(AuthorizerRecord.self, from: json) == record)
    }

    @Test func reader_AcceptsWhitespaceEscapesAndUnknownMembers_InAnyOrder() throws {
        let json = """
            { "detail" : "a\\u00e9\\ud83e\\udde7\\/" , "future": {"nested": [1, 2.5e3, true, null, "x"]},
              "outcome":"ok", "kind":"push.k", "at": 1.5e2, "id": 7 }
            """
        let event = try read(EventRecord.self, from: Data(json.utf8))
        #expect(event == EventRecord(id: 7, at: Date(timeIntervalSinceReferenceDate: 150), kind: "push.k", detail: "aé🧧/"))
    }

    @Test(arguments: [
        (#"{"id":1,"at":0,"kind":"k","outcome":"ok"}"#, "member \"detail\" missing"),
        (#"{"id":1,"at":0,"kind":"k","outcome":"ok","detail":"d"} x"#, "trailing bytes"),
        (#"{"id":1,"at":0,"kind":"k","outcome":"ok","detail":"\q"}"#, "unknown escape"),
        (#"{"id":"1","at":0,"kind":"k","outcome":"ok","detail":"d"}"#, "number expected"),
        (#"{"id":1 "at":0}"#, "expected \",\""),
        (#"{"id":1,"at"0}"#, "expected \":\""),
        (#"{"id":1,"a\t":0}"#, "escaped object key"),
    ])
    func reader_RejectsMalformedInput_SayingWhere(json: String, reason: String) {
        #expect {
            try read(EventRecord.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("invalid JSON at byte")
        }
    }

    /// The digit-only fast paths read what `Int64(String)` and `Double(String)` read.
    @Test func numbers_ReadAsTheStringParsersReadThem() throws {
        var generator = SplitMix64(seed: 7)
        var texts = ["0", "-0", "007", "42", "-1", "9223372036854775807", "-9223372036854775808", "576460752303423487",
                     "576460752303423488", "9007199254740993", "817826584.4543685", "817826584.45436851", "1.", "-.5", "1e3", "2.5E-3"]
        for _ in 0 ..< 2000 { texts.append("\(generator.next() % 1_000_000_000).\(generator.next() % 10_000_000)") }
        for text in texts {
            let bytes = Array(text.utf8)
            let integer = bytes.withUnsafeBytes { raw in
                var reader = StoreJSONReader(raw)
                return try? reader.readInt64()
            }
            #expect(integer == Int64(text), "\(text)")
            let double = bytes.withUnsafeBytes { raw in
                var reader = StoreJSONReader(raw)
                return try? reader.readDouble()
            }
            #expect(double?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func dates_RoundTripExactly() throws {
        var generator = SplitMix64(seed: 42)
        var values: [Double] = [0, -1.5, 821_692_800.25, 816_911_464.6009465, 1e-7, 123_456_789_012_345.67, -0.0001]
        for _ in 0 ..< 2000 { values.append(Double(generator.next() % 2_000_000_000_000) / 1000 + Double(generator.next() % 1000) / 7) }
        for value in values {
            let event = EventRecord(id: 1, at: Date(timeIntervalSinceReferenceDate: value), kind: "k")
            #expect(try read(EventRecord.self, from: try written(event)).at.timeIntervalSinceReferenceDate == value, "\(value)")
        }
    }

    @Test func writer_RefusesNonFiniteDates() {
        let event = EventRecord(id: 1, at: Date(timeIntervalSinceReferenceDate: .nan), kind: "k")
        #expect(throws: EncodingError.self) { try written(event) }
    }

    /// The word-at-a-time scan stops where a byte-at-a-time one would: at the first quote
    /// (the string), backslash (nil: escaped) or control character (an error), whatever its
    /// position in a word and whatever bytes (0x80 and up included) come before it.
    @Test func unescapedStrings_EndWhereAByteScanEnds_AtEveryPosition() {
        enum Outcome: Equatable { case text([UInt8]), escaped, failed }
        let fillers: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x61, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        let enders: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00, 0x0A, 0x1F]
        for length in 0 ..< 24 {
            for filler in fillers {
                for ender in enders + [nil] {
                    var body = (0 ..< length).map { fillers[($0 * 7 + Int(filler)) % fillers.count] }
                    if let ender { body.append(ender) }
                    let bytes = [UInt8(ascii: "\"")] + body + [UInt8](repeating: filler, count: 9)
                    let expected: Outcome = switch ender {
                    case UInt8(ascii: "\""): .text(Array(body.dropLast()))
                    case UInt8(ascii: "\\"): .escaped
                    default: .failed
                    }
                    let outcome = bytes.withUnsafeBytes { raw -> Outcome in
                        var reader = StoreJSONReader(raw)
                        do {
                            guard let text = try reader.readUnescapedString() else { return .escaped }
                            return .text(Array(text))
                        } catch { return .failed }
                    }
                    #expect(outcome == expected, "length \(length), filler \(filler), ender \(String(describing: ender))")
                }
            }
        }
    }

    @Test func crc32c_MatchesTheStandardCheckValue() {
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        #expect([UInt8]().withUnsafeBytes { CRC32C.checksum($0) } == 0)
    }

    @Test func crc32c_TheInstructionAgreesWithTheSoftware_AtEveryLengthAndAlignment() {
        var random = SystemRandomNumberGenerator()
        let bytes = (0 ..< 300).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
        bytes.withUnsafeBytes { buffer in
            for start in 0 ..< 9 {
                for end in stride(from: start, through: buffer.count, by: 7) {
                    let slice = UnsafeRawBufferPointer(rebasing: buffer[start ..< end])
                    #expect(CRC32C.checksum(slice) == CRC32C.software(slice), "\(start)..<\(end)")
                }
            }
        }
    }

    @Test func fold_MatchesLowercased() {
        for text in ["ABC xyz", "ÀÉÎ Straße", "ΣΑΣ", "Ｆｕｌｌ", "İstanbul", "深圳某某科技有限公司", "한국어", "gh_ABC123",
                     "@AZ[`az{ ÀB深C\u{7F}Q"] {
            var folded: [UInt8] = []
            StoreIndex.fold(text, into: &folded)
            #expect(folded == Array(text.lowercased().utf8), "\(text)")
            // From a line's bytes, after text already folded: only the new bytes change.
            var fromBytes = Array("AB|".utf8)
            let valid = Array(text.utf8).withUnsafeBufferPointer { StoreIndex.fold(utf8: $0, into: &fromBytes) }
            #expect(valid && fromBytes == Array("AB|".utf8) + Array(text.lowercased().utf8), "\(text)")
        }
    }

    @Test func caselessRanges_HoldNoScalarWithALowercaseForm() {
        for range in StoreIndex.caselessRanges {
            let changing = range.compactMap(Unicode.Scalar.init).filter(\.properties.changesWhenLowercased)
            #expect(changing.isEmpty, "\(range)")
        }
    }

    @Test func searchArena_FindsTheNeedleInAnyField_ButNeverAcrossFieldsOrAccounts() {
        var arena = SearchArena()
        arena.set(Array("深圳某某科技有限公司\u{0}shop".utf8), for: 0)
        arena.set(Array("有限公\u{0}x".utf8), for: 1)
        arena.set(Array("司机".utf8), for: 2)
        func found(_ needle: String) -> [Int] {
            var slots: [Int] = []
            arena.matches(Array(needle.utf8), slots: 3).forEach { slots.append($0) }
            return slots
        }
        #expect(found("有限公司") == [0])
        #expect(found("有限公") == [0, 1])
        #expect(found("shop") == [0])
        // "公" ends account 1's first field and "x" starts its second; "x司" spans accounts 1 and 2.
        #expect(found("公x").isEmpty)
        #expect(found("x司").isEmpty)
        // New text replaces the old, which no longer matches.
        arena.set(Array("无关".utf8), for: 0)
        #expect(found("有限公司").isEmpty)
        #expect(found("无关") == [0])
        #expect(String(decoding: arena.text(of: 1), as: UTF8.self) == "有限公\u{0}x")
    }
}

/// A seeded generator, so the date test checks the same values on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
