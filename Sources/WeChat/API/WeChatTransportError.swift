import Foundation

/// A failure below HTTP. None of the cases carries a URL: request URLs hold tokens.
public enum WeChatTransportError: Error, Sendable, Equatable {
    /// No complete answer within the request's timeout. The request may still have reached
    /// WeChat, so a retry of a non-idempotent call may act twice.
    case timedOut(after: TimeInterval)
    /// The connection could not be made or broke before an answer (DNS, refused, reset, TLS).
    case connectionFailed(reason: String)
    /// The answer was larger than the transport accepts.
    case responseTooLarge(limit: Int)
    /// Anything else, named without any part of the request.
    case other(reason: String)
}

extension WeChatTransportError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .timedOut(let seconds): "timed out after \(Self.format(seconds)) s"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .other(let reason): "transport failed: \(reason)"
        }
    }

    private static func format(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
