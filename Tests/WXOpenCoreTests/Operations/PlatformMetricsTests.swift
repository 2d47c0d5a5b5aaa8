import Testing
@testable import HTTPServer
@testable import WXOpenCore

/// `/metrics` as rendered: HTTP requests are tallied per event loop and merged when scraped.
@Suite struct PlatformMetricsTests {
    func request(_ route: String?, status: Int, duration: Double, loop: Int) -> CompletedRequest {
        CompletedRequest(method: "GET", route: route, status: status, bodyBytes: 2, duration: duration, eventLoop: loop)
    }

    @Test func httpRequests_FromSeveralLoops_AreRenderedAsOneTally() {
        let metrics = PlatformMetrics(shards: 2)
        metrics.httpRequest(request("/healthz", status: 200, duration: 0.0005, loop: 0))
        metrics.httpRequest(request("/healthz", status: 200, duration: 0.02, loop: 1))
        metrics.httpRequest(request("/healthz", status: 200, duration: 3, loop: 5))  // past the shard count: wraps
        metrics.httpRequest(request("/healthz", status: 503, duration: 0.0005, loop: 1))
        metrics.httpRequest(request(nil, status: 404, duration: 0.0005, loop: 0))
        let text = metrics.render(gauges: [])
        #expect(text.contains("wxopen_http_requests_total{route=\"/healthz\",status=\"200\"} 3\n"))
        #expect(text.contains("wxopen_http_requests_total{route=\"/healthz\",status=\"503\"} 1\n"))
        #expect(text.contains("wxopen_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"))
        #expect(text.contains("wxopen_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.001\"} 2\n"))
        #expect(text.contains("wxopen_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.025\"} 3\n"))
        #expect(text.contains("wxopen_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 4\n"))
        #expect(text.contains("wxopen_http_request_duration_seconds_count{route=\"/healthz\"} 4\n"))
        #expect(text.contains("wxopen_http_request_duration_seconds_sum{route=\"/healthz\"} 3.02"))
    }
}
