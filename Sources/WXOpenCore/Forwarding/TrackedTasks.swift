import Synchronization

/// Tasks started and forgotten, until someone must know they are over (`wait`).
final class TrackedTasks: Sendable {
    private let tasks = Mutex<(next: Int, running: [Int: Task<Void, Never>])>((0, [:]))

    func run(_ body: @escaping @Sendable () async -> Void) {
        tasks.withLock { tasks in
            let id = tasks.next
            tasks.next += 1
            // Made under the lock, so its own removal (which takes the lock) comes after the insertion.
            tasks.running[id] = Task {
                await body()
                self.tasks.withLock { _ = $0.running.removeValue(forKey: id) }
            }
        }
    }

    /// Returns once every task started before it (and any they started) has finished.
    func wait() async {
        while let task = tasks.withLock({ $0.running.values.first }) { await task.value }
    }
}
