/// Every benchmark by name; each returns the process exit code.
nonisolated(unsafe) let benchmarks: [String: ([String]) async -> Int32] = [
    "crypto": cryptoBenchmark,
    "store": storeBenchmark,
    // Helpers of `store` and of bench/crash-store.sh, not benchmarks of their own.
    "store-load": storeLoad,
    "store-writer": storeWriter,
    "store-verify": storeVerify,
    // Pushes against a running server: bench/store.sh (throughput) and bench/crash-server.sh.
    "push-load": pushLoad,
    "seed-authorized": seedAuthorized,
    "push-writer": pushWriter,
    "verify-revoked": verifyRevoked,
    "crash-config": crashConfig,
    // bench/messages.sh and bench/crash-deliveries.sh.
    "message-config": messageConfig,
    "fake-service": fakeService,
    "message-writer": messageWriter,
    "verify-deliveries": verifyDeliveries,
    "message-load": messageLoad,
    "outbox-size": outboxSize,
    // bench/scale.sh.
    "seed-store": seedStore,
    // bench/console.sh.
    "console-seed": consoleSeed,
    // bench/tokens.sh.
    "tokens-server": tokensServer,
    "tokens-storm": tokensStorm,
    // bench/refresh.sh (called by bench/tokens.sh).
    "refresh-policy": refreshPolicy,
    // bench/postgres.sh.
    "refresh-fleet": refreshFleet,
]
