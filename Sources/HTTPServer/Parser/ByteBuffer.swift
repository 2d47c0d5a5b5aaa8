/// Bytes received on a connection and not yet consumed.
struct ByteBuffer: Sendable {
    private(set) var storage: [UInt8] = []
    private(set) var readerIndex = 0

    init() {}
    init<S: Sequence>(_ bytes: S) where S.Element == UInt8 { storage = Array(bytes) }

    var readableCount: Int { storage.count - readerIndex }
    var isEmpty: Bool { readableCount == 0 }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if readerIndex > 0 && readerIndex == storage.count {
            storage.removeAll(keepingCapacity: true)
            readerIndex = 0
        }
        storage.append(contentsOf: bytes.bindMemory(to: UInt8.self))
    }

    mutating func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 { storage.append(contentsOf: bytes) }

    mutating func consume(_ count: Int) {
        readerIndex += count
        if readerIndex == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 64 * 1024)
            readerIndex = 0
        } else if readerIndex > 16 * 1024 && readerIndex * 2 > storage.count {
            storage.removeFirst(readerIndex)
            readerIndex = 0
        }
    }

    func withReadableBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[readerIndex...]))
        }
    }
}
