/// Decodes a chunked body (RFC 9112 §7.1) incrementally, refusing anything ambiguous:
/// bare LF, a size that is not hex or overflows, missing CRLF after chunk data.
struct ChunkedBodyDecoder: Sendable {
    private enum State: Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer(bytes: Int)
        case done
    }

    let limits: HTTPParserLimits
    let bodyLimit: Int
    private var state = State.size
    private(set) var decodedCount = 0

    init(limits: HTTPParserLimits, bodyLimit: Int) {
        self.limits = limits
        self.bodyLimit = bodyLimit
    }

    var isDone: Bool { state == .done }

    /// Consumes what it can from `bytes`, appending chunk data to `body`. Returns the number of
    /// bytes consumed; `isDone` tells whether the last chunk and trailer section have arrived.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) throws(HTTPParseError) -> Int {
        var index = 0
        while index < bytes.count, state != .done {
            switch state {
            case .size:
                guard let lineEnd = try lineEnd(in: bytes, from: index, limit: limits.maxChunkLineBytes) else { return index }
                let size = try chunkSize(bytes[index..<lineEnd])
                index = lineEnd + 2
                if size == 0 {
                    state = .trailer(bytes: 0)
                } else {
                    guard size <= bodyLimit - decodedCount else { throw .contentTooLarge }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: bytes[index..<(index + take)])
                decodedCount += take
                index += take
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard bytes.count - index >= 2 else {
                    if bytes[index] != ByteClass.cr { throw .invalidChunk }
                    return index
                }
                guard bytes[index] == ByteClass.cr, bytes[index + 1] == ByteClass.lf else { throw .invalidChunk }
                index += 2
                state = .size
            case .trailer(let seen):
                // Trailer fields are read and discarded; they never become headers.
                let limit = limits.maxHeaderBytes - seen
                guard let lineEnd = try lineEnd(in: bytes, from: index, limit: limit) else { return index }
                let line = bytes[index..<lineEnd]
                index = lineEnd + 2
                if line.isEmpty {
                    state = .done
                } else {
                    guard let colon = line.firstIndex(of: ByteClass.colon), colon > line.startIndex,
                          line[line.startIndex..<colon].allSatisfy(ByteClass.isTChar),
                          line[(colon + 1)...].allSatisfy(ByteClass.isFieldValueByte) else { throw .invalidChunk }
                    state = .trailer(bytes: seen + line.count + 2)
                }
            case .done:
                break
            }
        }
        return index
    }

    /// The index of the CR of the next CRLF, nil when it has not arrived yet.
    private func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) throws(HTTPParseError) -> Int? {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ByteClass.lf { throw .bareLineFeed }
            if byte == ByteClass.cr {
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == ByteClass.lf else { throw .bareCarriageReturn }
                return index
            }
            index += 1
            if index - start > limit { throw limit == limits.maxChunkLineBytes ? .invalidChunk : .headerBlockTooLarge }
        }
        return nil
    }

    // chunk-size = 1*HEXDIG, then optional chunk-ext: *( BWS ";" BWS name [ BWS "=" BWS value ] )
    private func chunkSize(_ line: Slice<UnsafeBufferPointer<UInt8>>) throws(HTTPParseError) -> Int {
        var size = 0, digits = 0
        var index = line.startIndex
        while index < line.endIndex, let value = ByteClass.hexValue(line[index]) {
            digits += 1
            guard digits <= 15 else { throw .invalidChunk }  // < 2^60: no overflow
            size = size << 4 | value
            index += 1
        }
        guard digits > 0 else { throw .invalidChunk }
        let extensions = line[index...]
        if !extensions.isEmpty {
            guard let first = extensions.first(where: { $0 != ByteClass.space && $0 != ByteClass.tab }),
                  first == UInt8(ascii: ";"),
                  extensions.allSatisfy({ ByteClass.isFieldValueByte($0) }) else { throw .invalidChunk }
        }
        return size
    }
}
