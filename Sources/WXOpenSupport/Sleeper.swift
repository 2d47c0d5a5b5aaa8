/// How long to wait between retries; injected so tests never sleep.
public typealias Sleeper = @Sendable (Duration) async throws -> Void

public enum Sleepers {
    /// `Task.sleep`: cancellation ends the wait with `CancellationError`.
    public static let real: Sleeper = { try await Task.sleep(for: $0) }
}
