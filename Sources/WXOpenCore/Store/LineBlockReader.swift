/// Reads a file as blocks of whole lines, so a large snapshot is processed a few megabytes at a
/// time instead of being held in memory whole next to the records decoded from it.
struct LineBlockReader {
    private let file: FileDescriptor
    private let blockSize: Int
    /// The start of a line that the previous read cut in two.
    private var carry: [UInt8] = []
    private var atEnd = false
    /// Where the next read starts.
    private var offset: Int

    init(file: FileDescriptor, blockSize: Int = 8 << 20, offset: Int = 0) {
        self.file = file
        self.blockSize = blockSize
        self.offset = offset
    }

    /// The next block: whole lines, each ending in a newline, except that the file's last block
    /// ends with whatever followed its last newline. Nil once the file is exhausted.
    mutating func next() throws(StoreError) -> [UInt8]? {
        while !atEnd {
            // The carried start, then the file's bytes read straight in after it, so each byte is
            // written once: reading into an array of its own and copying that in touched twice
            // the memory, and every fresh page costs a fault and a clear.
            var failure: StoreError?
            let carried = carry.count
            var block = [UInt8](unsafeUninitializedCapacity: carried + blockSize) { buffer, initialized in
                let start = UnsafeMutableRawBufferPointer(buffer)
                carry.withUnsafeBytes { start.copyMemory(from: $0) }
                do throws(StoreError) {
                    initialized = carried + (try file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: start[carried...])))
                } catch {
                    failure = error
                    initialized = carried
                }
            }
            if let failure { throw failure }
            let read = block.count - carried
            offset += read
            if read < blockSize { atEnd = true }
            guard let lastNewline = block[carried...].lastIndex(of: JournalLine.newline) else {
                carry = block
                continue
            }
            carry = Array(block[(lastNewline + 1)...])
            block.removeSubrange((lastNewline + 1)...)
            return block
        }
        guard !carry.isEmpty else { return nil }
        defer { carry = [] }
        return carry
    }
}
