import Dispatch
import WeChat

/// Checks console credentials off the HTTP event loops. PBKDF2 takes a fifth of a second by
/// design, and handlers run on the event loops: one login checked there would stall every
/// connection of that loop. A serial queue also means a burst of logins costs one core at most.
struct PasswordVerifier: Sendable {
    private let queue = DispatchQueue(label: "wxopen.console.password-check")
    /// The password check itself; tests replace it to hold a check open.
    private let checkPassword: @Sendable (_ password: String, _ stored: String) -> Bool

    init(checkPassword: @escaping @Sendable (_ password: String, _ stored: String) -> Bool = { PasswordHash.verify(password: $0, against: $1) }) {
        self.checkPassword = checkPassword
    }

    /// Both the username and the password are checked every time, each in constant time, so the
    /// answer's timing tells a wrong username from a wrong password no better than chance.
    func verify(username: String, password: String, against admin: Configuration.Admin) async -> Bool {
        let checkPassword = checkPassword
        return await withCheckedContinuation { continuation in
            queue.async {
                let nameMatches = Crypto.constantTimeEquals(username, admin.username)
                let passwordMatches = checkPassword(password, admin.passwordHash)
                continuation.resume(returning: nameMatches && passwordMatches)
            }
        }
    }
}
