import Foundation
import Synchronization

/// A transport for tests: answers each request with a closure and records every request,
/// so a test can assert the exact method, path, query and body the client sent.
///
///     let transport = MockWeChatTransport { _ in .json(#"{"errcode":61004,"errmsg":"access clientip is not registered"}"#) }
public final class MockWeChatTransport: WeChatTransport {
    public typealias Handler = @Sendable (WeChatHTTPRequest) async throws -> WeChatHTTPResponse

    private let handler: Handler
    private let recorded = Mutex<[WeChatHTTPRequest]>([])

    public init(handler: @escaping Handler) {
        self.handler = handler
    }

    /// Answers every request with the same JSON body.
    public convenience init(json: String, status: Int = 200) {
        let response = WeChatHTTPResponse.json(json, status: status)
        self.init { _ in response }
    }

    /// Answers the n-th request with the n-th response and repeats the last one after that.
    public convenience init(sequence responses: [WeChatHTTPResponse]) {
        let next = Mutex(0)
        self.init { _ in
            let index = next.withLock { index in
                defer { index += 1 }
                return index
            }
            guard let last = responses.last else { throw WeChatTransportError.other(reason: "no canned response") }
            return index < responses.count ? responses[index] : last
        }
    }

    public func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse {
        recorded.withLock { $0.append(request) }
        return try await handler(request)
    }

    /// Every request sent so far, oldest first.
    public var requests: [WeChatHTTPRequest] { recorded.withLock { $0 } }

    public var lastRequest: WeChatHTTPRequest? { recorded.withLock { $0.last } }
}
