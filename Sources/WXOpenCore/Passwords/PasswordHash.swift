import Foundation
import WeChat

/// Console passwords as `pbkdf2-sha256$ITERATIONS$SALT$HASH` (salt and hash in base64),
/// PBKDF2-HMAC-SHA256 from libcrypto.
public enum PasswordHash {
    public static let minimumIterations = 200_000
    public static let defaultIterations = 310_000

    public static func make(password: String, iterations: Int = defaultIterations, salt: [UInt8] = Crypto.randomBytes(16)) -> String {
        let hash = Crypto.pbkdf2SHA256(password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
        return "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Checks a password in constant time with respect to the stored hash.
    public static func verify(password: String, against stored: String) -> Bool {
        guard let parts = parse(stored) else { return false }
        let computed = Crypto.pbkdf2SHA256(password: Array(password.utf8), salt: parts.salt, iterations: parts.iterations,
                                           length: parts.hash.count)
        return Crypto.constantTimeEquals(computed, parts.hash)
    }

    /// Why `stored` is not a usable hash, or nil when it is.
    public static func formatProblem(_ stored: String) -> String? {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0] == "pbkdf2-sha256" else {
            return "must look like pbkdf2-sha256$ITERATIONS$SALT$HASH (run `wxopen hash-password`)"
        }
        guard let iterations = Int(fields[1]), iterations >= minimumIterations else {
            return "must use at least \(minimumIterations) PBKDF2 iterations (run `wxopen hash-password` again)"
        }
        guard let salt = Data(base64Encoded: String(fields[2])), salt.count >= 8,
              let hash = Data(base64Encoded: String(fields[3])), hash.count >= 16 else {
            return "has a salt or hash that is not valid base64 of the right length (run `wxopen hash-password`)"
        }
        return nil
    }

    private static func parse(_ stored: String) -> (iterations: Int, salt: [UInt8], hash: [UInt8])? {
        guard formatProblem(stored) == nil else { return nil }
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard let iterations = Int(fields[1]), let salt = Data(base64Encoded: String(fields[2])),
              let hash = Data(base64Encoded: String(fields[3])) else { return nil }
        return (iterations, Array(salt), Array(hash))
    }
}
