extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `string` as one copy from its contiguous storage: the generic
    /// `append(contentsOf: string.utf8)` walks the view, and response heads and access-log lines
    /// append a dozen strings per request.
    @inline(__always)
    mutating func appendUTF8(_ string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            append(contentsOf: string.utf8)
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends a literal's bytes with one copy.
    @inline(__always)
    mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
