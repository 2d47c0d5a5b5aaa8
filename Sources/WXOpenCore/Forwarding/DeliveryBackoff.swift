import Foundation

/// When a failed delivery is tried again: 2 s after the first failure, doubling to at most
/// 10 minutes, for as long as it takes. Nothing is ever given up: a service that is down for a
/// day gets its deliveries when it is back, about every 10 minutes meanwhile (~150 attempts a day).
struct DeliveryBackoff: Sendable {
    /// Default: 2 s.
    var first: TimeInterval = 2
    /// Default: 600 s.
    var maximum: TimeInterval = 600

    /// The wait after the `failures`-th failed attempt (1 for the first).
    func delay(afterFailures failures: Int) -> TimeInterval {
        let doublings = min(max(failures - 1, 0), 30)
        return min(maximum, first * Double(1 << doublings))
    }
}
