import Foundation
import WeChat
import WXOpenSupport

/// What one of our push URLs does with what WeChat posts there, once `PushReceiver` has verified
/// and decrypted it: read it, act on it. Everything around that (signature, timestamp window,
/// decryption, the replay window, logging, the answer) is the receiver's, the same for every URL.
protocol PushHandler: Sendable {
    associatedtype Push: Sendable

    /// Types the decrypted XML and checks that it is addressed to us. Throw `PushRejection` to
    /// refuse it (400); any other error means authentic but unreadable, which is logged and
    /// answered `success` (WeChat would send the same bytes again).
    func parse(_ context: PushContext) async throws -> Push

    /// Acts on a push seen for the first time. Throwing, or returning `.retryLater`, answers
    /// 500, takes the push out of the replay window and so lets WeChat's retry be handled.
    func handle(_ push: Push, context: PushContext) async throws -> PushOutcome

    /// The answer to a push already in the replay window (a replay, or WeChat resending it).
    func duplicate(_ push: Push, context: PushContext) async -> PushOutcome
}

extension PushHandler {
    func duplicate(_ push: Push, context: PushContext) async -> PushOutcome { .success }
}

/// One verified, decrypted POST, as a handler sees it.
struct PushContext: Sendable {
    /// Carries the request id (and whatever the handler adds).
    var logger: Logger
    /// The route's path parameters (`appid` on the message URL: an authorizer appid, not signed).
    var pathParameters: [String: String]
    var envelope: EncryptedEnvelope
    /// The plaintext XML and the key that opened it. The plaintext can hold a ticket or a code:
    /// never log it.
    var decrypted: DecryptedMessage
    /// Our clock when the push arrived.
    var receivedAt: Date
    /// When the pipeline started on it (monotonic): what WeChat's 5-second deadline is counted from.
    var arrivedAt: ContinuousClock.Instant
}

/// A push refused before it was acted on.
struct PushRejection: Error, Sendable {
    /// A short fixed phrase, never text the sender chose: repeats are counted by it, so a flood
    /// cannot make every log line unique.
    var reason: String
    /// The particulars (e.g. the appid named), for the first line logged of a reason; may hold
    /// sender-chosen text, which the logger quotes.
    var detail: String?

    init(_ reason: String, detail: String? = nil) {
        self.reason = reason
        self.detail = detail
    }
}
