import Foundation
import HTTPServer
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 16: API keys added and revoked without a restart, with an expiry, and when each was used.
@Suite struct APIKeyRingTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))

    func request(_ key: String) throws -> HTTPRequest {
        try HTTPRequest(method: .get, target: "/api/v1/authorizers", headers: ["Authorization": "Bearer " + key])
    }

    @Test func keyAddedToTheFile_WorksAtOnce_AndARevokedOneStops() async throws {
        try await withTemporaryDirectory { directory in
            let ring = APIKeyRing(configured: [], file: APIKeysFile(path: directory.path + "/keys.json"), clock: clock)
            let key = try ring.add(name: "billing", expiresAt: nil)
            #expect(ring.authenticate(try request(key)) == .accepted(name: "billing"))
            #expect(ring.keys.map(\.name) == ["billing"])
            try ring.revoke(name: "billing")
            #expect(ring.authenticate(try request(key)) == .rejected)
            #expect(throws: APIKeyRing.ChangeError.notInFile("billing")) { try ring.revoke(name: "billing") }
        }
    }

    /// Another process (`wxopen apikey new --file`, or another instance) writes the file: this
    /// ring sees it within the reload interval, without a restart.
    @Test func fileChangedByAnotherProcess_IsReadWithinTheReloadInterval() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path + "/keys.json"
            let server = APIKeyRing(configured: [], file: APIKeysFile(path: path), clock: clock)
            let cli = APIKeyRing(configured: [], file: APIKeysFile(path: path), clock: clock)
            let key = try cli.add(name: "reports", expiresAt: nil)
            // Looked at on the first request after the interval, not before.
            _ = server.authenticate(try request("wxk_warmup"))
            clock.advance(by: APIKeyRing.reloadInterval)
            #expect(server.authenticate(try request(key)) == .accepted(name: "reports"))
            try cli.revoke(name: "reports")
            clock.advance(by: APIKeyRing.reloadInterval)
            #expect(server.authenticate(try request(key)) == .rejected)
        }
    }

    @Test func expiredKey_IsRefusedAsExpired() async throws {
        try await withTemporaryDirectory { directory in
            let ring = APIKeyRing(configured: [], file: APIKeysFile(path: directory.path + "/keys.json"), clock: clock)
            let key = try ring.add(name: "temp", expiresAt: clock.now() + 3600)
            #expect(ring.authenticate(try request(key)) == .accepted(name: "temp"))
            clock.advance(by: 3600)
            #expect(ring.authenticate(try request(key)) == .expired(name: "temp"))
        }
    }

    @Test func lastUse_IsKeptPerKey() async throws {
        let (key, hash) = APIKeyAuthenticator.makeKey()
        let ring = APIKeyRing(configured: [.init(name: "svc", sha256: hash)], clock: clock)
        #expect(ring.keys.first?.lastUsedAt == nil)
        _ = ring.authenticate(try request(key))
        #expect(ring.keys.first?.lastUsedAt == clock.now())
        #expect(ring.keys.first?.source == .configuration)
    }

    @Test func file_HoldsOnlyHashes_WithMode0600() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path + "/keys.json"
            let ring = APIKeyRing(configured: [], file: APIKeysFile(path: path), clock: clock)
            let key = try ring.add(name: "a", expiresAt: nil)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(key))
            #expect(text.contains(Crypto.sha256Hex(key)))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    /// A half-written file must not lock every service out: the keys read before stay.
    @Test func unreadableFile_KeepsTheKeysReadBefore() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path + "/keys.json"
            let logs = MemoryLogSink()
            let ring = APIKeyRing(configured: [], file: APIKeysFile(path: path), clock: clock, logger: Logger(sink: logs))
            let key = try ring.add(name: "a", expiresAt: nil)
            try "{\"keys\": [".write(toFile: path, atomically: false, encoding: .utf8)
            clock.advance(by: APIKeyRing.reloadInterval)
            #expect(ring.authenticate(try request(key)) == .accepted(name: "a"))
            #expect(logs.contains("event=api_keys_unreadable"))
        }
    }

    @Test func names_AreCheckedAndUnique() async throws {
        try await withTemporaryDirectory { directory in
            let (_, hash) = APIKeyAuthenticator.makeKey()
            let ring = APIKeyRing(configured: [.init(name: "taken", sha256: hash)], file: APIKeysFile(path: directory.path + "/k.json"),
                                  clock: clock)
            #expect(throws: APIKeyRing.ChangeError.nameTaken("taken")) { _ = try ring.add(name: "taken", expiresAt: nil) }
            #expect(throws: APIKeyRing.ChangeError.invalidName) { _ = try ring.add(name: "has space", expiresAt: nil) }
            #expect(throws: APIKeyRing.ChangeError.noKeysFile) { _ = try APIKeyRing(configured: []).add(name: "x", expiresAt: nil) }
        }
    }

    /// The ring reads one snapshot per request; a reload swaps it, and each key's last use (kept
    /// by name) survives the swap and lands on the key that matched, not its neighbour.
    @Test func lastUse_LandsOnTheMatchedKey_AndSurvivesAReload() async throws {
        try await withTemporaryDirectory { directory in
            let (configuredKey, hash) = APIKeyAuthenticator.makeKey()
            let ring = APIKeyRing(configured: [.init(name: "svc", sha256: hash)], file: APIKeysFile(path: directory.path + "/keys.json"),
                                  clock: clock)
            let fileKey = try ring.add(name: "reports", expiresAt: nil)
            #expect(ring.authenticate(try request(fileKey)) == .accepted(name: "reports"))
            let firstUse = clock.now()
            clock.advance(by: 60)
            _ = try ring.add(name: "billing", expiresAt: nil)
            #expect(ring.authenticate(try request(configuredKey)) == .accepted(name: "svc"))
            let used = Dictionary(uniqueKeysWithValues: ring.keys.map { ($0.name, $0.lastUsedAt) })
            #expect(used["reports"] == firstUse)
            #expect(used["svc"] == clock.now())
            #expect(used["billing"] == .some(nil))
        }
    }
}
