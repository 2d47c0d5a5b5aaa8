import Dispatch
import Foundation

/// Spreads CPU-bound work over the machine's cores: loading verifies, decodes and decrypts up to
/// 100,000 records, and each line stands alone. Callers run this on the store's own queue;
/// `concurrentPerform` uses Dispatch's worker threads, never the cooperative pool.
enum ParallelWork {
    /// `transform` of every element, in order. Small inputs stay on the calling thread.
    static func map<Element: Sendable, Mapped: Sendable>(
        _ elements: [Element], minimumPerWorker: Int = 256, _ transform: @Sendable (Element) -> Mapped
    ) -> [Mapped] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, elements.count / minimumPerWorker))
        guard workers > 1 else { return elements.map(transform) }
        return [Mapped](unsafeUninitializedCapacity: elements.count) { output, initialized in
            let slots = DisjointSlots(base: output.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let start = elements.count * worker / workers
                let end = elements.count * (worker + 1) / workers
                for index in start ..< end { slots.initialize(index, to: transform(elements[index])) }
            }
            initialized = elements.count
        }
    }

    /// The output buffer, shared by workers that each initialize their own contiguous share of
    /// its slots, never another's: that is why handing it to several threads is safe.
    private struct DisjointSlots<Value>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Value>
        func initialize(_ index: Int, to value: Value) { (base + index).initialize(to: value) }
    }
}
