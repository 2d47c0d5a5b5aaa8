import Foundation
import Synchronization

/// `wxopen-bench message-load --port P [--seconds S] [--accounts A] [--connections K]`: texts to
/// A accounts' message URLs over K keep-alive connections for S seconds, as fast as the server
/// answers. Prints the messages acknowledged per second and the latency WeChat would see.
func messageLoad(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "seconds", "accounts", "connections"],
                                          usage: "wxopen-bench message-load --port P [--seconds S] [--accounts A] [--connections K]"),
          let port = options.string("port").flatMap(Int.init) else { return 2 }
    let seconds = Double(options.int("seconds", default: 10)), accounts = options.int("accounts", default: 100)
    let connections = min(options.int("connections", default: 16), accounts)
    let signer = PushSigner()
    let deadline = Date().addingTimeInterval(seconds)
    let latencies = Mutex<[Double]>([]), failures = NumberDispenser(from: 0)
    let msgBase = Int(Date().timeIntervalSince1970) * 1_000_000
    let threads = (0 ..< connections).map { lane in
        Thread {
            guard let connection = try? KeepAliveConnection(port: port) else { return }
            var mine: [Double] = []
            var seq = 0
            while Date() < deadline {
                for account in stride(from: lane, to: accounts, by: connections) where Date() < deadline {
                    let message = signer.message(to: MessageBench.appID(account), userName: MessageBench.userName(account),
                                                 content: "seq \(seq)", msgID: msgBase + seq * 1000 + account)
                    let started = ContinuousClock.now
                    let response = try? connection.request("POST", message.path, body: message.body)
                    if response?.body == "success" { mine.append(StoreBench.seconds(ContinuousClock.now - started)) } else { _ = failures.take() }
                }
                seq += 1
            }
            latencies.withLock { $0 += mine }
        }
    }
    let started = Date()
    threads.forEach { $0.start() }
    while threads.contains(where: { !$0.isFinished }) { try? await Task.sleep(for: .milliseconds(20)) }
    let elapsed = Date().timeIntervalSince(started)
    let sorted = latencies.withLock { $0 }.sorted()
    func percentile(_ p: Double) -> String {
        sorted.isEmpty ? "-" : String(format: "%.2f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000)
    }
    print("messages=\(sorted.count) failed=\(failures.take()) connections=\(connections) accounts=\(accounts)")
    print("acknowledged_per_sec=\(Int(Double(sorted.count) / elapsed))")
    print("wechat_p50_ms=\(percentile(0.50)) wechat_p99_ms=\(percentile(0.99)) wechat_max_ms=\(percentile(1.0))")
    return 0
}

/// `wxopen-bench outbox-size --port P`: the outbox by state from `/metrics`, one `state=N` per line.
func outboxSize(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port"], usage: "wxopen-bench outbox-size --port P"),
          let port = options.string("port").flatMap(Int.init),
          let connection = try? KeepAliveConnection(port: port),
          let response = try? connection.request("GET", "/metrics", headers: "Authorization: Bearer \(MessageBench.apiKey)\r\n")
    else { return 1 }
    var total = 0
    for line in response.body.split(separator: "\n") where line.hasPrefix("wxopen_outbox_deliveries{") {
        let state = line.split(separator: "\"")[1], count = Int(Double(line.split(separator: " ").last ?? "0") ?? 0)
        total += count
        print("\(state)=\(count)")
    }
    print("total=\(total)")
    return 0
}
