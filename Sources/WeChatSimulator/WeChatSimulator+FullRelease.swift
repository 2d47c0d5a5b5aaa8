import Foundation
import WeChat

/// WeChat's automatic check before full release (全网发布接入检测), as WeChat runs it now:
/// 1. a `component_verify_ticket` push, answered `success`;
/// 2. one of five groups of test accounts, at random: the official account is authorized (and
///    the code pushed as `authorized`), then sends `TESTCOMPONENT_MSG_TYPE_TEXT` (the encrypted
///    text reply `TESTCOMPONENT_MSG_TYPE_TEXT_callback` is expected) and
///    `QUERY_AUTH_CODE:$code` (an empty answer within 5 s, then the customer-service text
///    `$code_from_api` to the sender);
/// 3. the same group's mini program, authorized the same way, sends `QUERY_AUTH_CODE:$code`.
/// The older check's event step (`{Event}from_callback`) is not part of it any more.
extension WeChatSimulator {
    /// The test user who "sends" the official account's messages.
    public static let fullReleaseSenderOpenID = "ozy4qt5QUADNXORxCVipKMV9dss0"
    /// The test user who "sends" the mini program's.
    public static let fullReleaseMiniProgramSenderOpenID = "oQhxM5Dv2o4Xd8CDdVYhVt3fGBbk"

    /// Why an answer that took `seconds` fails the check, nil when it was in time: WeChat waits
    /// about 5 s (`pushTimeout`, which tests raise so that a loaded machine does not fail them).
    func lateAnswer(after seconds: TimeInterval) -> String? {
        guard seconds > configuration.pushTimeout else { return nil }
        return "answered after \(String(format: "%.1f", seconds)) s; WeChat waits \(String(format: "%g", configuration.pushTimeout)) s"
    }

    /// What a run covers: `group` 1…5 (nil: one at random, as WeChat picks), which account kinds
    /// (a platform without the permission sets of one is not checked for it), and whether the
    /// code is also pushed as `authorized`, as WeChat does.
    public struct FullReleaseOptions: Sendable {
        public var group: Int?
        public var kinds: [SimulatedAccount.Kind]
        public var pushAuthorized: Bool

        public init(group: Int? = nil, kinds: [SimulatedAccount.Kind] = SimulatedAccount.Kind.allCases, pushAuthorized: Bool = true) {
            self.group = group
            self.kinds = kinds
            self.pushAuthorized = pushAuthorized
        }
    }

    public func runFullReleaseCheck(_ options: FullReleaseOptions = FullReleaseOptions()) async -> FullReleaseReport {
        let groups = SimulatedAccount.fullReleaseGroups
        let group = options.group.map { min(max($0, 1), groups.count) } ?? Int.random(in: 1...groups.count)
        var steps: [FullReleaseReport.Step] = []
        let ticket = await pushTicket()
        steps.append(.init(name: "ticket", passed: ticket.delivered,
                           detail: ticket.delivered ? "answered success" : ticket.deliveries.last?.failure ?? "not delivered"))
        for kind in SimulatedAccount.Kind.allCases where options.kinds.contains(kind) {
            let account = kind == .officialAccount ? groups[group - 1].officialAccount : groups[group - 1].miniProgram
            steps += await check(account, pushAuthorized: options.pushAuthorized)
        }
        let report = FullReleaseReport(group: group, steps: steps)
        logger.info("full_release_check", ["group": "\(group)", "passed": "\(report.passed)",
                                           "failed_steps": steps.filter { !$0.passed }.map(\.name).joined(separator: ",")])
        return report
    }

    /// One test account's steps, named `official_account.…` or `mini_program.…`.
    private func check(_ account: SimulatedAccount, pushAuthorized: Bool) async -> [FullReleaseReport.Step] {
        let prefix = account.kind.rawValue + "."
        let sender = account.kind == .officialAccount ? Self.fullReleaseSenderOpenID : Self.fullReleaseMiniProgramSenderOpenID
        guard let url = configuration.messageURL(for: account.appID) else {
            return [.init(name: prefix + "message_url", passed: false, detail: "messageURLTemplate does not make a URL")]
        }
        // WeChat authorizes the test account itself; the code arrives in the message and, with
        // `pushAuthorized`, in an `authorized` push too.
        let code: String
        do {
            code = try await authorize(appID: account.appID, funcIDs: PermissionSet.defaults(for: account.kind), sendPush: pushAuthorized)
                .authorizationCode
        } catch {
            return [.init(name: prefix + "authorize", passed: false, detail: "could not authorize the test account: \(error)")]
        }
        var steps: [FullReleaseReport.Step] = []
        if account.kind == .officialAccount {
            let text = AccountMessage.text(toUserName: account.userName, fromUserName: sender, createTime: timestamp(),
                                           content: "TESTCOMPONENT_MSG_TYPE_TEXT", msgID: Self.messageID())
            steps.append(await expectTextReply(to: text, expected: "TESTCOMPONENT_MSG_TYPE_TEXT_callback", step: prefix + "text", url: url))
        }
        let query = AccountMessage.text(toUserName: account.userName, fromUserName: sender, createTime: timestamp(),
                                        content: "QUERY_AUTH_CODE:\(code)", msgID: Self.messageID())
        let (exchange, seconds) = await timedPost(query, to: url)
        let reply = exchange.responseBody.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        let name = prefix + "query_auth_code_reply"
        if let failure = exchange.delivery.failure {
            steps.append(.init(name: name, passed: false, detail: failure))
        } else if let late = lateAnswer(after: seconds) {
            steps.append(.init(name: name, passed: false, detail: late))
        } else if reply == "" || reply == "success" {
            steps.append(.init(name: name, passed: true, detail: "answered \(reply == "" ? "empty" : "success")"))
        } else {
            steps.append(.init(name: name, passed: false, detail: "expected an empty answer or 'success', got '\(reply?.prefix(200) ?? "")'"))
        }
        steps.append(await expectCustomMessage("\(code)_from_api", from: account.appID, to: sender, step: prefix + "query_auth_code_custom_message"))
        return steps
    }

    /// Sends `message` and checks the encrypted passive reply: a text from the account back to
    /// the sender with `expected` as its content, within 5 s.
    private func expectTextReply(to message: AccountMessage, expected: String, step: String, url: URL) async -> FullReleaseReport.Step {
        let (exchange, seconds) = await timedPost(message, to: url)
        if let failure = exchange.delivery.failure { return .init(name: step, passed: false, detail: failure) }
        if let late = lateAnswer(after: seconds) { return .init(name: step, passed: false, detail: late) }
        switch decryptReply(exchange.responseBody ?? Data()) {
        case .failure(let problem):
            return .init(name: step, passed: false, detail: problem.reason)
        case .success(let reply):
            guard case .text(let content, _) = reply.kind else {
                return .init(name: step, passed: false, detail: "expected a text reply, got MsgType \(reply.msgType)")
            }
            guard content == expected else {
                return .init(name: step, passed: false, detail: "expected content '\(expected)', got '\(content.prefix(200))'")
            }
            guard reply.toUserName == message.fromUserName, reply.fromUserName == message.toUserName else {
                return .init(name: step, passed: false, detail: "the reply must go from \(message.toUserName) to \(message.fromUserName)")
            }
            return .init(name: step, passed: true, detail: "replied '\(expected)'")
        }
    }

    /// One encrypted POST of a test message and how long the answer took (real time).
    private func timedPost(_ message: AccountMessage, to url: URL) async -> (PushSender.Exchange, TimeInterval) {
        let started = ContinuousClock.now
        let exchange = await pushSender.post(message.renderXML(), infoType: "message",
                                             addressee: .account(userName: message.toUserName, senderOpenID: message.fromUserName),
                                             to: url, attempt: 1, accept: Self.acceptsStatus200)
        let elapsed = (ContinuousClock.now - started).components
        return (exchange, TimeInterval(elapsed.seconds) + TimeInterval(elapsed.attoseconds) / 1e18)
    }

    /// Verifies `MsgSignature` over the reply and decrypts it with the platform's key.
    private func decryptReply(_ body: Data) -> Result<AccountMessage, ReplyProblem> {
        guard !body.isEmpty else { return .failure(ReplyProblem("empty reply; expected an encrypted text message")) }
        guard let root = try? WeChatXML.parse(Array(body)), let encrypt = root.text(of: "Encrypt"),
              let signature = root.text(of: "MsgSignature"), let timestamp = root.text(of: "TimeStamp"),
              let nonce = root.text(of: "Nonce")
        else { return .failure(ReplyProblem("the reply is not an encrypted reply (<Encrypt>, <MsgSignature>, <TimeStamp>, <Nonce>)")) }
        guard crypto.signature(timestamp: timestamp, nonce: nonce, encrypt: encrypt) == signature else {
            return .failure(ReplyProblem("MsgSignature does not match the reply"))
        }
        guard let plaintext = try? crypto.decrypt(encrypt).plaintext else {
            return .failure(ReplyProblem("the reply does not decrypt with the platform's key and appid"))
        }
        guard let message = try? AccountMessage(xml: plaintext) else { return .failure(ReplyProblem("the decrypted reply is not a message")) }
        return .success(message)
    }

    /// Waits (real time) for the customer-service message the platform must send.
    private func expectCustomMessage(_ content: String, from appID: String, to openID: String, step: String) async -> FullReleaseReport.Step {
        let deadline = ContinuousClock.now + .milliseconds(Int(configuration.fullReleaseReplyTimeout * 1000))
        while true {
            let found = state.withLock { state in
                state.customMessages.last { $0.authorizerAppID == appID && $0.toUser == openID && $0.content == content }
            }
            if found != nil { return .init(name: step, passed: true, detail: "received customer-service message '\(content)'") }
            if ContinuousClock.now >= deadline || Task.isCancelled { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return .init(name: step, passed: false, detail: "no customer-service text '\(content)' to \(openID) sent with "
            + "\(appID)'s authorizer token within \(Int(configuration.fullReleaseReplyTimeout)) s")
    }

    private struct ReplyProblem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static let acceptsStatus200: @Sendable (Int, Data) -> String? = { status, _ in
        status == 200 ? nil : "HTTP status \(status)"
    }

    private func timestamp() -> Int64 { Int64(clock.now().timeIntervalSince1970) }

    private static func messageID() -> String { String(UInt64.random(in: 6_000_000_000_000_000_000...9_000_000_000_000_000_000)) }
}
