import HTTPServer
import Synchronization
import WeChat

/// Counters and a latency histogram, rendered in the Prometheus text format (version 0.0.4).
/// Updated from every request and upstream call, so it only takes a short lock.
public final class PlatformMetrics: Sendable {
    struct Histogram: Sendable {
        static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
        var buckets = [Int](repeating: 0, count: bounds.count)
        var count = 0
        var sum = 0.0

        mutating func observe(_ value: Double) {
            count += 1
            sum += value
            if let index = Histogram.bounds.firstIndex(where: { value <= $0 }) { buckets[index] += 1 }
        }

        mutating func merge(_ other: Histogram) {
            count += other.count
            sum += other.sum
            for index in buckets.indices { buckets[index] += other.buckets[index] }
        }
    }

    struct State: Sendable {
        var upstream: [[String]: Int] = [:]
        var refreshes: [String: Int] = [:]
        var refreshFailures: [[String]: Int] = [:]
        var deliveries: [String: Int] = [:]
        var tokenReads: [String: Int] = [:]
    }

    /// One route's requests: counts by status, and the latency histogram.
    struct RouteRequests: Sendable {
        var statuses: [(status: Int, count: Int)] = []
        var latency = Histogram()

        mutating func record(status: Int, duration: Double) {
            if let index = statuses.firstIndex(where: { $0.status == status }) {
                statuses[index].count += 1
            } else {
                statuses.append((status, 1))
            }
            latency.observe(duration)
        }
    }

    /// HTTP requests by route, one shard per event loop: every request lands here, so loops
    /// never wait for each other's lock, and one dictionary lookup by route does it.
    final class HTTPShard: Sendable {
        let routes = Mutex<[String: RouteRequests]>([:])
    }

    private let state = Mutex(State())
    private let httpShards: [HTTPShard]

    /// - Parameter shards: HTTP shards; requests go by event loop number. Default: 16.
    public init(shards: Int = 16) {
        httpShards = (0..<max(1, shards)).map { _ in HTTPShard() }
    }

    public func upstreamCall(_ call: UpstreamCall) {
        let errcode = call.errcode.map(String.init) ?? "transport_error"
        state.withLock { $0.upstream[[call.endpoint, errcode], default: 0] += 1 }
    }

    public func refreshed(kind: String) {
        state.withLock { $0.refreshes[kind, default: 0] += 1 }
    }

    public func refreshFailed(kind: String, errcode: Int?) {
        state.withLock { $0.refreshFailures[[kind, errcode.map(String.init) ?? "none"], default: 0] += 1 }
    }

    public func delivery(_ outcome: ForwardingService.Outcome) {
        state.withLock { $0.deliveries[outcome.rawValue, default: 0] += 1 }
    }

    /// A token handed out through the API, by the name of the key that asked.
    public func tokenRead(key: String) {
        state.withLock { $0.tokenReads[key, default: 0] += 1 }
    }

    public func httpRequest(_ request: CompletedRequest) {
        let route = request.route ?? "unmatched"
        httpShards[request.eventLoop % httpShards.count].routes.withLock {
            $0[route, default: RouteRequests()].record(status: request.status, duration: request.duration)
        }
    }

    /// Every shard's requests, merged by route.
    private func httpSnapshot() -> (counts: [[String]: Int], latency: [String: Histogram]) {
        var counts: [[String]: Int] = [:], latency: [String: Histogram] = [:]
        for shard in httpShards {
            for (route, requests) in shard.routes.withLock({ $0 }) {
                for (status, count) in requests.statuses { counts[[route, String(status)], default: 0] += count }
                latency[route, default: Histogram()].merge(requests.latency)
            }
        }
        return (counts, latency)
    }

    /// A gauge computed when scraped (ticket age, token ages, account counts).
    public struct Gauge: Sendable {
        public var name: String
        public var help: String
        public var samples: [(labels: [(String, String)], value: Double)]

        public init(name: String, help: String, samples: [(labels: [(String, String)], value: Double)]) {
            self.name = name
            self.help = help
            self.samples = samples
        }
    }

    public func render(gauges: [Gauge]) -> String {
        let snapshot = state.withLock { $0 }
        let http = httpSnapshot()
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
            let rendered = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
            out += name + rendered + " " + Self.number(value) + "\n"
        }
        family("wxopen_upstream_calls_total", "counter", "Calls to WeChat's API by endpoint and errcode (0 is success).")
        for (key, value) in snapshot.upstream.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            sample("wxopen_upstream_calls_total", [("endpoint", key[0]), ("errcode", key[1])], Double(value))
        }
        family("wxopen_token_refreshes_total", "counter", "Successful token refreshes by kind (component, authorizer).")
        for (kind, value) in snapshot.refreshes.sorted(by: { $0.key < $1.key }) {
            sample("wxopen_token_refreshes_total", [("kind", kind)], Double(value))
        }
        family("wxopen_token_refresh_failures_total", "counter", "Failed token refreshes by kind and WeChat errcode.")
        for (key, value) in snapshot.refreshFailures.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            sample("wxopen_token_refresh_failures_total", [("kind", key[0]), ("errcode", key[1])], Double(value))
        }
        family("wxopen_deliveries_total", "counter",
               "Delivery attempts to the platform's services by outcome (delivered, failed), and WeChat retries merged (duplicate).")
        for outcome in [ForwardingService.Outcome.delivered, .failed, .duplicate] {
            sample("wxopen_deliveries_total", [("outcome", outcome.rawValue)], Double(snapshot.deliveries[outcome.rawValue] ?? 0))
        }
        family("wxopen_api_token_reads_total", "counter", "Tokens handed out through the API, by API key name.")
        for (key, value) in snapshot.tokenReads.sorted(by: { $0.key < $1.key }) {
            sample("wxopen_api_token_reads_total", [("key", key)], Double(value))
        }
        family("wxopen_http_requests_total", "counter", "HTTP requests by route pattern and status.")
        for (key, value) in http.counts.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            sample("wxopen_http_requests_total", [("route", key[0]), ("status", key[1])], Double(value))
        }
        family("wxopen_http_request_duration_seconds", "histogram", "HTTP request latency by route pattern.")
        for (route, histogram) in http.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (index, bound) in Histogram.bounds.enumerated() {
                cumulative += histogram.buckets[index]
                sample("wxopen_http_request_duration_seconds_bucket", [("route", route), ("le", Self.number(bound))], Double(cumulative))
            }
            sample("wxopen_http_request_duration_seconds_bucket", [("route", route), ("le", "+Inf")], Double(histogram.count))
            sample("wxopen_http_request_duration_seconds_sum", [("route", route)], histogram.sum)
            sample("wxopen_http_request_duration_seconds_count", [("route", route)], Double(histogram.count))
        }
        for gauge in gauges {
            family(gauge.name, "gauge", gauge.help)
            for item in gauge.samples { sample(gauge.name, item.labels, item.value) }
        }
        return out
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
