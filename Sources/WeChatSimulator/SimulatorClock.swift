import Foundation
import Synchronization
import WXOpenSupport

/// The simulator's clock: the injected clock plus an offset the control API can advance, so a
/// demo or benchmark on the system clock can still jump past token expiries.
public final class SimulatorClock: WallClock {
    private let base: any WallClock
    private let offset = Mutex<TimeInterval>(0)

    public init(base: any WallClock) {
        self.base = base
    }

    public func now() -> Date { base.now() + offset.withLock { $0 } }

    /// Moves the simulator's time forward (or back, with a negative value).
    public func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    /// How far the simulator's time is ahead of the injected clock.
    public var currentOffset: TimeInterval { offset.withLock { $0 } }
}
