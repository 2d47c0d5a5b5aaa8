import Foundation
import Testing
@testable import WXOpenCore

@Suite struct FileStoreEncryptionTests {
    let secrets = ["ticket@@@secret-ticket-value", "component-token-secret-value", "access-token-of-wxa", "refreshtoken@@@of-wxa"]

    func writeSecrets(_ store: FileStore) async throws {
        try await store.saveTicket(StoreFixtures.ticket())
        try await store.saveComponentToken(StoreFixtures.componentToken())
        try await store.updateAuthorizer(appID: "wxa") { _ in StoreFixtures.authorizer("wxa") }
    }

    func rawFiles(_ harness: FileStoreHarness) throws -> String {
        try harness.text(harness.journalPath) + harness.text(harness.snapshotPath)
    }

    @Test func withAKey_SecretsNeverAppearInTheFiles_BeforeOrAfterCompaction() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            try await writeSecrets(store)
            for secret in secrets { #expect(!(try rawFiles(harness)).contains(secret), "\(secret) in the journal") }
            try await store.compact()
            for secret in secrets { #expect(!(try rawFiles(harness)).contains(secret), "\(secret) in the snapshot") }
            #expect(try rawFiles(harness).contains("enc:v1:"))
            #expect(harness.logLines("store_plaintext").isEmpty)
            await store.close()

            let reopened = try await harness.open()
            #expect(try reopened.authorizer(appID: "wxa") == StoreFixtures.authorizer("wxa").asRead)
            #expect(try reopened.ticket(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.ticket())
            await reopened.close()
        }
    }

    @Test func withoutAKey_SecretsAreStoredAsThemselves_AndOneWarningIsLogged() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            try await writeSecrets(store)
            for secret in secrets { #expect(try rawFiles(harness).contains(secret), "\(secret)") }
            let warnings = harness.logLines("store_plaintext")
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains(#"warning="tokens are stored unencrypted; set WXOPEN_STORE_KEY (32 bytes, base64) to encrypt them""#) == true)
            await store.close()
        }
    }

    @Test func logs_NeverHoldASecretOrTheKey() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            try await writeSecrets(store)
            try await store.compact()
            await store.close()
            let log = harness.logs.lines.joined(separator: "\n")
            for secret in secrets + [Data(StoreFixtures.key).base64EncodedString()] { #expect(!log.contains(secret)) }
        }
    }

    @Test func plaintextValueThatLooksSealed_RoundTripsWithoutAKey() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            try await store.saveTicket(StoreFixtures.ticket("enc:v1:not-really-sealed"))
            try await store.saveComponentToken(StoreFixtures.componentToken("raw:also-plain"))
            await store.close()
            let reopened = try await harness.open()
            #expect(try reopened.ticket(componentAppID: StoreFixtures.componentAppID)?.ticket == "enc:v1:not-really-sealed")
            #expect(try reopened.componentToken(componentAppID: StoreFixtures.componentAppID)?.token == "raw:also-plain")
            await reopened.close()
        }
    }

    @Test func wrongKey_FailsToOpen_SayingSo() async throws {
        try await withTemporaryDirectory { directory in
            var harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            try await writeSecrets(store)
            await store.close()
            harness.key = StoreFixtures.otherKey
            await #expect {
                try await harness.open()
            } throws: { error in
                guard case StoreError.invalidKey(let detail) = error else { return false }
                return detail.contains("is not the key the store at \(directory.storePath) was written with")
            }
        }
    }

    @Test func missingKey_FailsToOpen_SayingSo() async throws {
        try await withTemporaryDirectory { directory in
            var harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            try await writeSecrets(store)
            await store.close()
            harness.key = nil
            await #expect {
                try await harness.open()
            } throws: { error in
                guard case StoreError.invalidKey(let detail) = error else { return false }
                return detail.contains("was written with a store key; set WXOPEN_STORE_KEY")
            }
        }
    }

    @Test func ciphertextMovedToAnotherAccount_FailsThatAccountsRead_InsteadOfHandingOutTheToken() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            for appID in ["wxa", "wxb"] { try await store.updateAuthorizer(appID: appID) { _ in StoreFixtures.authorizer(appID) } }
            await store.close()

            // Put wxa's sealed refresh token into wxb's record, with a checksum that matches.
            var lines = JournalEditing.lines(try harness.read(harness.journalPath))
            let wxa = JournalEditing.json(of: lines[1]), wxb = JournalEditing.json(of: lines[2])
            let stolen = try #require(JournalEditing.stringValue("refreshToken", in: wxa))
            let own = try #require(JournalEditing.stringValue("refreshToken", in: wxb))
            lines[2] = JournalEditing.reframed(wxb.replacingOccurrences(of: own, with: stolen))
            try harness.write(lines.flatMap { $0 }, to: harness.journalPath)

            let reopened = try await harness.open()
            #expect(try reopened.authorizer(appID: "wxa") == StoreFixtures.authorizer("wxa").asRead)
            #expect {
                try reopened.authorizer(appID: "wxb")
            } throws: { error in
                guard case StoreError.corrupt(_, let detail) = error else { return false }
                return detail.contains("the refresh_token of authorizer wxb does not decrypt")
            }
            #expect(throws: StoreError.self) { try reopened.listAuthorizers(AuthorizerQuery()) }
            await reopened.close()
        }
    }

    @Test func storeWrittenWithoutAKey_IsEncryptedWhenOpenedWithOne() async throws {
        try await withTemporaryDirectory { directory in
            var harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            try await writeSecrets(store)
            await store.close()

            harness.key = StoreFixtures.key
            let encrypted = try await harness.open()
            #expect(harness.logLines("store_compacted").last?.contains("reason=encrypt_existing_tokens") == true)
            for secret in secrets { #expect(!(try rawFiles(harness)).contains(secret), "\(secret)") }
            #expect(try encrypted.authorizer(appID: "wxa") == StoreFixtures.authorizer("wxa").asRead)
            #expect(try encrypted.ticket(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.ticket())
            await encrypted.close()

            harness.key = nil
            await #expect(throws: StoreError.self) { try await harness.open() }
        }
    }

    @Test func parseKey_AcceptsBase64Of32Bytes_WithATrailingNewline() throws {
        #expect(try FileStore.parseKey(Data(StoreFixtures.key).base64EncodedString() + "\n") == StoreFixtures.key)
    }

    @Test(arguments: [
        ("", "is empty"),
        ("not base64!", "is not valid base64"),
        (Data(count: 16).base64EncodedString(), "decodes to 16 bytes, it must be exactly 32"),
    ])
    func parseKey_RejectsAnythingElse_SayingWhy(input: String, reason: String) {
        #expect {
            try FileStore.parseKey(input)
        } throws: { error in
            guard case StoreError.invalidKey(let detail) = error else { return false }
            return detail.contains(reason) && detail.contains("openssl rand -base64 32")
        }
    }

    @Test func init_RejectsAKeyThatIsNot32Bytes() async throws {
        try await withTemporaryDirectory { directory in
            await #expect(throws: StoreError.invalidKey("the store key must be 32 bytes, got 31")) {
                try await FileStore(path: directory.storePath, key: Array(StoreFixtures.key.dropLast()), logger: .discard)
            }
        }
    }
}
