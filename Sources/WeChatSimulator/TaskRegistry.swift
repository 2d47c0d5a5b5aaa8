import Synchronization

/// Background tasks that must not outlive their owner: each removes itself when done, and
/// `cancelAll` stops the rest (at shutdown).
final class TaskRegistry: Sendable {
    private let tasks = Mutex<[Int: Task<Void, Never>]>([:])
    private let nextID = Atomic<Int>(0)

    func spawn(_ work: @escaping @Sendable () async -> Void) {
        let id = nextID.add(1, ordering: .relaxed).newValue
        // Registered under the lock, so the task's own removal (which takes the lock) comes after.
        tasks.withLock { tasks in
            tasks[id] = Task { [self] in
                await work()
                _ = self.tasks.withLock { $0.removeValue(forKey: id) }
            }
        }
    }

    func cancelAll() {
        for task in tasks.withLock({ tasks in defer { tasks = [:] }; return Array(tasks.values) }) { task.cancel() }
    }
}
