import Foundation
import HTTPServer
import WXOpenCore

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
        let configuration = try loadConfiguration(invocation.require("config"))
        print("configuration ok: component \(configuration.component.appID), listening on \(configuration.server.host):\(configuration.server.port), store \(configuration.store.kind) at \(configuration.store.path)")
    case "serve":
        try invocation.allow(options: ["config"])
        let configuration = try loadConfiguration(invocation.require("config"))
        try await serve(configuration)
    default:
        fail("unknown command \"\(invocation.command)\"\n\n\(usage)", code: 2)
    }
} catch let error as UsageError {
    fail("\(error)\n\n\(usage)", code: 2)
} catch {
    fail("\(error)", code: 1)
}

/// Loads the configuration or exits with code 2 and one message naming the key.
func loadConfiguration(_ path: String) -> Configuration {
    do {
        return try Configuration.load(path: path)
    } catch {
        fail("\(error)", code: 2)
    }
}

func makeLogger(_ configuration: Configuration) -> Logger {
    Logger(level: Logger.Level(name: configuration.logLevel) ?? .info)
}

func serve(_ configuration: Configuration) async throws {
    let logger = makeLogger(configuration)
    let app = PlatformApp(configuration: configuration, logger: logger)
    try app.start()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        ProcessSignals.onTermination { signal in
            logger.info("shutdown_requested", ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT"])
            Task {
                await app.shutdown()
                continuation.resume()
            }
        }
    }
    exit(0)
}
