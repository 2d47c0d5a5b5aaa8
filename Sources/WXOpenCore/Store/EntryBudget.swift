import Foundation

/// The keys of one kind of entry this instance wrote and keeps alive, at most `capacity`: past
/// it, the key used least recently is given up (its caller deletes the entry). What bounds the
/// store's share of entries that strangers can make (web-login attempts) or that pile up
/// (console sessions), as the in-memory tables bounded their memory: a flood costs the oldest
/// entries, never unbounded storage. Each instance bounds what it wrote.
///
/// A value type used under the caller's lock. Each use is queued with the time its entry is gone
/// by (`until`); callers' times only grow (a fixed lifetime from now), so the queue is in that
/// order too, and both sweeping and eviction look only at its front: O(1) amortized. A queued use
/// whose key was used again later is skipped.
struct EntryBudget: Sendable {
    let capacity: Int
    private var stamps: [String: UInt64] = [:]
    private var queue: [(key: String, stamp: UInt64, until: Date)] = []
    private var head = 0
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Keys held.
    var count: Int { stamps.count }

    /// Notes a use of `key` whose entry lives until `until`; returns the keys to give up.
    mutating func use(_ key: String, until: Date, now: Date) -> [String] {
        sweep(now: now)
        clock += 1
        stamps[key] = clock
        queue.append((key, clock, until))
        var evicted: [String] = []
        while stamps.count > capacity, head < queue.count {
            let oldest = queue[head]
            head += 1
            if stamps[oldest.key] == oldest.stamp {
                stamps[oldest.key] = nil
                evicted.append(oldest.key)
            }
        }
        compact()
        return evicted
    }

    /// Forgets the keys whose entries are gone by `now` (the store drops them by itself).
    mutating func sweep(now: Date) {
        while head < queue.count, queue[head].until <= now {
            if stamps[queue[head].key] == queue[head].stamp { stamps[queue[head].key] = nil }
            head += 1
        }
        compact()
    }

    /// The entry is gone (used up, deleted).
    mutating func forget(_ key: String) {
        stamps[key] = nil
        compact()
    }

    /// Drops the queue's dead front, and rebuilds it when most of it is stale uses.
    private mutating func compact() {
        while head < queue.count, stamps[queue[head].key] != queue[head].stamp { head += 1 }
        if head >= 1024, head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        if queue.count - head > 4 * max(stamps.count, 256) {
            queue = queue[head...].filter { stamps[$0.key] == $0.stamp }
            head = 0
        }
    }
}
