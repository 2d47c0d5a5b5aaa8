import Foundation

/// Wall-clock time, injected so that expiry, refresh and retry logic is tested without waiting.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
