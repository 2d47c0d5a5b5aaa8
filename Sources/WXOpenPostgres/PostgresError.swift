/// A PostgreSQL failure an operator can act on. No case carries the password, and no
/// description carries a query's parameter values: a server error's DETAIL (which may quote a
/// row) is kept out of `description`.
public enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store URL cannot be used; says what is wrong with it, never what it holds.
    case invalidURL(String)
    /// No connection could be made. `server` is `user@host:port/db`; `message` is libpq's, with
    /// the password scrubbed should it ever appear.
    case connectionFailed(server: String, message: String)
    /// The connection broke during a command; the command may or may not have taken effect.
    case connectionLost(server: String, message: String)
    /// Connecting failed recently and the pool is waiting before the next attempt.
    case unavailable(server: String, message: String)
    /// The server refused a command: SQLSTATE (PostgreSQL docs, Appendix A) and primary message.
    case server(sqlState: String, message: String, detail: String?, hint: String?)
    /// A value we cannot send, e.g. text with a NUL character (PostgreSQL text cannot hold one).
    case invalidParameter(index: Int, reason: String)
    /// A row that does not hold what the query promised, e.g. a NULL in a required column.
    case unexpectedResult(String)
    /// The database's schema is not one this build can migrate or use.
    case schemaMismatch(String)
    /// The pool (or listener) was closed.
    case closed

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            "the PostgreSQL URL is invalid: \(reason)"
        case .connectionFailed(let server, let message):
            "cannot connect to PostgreSQL as \(server): \(message)\(PostgresError.connectHint(message))"
        case .connectionLost(let server, let message):
            "the connection to PostgreSQL (\(server)) broke: \(message)"
        case .unavailable(let server, let message):
            "PostgreSQL (\(server)) is unavailable, retrying in the background; last error: \(message)"
        case .server(let sqlState, let message, _, let hint):
            "PostgreSQL refused a command: \(message) (SQLSTATE \(sqlState))" + (hint.map { "; hint: \($0)" } ?? "")
        case .invalidParameter(let index, let reason):
            "query parameter $\(index) cannot be sent: \(reason)"
        case .unexpectedResult(let reason):
            "PostgreSQL returned an unexpected result: \(reason)"
        case .schemaMismatch(let reason):
            "the PostgreSQL schema cannot be used: \(reason)"
        case .closed:
            "the PostgreSQL connection pool is closed"
        }
    }

    /// SQLSTATE when the server sent one.
    public var sqlState: String? {
        if case .server(let state, _, _, _) = self { return state }
        return nil
    }

    /// A failure of the connection rather than of the command: the same command may succeed on
    /// another connection once the server is back.
    public var isConnectionProblem: Bool {
        switch self {
        case .connectionFailed, .connectionLost, .unavailable: true
        // Class 08 connection exceptions; 57P01–57P03: the server is shutting down or starting.
        case .server(let state, _, _, _): state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default: false
        }
    }

    /// libpq reports refusals at connect time as text only (there is no result to hold a SQLSTATE).
    private static func connectHint(_ message: String) -> String {
        if message.contains("password authentication failed") || message.contains("no password supplied") {
            return "; check the user and password in the store URL (WXOPEN_STORE_URL)"
        }
        if message.contains("Connection refused") || message.contains("No such file or directory") {
            return "; is PostgreSQL running and listening at that address?"
        }
        if message.contains("timeout expired") {
            return "; the server did not answer in time (a firewall, or the wrong host?)"
        }
        if message.contains("does not exist") {
            return "; create the database and user first (see the README)"
        }
        return ""
    }
}
