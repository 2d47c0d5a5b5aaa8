import CPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection, used synchronously: every call blocks its thread until the server
/// answers. It is not thread-safe; `PostgresSession` confines each connection to its own serial
/// queue, off Swift's cooperative thread pool (hence `@unchecked Sendable`).
///
/// Every command with values goes through a prepared statement (`PQprepare` once per
/// connection and SQL text, then `PQexecPrepared`), its parameters passed as separate values:
/// no value is ever spliced into SQL.
package final class PostgresConnection: @unchecked Sendable {
    package struct Options: Sendable {
        /// libpq's `connect_timeout`, rounded up to whole seconds (libpq's minimum is 2). Default: 5 s.
        package var connectTimeout: Duration = .seconds(5)
        /// Shown in `pg_stat_activity` unless the URL sets `application_name`. Default: `wxopen`.
        package var applicationName = "wxopen"

        package init(connectTimeout: Duration = .seconds(5), applicationName: String = "wxopen") {
            self.connectTimeout = connectTimeout
            self.applicationName = applicationName
        }
    }

    private var handle: OpaquePointer?
    /// `user@host:port/db`, for messages.
    package let server: String
    /// Only to scrub it from libpq's messages, should one ever quote it.
    private let password: String?
    private var statements: [String: String] = [:]
    /// What the notice receiver saw; lives as long as the connection, which libpq points at.
    private let notices = Notices()

    private final class Notices {
        /// The server said it is ending the connection (`terminating connection due to …`).
        var fatal = false
    }

    private init(handle: OpaquePointer, url: PostgresURL) {
        self.handle = handle
        self.server = url.server
        self.password = url.password
    }

    deinit { close() }

    /// Connects (blocking for at most `options.connectTimeout`) and prepares the session.
    package static func connect(_ url: PostgresURL, options: Options = Options()) throws(PostgresError) -> PostgresConnection {
        let seconds = max(2, Int((options.connectTimeout / .seconds(1)).rounded(.up)))
        let pairs = url.keywords(defaults: [
            ("connect_timeout", String(seconds)), ("client_encoding", "UTF8"),
            ("fallback_application_name", options.applicationName),
            // A peer that vanished without closing (a dead host, a dropped route) is noticed
            // within about a minute instead of when the kernel gives up.
            ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ])
        let handle = CStrings.with(pairs.map(\.0)) { keywords in
            CStrings.with(pairs.map(\.1)) { values in PQconnectdbParams(keywords, values, 0) }
        }
        guard let handle else { throw .connectionFailed(server: url.server, message: "libpq could not allocate a connection") }
        let connection = PostgresConnection(handle: handle, url: url)
        // libpq prints notices ("relation already exists, skipping") to stderr by default; ours
        // keeps quiet, but remembers a FATAL the server sent while the connection sat idle.
        PQsetNoticeReceiver(handle, { context, result in
            guard let context, let result, let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))) else { return }
            let text = String(cString: severity)
            if text == "FATAL" || text == "PANIC" { Unmanaged<Notices>.fromOpaque(context).takeUnretainedValue().fatal = true }
        }, Unmanaged.passUnretained(connection.notices).toOpaque())
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = connection.lastErrorMessage
            connection.close()
            throw .connectionFailed(server: url.server, message: message)
        }
        // Shortest exact float text (PostgreSQL 12+), so dates round-trip bit for bit.
        try connection.execute("SET extra_float_digits = 3")
        return connection
    }

    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    package func query(_ sql: String, _ parameters: [any PostgresValue] = []) throws(PostgresError) -> PostgresRows {
        let texts = parameters.map(\.postgresText)
        for (index, text) in texts.enumerated() where text?.utf8.contains(0) == true {
            throw .invalidParameter(index: index + 1, reason: "it contains a NUL character, which PostgreSQL text cannot hold")
        }
        let handle = try liveHandle()
        let name = try preparedName(for: sql, parameterCount: texts.count, handle: handle)
        let result = CStrings.withOptional(texts) { values in
            PQexecPrepared(handle, name, Int32(texts.count), values, nil, nil, 0)
        }
        return try rows(of: result, sql: sql)
    }

    /// Runs SQL without parameters, possibly several statements (migrations, `BEGIN`, `LISTEN`).
    /// Only for SQL written in our source: never text that holds a value.
    package func execute(_ sql: StaticString) throws(PostgresError) {
        try execute(script: sql.description)
    }

    package func execute(script sql: String) throws(PostgresError) {
        let handle = try liveHandle()
        _ = try rows(of: PQexec(handle, sql), sql: nil)
    }

    /// True when the connection can take a command now: not closed, not broken, not inside a
    /// transaction. Reads whatever the server sent meanwhile without blocking, so a server that
    /// restarted (and closed this connection) is noticed here rather than by the next query.
    package var isUsable: Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK, !notices.fatal else { return false }
        // An idle connection has nothing to read unless the server spoke: typically a FATAL
        // "terminating connection" (libpq hands it to the notice receiver), then end of file.
        var rounds = 0
        while rounds < 4, PostgresConnection.isReadable(PQsocket(handle)) {
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK, !notices.fatal else { return false }
            rounds += 1
        }
        return rounds < 4 && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    private static func isReadable(_ socket: Int32) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// The server process serving this connection (`pg_stat_activity.pid`).
    package var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    package func close() {
        guard let handle else { return }
        PQfinish(handle)
        self.handle = nil
    }

    // MARK: libpq plumbing

    func liveHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw .closed }
        guard PQstatus(handle) == CONNECTION_OK else { throw .connectionLost(server: server, message: lastErrorMessage) }
        return handle
    }

    private func preparedName(for sql: String, parameterCount: Int, handle: OpaquePointer) throws(PostgresError) -> String {
        if let name = statements[sql] { return name }
        let name = "wxopen_\(statements.count + 1)"
        _ = try rows(of: PQprepare(handle, name, sql, Int32(parameterCount), nil), sql: sql)
        statements[sql] = name
        return name
    }

    private func rows(of result: OpaquePointer?, sql: String?) throws(PostgresError) -> PostgresRows {
        guard let result else { throw failure(of: nil, sql: sql) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            break
        default:
            throw failure(of: result, sql: sql)
        }
        let columnCount = Int(PQnfields(result))
        let columns = (0 ..< columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let values = (0 ..< Int(PQntuples(result))).map { row in
            (0 ..< columnCount).map { column -> String? in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
        return PostgresRows(columns: columns, values: values, affected: Int(String(cString: PQcmdTuples(result))) ?? 0)
    }

    private func failure(of result: OpaquePointer?, sql: String?) -> PostgresError {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            return .connectionLost(server: server, message: lastErrorMessage)
        }
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return scrub(String(cString: value))
        }
        // PG_DIAG_SQLSTATE 'C', PG_DIAG_MESSAGE_PRIMARY 'M', PG_DIAG_MESSAGE_DETAIL 'D', PG_DIAG_MESSAGE_HINT 'H'.
        guard let state = field("C") else { return .connectionLost(server: server, message: lastErrorMessage) }
        // A statement prepared before a migration changed the table it reads: prepare it anew next time.
        if state == "0A000", let sql { statements[sql] = nil }
        return .server(sqlState: state, message: field("M") ?? lastErrorMessage, detail: field("D"), hint: field("H"))
    }

    var lastErrorMessage: String {
        guard let handle, let message = PQerrorMessage(handle) else { return "connection closed" }
        let text = String(cString: message).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return scrub(text.isEmpty ? "no message from libpq" : text)
    }

    /// libpq does not quote passwords in its messages; this makes sure no future version can.
    private func scrub(_ text: String) -> String {
        guard let password, password.count >= 3 else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }
}

/// C string arrays for libpq, freed when the call returns.
enum CStrings {
    /// A NULL-terminated array (what `PQconnectdbParams` takes).
    static func with<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Result) -> Result {
        withOptional(strings.map(Optional.some) + [nil], body)
    }

    /// Nil entries stay NULL (SQL NULL parameters); an empty list is passed as a NULL array.
    static func withOptional<Result>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Result) -> Result {
        let pointers = strings.map { $0.map { UnsafePointer(strdup($0)!) } }
        defer { for pointer in pointers { free(UnsafeMutablePointer(mutating: pointer)) } }
        return pointers.withUnsafeBufferPointer { body(pointers.isEmpty ? nil : $0.baseAddress) }
    }
}
