import Foundation

/// A failure the simulator serves instead of (or before) an endpoint's normal answer.
public enum InjectedFault: Sendable, Equatable {
    /// HTTP 200 `{"errcode":N,"errmsg":"…"}` (e.g. -1 busy, 40001, 61004, 45009).
    case errcode(Int, errmsg: String)
    /// An HTTP error status with a short text body (e.g. 502, 503).
    case httpStatus(Int)
    /// Waits this many real seconds, then answers normally (a slow WeChat).
    case delay(TimeInterval)
    /// HTTP 200 with a body that is not JSON.
    case malformedJSON

    /// WeChat's errmsg for the errcodes people usually inject.
    public static func errcode(_ errcode: Int) -> InjectedFault {
        let messages = [
            -1: "system error", 40001: "invalid credential, access_token is invalid or not latest",
            42001: "access_token expired", 45009: "reach max api daily quota limit", 45011: "api minute-quota reach limit",
            61004: "access clientip is not registered", 61005: "component ticket is expired",
            61006: "component ticket is invalid", 61003: "component is not authorized by this account",
            61023: "refresh_token is invalid",
        ]
        return .errcode(errcode, errmsg: messages[errcode] ?? "simulated error")
    }
}

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
