import Foundation

/// Injected faults per endpoint, each for the next N calls, and the global latency.
struct FaultPlan {
    /// Matches every endpoint.
    static let anyEndpoint = "*"

    private struct Entry {
        var fault: InjectedFault
        var remaining: Int
    }

    private var queues: [String: [Entry]] = [:]
    /// Real seconds added to every API call.
    var latency: TimeInterval = 0

    /// Queues `fault` for the next `count` calls of `endpoint` (or `*`), after any already queued.
    mutating func inject(_ fault: InjectedFault, endpoint: String, count: Int) {
        guard count > 0 else { return }
        queues[endpoint, default: []].append(Entry(fault: fault, remaining: count))
    }

    mutating func clear() { queues = [:] }

    /// The fault for this call of `endpoint`, if any; an endpoint's own faults come before `*`'s.
    mutating func take(for endpoint: String) -> InjectedFault? {
        for key in [endpoint, Self.anyEndpoint] {
            guard var entries = queues[key], !entries.isEmpty else { continue }
            let fault = entries[0].fault
            entries[0].remaining -= 1
            if entries[0].remaining == 0 { entries.removeFirst() }
            queues[key] = entries.isEmpty ? nil : entries
            return fault
        }
        return nil
    }

    /// What is still queued, for the control API.
    var pending: [String: Int] {
        queues.mapValues { $0.reduce(0) { $0 + $1.remaining } }
    }
}
