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
            let read = try file.read(at: offset, count: blockSize)
            offset += read.count
            if read.count < blockSize { atEnd = true }
            guard let lastNewline = read.lastIndex(of: JournalLine.newline) else {
                carry += read
                continue
            }
            var block = carry
            block.reserveCapacity(carry.count + lastNewline + 1)
            block += read[...lastNewline]
            carry = Array(read[(lastNewline + 1)...])
            return block
        }
        guard !carry.isEmpty else { return nil }
        defer { carry = [] }
        return carry
    }
}
