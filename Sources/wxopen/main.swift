import Foundation
import HTTPServer
import WXOpenCore
import WXOpenPostgres
import WXOpenSupport

/// Prints to standard error and exits with `code`.
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data(("wxopen: " + message + "\n").utf8))
    exit(code)
}

let invocation: Invocation
do {
    invocation = try Invocation.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error)\n\n\(usage)", code: 2)
}

if invocation.flags.contains("help") {
    print(usage)
    exit(0)
}

do {
    switch invocation.command {
    case "help":
        print(usage)
    case "version":
        print("wxopen \(WXOpenVersion.string)")
    case "check-config":
        try invocation.allow(options: ["config"])
        let configuration = loadConfiguration(try invocation.require("config"))
        print("configuration ok: component \(configuration.component.appID), listening on \(configuration.server.host):\(configuration.server.port), store \(describeStore(configuration.store))")
    case "serve":
        try invocation.allow(options: ["config"])
        try await serve(loadConfiguration(try invocation.require("config")))
    case "demo":
        try invocation.allow(options: ["port", "data", "host"], flags: ["keep"])
        try await runDemo(invocation)
    case "simulator":
        try invocation.allow(options: ["config", "port", "host", "url"])
        try await runSimulator(invocation)
    case "backup":
        try invocation.allow(options: ["config", "to"])
        try await runBackup(invocation)
    case "apikey":
        try apiKeyCommand(invocation)
    case "hash-password":
        try invocation.allow(options: [])
        hashPassword()
    case "authorizers":
        try invocation.allow(options: ["url", "status", "type", "limit"])
        try await listAuthorizers(invocation)
    case "token":
        try invocation.allow(options: ["url"])
        try await printToken(invocation)
    case "sync":
        try invocation.allow(options: ["url"])
        try await runSync(invocation)
    case "migrate-store":
        try await migrateStore(invocation)
    default:
        fail("unknown command \"\(invocation.command)\"\n\n\(usage)", code: 2)
    }
} catch let error as UsageError {
    fail("\(error)\n\n\(usage)", code: 2)
} catch let error as ConfigurationError {
    fail("\(error)", code: 2)
} catch StoreError.invalidKey(let detail) {
    // The store key is configuration too (WXOPEN_STORE_KEY).
    fail("the store key is invalid: \(detail)", code: 2)
} catch let error as StoreError {
    // Another component's store is a configuration mistake (store.path or component.appID).
    if case .otherComponent = error { fail("\(error)", code: 2) }
    fail("\(error)", code: 1)
} catch {
    fail("\(error)", code: 1)
}

/// Flushes what `print` buffered (for progress lines and the demo's banner).
func flushStandardOutput() {
    fflush(nil)
}

/// Loads the configuration or exits with code 2 and one message naming the key.
func loadConfiguration(_ path: String) -> Configuration {
    do {
        return try Configuration.load(path: path, environment: Configuration.Environment.process())
    } catch {
        fail("\(error)", code: 2)
    }
}

func makeLogger(_ configuration: Configuration) -> Logger {
    Logger(level: configuration.logLevel)
}

/// Blocks until SIGTERM or SIGINT, then runs `stop` and returns.
func untilTerminated(logger: Logger, _ stop: @escaping @Sendable () async -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        ProcessSignals.onTermination { signal in
            logger.info("shutdown_requested", ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT"])
            Task {
                await stop()
                continuation.resume()
            }
        }
    }
}

/// Listens first, so that `/healthz` answers (and `/readyz` says "loading") while the store
/// loads; every other route answers 503 until it has.
func serve(_ configuration: Configuration) async throws {
    let logger = makeLogger(configuration)
    let app = try PlatformApp.unopened(configuration: configuration, logger: logger, environment: Configuration.Environment.process(),
                                       openExternalStore: { configuration, key in try await openPostgresStore(configuration, key: key, logger: logger) })
    try app.start()
    do {
        try await app.load()
    } catch {
        await app.shutdown()
        throw error
    }
    await untilTerminated(logger: logger) { await app.shutdown() }
    exit(0)
}
