import WeChat

/// Told about each account message once it is durably accepted (in the outbox with its dedupe
/// entry, or recorded when nothing is forwarded), WeChat's repeats of it included: an observer
/// must be idempotent. It runs before WeChat is answered and must be quick; what it cannot do
/// then it must be able to catch up on by itself (the release runner polls reviews).
protocol AccountMessageObserver: Sendable {
    func accepted(_ message: AccountMessage, appID: String) async
}
