import Foundation
import Testing
@testable import WXOpenCore

@Suite struct PasswordHashTests {
    @Test func rightPassword_Verifies_AndWrongOneDoesNot() {
        let hash = PasswordHash.make(password: "correct horse", iterations: PasswordHash.minimumIterations)
        #expect(hash.hasPrefix("pbkdf2-sha256$200000$"))
        #expect(PasswordHash.verify(password: "correct horse", against: hash))
        #expect(!PasswordHash.verify(password: "correct horsE", against: hash))
        #expect(!PasswordHash.verify(password: "correct horse", against: "garbage"))
    }

    @Test func knownAnswer_MatchesPBKDF2SHA256() {
        // PBKDF2-HMAC-SHA256("password", "salt", 200000) computed independently with Python's hashlib.
        let hash = PasswordHash.make(password: "password", iterations: 200_000, salt: Array("saltsalt".utf8))
        // hashlib.pbkdf2_hmac("sha256", b"password", b"saltsalt", 200000).hex()
        let hex = Array("44dba758bb0328818034c67a018f65da939a2b31081816aa2162f5d870ff7ee6")
        let expected = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(hex[$0..<$0 + 2]), radix: 16)! }
        #expect(hash == "pbkdf2-sha256$200000$c2FsdHNhbHQ=$" + Data(expected).base64EncodedString())
    }
}
