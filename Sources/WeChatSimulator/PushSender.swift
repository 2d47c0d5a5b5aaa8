import Foundation
import Synchronization
import WeChat
import WXOpenSupport

/// Sends encrypted pushes and messages to the platform over HTTP, like WeChat: a time limit per
/// attempt, a few attempts a while apart, and every attempt recorded. The transport is real
/// HTTP by default; tests hand in one that reaches the platform's router in-process.
final class PushSender: Sendable {
    /// What one POST produced: the recorded attempt and the answer's bytes.
    struct Exchange: Sendable {
        var delivery: PushDelivery
        var responseBody: Data?
    }

    private let transport: any WeChatTransport
    private let crypto: MessageCrypto
    private let clock: any WallClock
    private let logger: Logger
    private let attempts: Int
    private let retryDelay: TimeInterval
    private let timeout: TimeInterval
    private let recorded = Mutex<(sequence: Int, deliveries: [PushDelivery])>((0, []))
    private let retries = TaskRegistry()

    init(crypto: MessageCrypto, configuration: SimulatorConfiguration, clock: any WallClock, logger: Logger,
         transport: any WeChatTransport) {
        self.transport = transport
        self.crypto = crypto
        self.clock = clock
        self.logger = logger
        self.attempts = max(1, configuration.pushAttempts)
        self.retryDelay = max(0, configuration.pushRetryDelay)
        self.timeout = configuration.pushTimeout
    }

    /// Delivers a push to the authorization event URL, retrying until the platform answers
    /// `success` or the attempts run out. With `waitForRetries` false, only the first attempt
    /// is awaited and the retries run in the background. Returns the attempts awaited.
    @discardableResult
    func deliverPush(_ plaintext: String, infoType: String, componentAppID: String, to url: URL,
                     waitForRetries: Bool = true) async -> [PushDelivery] {
        var made: [PushDelivery] = []
        for attempt in 1...attempts {
            if attempt > 1 {
                if !waitForRetries {
                    retryInBackground(plaintext, infoType: infoType, componentAppID: componentAppID, to: url, from: attempt)
                    return made
                }
                guard await pause() else { return made }
            }
            let exchange = await post(plaintext, infoType: infoType, addressee: .component(appID: componentAppID), to: url,
                                      attempt: attempt, accept: Self.acceptsSuccess)
            made.append(exchange.delivery)
            if exchange.delivery.succeeded { return made }
        }
        return made
    }

    /// One encrypted POST; `accept` turns the answer into nil (fine) or why it is not.
    func post(_ plaintext: String, infoType: String, addressee: EncryptedPost.Addressee, to url: URL, attempt: Int,
              accept: @Sendable (Int, Data) -> String?) async -> Exchange {
        let now = clock.now()
        let post = EncryptedPost(plaintext: plaintext, addressee: addressee, crypto: crypto,
                                 timestamp: Int64(now.timeIntervalSince1970), nonce: EncryptedPost.makeNonce())
        let request = WeChatHTTPRequest(method: "POST", url: post.url(appendingTo: url),
                                        headers: ["Content-Type": "text/xml; charset=utf-8", "User-Agent": "Mozilla/4.0"],
                                        body: Data(post.body.utf8), timeout: timeout)
        var delivery = PushDelivery(sequence: 0, infoType: infoType, path: url.path, attempt: attempt, httpStatus: nil,
                                    responseBody: "", failure: nil, plaintext: plaintext, time: now)
        var body: Data?
        do {
            let response = try await transport.send(request)
            body = response.body
            delivery.httpStatus = response.status
            delivery.responseBody = String(decoding: response.body.prefix(4096), as: UTF8.self)
            delivery.failure = accept(response.status, response.body)
        } catch {
            delivery.failure = "no answer: \(error)"
        }
        let recorded = record(delivery)
        if let failure = recorded.failure {
            logger.warning("push_failed", ["info_type": infoType, "path": url.path, "attempt": "\(attempt)", "reason": failure])
        } else {
            logger.info("push_delivered", ["info_type": infoType, "path": url.path, "attempt": "\(attempt)"])
        }
        return Exchange(delivery: recorded, responseBody: body)
    }

    /// The platform must answer 200 with the bare text `success`.
    static let acceptsSuccess: @Sendable (Int, Data) -> String? = { status, body in
        guard status == 200 else { return "HTTP status \(status)" }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text == "success" ? nil : "answered \(text.isEmpty ? "nothing" : "'\(text.prefix(64))'") instead of 'success'"
    }

    /// A message to an account's URL is answered `success` or with nothing (no reply).
    static let acceptsSuccessOrEmpty: @Sendable (Int, Data) -> String? = { status, body in
        guard status == 200 else { return "HTTP status \(status)" }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || text == "success" ? nil : "answered '\(text.prefix(64))' instead of 'success'"
    }

    /// Every attempt so far, oldest first (the newest `SimulatorState.recordingLimit`).
    var deliveries: [PushDelivery] { recorded.withLock { $0.deliveries } }

    func clearDeliveries() { recorded.withLock { $0.deliveries = [] } }

    private func record(_ delivery: PushDelivery) -> PushDelivery {
        recorded.withLock { recorded in
            recorded.sequence += 1
            var delivery = delivery
            delivery.sequence = recorded.sequence
            recorded.deliveries.append(delivery)
            let excess = recorded.deliveries.count - SimulatorState.recordingLimit
            if excess > 0 { recorded.deliveries.removeFirst(excess) }
            return delivery
        }
    }

    /// Stops background retries (at shutdown).
    func cancelRetries() {
        retries.cancelAll()
    }

    /// Sleeps the retry delay; false when cancelled.
    private func pause() async -> Bool {
        guard retryDelay > 0 else { return !Task.isCancelled }
        do { try await Task.sleep(for: .milliseconds(Int(retryDelay * 1000))) } catch { return false }
        return true
    }

    private func retryInBackground(_ plaintext: String, infoType: String, componentAppID: String, to url: URL, from first: Int) {
        retries.spawn { [self] in
            for attempt in first...attempts {
                guard await pause() else { return }
                let exchange = await post(plaintext, infoType: infoType, addressee: .component(appID: componentAppID),
                                          to: url, attempt: attempt, accept: Self.acceptsSuccess)
                if exchange.delivery.succeeded { return }
            }
        }
    }
}
