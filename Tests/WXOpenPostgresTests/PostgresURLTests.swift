import Testing
@testable import WXOpenPostgres

@Suite struct PostgresURLTests {
    @Test func parsesEveryPart_DecodingPercentEscapes() throws {
        let url = try PostgresURL("postgresql://wx%40open:p%40ss%3Aw0rd@db.example.com:6543/wx%20open?sslmode=require&application_name=a%26b")
        #expect(url.user == "wx@open")
        #expect(url.password == "p@ss:w0rd")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.database == "wx open")
        #expect(url.parameters.map { "\($0.0)=\($0.1)" } == ["sslmode=require", "application_name=a&b"])
        #expect(url.server == "wx@open@db.example.com:6543/wx open")
    }

    @Test func acceptsAnUnescapedAtInThePassword_AndAnIPv6Host_AndASocketDirectory() throws {
        let raw = try PostgresURL("postgres://wxopen:p@ss@[::1]:5432/wxopen")
        #expect(raw.password == "p@ss")
        #expect(raw.host == "::1")
        #expect(raw.redacted == "postgresql://wxopen:***@[::1]:5432/wxopen")
        let socket = try PostgresURL("postgresql://wxopen@/wxopen?host=/run/postgresql")
        #expect(socket.host == "/run/postgresql")
        #expect(socket.redacted == "postgresql://wxopen@/wxopen?host=%2Frun%2Fpostgresql")
    }

    @Test(arguments: [
        "postgresql://wxopen:hunter2-secret@127.0.0.1:5432/wxopen",
        "postgresql://wxopen@127.0.0.1/wxopen?password=hunter2-secret",
        "postgresql://wxopen:hunter2%2Dsecret@127.0.0.1/wxopen?sslmode=disable",
    ])
    func password_NeverAppears_InAnyDescription(text: String) throws {
        let url = try PostgresURL(text)
        #expect(url.password == "hunter2-secret")
        for shown in [url.redacted, url.description, String(describing: url), String(reflecting: url), url.server] {
            #expect(!shown.contains("hunter2"), "\(shown)")
        }
        #expect(url.redacted.contains(":***@"))
        // libpq gets it, as its own keyword.
        #expect(url.keywords(defaults: []).contains { $0 == ("password", "hunter2-secret") })
    }

    @Test(arguments: [
        ("mysql://u:p@h/db", "must start with postgresql://"),
        ("postgresql://u:p@h1,h2/db", "several hosts"),
        ("postgresql://u:p@h:99999/db", "port must be a number"),
        ("postgresql://u:secret%zz@h/db", "the password has a \"%\" that is not followed by two hex digits"),
        ("postgresql://u@h/db?password=secret%4", "the value of the password parameter has a \"%\""),
        ("postgresql://u@h/db?sslmode", "has no value"),
        ("postgresql://u:p%00@h/db", "holds a NUL character"),
    ])
    func invalidURL_SaysWhatIsWrong_WithoutQuotingTheSecret(text: String, reason: String) {
        #expect {
            try PostgresURL(text)
        } throws: { error in
            let description = "\(error)"
            return description.contains(reason) && !description.contains("secret") && description.hasPrefix("the PostgreSQL URL is invalid")
        }
    }

    @Test func keywords_PutOurDefaultsFirst_SoTheURLsOwnParametersWin() throws {
        let url = try PostgresURL("postgresql://u:p@h:5/db?connect_timeout=30&options=-c%20search_path%3Dt")
        let keywords = url.keywords(defaults: [("connect_timeout", "5"), ("client_encoding", "UTF8")])
        #expect(keywords.map(\.0) == ["client_encoding", "host", "port", "user", "password", "dbname", "connect_timeout", "options"])
        #expect(keywords.last! == ("options", "-c search_path=t"))
    }
}
