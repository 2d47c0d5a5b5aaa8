import COpenSSL
import Synchronization

/// A few reusable `EVP_MD_CTX`s. A context is used by one caller at a time: taken, initialised
/// for the algorithm wanted, used, and given back; at most `capacity` idle ones are kept.
final class DigestContexts: Sendable {
    static let shared = DigestContexts()
    private let idle = Mutex<[UInt]>([])
    private let capacity = 16

    func take() -> OpaquePointer {
        if let address = idle.withLock({ $0.popLast() }), let context = OpaquePointer(bitPattern: address) { return context }
        guard let context = EVP_MD_CTX_new() else { Crypto.libcryptoFailed("EVP_MD_CTX_new") }
        return context
    }

    func give(_ context: OpaquePointer) {
        let kept = idle.withLock { contexts -> Bool in
            guard contexts.count < capacity else { return false }
            contexts.append(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context))))
            return true
        }
        if !kept { EVP_MD_CTX_free(context) }
    }
}
