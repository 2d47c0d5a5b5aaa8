extension Configuration {
    /// How rollouts of mini program code run (`releases`).
    public struct Releases: Sendable, Equatable {
        /// Most WeChat calls a process makes at once for rollouts. Default: 4.
        public var concurrency = 4
        /// How often an account under review is asked about with `wxa/get_auditstatus`, so a
        /// lost push does not stall its rollout (10–86,400 s). Default: 600 (10 minutes).
        public var pollIntervalSeconds = 600
        /// How long an instance holds an account's step (5–3,600 s): longer than a WeChat call
        /// with its busy retries. After a crash the step is taken up again once it lapses.
        /// Default: 120.
        public var leaseSeconds = 120
        /// How often the runner looks for due work besides being woken (1–600 s). Default: 5.
        public var scanIntervalSeconds = 5
        /// How long an account waits after WeChat said "not now" (61039 code check running,
        /// 45009 daily quota, busy after the retries) before its step is tried again
        /// (1–86,400 s). Default: 60.
        public var retryDelaySeconds = 60

        public init() {}
    }
}
