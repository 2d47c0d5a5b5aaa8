import Testing
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct PostgresListenerTests {
    let url = PostgresTestDatabase.url ?? ""
    let logs = MemoryLogSink()

    func makeListener(_ channels: [String], applicationName: String) throws -> PostgresListener {
        try PostgresListener(url: try PostgresURL(url), channels: channels, options: .init(applicationName: applicationName),
                             logger: Logger(level: .debug, sink: logs), sleeper: Sleepers.none)
    }

    func notify(_ channel: String, _ payload: String) async throws {
        _ = try await withSession(url) { try await $0.query("SELECT pg_notify($1, $2)", [channel, payload]) }
    }

    @Test func notifications_ArriveInOrder_WithTheirPayloads() async throws {
        let channel = "wxopen_test_" + uniqueName("c").replacingOccurrences(of: "-", with: "_")
        let listener = try makeListener([channel, "wxopen_other"], applicationName: uniqueName("listener"))
        var events = listener.events.makeAsyncIterator()
        #expect(await events.next() == .listening)
        try await notify(channel, "authorizer:wx'1 \"令牌\"")
        try await notify("wxopen_other", "")
        try await notify(channel, "component_token:wxc")
        var received: [String] = []
        while received.count < 3, case .notification(let note) = await events.next() {
            received.append("\(note.channel == channel ? "test" : note.channel) \(note.payload)")
        }
        #expect(received == ["test authorizer:wx'1 \"令牌\"", "wxopen_other ", "test component_token:wxc"])
        await listener.stop()
        #expect(await events.next() == nil)
    }

    @Test func droppedConnection_IsReestablished_AndSaysSoWithListeningAgain() async throws {
        let channel = "wxopen_reconnect_" + uniqueName("c").replacingOccurrences(of: "-", with: "_")
        let name = uniqueName("listener")
        let listener = try makeListener([channel], applicationName: name)
        var events = listener.events.makeAsyncIterator()
        #expect(await events.next() == .listening)
        #expect(try await terminateBackends(url, applicationName: name) == 1)
        // Notifications sent while it was away are lost; `.listening` tells the consumer so.
        #expect(await events.next() == .listening)
        try await notify(channel, "after")
        let next = await events.next()
        guard case .notification(let note) = next else {
            Issue.record("expected the notification sent after the reconnect, got \(String(describing: next))")
            return
        }
        #expect(note.channel == channel)
        #expect(note.payload == "after")
        await listener.stop()
        #expect(logs.contains("event=postgres_listener_failed"))
        #expect(logs.contains("event=postgres_listener_reconnected"))
    }

    @Test func channelThatIsNotAnIdentifier_IsRefused() {
        #expect(throws: PostgresError.self) { try makeListener(["wx\"; DROP TABLE x; --"], applicationName: "unused") }
        #expect(throws: PostgresError.self) { try makeListener(["Uppercase"], applicationName: "unused") }
        #expect(throws: PostgresError.self) { try makeListener([String(repeating: "a", count: 64)], applicationName: "unused") }
    }
}
