import Foundation
import HTTPServer
import WeChat

/// What the push pipeline decided about one POST from WeChat; `PushReceiver.response(for:)`
/// turns it into the answer.
enum PushOutcome: Sendable, Equatable {
    /// Handled, or nothing to do, or retrying could not help: the text `success`.
    case success
    /// 200 with an empty body: "no reply now" (the full-release check wants it for QUERY_AUTH_CODE).
    case empty
    /// A passive reply to an account message (plaintext XML), encrypted with the key the message
    /// came with.
    case reply(xml: String, key: KeySlot)
    /// Not authentic, or not addressed to us: 400, and the reason only in the log.
    case rejected
    /// Authentic and ours, but handling failed: 500, so that WeChat sends it again.
    case retryLater
}

extension PushReceiver {
    /// Deliberately says nothing about why: the reason goes to the log.
    private static let rejected = HTTPResponse.text("rejected\n", status: .badRequest)
    private static let success = HTTPResponse.text("success")

    func response(for outcome: PushOutcome) -> HTTPResponse {
        switch outcome {
        case .success: return Self.success
        case .empty: return HTTPResponse(status: .ok, body: .empty)
        case .rejected: return Self.rejected
        case .retryLater: return HTTPError(.internalServerError, "failed; WeChat will retry").response
        case .reply(let xml, let key):
            let seconds = String(Int(clock.now().timeIntervalSince1970))
            let envelope = crypto.encryptedReply(xml, key: key, timestamp: seconds,
                                                 nonce: String(UInt32.random(in: 100_000_000...UInt32.max)))
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8"], body: Data(envelope.utf8))
        }
    }
}
