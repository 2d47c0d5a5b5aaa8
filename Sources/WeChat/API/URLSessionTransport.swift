import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The production transport: one long-lived `URLSession` shared by every call.
///
/// The session is ephemeral (no cookies, no cache, no credential storage). Redirects are
/// refused, so a 3xx comes back as it was sent and the client reports it. Each request has
/// a hard deadline of its own timeout, and the body is cut off at `maxResponseBytes`.
///
/// Data arrives through the session delegate rather than `data(for:)`, whose Linux
/// implementation cannot cap the body size; the delegate resumes one continuation per task.
public final class URLSessionTransport: WeChatTransport {
    public struct Configuration: Sendable {
        /// The largest response body accepted. Default: 4 MiB (WeChat's answers are a few KiB).
        public var maxResponseBytes: Int
        /// Connections kept open per host. Default: 16.
        public var maximumConnectionsPerHost: Int

        public init(maxResponseBytes: Int = 4 << 20, maximumConnectionsPerHost: Int = 16) {
            self.maxResponseBytes = maxResponseBytes
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
        }
    }

    public let configuration: Configuration
    private let session: URLSession
    private let delegate: Delegate

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.urlCache = nil
        sessionConfiguration.urlCredentialStorage = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maximumConnectionsPerHost
        delegate = Delegate(maxResponseBytes: configuration.maxResponseBytes)
        session = URLSession(configuration: sessionConfiguration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse {
        try Task.checkCancellation()
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData,
                                    timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        urlRequest.httpShouldHandleCookies = false
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        let task = session.dataTask(with: urlRequest)
        let delegate = self.delegate
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                delegate.start(task, timeout: request.timeout, continuation: continuation)
            }
        } onCancel: {
            delegate.cancel(task)
        }
    }
}
