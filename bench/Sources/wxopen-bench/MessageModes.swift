import Foundation
import Glibc
import HTTPServer
import Synchronization
import WeChat
import WXOpenSupport

/// The message front door under load and under kill -9 (bench/messages.sh, bench/crash-deliveries.sh):
/// users' texts to the message URL of `--accounts` accounts, each account's sent in order, and a
/// stand-in for the platform's service that records what it is delivered.
enum MessageBench {
    static let apiKey = "wxopen-bench-metrics-key-0000000001"
    static func appID(_ account: Int) -> String { "wxmsg" + String(format: "%013d", account) }
    static func userName(_ account: Int) -> String { "gh_msg" + String(format: "%08d", account) }
}

/// `wxopen-bench message-config --port P --store PATH --forward URL`: a server configuration
/// with the push signer's credentials, forwarding to URL, and an API key for /metrics.
func messageConfig(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "store", "forward"],
                                          usage: "wxopen-bench message-config --port P --store PATH --forward URL"),
          let port = options.string("port").flatMap(Int.init), let store = options.string("store"),
          let forward = options.string("forward") else { return 2 }
    var configuration = benchServerConfiguration(port: port, store: store)
    configuration["forwarding"] = ["url": forward, "secret": "wxopen-bench-forwarding-secret"]
    configuration["apiKeys"] = [["name": "bench", "sha256": Crypto.sha256Hex(MessageBench.apiKey)]]
    // One warning per message for the bench's accounts, which the store does not hold.
    configuration["log"] = ["level": "error"]
    return printJSON(configuration)
}

/// `wxopen-bench fake-service --port P [--out FILE]`: answers every delivery 200 `{}` at once,
/// appends `APPID SEQ DELIVERY_ID` per delivery to FILE, and serves `GET /stats`
/// (`{"deliveries": N, "unique": U}`). Runs until killed.
func fakeService(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "out"], usage: "wxopen-bench fake-service --port P [--out FILE]"),
          let port = options.string("port").flatMap(Int.init) else { return 2 }
    let out = options.string("out").map { open($0, O_WRONLY | O_CREAT | O_APPEND, 0o600) } ?? -1
    let seen = Mutex<(count: Int, ids: Set<String>)>((0, []))
    var router = Router()
    router.post("/hook") { request in
        let id = request.headers["X-Wxopen-Delivery"] ?? "-"
        seen.withLock { $0.count += 1; $0.ids.insert(id) }
        if out >= 0, let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
           let appID = object["authorizer_appid"] as? String,
           let content = (object["message"] as? [String: Any])?["Content"] as? String {
            var line = Array("\(appID) \(content.dropFirst(4)) \(id)\n".utf8)
            _ = line.withUnsafeMutableBytes { Glibc.write(out, $0.baseAddress, $0.count) }
        }
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: Data("{}".utf8))
    }
    router.get("/stats") { _ in
        let (count, unique) = seen.withLock { ($0.count, $0.ids.count) }
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"],
                            body: Data(#"{"deliveries":\#(count),"unique":\#(unique)}"#.utf8))
    }
    var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: port)
    configuration.eventLoops = 1
    let server = HTTPServer(configuration: configuration, router: router, logger: Logger(level: .error))
    do { try server.start() } catch {
        print("fake-service: \(error)")
        return 1
    }
    while true { try? await Task.sleep(for: .seconds(3600)) }
}

/// `wxopen-bench message-writer --port P --start N [--accounts A] [--connections K]`: sends
/// texts `seq N`, `seq N+1`, … to each of A accounts over K keep-alive connections (each
/// connection owns some accounts, so an account's messages go one after another) until the
/// server goes away, printing `ack APPID SEQ` the moment one is answered `success`.
func messageWriter(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "start", "accounts", "connections"],
                                          usage: "wxopen-bench message-writer --port P --start N [--accounts A] [--connections K]"),
          let port = options.string("port").flatMap(Int.init) else { return 2 }
    let start = options.int("start", default: 0), accounts = options.int("accounts", default: 20)
    let connections = min(options.int("connections", default: 8), accounts)
    let signer = PushSigner()
    let threads = (0 ..< connections).map { lane in
        Thread {
            guard let connection = try? KeepAliveConnection(port: port) else { return }
            var seq = start
            while true {
                for account in stride(from: lane, to: accounts, by: connections) {
                    let message = signer.message(to: MessageBench.appID(account), userName: MessageBench.userName(account),
                                                 content: "seq \(seq)", msgID: seq * 1000 + account)
                    guard let response = try? connection.request("POST", message.path, body: message.body) else { return }
                    if response.status == 200 && response.body == "success" { StoreBench.emit("ack \(MessageBench.appID(account)) \(seq)") }
                }
                seq += 1
            }
        }
    }
    threads.forEach { $0.start() }
    while threads.contains(where: { !$0.isFinished }) { try? await Task.sleep(for: .milliseconds(50)) }
    return 0
}

/// `wxopen-bench verify-deliveries --acks FILE --delivered FILE [--wait S]`: every acknowledged
/// message was delivered at least once, and each account's first deliveries came in the order
/// the account's messages were sent. Waits up to S seconds for the deliveries to arrive.
func verifyDeliveries(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["acks", "delivered", "wait"],
                                          usage: "wxopen-bench verify-deliveries --acks FILE --delivered FILE [--wait S]"),
          let acksPath = options.string("acks"), let deliveredPath = options.string("delivered") else { return 2 }
    func lines(_ path: String) -> [[Substring]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        // A line cut short by the kill was never a whole one.
        return text.split(separator: "\n").dropLast(text.hasSuffix("\n") ? 0 : 1).map { $0.split(separator: " ") }
    }
    let acked = Set(lines(acksPath).compactMap { $0.count == 3 && $0[0] == "ack" ? "\($0[1]) \($0[2])" : nil })
    let deadline = Date().addingTimeInterval(Double(options.int("wait", default: 0)))
    var missing: Set<String> = []
    var delivered: [[Substring]] = []
    repeat {
        delivered = lines(deliveredPath).filter { $0.count == 3 }
        missing = acked.subtracting(delivered.map { "\($0[0]) \($0[1])" })
        if missing.isEmpty { break }
        try? await Task.sleep(for: .milliseconds(200))
    } while Date() < deadline
    guard missing.isEmpty else {
        print("LOST: \(missing.count) of \(acked.count) acknowledged messages not delivered, e.g. \(missing.sorted().prefix(3).joined(separator: ", "))")
        return 1
    }
    var highest: [Substring: Int] = [:], firsts: Set<String> = [], outOfOrder: [String] = []
    for line in delivered {
        guard let seq = Int(line[1]), firsts.insert("\(line[0]) \(seq)").inserted else { continue }
        if let top = highest[line[0]], seq < top { outOfOrder.append("\(line[0]) \(seq) after \(top)") }
        highest[line[0]] = max(highest[line[0]] ?? seq, seq)
    }
    guard outOfOrder.isEmpty else {
        print("OUT OF ORDER: \(outOfOrder.count), e.g. \(outOfOrder.prefix(3).joined(separator: "; "))")
        return 1
    }
    print("ok: \(acked.count) acknowledged messages delivered in order (\(delivered.count) deliveries, \(delivered.count - firsts.count) repeats)")
    return 0
}
