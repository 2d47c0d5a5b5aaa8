import Foundation
import HTTPServer

/// `GET /readyz` (for load balancers: no key) and `GET /metrics` (Prometheus, with an API key).
struct OperationsRoutes: Sendable {
    let platform: Platform
    let metrics: PlatformMetrics
    let apiKeys: APIKeyGuard
    let gate: StartupGate

    func add(to router: inout Router) {
        router.get("/readyz", readiness)
        router.group("", guardedBy: apiKeys) { scraper in
            scraper.get("/metrics", scrape)
        }
    }

    struct Readiness: Encodable {
        var ready: Bool
        var reason: String?
        var ticketAgeSeconds: Int?
        /// With forwarding: the outbox. A backlog never makes us unready: WeChat must still be answered.
        var deliveries: Backlog?
        enum CodingKeys: String, CodingKey { case ready, reason, ticketAgeSeconds = "ticket_age_seconds", deliveries }
    }

    struct Backlog: Encodable {
        var pending: Int
        var retrying: Int
        var delivering: Int
        var oldestAgeSeconds: Int?
        enum CodingKeys: String, CodingKey { case pending, retrying, delivering, oldestAgeSeconds = "oldest_age_seconds" }
    }

    private func backlog(at now: Date) async -> Backlog? {
        guard platform.forwarding != nil, let counts = try? await platform.store.outboxCounts(now: now) else { return nil }
        return Backlog(pending: counts.pending, retrying: counts.retrying, delivering: counts.delivering,
                       oldestAgeSeconds: counts.oldestCreatedAt.map { Int(now.timeIntervalSince($0)) })
    }

    /// Ready when the store is loaded and answers, a ticket younger than 12 h is stored, and the component
    /// token can be obtained with it (a ticket WeChat refuses, 61005/61006, is no ticket).
    func readiness(_ request: HTTPRequest) async -> HTTPResponse {
        guard gate.isOpen else {
            return APIResponse.json(Readiness(ready: false, reason: "loading the store"), status: .serviceUnavailable)
        }
        let now = platform.clock.now()
        do {
            guard let ticket = try await platform.store.ticket(componentAppID: platform.componentAppID) else {
                return APIResponse.json(Readiness(ready: false, reason: "waiting for component_verify_ticket (none received yet)"),
                                        status: .serviceUnavailable)
            }
            let age = Int(now.timeIntervalSince(ticket.receivedAt))
            guard ticket.isFresh(at: now) else {
                return APIResponse.json(Readiness(ready: false, reason: "waiting for component_verify_ticket (the last one is older than 12 hours)",
                                                  ticketAgeSeconds: age), status: .serviceUnavailable)
            }
            if case .unavailable(let reason) = await platform.componentTokens.availability() {
                return APIResponse.json(Readiness(ready: false, reason: "component_access_token cannot be obtained: \(reason)",
                                                  ticketAgeSeconds: age), status: .serviceUnavailable)
            }
            return APIResponse.json(Readiness(ready: true, ticketAgeSeconds: age, deliveries: await backlog(at: now)))
        } catch {
            return APIResponse.json(Readiness(ready: false, reason: "the store is not available: \(error)"), status: .serviceUnavailable)
        }
    }

    func scrape(_ request: HTTPRequest) async throws -> HTTPResponse {
        let now = platform.clock.now()
        let (ticket, token) = try await platform.componentTokens.snapshot()
        let counts = try await platform.store.authorizerCounts()
        var gauges: [PlatformMetrics.Gauge] = []
        gauges.append(.init(name: "wxopen_ticket_age_seconds", help: "Age of the stored component_verify_ticket (-1: none).",
                            samples: [([], ticket.map { now.timeIntervalSince($0.receivedAt) } ?? -1)]))
        gauges.append(.init(name: "wxopen_component_token_age_seconds", help: "Age of the cached component_access_token (-1: none).",
                            samples: [([], token.map { now.timeIntervalSince($0.obtainedAt) } ?? -1)]))
        gauges.append(.init(name: "wxopen_component_token_expires_in_seconds", help: "Seconds until the component_access_token expires.",
                            samples: [([], token.map { $0.expiresAt.timeIntervalSince(now) } ?? 0)]))
        let available: Double = if case .available = await platform.componentTokens.availability() { 1 } else { 0 }
        gauges.append(.init(name: "wxopen_component_token_available",
                            help: "1 when a component_access_token is held or can be fetched, 0 when WeChat refuses one (what /readyz reports).",
                            samples: [([], available)]))
        gauges.append(.init(name: "wxopen_authorizers", help: "Authorized accounts by status.",
                            samples: AuthorizerStatus.allCases.map { ([("status", $0.rawValue)], Double(counts.byStatus[$0] ?? 0)) }))
        let expiring = try await platform.store.listAuthorizers(AuthorizerQuery(status: .authorized, limit: 1, tokenExpiringBefore: now))
        gauges.append(.init(name: "wxopen_authorizer_tokens_expired", help: "Authorized accounts whose access token has expired or is missing (under tokens.refreshPolicy hot, cold accounts' by design).",
                            samples: [([], Double(expiring.totalMatching))]))
        if platform.forwarding != nil {
            let outbox = try await platform.store.outboxCounts(now: now)
            gauges.append(.init(name: "wxopen_outbox_deliveries", help: "Deliveries in the outbox by state.",
                                samples: [([("state", "pending")], Double(outbox.pending)), ([("state", "retrying")], Double(outbox.retrying)),
                                          ([("state", "delivering")], Double(outbox.delivering))]))
            gauges.append(.init(name: "wxopen_outbox_oldest_age_seconds", help: "Age of the oldest undelivered delivery (0: none).",
                                samples: [([], outbox.oldestCreatedAt.map { now.timeIntervalSince($0) } ?? 0)]))
        }
        var response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                                    body: Data(metrics.render(gauges: gauges).utf8))
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
