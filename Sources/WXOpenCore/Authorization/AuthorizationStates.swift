import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// The `state` of a merchant's authorization: issued at `/authorize/go` for the browser that
/// clicked, checked at `/authorize/callback`. It must be ours (signed), within its hour, from
/// the same browser (a cookie), and unused: otherwise a captured callback link could attach
/// another auth_code to its `ref`, or complete in a victim's browser.
struct AuthorizationStates: Sendable {
    /// How long a start-page click stays valid for the callback.
    static let lifetime: TimeInterval = 3600
    /// Scoped to `/authorize/`: sent to `/authorize/go` and `/authorize/callback` only.
    static let browser = BrowserBinding(cookieName: "wxopen_authorize", path: "/authorize/", lifetime: lifetime)

    /// Why a callback's state was refused; the raw value is the log's `reason`.
    enum Refusal: String, Error, Sendable {
        /// Not a state we signed (forged, cut short, or from before the browser binding).
        case invalid
        case expired
        case used
        case otherBrowser = "other_browser"
    }

    let signer: StateSigner
    let used: UsedStateLedger
    let clock: any WallClock

    /// A signed state for `options`, bound to `browserID`.
    func issue(_ options: AuthorizationOptions, browserID: String) -> String {
        signer.sign(AuthorizationState(
            ref: options.ref, authType: options.authType, bizAppID: options.bizAppID, categoryIDs: options.categoryIDs,
            expires: Int(clock.now().timeIntervalSince1970 + Self.lifetime), nonce: Base64URL.encode(Crypto.randomBytes(9)),
            browser: Base64URL.encode(BrowserBinding.digest(browserID))))
    }

    /// The state, once, for the browser it was issued to. Throws `Refusal`, or the ledger's error.
    func redeem(_ token: String, from request: HTTPRequest) async throws -> AuthorizationState {
        let state: AuthorizationState
        do {
            state = try signer.verify(token, now: clock.now())
        } catch {
            throw error == .expired ? Refusal.expired : Refusal.invalid
        }
        guard let digest = Base64URL.decode(state.browser), Self.browser.matches(request, digest: digest) else {
            throw Refusal.otherBrowser
        }
        // Claimed only once the browser matched: a stranger holding the link cannot use it up.
        guard try await used.claim(token, expires: Date(timeIntervalSince1970: TimeInterval(state.expires))) else {
            throw Refusal.used
        }
        return state
    }
}
