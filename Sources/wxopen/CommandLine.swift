import Foundation

/// The command line, parsed by hand: `wxopen COMMAND [--option value] [arguments]`.
struct Invocation {
    var command: String
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var arguments: [String] = []

    /// Options that take a value; every other `--name` is a flag.
    static let valued: Set<String> = ["config", "status", "type", "url", "data", "port", "host", "limit", "name", "file", "expires", "from", "to"]

    static func parse(_ raw: [String]) throws(UsageError) -> Invocation {
        guard let first = raw.first else { return Invocation(command: "help") }
        switch first {
        case "-h", "--help": return Invocation(command: "help")
        case "-V", "--version": return Invocation(command: "version")
        default: break
        }
        var invocation = Invocation(command: first)
        var index = 1
        while index < raw.count {
            let item = raw[index]
            index += 1
            if item == "--" {
                invocation.arguments += raw[index...]
                break
            }
            guard item.hasPrefix("--") else {
                invocation.arguments.append(item)
                continue
            }
            var name = String(item.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if name == "help" {
                invocation.flags.insert("help")
            } else if valued.contains(name) {
                if value == nil {
                    guard index < raw.count else { throw UsageError("--\(name) needs a value") }
                    value = raw[index]
                    index += 1
                }
                invocation.options[name] = value
            } else if value == nil {
                invocation.flags.insert(name)
            } else {
                throw UsageError("--\(name) does not take a value")
            }
        }
        return invocation
    }

    func require(_ option: String) throws(UsageError) -> String {
        guard let value = options[option] else { throw UsageError("\(command) needs --\(option)") }
        return value
    }

    /// Refuses options and flags the command does not know.
    func allow(options allowed: Set<String>, flags allowedFlags: Set<String> = []) throws(UsageError) {
        if let unknown = options.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw UsageError("\(command) does not take --\(unknown)")
        }
        if let unknown = flags.sorted().first(where: { !allowedFlags.contains($0) && $0 != "help" }) {
            throw UsageError("\(command) does not take --\(unknown)")
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let usage = """
    wxopen: a WeChat Open Platform third-party platform server

    Usage:
      wxopen demo [--port N] [--host H] [--data DIR] [--keep]
                                               Run the server (port N, default 8080) and a built-in WeChat
                                               simulator (port N+1) with a web-login sample app; a generated
                                               config and store under DIR (default ./data/demo), fresh
                                               each run unless --keep
      wxopen serve --config FILE               Run the server
      wxopen check-config --config FILE        Check a configuration file and exit (0 ok, 2 invalid)
      wxopen backup --config FILE --to DIR     Copy the file store consistently, also while the server runs
      wxopen simulator [--port N]              Run the WeChat simulator alone
      wxopen apikey new NAME [--file PATH] [--expires DAYS]
                                               Make an internal-API key: prints it once, and the config
                                               line, or adds it to the keys file a running server watches
      wxopen apikey revoke NAME --file PATH    Revoke a key in the keys file (no restart)
      wxopen apikey list --file PATH           The keys in the keys file
      wxopen hash-password                     Read a password on stdin, print the console password hash
      wxopen authorizers [--status S] [--type T]   List authorized accounts (needs WXOPEN_API_KEY)
      wxopen token APPID                       Print an authorizer access token (needs WXOPEN_API_KEY)
      wxopen sync                              Reconcile with WeChat's authorizer list (needs WXOPEN_API_KEY)
      wxopen migrate-store --from file:DIR --to postgresql://USER:PASS@HOST:5432/DB
                                               Copy a file store into an empty database and verify it
                                               (WXOPEN_STORE_KEY seals both); the file store is kept
      wxopen --version | --help

    Secrets may come from the environment instead of the file (the environment wins):
      WXOPEN_COMPONENT_APP_SECRET, WXOPEN_COMPONENT_TOKEN, WXOPEN_COMPONENT_ENCODING_AES_KEY,
      WXOPEN_COMPONENT_PREVIOUS_ENCODING_AES_KEY, WXOPEN_ADMIN_PASSWORD_HASH, WXOPEN_STORE_KEY.
    Commands that talk to a running server use --url (default http://127.0.0.1:8080) and WXOPEN_API_KEY.

    Exit codes: 0 success, 1 failure, 2 usage or configuration error.
    """
