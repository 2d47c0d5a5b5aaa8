import Foundation
import Glibc
import WXOpenCore
import WXOpenSupport

/// `wxopen apikey new NAME [--file PATH] [--expires DAYS]`, `wxopen apikey revoke NAME --file PATH`,
/// `wxopen apikey list --file PATH`. With `--file` (the configuration's "apiKeysFile") the running
/// server picks the change up within seconds; without it, `new` prints the line for "apiKeys".
func apiKeyCommand(_ invocation: Invocation) throws {
    try invocation.allow(options: ["file", "expires"])
    let usage = "usage: wxopen apikey new NAME [--file PATH] [--expires DAYS] | revoke NAME --file PATH | list --file PATH"
    guard let action = invocation.arguments.first else { throw UsageError(usage) }
    let file = invocation.options["file"].map(APIKeysFile.init(path:))
    let ring = APIKeyRing(configured: [], file: file)
    switch (action, invocation.arguments.count) {
    case ("new", 2):
        let name = invocation.arguments[1]
        guard APIKeyRing.isValidName(name) else { throw UsageError("the key name must be 1–64 letters, digits, '-', '_' or '.'") }
        let expires = try invocation.options["expires"].map { text throws(UsageError) -> Date in
            guard let days = Int(text), (1...3650).contains(days) else { throw UsageError("--expires takes a number of days (1–3650)") }
            return Date() + TimeInterval(days) * 86_400
        }
        guard file != nil else {
            let (key, hash) = APIKeyAuthenticator.makeKey()
            let expiry = expires.map { #", "expiresAt": ""# + RFC3339.format($0) + #"""# } ?? ""
            print("""
                API key for \(name) (shown once; give it to the service, e.g. as WXOPEN_API_KEY):

                    \(key)

                Add this to "apiKeys" in the configuration (it holds only the key's SHA-256):

                    {"name": "\(name)", "sha256": "\(hash)"\(expiry)}
                """)
            return
        }
        let key = try ring.add(name: name, expiresAt: expires)
        print("""
            API key for \(name) (shown once; give it to the service, e.g. as WXOPEN_API_KEY):

                \(key)

            Added to \(file!.path)\(expires.map { ", expires " + RFC3339.format($0) } ?? ""); a server watching the file uses it within \(Int(APIKeyRing.reloadInterval)) s.
            """)
    case ("revoke", 2):
        guard file != nil else { throw UsageError("revoke needs --file PATH (a key in the configuration is removed there)") }
        try ring.revoke(name: invocation.arguments[1])
        print("revoked \(invocation.arguments[1]); a server watching \(file!.path) refuses it within \(Int(APIKeyRing.reloadInterval)) s")
    case ("list", 1):
        guard let file else { throw UsageError("list needs --file PATH") }
        for key in try file.read() {
            print("\(key.name)\tcreated \(key.createdAt.map { RFC3339.format($0) } ?? "-")\texpires \(key.expiresAt.map { RFC3339.format($0) } ?? "never")")
        }
    default:
        throw UsageError(usage)
    }
}

/// `wxopen hash-password`: reads a password from standard input (without echo on a terminal)
/// and prints the console password hash.
func hashPassword() {
    let terminal = isatty(0) == 1
    var saved = termios()
    if terminal {
        FileHandle.standardError.write(Data("Password: ".utf8))
        tcgetattr(0, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(0, TCSANOW, &quiet)
    }
    let line = readLine(strippingNewline: true)
    if terminal {
        tcsetattr(0, TCSANOW, &saved)
        FileHandle.standardError.write(Data("\n".utf8))
    }
    guard let password = line, !password.isEmpty else { fail("no password on standard input", code: 2) }
    guard password.count >= 8 else { fail("the password must have at least 8 characters", code: 2) }
    print(PasswordHash.make(password: password))
}
