import Foundation

/// How the operator console behaves. The defaults are what production uses; tests change the
/// clock (from `Platform`), never these, unless a test is about one of them.
struct ConsoleSettings: Sendable {
    /// A session ends after this long without a request. Default: 8 h.
    var idleTimeout: TimeInterval = 8 * 3600
    /// Failed logins a client address may make within `throttleWindow` before it gets 429. Default: 5.
    var maxFailedLogins = 5
    /// Default: 60 s.
    var throttleWindow: TimeInterval = 60
    /// Sessions held at once; past it, the one idle longest is dropped. Default: 10,000.
    var maxSessions = 10_000
    /// How long a login form may be submitted after it was served. Default: 1 h.
    var loginFormLifetime: TimeInterval = 3600
    /// Accounts per page of the accounts list. Default: 50.
    var pageSize = 50
    /// Events on a page of the events page. Default: 200.
    var eventsShown = 200
    /// Accounts a bulk action works on at once (each is one WeChat call). Default: 4.
    var bulkConcurrency = 4
}
