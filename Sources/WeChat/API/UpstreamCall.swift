import Foundation

/// One finished call to WeChat, reported to the client's observer for metrics and logs.
/// Holds no token, code or secret.
public struct UpstreamCall: Sendable, Equatable {
    /// The endpoint's stable short name, e.g. `api_component_token`.
    public var endpoint: String
    /// WeChat's errcode: 0 on success, nil when no WeChat answer was read (transport failure,
    /// unexpected HTTP status, or a body that is not WeChat's JSON).
    public var errcode: Int?
    /// nil when the transport failed before any HTTP answer.
    public var httpStatus: Int?
    /// Seconds from sending the request to having the outcome.
    public var duration: TimeInterval

    public init(endpoint: String, errcode: Int?, httpStatus: Int?, duration: TimeInterval) {
        self.endpoint = endpoint
        self.errcode = errcode
        self.httpStatus = httpStatus
        self.duration = duration
    }
}
