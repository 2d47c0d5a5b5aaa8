#if canImport(Glibc)
import Glibc
#endif

/// Finds a byte string inside others, Boyer–Moore–Horspool style: the skip table is built once
/// per query, then each haystack is checked by comparing the byte under the window's end and
/// jumping by up to the needle's length. Folded Chinese text makes the simpler "memchr for the
/// first byte" search slow, because UTF-8 lead bytes repeat in almost every name.
struct SubstringSearch {
    let needle: [UInt8]
    private var skips = [Int](repeating: 0, count: 256)

    init(_ needle: [UInt8]) {
        precondition(!needle.isEmpty, "SubstringSearch: empty needle")
        self.needle = needle
        for byte in 0 ..< 256 { skips[byte] = needle.count }
        for (position, byte) in needle.dropLast().enumerated() { skips[Int(byte)] = needle.count - 1 - position }
    }

    /// Runs `body` with a matcher whose pointers stay valid inside it: a scan of 100,000
    /// haystacks then pins the needle and table once, not once per haystack.
    func withMatcher<Result>(_ body: (Matcher) -> Result) -> Result {
        needle.withUnsafeBufferPointer { needle in
            skips.withUnsafeBufferPointer { skips in body(Matcher(needle: needle, skips: skips)) }
        }
    }

    func occurs(in haystack: [UInt8]) -> Bool {
        withMatcher { $0.occurs(in: haystack) }
    }

    struct Matcher {
        fileprivate let needle: UnsafeBufferPointer<UInt8>
        fileprivate let skips: UnsafeBufferPointer<Int>

        func occurs(in haystack: [UInt8]) -> Bool {
            let length = needle.count
            guard haystack.count >= length else { return false }
            return haystack.withUnsafeBufferPointer { hay in
                let last = needle[length - 1]
                var start = 0
                while start + length <= hay.count {
                    let end = hay[start + length - 1]
                    if end == last, memcmp(hay.baseAddress! + start, needle.baseAddress!, length - 1) == 0 { return true }
                    start += skips[Int(end)]
                }
                return false
            }
        }
    }
}
