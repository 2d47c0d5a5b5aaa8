import Foundation
import HTTPServer
import Synchronization
import WeChat
import WXOpenSupport

/// The one pipeline every POST from WeChat goes through, whatever its URL:
/// verify (query, envelope, `msg_signature`, timestamp window) → decrypt (padding, the appid
/// sealed after the message) → parse (the handler types it and checks it is addressed to us) →
/// replay check (an atomic insert into the store's replay window) → dispatch (the handler acts)
/// → record (logs; a failed push leaves the replay window so that WeChat's retry is handled).
///
/// Parsing comes before the replay check so that only pushes that are ours take a place in the
/// store, and so that a handler can answer a duplicate from what it holds (`duplicate`).
final class PushReceiver: Sendable {
    /// How long after its timestamp's window closes a replay key is kept: a clock stepped back by
    /// up to a minute between a push and its replay still finds the key.
    static let replayKeyMargin: TimeInterval = 60

    let crypto: MessageCrypto
    let clock: any WallClock
    private let store: any Store
    private let logger: Logger
    private let events: EventRecorder
    let rejections: RejectionReporter
    /// Replay keys of pushes being handled by this process: a copy that arrives meanwhile is
    /// answered 500 (WeChat tries again later) rather than `success` for a push that may yet fail.
    private let inFlight = Mutex<Set<String>>([])

    init(crypto: MessageCrypto, store: any Store, clock: any WallClock, logger: Logger, events: EventRecorder) {
        self.crypto = crypto
        self.store = store
        self.clock = clock
        self.logger = logger
        self.events = events
        rejections = RejectionReporter(events: events, clock: clock, logger: logger)
    }

    func receive<Handler: PushHandler>(_ request: HTTPRequest, with handler: Handler) async -> PushOutcome {
        let arrivedAt = ContinuousClock.now
        let logger = logger.with(["request_id": request.requestID])
        await rejections.sweep()
        let context: PushContext
        let push: Handler.Push
        do {
            context = try verify(request, logger: logger, arrivedAt: arrivedAt)
            push = try await handler.parse(context)
        } catch let rejection as PushRejection {
            await rejections.note(rejection, logger: logger, remote: request.remoteHost)
            return .rejected
        } catch {
            // Authentic (it decrypted with our key) but not understood: retrying will not help.
            logger.error("push_unreadable", ["error": "\(error)"])
            await events.record("push.unreadable", appID: request.pathParameters["appid"], outcome: "failed", "\(error)")
            return .success
        }

        // `msg_signature` covers the timestamp, nonce and ciphertext: the same push, byte for byte.
        let key = "msg_signature:" + (request.query["msg_signature"] ?? "")
        guard inFlight.withLock({ $0.insert(key).inserted }) else {
            logger.info("push_in_flight", ["action": "the same push is being handled; answering 500 so WeChat retries"])
            return .retryLater
        }
        defer { _ = inFlight.withLock { $0.remove(key) } }
        do {
            guard try await store.insertReplayKey(key, expiresAt: replayKeyExpiry(request), now: context.receivedAt) else {
                logger.info("push_duplicate", ["action": "already handled; not acting on it again"])
                return await handler.duplicate(push, context: context)
            }
        } catch {
            logger.error("push_failed", ["error": "\(error)", "action": "the replay window could not be written; answering 500 so WeChat retries"])
            return .retryLater
        }

        let outcome: PushOutcome
        do {
            outcome = try await handler.handle(push, context: context)
        } catch {
            logger.error("push_failed", ["error": "\(error)", "action": "answering 500 so WeChat retries"])
            outcome = .retryLater
        }
        if outcome == .retryLater {
            do {
                try await store.removeReplayKey(key)
            } catch {
                logger.error("replay_key_not_removed", ["error": "\(error)", "effect": "WeChat's retry of this push will be taken for a replay"])
            }
        }
        return outcome
    }

    /// Checks and decrypts: query `msg_signature`, `timestamp`, `nonce` (and `encrypt_type=aes`
    /// when present), the XML envelope, the signature over the ciphertext, the timestamp window,
    /// the padding and the appid sealed after the message (which must be our component appid).
    private func verify(_ request: HTTPRequest, logger: Logger, arrivedAt: ContinuousClock.Instant) throws(PushRejection) -> PushContext {
        guard let signature = request.query["msg_signature"], let timestamp = request.query["timestamp"],
              let nonce = request.query["nonce"] else { throw PushRejection("missing msg_signature, timestamp or nonce") }
        if let type = request.query["encrypt_type"], type != "aes" { throw PushRejection("encrypt_type is not aes", detail: type) }
        let envelope: EncryptedEnvelope
        do {
            envelope = try EncryptedEnvelope.parse(Array(request.body))
        } catch {
            throw PushRejection("body is not a WeChat envelope", detail: error.reason)
        }
        let now = clock.now()
        do {
            let decrypted = try crypto.verifyAndDecrypt(msgSignature: signature, timestamp: timestamp, nonce: nonce,
                                                        encrypt: envelope.encrypt, now: now)
            return PushContext(logger: logger, pathParameters: request.pathParameters, envelope: envelope,
                               decrypted: decrypted, receivedAt: now, arrivedAt: arrivedAt)
        } catch {
            throw PushRejection(error.reason)
        }
    }

    /// A replay is refused as stale once its timestamp is outside the window: the key is needed
    /// until then (the timestamp was checked to be digits within the window).
    private func replayKeyExpiry(_ request: HTTPRequest) -> Date {
        let seconds = request.query["timestamp"].flatMap { TimeInterval($0) } ?? clock.now().timeIntervalSince1970
        return Date(timeIntervalSince1970: seconds) + crypto.timestampWindow + Self.replayKeyMargin
    }
}
