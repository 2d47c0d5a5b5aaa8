import Foundation
import WeChat
import WXOpenSupport

/// Posts deliveries to `forwarding.url`. The transport is the one that moves WeChat's calls (a
/// plain HTTP exchange: `URLSessionTransport` in production, with its hard deadline and no
/// redirects), so a test can deliver to a local server on port 0 the same way.
struct ServiceClient: Sendable {
    enum Outcome: Sendable {
        /// A 2xx: the service has it. The body may carry a reply.
        case accepted(body: Data)
        /// Anything else, named without the body (which could echo a message back).
        case failed(String)
    }

    let url: URL
    let secret: [UInt8]
    let transport: any WeChatTransport
    let clock: any WallClock

    /// Replies are a few hundred bytes; anything much larger is not one.
    static let maxResponseBytes = 64 * 1024

    func post(_ delivery: OutboxDelivery, timeout: TimeInterval) async -> Outcome {
        let body = Data(delivery.payload.utf8)
        let timestamp = Int64(clock.now().timeIntervalSince1970)
        let request = WeChatHTTPRequest(method: "POST", url: url, headers: [
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "wxopen/\(WXOpenVersion.string)",
            "X-Wxopen-Delivery": delivery.id,
            "X-Wxopen-Event": delivery.type,
            "X-Wxopen-Attempt": String(delivery.attempts + 1),
            "X-Wxopen-Signature": DeliverySignature.header(secret: secret, timestamp: timestamp, body: body),
        ], body: body, timeout: timeout)
        do {
            let response = try await transport.send(request)
            guard (200..<300).contains(response.status) else { return .failed("HTTP \(response.status)") }
            return .accepted(body: response.body)
        } catch is CancellationError {
            return .failed("cancelled (shutting down)")
        } catch {
            return .failed("\(error)")
        }
    }
}
