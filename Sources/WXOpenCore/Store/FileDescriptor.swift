import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An open file and the few POSIX calls the store makes on it, each retried on EINTR and turned
/// into `StoreError.io` with the path and the call. Every call blocks: callers run them on the
/// store's own queues, never on the cooperative thread pool.
struct FileDescriptor: Sendable {
    let raw: Int32
    let path: String

    func writeAll(_ bytes: [UInt8]) throws(StoreError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(raw, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw .io(path: path, operation: "write", errno: failure) }
    }

    /// `fdatasync`: the data and the size, which is all an append needs (not the mtime).
    func syncData() throws(StoreError) {
        try retrying("fdatasync") { fdatasync(raw) }
    }

    func sync() throws(StoreError) {
        try retrying("fsync") { fsync(raw) }
    }

    func truncate(to length: Int) throws(StoreError) {
        try retrying("ftruncate") { ftruncate(raw, off_t(length)) }
    }

    func size() throws(StoreError) -> Int {
        var info = stat()
        try retrying("fstat") { fstat(raw, &info) }
        return Int(info.st_size)
    }

    func readAll() throws(StoreError) -> [UInt8] {
        let expected = try size()
        var bytes = [UInt8](repeating: 0, count: expected)
        var offset = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            while offset < buffer.count {
                let count = pread(raw, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset))
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { break }
                offset += count
            }
        }
        if failure != 0 { throw .io(path: path, operation: "read", errno: failure) }
        return Array(bytes[..<offset])
    }

    func close() {
        _ = Glibc.close(raw)
    }

    private func retrying(_ operation: String, _ call: () -> Int32) throws(StoreError) {
        while call() != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: operation, errno: errno)
        }
    }
}

extension FileDescriptor {
    /// Up to `count` bytes at `offset` (pread: no shared position, so any thread may read);
    /// fewer only at the end of the file.
    func read(at offset: Int, count: Int) throws(StoreError) -> [UInt8] {
        var failure: StoreError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(StoreError) { initialized = try read(at: offset, into: UnsafeMutableRawBufferPointer(buffer)) } catch { failure = error }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` from `offset`, returning how many bytes it read (fewer than the buffer
    /// holds only at the end of the file): lets a caller read into memory it already has rather
    /// than into a fresh array it then copies.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        var done = 0
        while done < buffer.count {
            let got = pread(raw, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if got == 0 { break }
            done += got
        }
        return done
    }
}

/// A file descriptor closed when the last reader lets go of it: the files a compaction or a
/// pruning replaces may still be read by a page that looked them up a moment before.
final class SharedFile: Sendable {
    let descriptor: FileDescriptor

    init(_ descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    deinit { descriptor.close() }
}
