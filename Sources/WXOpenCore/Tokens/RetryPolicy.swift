import WeChat
import WXOpenSupport

/// Bounded retries with capped exponential backoff, for WeChat's `-1 system busy` and, where a
/// repeated call is harmless, for network failures.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included. Default: 3.
    public var attempts = 3
    /// Delay before the second attempt; doubled each time, capped at `maximumDelay`. Default: 200 ms.
    public var initialDelay: Duration = .milliseconds(200)
    public var maximumDelay: Duration = .seconds(2)
    /// Retry transport failures too (only for calls that are safe to repeat). Default: true.
    public var retriesTransportFailures = true

    public init() {}

    public static let `default` = RetryPolicy()
    /// For calls that must not be repeated blindly (e.g. exchanging a single-use code).
    public static var busyOnly: RetryPolicy {
        var policy = RetryPolicy()
        policy.retriesTransportFailures = false
        return policy
    }

    func shouldRetry(_ error: WeChatAPIError) -> Bool {
        switch error.kind {
        case .busy: true
        case .transport: retriesTransportFailures
        default: false
        }
    }

    public func run<T: Sendable>(sleep: Sleeper, _ operation: @Sendable () async throws -> T) async throws -> T {
        var delay = initialDelay
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch let error as WeChatAPIError where attempt < attempts && shouldRetry(error) {
                try await sleep(delay)
                delay = min(delay * 2, maximumDelay)
                attempt += 1
            }
        }
    }
}
