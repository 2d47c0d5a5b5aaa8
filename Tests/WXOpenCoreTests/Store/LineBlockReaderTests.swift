import Foundation
import Testing
@testable import WXOpenCore

/// Blocks are whole lines, read straight into their buffer after the start of a line the
/// previous read cut in two: at every block size, lines longer than a block included, the
/// blocks put back together are the file, and only the last may end without a newline.
@Suite struct LineBlockReaderTests {
    @Test(arguments: [1, 2, 3, 7, 16, 64, 1000])
    func blocks_AreWholeLines_AndTogetherTheFile(blockSize: Int) throws {
        var generator = SplitMix64(seed: UInt64(blockSize))
        var content: [UInt8] = []
        for line in 0 ..< 40 {
            content += (0 ..< Int(generator.next() % 90)).map { UInt8(ascii: "a") + UInt8(($0 + line) % 26) }
            content.append(JournalLine.newline)
        }
        for tail in [[], Array("no newline at the end".utf8)] {
            let bytes = content + tail
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("lineblocks-\(UUID().uuidString)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let raw = open(path, O_RDONLY)
            try #require(raw >= 0)
            let file = FileDescriptor(raw: raw, path: path)
            defer { file.close() }

            var reader = LineBlockReader(file: file, blockSize: blockSize)
            var blocks: [[UInt8]] = []
            while let block = try reader.next() { blocks.append(block) }
            #expect(Array(blocks.joined()) == bytes, "block size \(blockSize)")
            #expect(blocks.dropLast().allSatisfy { $0.last == JournalLine.newline }, "block size \(blockSize)")
            #expect(blocks.allSatisfy { !$0.isEmpty })
            #expect((blocks.last?.last == JournalLine.newline) == tail.isEmpty)
        }
    }
}
