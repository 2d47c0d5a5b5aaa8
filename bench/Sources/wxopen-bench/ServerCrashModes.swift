import Foundation
import WXOpenCore
import WXOpenSupport

/// `wxopen-bench seed-authorized --path P|--url U --start N --count C`: for bench/crash-server.sh
/// (a file store) and bench/crash-postgres.sh (a database), before the server starts. Stores wxcrash<N> … wxcrash<N+C-1> as authorized an hour ago, so that the
/// `unauthorized` pushes of `push-writer` each have an account to revoke (a push for an account
/// never seen stores nothing).
func seedAuthorized(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["path", "url", "start", "count"],
                                          usage: "wxopen-bench seed-authorized --path P|--url U --start N --count C") else { return 2 }
    let next = NumberDispenser(from: options.int("start", default: 0))
    let end = options.int("start", default: 0) + options.int("count", default: 20_000)
    do {
        let store = try await StoreBench.openStore(options)
        let authorizedAt = Date() - 3600
        // Many writers at once, so that group commit writes them in a few hundred fsyncs.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0 ..< 64 {
                group.addTask {
                    while case let number = next.take(), number < end {
                        let appID = PushSigner.appID(number)
                        try await store.updateAuthorizer(appID: appID) { _ in
                            var record = AuthorizerRecord(appID: appID, componentAppID: PushSigner.Demo.componentAppID, updatedAt: authorizedAt)
                            record.refreshToken = "refreshtoken@@@crash-\(number)"
                            record.authorizedAt = authorizedAt
                            return record
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        await store.close()
        return 0
    } catch {
        print("seed-authorized failed: \(error)")
        return 1
    }
}

/// `wxopen-bench push-writer --port P --start N [--count C] [--connections K]`: for
/// bench/crash-server.sh. Sends `unauthorized` pushes for wxcrash<N>, wxcrash<N+1>, … (at most C,
/// the accounts `seed-authorized` stored) over K keep-alive connections until the server goes
/// away, and prints `ack N` the moment the server answered `success` for N (which it does only
/// once the revoked account is durable).
func pushWriter(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "start", "count", "connections"],
                                          usage: "wxopen-bench push-writer --port P --start N [--count C] [--connections K]"),
          let port = options.string("port").flatMap(Int.init) else { return 2 }
    let next = NumberDispenser(from: options.int("start", default: 0))
    let end = options.int("start", default: 0) + options.int("count", default: 20_000)
    let signer = PushSigner()
    let threads = (0 ..< options.int("connections", default: 8)).map { _ in
        Thread {
            guard let connection = try? KeepAliveConnection(port: port) else { return }
            while case let number = next.take(), number < end {
                let push = signer.unauthorized(number)
                guard let response = try? connection.request("POST", push.path, body: push.body) else { return }
                if response.status == 200 && response.body == "success" { StoreBench.emit("ack \(number)") }
            }
        }
    }
    threads.forEach { $0.start() }
    // Runs until killed (or every connection failed, or every seeded account was sent).
    while threads.contains(where: { !$0.isFinished }) { try? await Task.sleep(for: .milliseconds(50)) }
    return 0
}

/// `wxopen-bench verify-revoked --path P|--url U --acks FILE`: loads the store the server used
/// and checks that every account whose `unauthorized` push was acknowledged is stored as revoked.
func verifyRevoked(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["path", "url", "acks"],
                                          usage: "wxopen-bench verify-revoked --path P|--url U --acks FILE"),
          let acksPath = options.string("acks") else { return 2 }
    do {
        let text = try String(contentsOfFile: acksPath, encoding: .utf8)
        // A line cut short by the kill was never a whole acknowledgement.
        let acked = text.split(separator: "\n").dropLast(text.hasSuffix("\n") ? 0 : 1)
            .compactMap { $0.hasPrefix("ack ") ? Int($0.dropFirst(4)) : nil }
        let store = try await StoreBench.openStore(options)
        var missing: [Int] = []
        for number in acked where try await store.authorizer(appID: PushSigner.appID(number))?.status != .revoked {
            missing.append(number)
        }
        let total = try await store.authorizerCounts().total
        await store.close()
        guard missing.isEmpty else {
            print("LOST: \(missing.count) acknowledged writes missing, e.g. \(missing.prefix(5).map(String.init).joined(separator: ", "))")
            return 1
        }
        print("ok: \(acked.count) acknowledged writes present, \(total) accounts stored")
        return 0
    } catch {
        print("FAILED to load the store: \(error)")
        return 1
    }
}

/// `wxopen-bench push-load --port P [--seconds S] [--connections K] [--kind ticket|unauthorized]`:
/// verified, decrypted, stored pushes per second against a running server.
func pushLoad(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "seconds", "connections", "kind"],
                                          usage: "wxopen-bench push-load --port P [--seconds S] [--connections K] [--kind ticket|unauthorized]"),
          let port = options.string("port").flatMap(Int.init) else { return 2 }
    let seconds = Double(options.int("seconds", default: 10))
    let kind = options.string("kind") ?? "ticket"
    let next = NumberDispenser(from: 1)
    let done = NumberDispenser(from: 0), failed = NumberDispenser(from: 0)
    let signer = PushSigner()
    let deadline = Date().addingTimeInterval(seconds)
    let threads = (0 ..< options.int("connections", default: 16)).map { _ in
        Thread {
            guard let connection = try? KeepAliveConnection(port: port) else { return }
            while Date() < deadline {
                let number = next.take()
                let push = kind == "ticket" ? signer.ticket(number) : signer.unauthorized(number)
                let ok = (try? connection.request("POST", push.path, body: push.body))?.body == "success"
                _ = (ok ? done : failed).take()
            }
        }
    }
    let started = Date()
    threads.forEach { $0.start() }
    while threads.contains(where: { !$0.isFinished }) { try? await Task.sleep(for: .milliseconds(20)) }
    let elapsed = Date().timeIntervalSince(started)
    let (succeeded, failures) = (done.take(), failed.take())
    print("push_kind=\(kind) connections=\(threads.count) pushes=\(succeeded) failed=\(failures)")
    print("pushes_per_sec=\(Int(Double(succeeded) / elapsed))")
    return failures == 0 ? 0 : 1
}

/// `wxopen-bench crash-config --port P --store PATH|postgres`: a server configuration with the
/// push signer's credentials, for the scripts that start `wxopen serve` against pushes from here
/// (`postgres`: the database in `WXOPEN_STORE_URL`).
func crashConfig(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "store"], usage: "wxopen-bench crash-config --port P --store PATH|postgres"),
          let port = options.string("port").flatMap(Int.init), let store = options.string("store") else { return 2 }
    return printJSON(benchServerConfiguration(port: port, store: store))
}

/// The server configuration the push and message benchmarks start `wxopen serve` with: the
/// push signer's credentials, WeChat unreachable, a file store, warnings only.
func benchServerConfiguration(port: Int, store: String) -> [String: Any] {
    typealias Demo = PushSigner.Demo
    return [
        "server": ["host": "127.0.0.1", "port": port, "publicBaseURL": "http://127.0.0.1:\(port)"],
        "component": ["appId": Demo.componentAppID, "appSecret": Demo.componentAppSecret, "token": Demo.token,
                      "encodingAESKey": Demo.encodingAESKey],
        "wechat": ["apiBaseURL": "http://127.0.0.1:9", "mpBaseURL": "http://127.0.0.1:9", "openBaseURL": "http://127.0.0.1:9"],
        "store": store == "postgres" ? ["kind": "postgres"] : ["kind": "file", "path": store],
        "log": ["level": "warn"],
    ]
}

/// Prints `value` as JSON (keys sorted); 0, or 1 when it is not JSON.
func printJSON(_ value: [String: Any]) -> Int32 {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]) else { return 1 }
    print(String(decoding: data, as: UTF8.self))
    return 0
}
