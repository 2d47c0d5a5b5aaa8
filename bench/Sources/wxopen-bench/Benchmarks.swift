/// Every benchmark by name; each returns the process exit code.
nonisolated(unsafe) let benchmarks: [String: ([String]) async -> Int32] = [
    "crypto": cryptoBenchmark,
]
