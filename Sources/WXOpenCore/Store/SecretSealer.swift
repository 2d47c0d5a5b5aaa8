import Foundation
import WeChat

/// Encrypts the secret fields of stored records (tickets, component tokens, authorizer access
/// and refresh tokens) with AES-256-GCM under the store key.
///
/// A sealed value reads `enc:v1:` + base64(nonce ‖ ciphertext ‖ tag). The associated data names
/// the record type, its appid and the field, so a ciphertext moved to another account or field
/// fails to open instead of handing out the wrong account's token. Without a key, values are
/// stored as they are; one that happens to start with `enc:` or `raw:` gets a `raw:` prefix so
/// it can never be mistaken for a sealed value (the prefix comes off again on reading).
///
/// Values stay in this stored form in memory too, and are opened only when read.
package struct SecretSealer: Sendable {
    package static let sealedPrefix = "enc:v1:"
    static let escapePrefix = "raw:"
    private static let keyCheckPlaintext = "wxopen store key check"

    /// Which secret of which record: the associated data of its ciphertext, and how errors name it.
    package struct Field: Sendable, CustomStringConvertible {
        let recordType: String
        let appID: String
        let name: String

        var associatedData: [UInt8] { Array("wxopen.store.v1\u{0}\(recordType)\u{0}\(appID)\u{0}\(name)".utf8) }
        package var description: String { "the \(name) of \(recordType) \(appID)" }

        static let keyCheck = Field(recordType: "store", appID: "", name: "key_check")
    }

    package enum Failure: Error, Equatable {
        /// The value is sealed and no key was given.
        case keyMissing
        /// The value does not open with this key and this field's associated data.
        case doesNotAuthenticate
        /// `enc:v1:` followed by something that is not base64 of a sealed box.
        case malformed
    }

    package let key: [UInt8]?

    package init(key: [UInt8]?) {
        precondition(key.map { $0.count == Crypto.AESGCM.keyLength } ?? true, "SecretSealer: the key must be 32 bytes")
        self.key = key
    }

    /// The stored form of a plaintext value.
    package func seal(_ plaintext: String, as field: Field) throws -> String {
        guard let key else {
            let needsEscape = plaintext.hasPrefix("enc:") || plaintext.hasPrefix(SecretSealer.escapePrefix)
            return needsEscape ? SecretSealer.escapePrefix + plaintext : plaintext
        }
        let box = try Crypto.AESGCM.seal(key: key, plaintext: Array(plaintext.utf8), associatedData: field.associatedData)
        return SecretSealer.sealedPrefix + Data(box).base64EncodedString()
    }

    /// A value read from disk, in the stored form for this sealer: sealed values stay as they
    /// are (no crypto), and plaintext from before a key was set is sealed now. Without a key, a
    /// sealed value cannot be used at all.
    package func storedForm(_ stored: String, as field: Field) throws -> String {
        let isSealed = stored.hasPrefix(SecretSealer.sealedPrefix)
        guard key != nil else {
            if isSealed { throw Failure.keyMissing }
            return stored
        }
        return isSealed ? stored : try seal(try open(stored, as: field), as: field)
    }

    /// The plaintext of a stored value. Plaintext values (written without a key) read as they are.
    package func open(_ stored: String, as field: Field) throws(Failure) -> String {
        if stored.hasPrefix(SecretSealer.escapePrefix) { return String(stored.dropFirst(SecretSealer.escapePrefix.count)) }
        guard stored.hasPrefix(SecretSealer.sealedPrefix) else { return stored }
        guard let key else { throw .keyMissing }
        guard let box = Data(base64Encoded: String(stored.dropFirst(SecretSealer.sealedPrefix.count))) else { throw .malformed }
        do {
            let plaintext = try Crypto.AESGCM.open(key: key, sealed: Array(box), associatedData: field.associatedData)
            guard let text = String(validating: plaintext, as: UTF8.self) else { throw Failure.malformed }
            return text
        } catch {
            throw .doesNotAuthenticate
        }
    }

    /// A value that opens only with this key; headers carry it so that a wrong key is told apart
    /// from an altered record. Nil without a key.
    package func makeKeyCheck() throws -> String? {
        guard key != nil else { return nil }
        return try seal(SecretSealer.keyCheckPlaintext, as: .keyCheck)
    }

    package func verifiesKeyCheck(_ value: String) -> Bool {
        value.hasPrefix(SecretSealer.sealedPrefix) && (try? open(value, as: .keyCheck)) == SecretSealer.keyCheckPlaintext
    }

    /// `WXOPEN_STORE_KEY`: base64 of exactly 32 bytes. Surrounding whitespace (a trailing newline
    /// from a secrets file) is ignored.
    package static func parseKey(_ base64: String) throws(StoreError) -> [UInt8] {
        let trimmed = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw .invalidKey("WXOPEN_STORE_KEY is empty; generate one with `openssl rand -base64 32`")
        }
        guard let data = Data(base64Encoded: trimmed) else {
            throw .invalidKey("WXOPEN_STORE_KEY is not valid base64; generate one with `openssl rand -base64 32`")
        }
        guard data.count == Crypto.AESGCM.keyLength else {
            throw .invalidKey("WXOPEN_STORE_KEY decodes to \(data.count) bytes, it must be exactly 32; generate one with `openssl rand -base64 32`")
        }
        return Array(data)
    }
}
