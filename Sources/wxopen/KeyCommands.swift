import Foundation
import Glibc
import WXOpenCore

/// `wxopen apikey new NAME`: a new key, printed once, and the line for the configuration.
func apiKeyCommand(_ invocation: Invocation) throws {
    try invocation.allow(options: [])
    guard invocation.arguments.first == "new", invocation.arguments.count == 2 else {
        throw UsageError("usage: wxopen apikey new NAME")
    }
    let name = invocation.arguments[1]
    guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
        throw UsageError("the key name must be 1–64 letters, digits, '-', '_' or '.'")
    }
    let (key, hash) = APIKeyAuthenticator.makeKey()
    print("""
        API key for \(name) (shown once; give it to the service, e.g. as WXOPEN_API_KEY):

            \(key)

        Add this to "apiKeys" in the configuration (it holds only the key's SHA-256):

            {"name": "\(name)", "sha256": "\(hash)"}
        """)
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
