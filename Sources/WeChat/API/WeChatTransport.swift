/// Moves one request to WeChat and back. `URLSessionTransport` in production,
/// `MockWeChatTransport` in tests.
///
/// A transport throws `WeChatTransportError` for failures below HTTP (or `CancellationError`
/// when the calling task is cancelled) and returns every HTTP answer, whatever its status.
public protocol WeChatTransport: Sendable {
    func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse
}
