import Foundation

/// One attempt to deliver a push (or a full-release test message) to the platform.
public struct PushDelivery: Sendable, Equatable {
    /// Increases by one per attempt, across all pushes.
    public var sequence: Int
    /// `component_verify_ticket`, `authorized`, `updateauthorized`, `unauthorized`, or
    /// `message` for a message to an account's message URL.
    public var infoType: String
    /// The URL's path, e.g. `/wechat/component/events` (the query holds signatures only).
    public var path: String
    /// 1 for the first attempt.
    public var attempt: Int
    /// nil when no HTTP answer came (refused, timed out).
    public var httpStatus: Int?
    /// The answer's body as text, empty when there was none.
    public var responseBody: String
    /// Why the attempt failed, nil when the platform answered `success` (or, for messages, 200).
    public var failure: String?
    /// The XML before encryption, for tests that want to compare.
    public var plaintext: String
    /// On the simulator's clock.
    public var time: Date

    public var succeeded: Bool { failure == nil }
}
