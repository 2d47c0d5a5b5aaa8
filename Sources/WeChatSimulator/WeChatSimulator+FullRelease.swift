import Foundation
import WeChat

/// WeChat's automatic check before full release: messages from the test official account to
/// the platform's message URL, encrypted with the platform's key, and the answers it expects.
extension WeChatSimulator {
    /// The test user who "sends" the check's messages.
    public static let fullReleaseSenderOpenID = "ozy4qt5QUADNXORxCVipKMV9dss0"

    public func runFullReleaseCheck() async -> FullReleaseReport {
        let account = SimulatedAccount.fullReleaseTestAccount
        guard let url = configuration.messageURL(for: account.appID) else {
            return FullReleaseReport(steps: [.init(name: "message_url", passed: false,
                                                   detail: "messageURLTemplate does not make a URL")])
        }
        let sender = Self.fullReleaseSenderOpenID
        var steps: [FullReleaseReport.Step] = []

        let event = AccountMessage.event(toUserName: account.userName, fromUserName: sender, createTime: timestamp(), event: "LOCATION")
        steps.append(await expectTextReply(to: event, expected: "LOCATIONfrom_callback", step: "event", url: url))

        let text = AccountMessage.text(toUserName: account.userName, fromUserName: sender, createTime: timestamp(),
                                       content: "TESTCOMPONENT_MSG_TYPE_TEXT", msgID: Self.messageID())
        steps.append(await expectTextReply(to: text, expected: "TESTCOMPONENT_MSG_TYPE_TEXT_callback", step: "text", url: url))

        // The test account authorizes the platform itself; no push, so the code arrives only in the message.
        let code: String
        do {
            code = try await authorize(appID: account.appID, funcIDs: PermissionSet.officialAccountDefaults, sendPush: false)
                .authorizationCode
        } catch {
            steps.append(.init(name: "query_auth_code_reply", passed: false, detail: "could not authorize the test account: \(error)"))
            return FullReleaseReport(steps: steps)
        }
        let query = AccountMessage.text(toUserName: account.userName, fromUserName: sender, createTime: timestamp(),
                                        content: "QUERY_AUTH_CODE:\(code)", msgID: Self.messageID())
        let exchange = await pushSender.post(query.renderXML(), infoType: "message",
                                             addressee: .account(userName: account.userName, senderOpenID: sender),
                                             to: url, attempt: 1, accept: Self.acceptsStatus200)
        let reply = exchange.responseBody.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        if let failure = exchange.delivery.failure {
            steps.append(.init(name: "query_auth_code_reply", passed: false, detail: failure))
        } else if reply == "" || reply == "success" {
            steps.append(.init(name: "query_auth_code_reply", passed: true, detail: "answered \(reply == "" ? "empty" : "success")"))
        } else {
            steps.append(.init(name: "query_auth_code_reply", passed: false,
                               detail: "expected an empty answer or 'success', got '\(reply?.prefix(200) ?? "")'"))
        }
        steps.append(await expectCustomMessage("\(code)_from_api", from: account.appID, to: sender))
        let report = FullReleaseReport(steps: steps)
        logger.info("full_release_check", ["passed": "\(report.passed)",
                                           "failed_steps": steps.filter { !$0.passed }.map(\.name).joined(separator: ",")])
        return report
    }

    /// Sends `message` and checks the encrypted passive reply: a text from the account back to
    /// the sender with `expected` as its content.
    private func expectTextReply(to message: AccountMessage, expected: String, step: String, url: URL) async -> FullReleaseReport.Step {
        let exchange = await pushSender.post(message.renderXML(), infoType: "message",
                                             addressee: .account(userName: message.toUserName, senderOpenID: message.fromUserName),
                                             to: url, attempt: 1, accept: Self.acceptsStatus200)
        if let failure = exchange.delivery.failure { return .init(name: step, passed: false, detail: failure) }
        let result = decryptReply(exchange.responseBody ?? Data())
        switch result {
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
    private func expectCustomMessage(_ content: String, from appID: String, to openID: String) async -> FullReleaseReport.Step {
        let name = "query_auth_code_custom_message"
        let deadline = ContinuousClock.now + .milliseconds(Int(configuration.fullReleaseReplyTimeout * 1000))
        while true {
            let found = state.withLock { state in
                state.customMessages.last { $0.authorizerAppID == appID && $0.toUser == openID && $0.content == content }
            }
            if found != nil { return .init(name: name, passed: true, detail: "received customer-service message '\(content)'") }
            if ContinuousClock.now >= deadline || Task.isCancelled { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return .init(name: name, passed: false, detail: "no customer-service text '\(content)' to \(openID) sent with "
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
