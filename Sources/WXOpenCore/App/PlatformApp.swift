import Foundation
import HTTPServer
import Synchronization
import WeChat
import WXOpenSupport

/// The platform server, wired from its configuration: store, WeChat client, token managers,
/// background refresher, routes and the HTTP server.
public final class PlatformApp: Sendable {
    public let configuration: Configuration
    public let logger: Logger
    public let platform: Platform
    public let tokens: AuthorizerTokenManager
    public let tickets: JSAPITicketManager
    public let refresher: TokenRefresher
    public let sync: SyncService
    public let metrics: PlatformMetrics
    public let server: HTTPServer
    /// Delivers the outbox in the background; nil without `forwarding`.
    public let deliveries: DeliveryWorker?
    /// Mini program rollouts, and the runner that drives them.
    public let releases: ReleaseService
    public let releaseRunner: ReleaseRunner
    private let background = Mutex<Task<Void, Never>?>(nil)
    private let delivering = Mutex<Task<Void, Never>?>(nil)
    private let releasing = Mutex<Task<Void, Never>?>(nil)
    private let warming = Mutex<Task<Void, Never>?>(nil)
    /// The caches' hold on the store's notices (`PlatformApp+Notices.swift`).
    private let subscription: StoreNotices.Subscription
    /// Closed while the store loads (`unopened` … `load`): only health and readiness answer.
    let gate: StartupGate
    /// The store `load` opens, when the app was built before its store.
    private let loadingStore: LoadingStore?
    /// What `start` asked for, for `load` to start once the store is open.
    private let startRequest = Mutex<BackgroundWork?>(nil)
    private let openStore: @Sendable () async throws -> any Store

    /// Which background work `start` runs (tests drive some of it themselves).
    private struct BackgroundWork {
        var refresh: Bool
        var deliver: Bool
        var release: Bool
    }

    /// Opens the store and builds everything; nothing listens until `start()`.
    /// - Parameters:
    ///   - transport: how to reach WeChat (tests pass a mock); default a URLSession transport.
    ///   - store: an already open store (tests); default the one the configuration names.
    ///   - forwarding: how deliveries travel and wait (tests); default real HTTP and real time.
    ///   - openExternalStore: opens the kinds that live outside this module (PostgreSQL, which
    ///     the executable links); gets the configuration and the store key.
    public static func open(
        configuration: Configuration, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment,
        clock: any WallClock = SystemClock(), transport: (any WeChatTransport)? = nil, store: (any Store)? = nil,
        httpConfiguration: HTTPServer.Configuration? = nil, sleep: @escaping Sleeper = Sleepers.real,
        forwarding: ForwardingService.Environment = .init(), openExternalStore: ExternalStoreOpener? = nil
    ) async throws -> PlatformApp {
        if let store {
            return try PlatformApp(configuration: configuration, logger: logger, clock: clock, store: store,
                                   transport: transport ?? URLSessionTransport(), httpConfiguration: httpConfiguration, sleep: sleep,
                                   forwarding: forwarding, openStore: { store })
        }
        let app = try unopened(configuration: configuration, logger: logger, environment: environment, clock: clock, transport: transport,
                               httpConfiguration: httpConfiguration, sleep: sleep, forwarding: forwarding,
                               openExternalStore: openExternalStore)
        try await app.load()
        return app
    }

    /// Builds everything around a store not yet open, for `wxopen serve`: `start()` listens at
    /// once, answering `/healthz` (and `/readyz`, 503 "loading") while a large store loads and
    /// every other route with 503 "loading"; `load()` then opens the store and everything else.
    /// - Parameter openStore: opens the store (tests); default the one the configuration names.
    public static func unopened(
        configuration: Configuration, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment,
        clock: any WallClock = SystemClock(), transport: (any WeChatTransport)? = nil,
        httpConfiguration: HTTPServer.Configuration? = nil, sleep: @escaping Sleeper = Sleepers.real,
        forwarding: ForwardingService.Environment = .init(), openStore: (@Sendable () async throws -> any Store)? = nil,
        openExternalStore: ExternalStoreOpener? = nil
    ) throws -> PlatformApp {
        let opener = openStore ?? {
            try await PlatformApp.openStore(configuration, environment: environment, clock: clock, logger: logger, external: openExternalStore)
        }
        return try PlatformApp(configuration: configuration, logger: logger, clock: clock, store: nil, transport: transport ?? URLSessionTransport(),
                               httpConfiguration: httpConfiguration, sleep: sleep, forwarding: forwarding, openStore: opener)
    }

    /// Opens a store kind this module does not link: `(configuration, store key) → store`.
    public typealias ExternalStoreOpener = @Sendable (Configuration, [UInt8]?) async throws -> any Store

    static func openStore(_ configuration: Configuration, environment: [String: String], clock: any WallClock, logger: Logger,
                          external: ExternalStoreOpener?) async throws -> any Store {
        let settings = configuration.store
        let key = try environment[Configuration.Environment.storeKey].flatMap { $0.isEmpty ? nil : try FileStore.parseKey($0) }
        let retention = TimeInterval(configuration.events.keepDays) * 86_400
        switch settings.kind {
        case .memory:
            logger.warning("store_in_memory", ["warning": "nothing is persisted: every token is lost on restart (tests and benchmarks only)"])
            return MemoryStore(eventRetention: retention, clock: clock)
        case .file:
            return try await FileStore(path: settings.path, key: key, componentAppID: configuration.component.appID, logger: logger,
                                       clock: clock, configuration: FileStore.Configuration(eventRetention: retention))
        case .postgres:
            guard let external else {
                throw StoreError.invalidRequest("store kind postgres needs the PostgreSQL store, which this program was built without")
            }
            return try await external(configuration, key)
        }
    }

    init(configuration: Configuration, logger: Logger, clock: any WallClock, store given: (any Store)?, transport: any WeChatTransport,
         httpConfiguration: HTTPServer.Configuration?, sleep: @escaping Sleeper, forwarding: ForwardingService.Environment,
         openStore: @escaping @Sendable () async throws -> any Store) throws {
        self.configuration = configuration
        self.logger = logger
        loadingStore = given == nil ? LoadingStore() : nil
        let store: any Store = given ?? loadingStore!
        gate = StartupGate(open: given != nil)
        self.openStore = openStore
        let metrics = PlatformMetrics()
        self.metrics = metrics
        let upstreamLogger = logger
        let observeUpstream: ComponentClient.Observer = { call in
            metrics.upstreamCall(call)
            upstreamLogger.info("upstream_call", ["endpoint": call.endpoint, "errcode": call.errcode.map(String.init) ?? "-",
                                                  "http_status": call.httpStatus.map(String.init) ?? "-",
                                                  "duration_ms": Logger.milliseconds(call.duration)])
        }
        platform = try Platform(configuration: configuration, store: store, transport: transport, clock: clock, logger: logger,
                                sleep: sleep, observer: observeUpstream, metrics: metrics, forwardingEnvironment: forwarding,
                                deliveryObserver: { metrics.delivery($0) })
        tokens = AuthorizerTokenManager(
            platform.context, componentTokens: platform.componentTokens,
            margin: TimeInterval(configuration.tokens.authorizerRefreshMarginSeconds),
            concurrency: configuration.tokens.refreshConcurrency, metrics: metrics, forwarding: platform.forwarding,
            instanceID: platform.instanceID, maxConcurrency: configuration.tokens.maxConcurrency,
            hotWindow: configuration.tokens.refreshPolicy == .hot ? TimeInterval(configuration.tokens.hotWindowSeconds) : nil)
        deliveries = platform.forwarding.map { DeliveryWorker(service: $0) }
        tickets = JSAPITicketManager(platform.context, tokens: tokens, margin: TimeInterval(configuration.tokens.authorizerRefreshMarginSeconds))
        refresher = TokenRefresher(tokens: tokens, componentTokens: platform.componentTokens, store: store, clock: clock,
                                   keepAlive: TimeInterval(configuration.tokens.keepAliveSeconds), logger: logger)
        sync = SyncService(platform: platform)
        releases = ReleaseService(platform: platform, tokens: tokens, settings: configuration.releases, sleep: sleep)
        releaseRunner = ReleaseRunner(service: releases)
        subscription = Self.invalidateCaches(on: store.notices, platform: platform, tokens: tokens, tickets: tickets)

        var router = Router()
        HealthRoutes.add(to: &router)
        Assets.add(to: &router)
        ComponentEventRoutes(platform: platform).add(to: &router)
        MessageRoutes(platform: platform, observer: releases).add(to: &router)
        AuthorizationRoutes(platform: platform, usedStates: UsedStateLedger(store: store, clock: clock)).add(to: &router)
        let apiKeys = APIKeyGuard(keys: platform.keyRing, logger: logger)
        InternalAPIRoutes(platform: platform, tokens: tokens, sync: sync, apiKeys: apiKeys).add(to: &router)
        OpenAPIRoutes.add(to: &router)
        JSSDKRoutes(platform: platform, tickets: tickets, apiKeys: apiKeys).add(to: &router)
        MiniProgramRoutes(sessions: MiniProgramSessions(platform: platform), apiKeys: apiKeys).add(to: &router)
        QuotaToolRoutes(tools: QuotaTools(platform: platform, tokens: tokens), apiKeys: apiKeys).add(to: &router)
        WebLoginRoutes(service: WebLoginService(platform: platform), apiKeys: apiKeys).add(to: &router)
        ReleaseRoutes(releases: releases, apiKeys: apiKeys).add(to: &router)
        OperationsRoutes(platform: platform, metrics: metrics, apiKeys: apiKeys, gate: gate).add(to: &router)
        ConsoleRoutes(platform: platform, tokens: tokens, sync: sync, releases: releases).add(to: &router)

        var http = httpConfiguration ?? HTTPServer.Configuration(host: configuration.server.host, port: configuration.server.port)
        if httpConfiguration == nil, configuration.server.eventLoops > 0 { http.eventLoops = configuration.server.eventLoops }
        if http.trustedProxies.blocks.isEmpty {
            http.trustedProxies = TrustedProxies(configuration.server.trustedProxies.compactMap(TrustedProxies.Block.init))
        }
        if !gate.isOpen { router = StartupGate.gated(router, by: gate) }
        server = HTTPServer(configuration: http, router: router, logger: logger, observer: { metrics.httpRequest($0) })
    }

    /// Opens the store (unless it was given open), then every route, and starts what `start`
    /// asked for. Throws what opening the store throws; the caller then shuts down.
    public func load() async throws {
        guard let loadingStore, !gate.isOpen else { return }
        let started = ContinuousClock.now
        loadingStore.open(try await openStore())
        gate.open()
        logger.info("store_loaded", ["ms": FileStore.milliseconds(since: started)])
        if let work = startRequest.withLock({ $0 }) { startBackground(work) }
        warmSortedOrders()
    }

    /// The console's sorted lists (by name, authorization, token expiry) are built on first use:
    /// at 100,000 accounts that first page takes ~60 ms. Asking for each once in the background
    /// after loading makes the operator's first page as fast as the rest.
    private func warmSortedOrders() {
        let store = platform.store, logger = logger
        warming.withLock { task in
            task = Task.detached(priority: .background) {
                let started = ContinuousClock.now
                for sort in AuthorizerSort.allCases where sort != .appID {
                    if Task.isCancelled { return }
                    _ = try? await store.listAuthorizers(AuthorizerQuery(limit: 1, sort: sort))
                }
                logger.info("store_sorted_orders_built", ["ms": FileStore.milliseconds(since: started)])
            }
        }
    }

    /// Listens, and starts the background refresher (unless `refresh` is false, for tests that
    /// drive refresh passes themselves), the delivery worker (unless `deliver` is false) and
    /// the release runner (unless `release` is false): at once when the store is open, else when
    /// `load` has opened it.
    public func start(refresh: Bool = true, deliver: Bool = true, release: Bool = true) throws {
        try server.start()
        let work = BackgroundWork(refresh: refresh, deliver: deliver, release: release)
        startRequest.withLock { $0 = work }
        if gate.isOpen { startBackground(work) }
    }

    private func startBackground(_ work: BackgroundWork) {
        if work.refresh { startRefreshing() }
        if work.deliver { startDelivering() }
        if work.release { startReleasing() }
    }

    /// Starts the release runner (once).
    public func startReleasing() {
        let runner = releaseRunner
        releasing.withLock { task in
            if task == nil { task = Task.detached { await runner.run() } }
        }
    }

    /// Starts the delivery worker (once), when forwarding is configured.
    public func startDelivering() {
        guard let deliveries else { return }
        delivering.withLock { task in
            if task == nil { task = Task.detached { await deliveries.run() } }
        }
    }

    /// Starts the background refresher (once).
    public func startRefreshing() {
        let refresher = refresher
        background.withLock { task in
            if task == nil { task = Task.detached { await refresher.run() } }
        }
    }

    /// Stops accepting, finishes in-flight requests, stops the refresher, closes the store.
    public func shutdown() async {
        background.withLock { task in
            task?.cancel()
            task = nil
        }
        await server.shutdown()
        let runner = releasing.withLock { task in
            defer { task = nil }
            return task
        }
        runner?.cancel()
        await runner?.value
        // Attempts in flight end (or are cut short, uncounted) before the store closes.
        let worker = delivering.withLock { task in
            defer { task = nil }
            return task
        }
        worker?.cancel()
        await worker?.value
        await platform.forwarding?.settle()
        let warm = warming.withLock { task in
            defer { task = nil }
            return task
        }
        warm?.cancel()
        await warm?.value
        platform.store.notices.unsubscribe(subscription)
        await platform.store.close()
    }
}
