import Foundation
import WeChat

/// `wxopen-bench crypto [--seconds N] [--vectors PATH]`: how many ticket pushes per second one
/// thread can take from raw POST body to typed value: envelope XML, msg_signature, timestamp
/// window, base64, AES-CBC, padding, length and appid checks, plaintext XML, `ComponentPush`.
/// `bench/crypto.sh` runs it next to `bench/crypto_python.py`, which does the same work.
func cryptoBenchmark(_ args: [String]) async -> Int32 {
    var seconds = 3.0
    var vectorsPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/message-crypto.json").path
    var remaining = args[...]
    while let option = remaining.popFirst() {
        switch (option, remaining.popFirst()) {
        case ("--seconds", let value?) where Double(value).map({ $0 > 0 }) == true: seconds = Double(value)!
        case ("--vectors", let value?): vectorsPath = value
        default:
            print("usage: wxopen-bench crypto [--seconds N] [--vectors PATH]")
            return 2
        }
    }

    let push: TicketPushCase
    do {
        push = try TicketPushCase(vectorsPath: vectorsPath)
        guard try push.handle() == push.expected else {
            print("crypto: the ticket-push vector did not decode to the expected push")
            return 1
        }
    } catch {
        print("crypto: cannot prepare the ticket-push vector: \(error)")
        return 1
    }

    // A short warm-up so that page faults and lazy initialisation stay out of the measurement.
    _ = push.run(for: min(0.3, seconds / 10))
    let (operations, elapsed) = push.run(for: seconds)
    print("swift_ops_per_sec=\(Int((Double(operations) / elapsed).rounded()))")
    return 0
}

/// The ticket-push vector, ready to be handled again and again.
private struct TicketPushCase {
    let crypto: MessageCrypto
    let body: [UInt8]
    let msgSignature: String
    let timestamp: String
    let nonce: String
    let now: Date
    let expected: ComponentPush

    init(vectorsPath: String) throws {
        struct File: Decodable { let vectors: [Vector] }
        struct Vector: Decodable {
            let name, token, encodingAESKey, appId, plaintext: String
            let timestamp, nonce, msg_signature, body: String?
        }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: vectorsPath)))
        guard let vector = file.vectors.first(where: { $0.name == "ticket-push" }),
              let body = vector.body, let timestamp = vector.timestamp, let nonce = vector.nonce,
              let msgSignature = vector.msg_signature, let seconds = TimeInterval(timestamp)
        else { throw CocoaError(.fileReadCorruptFile) }
        crypto = MessageCrypto(token: vector.token, encodingAESKey: try EncodingAESKey(vector.encodingAESKey), appID: vector.appId)
        self.body = Array(body.utf8)
        self.msgSignature = msgSignature
        self.timestamp = timestamp
        self.nonce = nonce
        now = Date(timeIntervalSince1970: seconds)
        expected = try ComponentPush(xml: vector.plaintext)
    }

    /// The whole job for one push, as the event route will do it.
    func handle() throws -> ComponentPush {
        let envelope = try EncryptedEnvelope.parse(body)
        let decrypted = try crypto.verifyAndDecrypt(
            msgSignature: msgSignature, timestamp: timestamp, nonce: nonce, encrypt: envelope.encrypt, now: now)
        return try ComponentPush(xml: decrypted.plaintext)
    }

    /// Handles pushes until `seconds` have passed, reading the clock every 64 pushes.
    func run(for seconds: Double) -> (operations: Int, elapsed: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var operations = 0
        var failures = 0
        while clock.now - start < budget {
            for _ in 0 ..< 64 {
                if case .verifyTicket? = try? handle() { operations += 1 } else { failures += 1 }
            }
        }
        precondition(failures == 0, "crypto benchmark: \(failures) pushes failed")
        let elapsed = clock.now - start
        return (operations, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
