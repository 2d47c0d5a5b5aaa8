import Foundation
@testable import WeChat

/// One entry of `Tests/Fixtures/message-crypto.json`, a committed copy of the shared vectors so
/// that a clean clone can run the tests.
struct CryptoVector: Decodable, Sendable, CustomStringConvertible {
    let name: String
    let token: String
    let encodingAESKey: String
    let appId: String
    let randomPrefix: String?
    let plaintext: String
    let encrypt: String
    let timestamp: String?
    let nonce: String?
    let msg_signature: String?
    let body: String?

    var description: String { name }

    static let all: [CryptoVector] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/message-crypto.json")
        struct File: Decodable { let vectors: [CryptoVector] }
        do {
            return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).vectors
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    static func named(_ name: String) -> CryptoVector {
        guard let vector = all.first(where: { $0.name == name }) else { fatalError("no vector \(name)") }
        return vector
    }

    func crypto(appID: String? = nil, previous: EncodingAESKey? = nil) throws -> MessageCrypto {
        MessageCrypto(
            token: token, encodingAESKey: try EncodingAESKey(encodingAESKey),
            previousEncodingAESKey: previous, appID: appID ?? appId)
    }

    var createdAt: Date {
        Date(timeIntervalSince1970: TimeInterval(timestamp.flatMap { Int($0) } ?? 0))
    }
}

/// Bytes from a hex string literal in a test.
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0 ..< $0 + 2], as: UTF8.self), radix: 16)! }
}
