import Foundation

/// Everything the simulated WeChat remembers, kept behind one `Mutex`. Methods are quick and
/// pure (no I/O, no waiting), so the lock is never held for long, even with 10,000 accounts.
struct SimulatorState {
    /// The configuration, of which a few policies (rotation, full release) can change at run time.
    var settings: SimulatorConfiguration
    var tickets = TicketLedger()
    var tokens = TokenLedger()
    var authorizations = AuthorizationLedger()
    var oauth = OAuthLedger()
    var accounts: AccountDirectory
    var faults = FaultPlan()
    var counters: [String: Int] = [:]
    var quotas = QuotaBook()
    var miniPrograms = MiniProgramLedger()
    var rids = RidLedger()
    var code = CodeLedger()
    private(set) var customMessages: [CustomMessage] = []

    /// Recordings kept for tests; the oldest go first beyond this.
    static let recordingLimit = 10_000

    init(settings: SimulatorConfiguration) {
        self.settings = settings
        self.accounts = AccountDirectory(settings.accounts)
        self.faults.latency = settings.latency
    }

    /// Counts a call of `endpoint` and returns the fault to serve for it, if any.
    mutating func beginCall(_ endpoint: String) -> (fault: InjectedFault?, latency: TimeInterval) {
        counters[endpoint, default: 0] += 1
        return (faults.take(for: endpoint), faults.latency)
    }

    mutating func record(_ message: CustomMessage) {
        customMessages.append(message)
        if customMessages.count > Self.recordingLimit { customMessages.removeFirst(customMessages.count - Self.recordingLimit) }
    }

    mutating func clearRecordings() {
        customMessages = []
    }

    // MARK: Checks shared by several routes

    func requireComponentAppID(_ appID: String?) throws(APIError) {
        guard let appID, !appID.isEmpty else { throw .appIDMissing }
        guard appID == settings.componentAppID else { throw .invalidComponent }
    }

    func requireComponentToken(_ token: String?, now: Date) throws(APIError) {
        try tokens.requireComponent(token, now: now, grace: settings.replacedTokenGrace)
    }

    func requireAuthorizerToken(_ token: String?, now: Date) throws(APIError) -> String {
        try tokens.requireAuthorizer(token, now: now, grace: settings.replacedTokenGrace)
    }

    /// The account behind `authorizer_appid`: 40013 unknown, 61003 not (or no longer) authorized.
    func requireAuthorized(_ appID: String?) throws(APIError) -> (SimulatedAccount, Authorization) {
        guard let appID, !appID.isEmpty else { throw .appIDMissing }
        guard let account = accounts[appID] else { throw .invalidAppID }
        guard let authorization = authorizations.active(appID) else { throw .notAuthorized }
        return (account, authorization)
    }

    /// Whether an account may authorize now: before full release only test-list accounts may.
    func mayAuthorize(_ account: SimulatedAccount) -> Bool {
        settings.fullReleaseDone || account.onTestList
    }
}
