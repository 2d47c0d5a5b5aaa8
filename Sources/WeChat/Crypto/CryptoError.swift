/// Misuse of a `Crypto` call, or a ciphertext that does not authenticate. Never carries key or
/// plaintext bytes, only lengths.
public enum CryptoError: Error, Equatable, Sendable {
    case invalidKeyLength(expected: Int, actual: Int)
    case invalidIVLength(expected: Int, actual: Int)
    /// Unpadded CBC only takes whole 16-byte blocks.
    case inputNotBlockAligned(length: Int)
    /// libcrypto takes lengths as 32-bit ints.
    case inputTooLong(length: Int)
    /// AES-GCM: the tag did not verify, or the sealed box is too short to hold nonce and tag.
    case authenticationFailed
    /// A libcrypto call reported failure; carries the call's name.
    case libcryptoFailure(String)
}
