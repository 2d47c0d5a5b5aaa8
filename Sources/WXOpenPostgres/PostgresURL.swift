import WXOpenSupport

/// A `postgresql://` connection URL taken apart, so that libpq gets each part as a keyword and
/// everything we print shows the URL with its password replaced by `***`.
///
///     postgresql://user:pass@host:5432/wxopen?sslmode=require
///     postgres://user@/wxopen?host=/run/postgresql          (a Unix socket directory)
///
/// The grammar is libpq's (PostgreSQL docs §34.1.1, "Connection URIs") for one host: percent-
/// escapes are decoded in every part, and query parameters are libpq connection keywords. The
/// password is held only here and handed to libpq; `description`, `redacted` and the mirror a
/// debugger shows never contain it.
package struct PostgresURL: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    package var user: String?
    package var password: String?
    /// Empty: libpq's default (the local Unix socket); may also come from `?host=`.
    package var host: String
    package var port: Int?
    package var database: String?
    /// Further libpq keywords from the query (`sslmode`, `options`, `application_name`, …), in order.
    package var parameters: [(String, String)]

    package init(_ text: String) throws(PostgresError) {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let scheme = ["postgresql://", "postgres://"].first(where: { rest.hasPrefix($0) }) else {
            throw .invalidURL("it must start with postgresql:// (e.g. postgresql://wxopen:PASSWORD@127.0.0.1:5432/wxopen)")
        }
        rest = rest.dropFirst(scheme.count)
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        // The last "@" ends the user info: a password may hold an unescaped "@", a host never does.
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try PostgresURL.decode(userInfo[..<colon], "the user name")
                password = try PostgresURL.decode(userInfo[userInfo.index(after: colon)...], "the password")
            } else {
                user = try PostgresURL.decode(userInfo, "the user name")
            }
            if user?.isEmpty == true { user = nil }
        }
        guard !rest.contains(",") else {
            throw .invalidURL("it names several hosts; wxopen connects to one (put a load balancer or a virtual IP in front of a cluster)")
        }
        (host, port) = try PostgresURL.hostAndPort(rest)
        database = path.isEmpty ? nil : try PostgresURL.decode(path, "the database name")
        parameters = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (name, value) = try PostgresURL.parameter(pair)
            switch name {
            case "password": password = value
            case "user": user = value
            case "dbname": database = value
            case "host": host = value
            case "port":
                guard let number = Int(value), (1 ... 65535).contains(number) else {
                    throw .invalidURL("the port parameter must be a number from 1 to 65535")
                }
                port = number
            default: parameters.append((name, value))
            }
        }
    }

    /// The URL as it may be shown and logged: the password, wherever it was given, is `***`.
    package var redacted: String {
        var text = "postgresql://"
        if let user {
            text += PercentEncoding.encode(user)
            if password != nil { text += ":***" }
            text += "@"
        } else if password != nil {
            text += ":***@"
        }
        text += host.hasPrefix("/") ? "" : (host.contains(":") ? "[\(host)]" : host)
        if let port { text += ":\(port)" }
        if let database { text += "/" + PercentEncoding.encode(database) }
        var query = parameters.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }
        if host.hasPrefix("/") { query.insert("host=" + PercentEncoding.encode(host), at: 0) }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    package var description: String { redacted }
    package var customMirror: Mirror { Mirror(self, children: ["redacted": redacted], displayStyle: .struct) }

    /// Who and where, for messages: `wxopen@127.0.0.1:5432/wxopen`.
    package var server: String {
        let address = host.isEmpty ? "(local socket)" : host
        return (user.map { $0 + "@" } ?? "") + address + (port.map { ":\($0)" } ?? "") + "/" + (database ?? "")
    }

    /// The keywords for `PQconnectdbParams`, ours first so the URL's own parameters win.
    package func keywords(defaults: [(String, String)]) -> [(String, String)] {
        var pairs = defaults.filter { name, _ in !parameters.contains { $0.0 == name } }
        if !host.isEmpty { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let database { pairs.append(("dbname", database)) }
        return pairs + parameters
    }

    /// The same URL with one more libpq parameter (tests put each in its own schema this way).
    package func adding(parameter name: String, value: String) -> PostgresURL {
        var copy = self
        copy.parameters.removeAll { $0.0 == name }
        copy.parameters.append((name, value))
        return copy
    }

    package static func == (a: PostgresURL, b: PostgresURL) -> Bool {
        a.user == b.user && a.password == b.password && a.host == b.host && a.port == b.port && a.database == b.database
            && a.parameters.elementsEqual(b.parameters, by: { $0 == $1 })
    }

    private static func hostAndPort(_ text: Substring) throws(PostgresError) -> (String, Int?) {
        var host = text
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw .invalidURL("an IPv6 host is missing its closing \"]\"") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw .invalidURL("unexpected text after the IPv6 host")
            }
            host = host[host.index(after: host.startIndex) ..< close]
        } else if let colon = host.lastIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        var port: Int?
        if let portText {
            guard let number = Int(portText), (1 ... 65535).contains(number) else {
                throw .invalidURL("the port must be a number from 1 to 65535")
            }
            port = number
        }
        return (try decode(host, "the host"), port)
    }

    private static func parameter(_ pair: Substring) throws(PostgresError) -> (String, String) {
        guard let equals = pair.firstIndex(of: "=") else {
            throw .invalidURL("the query parameter \"\(pair.prefix(40))\" has no value; write name=value")
        }
        let name = try decode(pair[..<equals], "a query parameter name")
        // The value is not quoted in the message: it may be the password.
        let value = try decode(pair[pair.index(after: equals)...], "the value of the \(name) parameter")
        guard !name.isEmpty else { throw .invalidURL("a query parameter has an empty name") }
        return (name, value)
    }

    private static func decode(_ part: Substring, _ what: String) throws(PostgresError) -> String {
        do {
            let decoded = try PercentEncoding.decode(part, plusAsSpace: false)
            guard !decoded.utf8.contains(0) else { throw PostgresError.invalidURL("\(what) holds a NUL character (%00)") }
            return decoded
        } catch PercentEncoding.DecodingError.malformedEscape {
            throw .invalidURL("\(what) has a \"%\" that is not followed by two hex digits; write a literal % as %25")
        } catch PercentEncoding.DecodingError.invalidUTF8 {
            throw .invalidURL("\(what) is not UTF-8 once its %-escapes are decoded")
        } catch let error as PostgresError {
            throw error
        } catch {
            throw .invalidURL("\(what) cannot be decoded")
        }
    }
}
