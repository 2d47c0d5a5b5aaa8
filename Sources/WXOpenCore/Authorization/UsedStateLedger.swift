import Foundation
import WeChat
import WXOpenSupport

/// The authorization states already used at the callback, remembered until they expire, so a
/// state works once: a second callback with it (a new auth_code, or the same link reopened) is
/// refused. Kept in the store, so a restart or another instance behind the same store knows
/// them too. A state is signed and expires by itself, so only states within their lifetime are
/// kept; the store drops the rest.
struct UsedStateLedger: Sendable {
    static let namespace = EntryNamespace("authorization_state_used", secret: false)

    let store: any Store
    let clock: any WallClock

    /// True the first time `state` is claimed; false when it was claimed before and has not expired.
    func claim(_ state: String, expires: Date) async throws -> Bool {
        // The state's digest: the store holds nothing a browser could present.
        let key = Crypto.hex(Crypto.sha256(Array(state.utf8)))
        let write = try await store.writeEntry(Self.namespace, key: key, value: "", expiresAt: expires, now: clock.now(), when: .absent)
        return write.entry != nil
    }
}
