extension Crypto {
    /// PKCS#7 padding (RFC 5652 §6.3) to any block size from 1 to 255: WeChat's message
    /// encryption pads to 32-byte blocks, a mini program's encrypted data to 16.
    public enum PKCS7 {
        /// `bytes` followed by n copies of n, 1 ≤ n ≤ blockSize, to a whole number of blocks.
        public static func pad(_ bytes: [UInt8], blockSize: Int) -> [UInt8] {
            precondition((1...255).contains(blockSize), "PKCS#7 blocks are 1 to 255 bytes")
            let padding = blockSize - bytes.count % blockSize
            return bytes + repeatElement(UInt8(padding), count: padding)
        }

        /// `bytes` without its padding; nil when the padding is not well formed (which is also
        /// how a wrong key shows).
        public static func unpad(_ bytes: [UInt8], blockSize: Int) -> [UInt8]? {
            paddingLength(bytes, blockSize: blockSize).map { Array(bytes[..<(bytes.count - $0)]) }
        }

        /// How many trailing bytes are padding, without copying; nil when it is not well formed.
        public static func paddingLength(_ bytes: [UInt8], blockSize: Int) -> Int? {
            guard !bytes.isEmpty, bytes.count % blockSize == 0, let last = bytes.last else { return nil }
            let padding = Int(last)
            guard padding >= 1, padding <= blockSize,
                  bytes[(bytes.count - padding)...].allSatisfy({ Int($0) == padding }) else { return nil }
            return padding
        }
    }
}
