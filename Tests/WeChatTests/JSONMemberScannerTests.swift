import Foundation
import Testing
@testable import WeChat

@Suite struct JSONMemberScannerTests {
    func raw(_ name: String, _ json: String) -> String? {
        JSONMemberScanner.rawValue(ofMember: name, in: Data(json.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func object_IsReturned_ByteForByte() {
        #expect(raw("a", #"{ "a" : {"x": [1, {"y": "}"}], "z":"\""} , "b":2}"#) == #"{"x": [1, {"y": "}"}], "z":"\""}"#)
    }

    @Test func laterMember_IsFound_AfterStringsWithBraces() {
        #expect(raw("b", #"{"a":"{[\"","b":[true,null]}"#) == "[true,null]")
    }

    @Test func scalarMember_IsReturned() {
        #expect(raw("n", #"{"s":"x","n":-12.5e3}"#) == "-12.5e3")
    }

    @Test func escapedKey_IsMatched() {
        #expect(raw("authorizer_info", #"{"authorizer\u005finfo":{"k":1}}"#) == #"{"k":1}"#)
    }

    @Test func nestedMemberWithSameName_IsNotMatched() {
        #expect(raw("x", #"{"a":{"x":1}}"#) == nil)
    }

    @Test func nonObject_IsNil() {
        #expect(raw("a", "[1,2]") == nil)
        #expect(raw("a", "") == nil)
    }
}
