/// The newest `capacity` events in a ring: appending past capacity drops the oldest, so the
/// log's memory (and the snapshot's size) stays bounded however long the server runs.
struct EventLog: Sendable {
    let capacity: Int
    private var storage: [EventRecord] = []
    /// Index of the oldest event once the ring is full.
    private var head = 0

    init(capacity: Int) {
        precondition(capacity > 0, "EventLog: capacity must be positive")
        self.capacity = capacity
        storage.reserveCapacity(min(capacity, 1024))
    }

    var count: Int { storage.count }

    mutating func append(_ event: EventRecord) {
        if storage.count < capacity {
            storage.append(event)
        } else {
            storage[head] = event
            head = (head + 1) % capacity
        }
    }

    /// Oldest first (the order a snapshot writes them in, so that replay rebuilds the same ring).
    var oldestFirst: [EventRecord] {
        Array(storage[head...] + storage[..<head])
    }

    /// Newest first, stopping after `limit` events that satisfy `isIncluded`.
    func newestFirst(limit: Int, where isIncluded: (EventRecord) -> Bool) -> [EventRecord] {
        var result: [EventRecord] = []
        var position = storage.count
        while position > 0, result.count < limit {
            position -= 1
            let event = storage[(head + position) % storage.count]
            if isIncluded(event) { result.append(event) }
        }
        return result
    }
}
