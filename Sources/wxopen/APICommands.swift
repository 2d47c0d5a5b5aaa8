import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `wxopen authorizers`, `wxopen token`, `wxopen sync`: clients of a running server's internal
/// API, authenticated with `WXOPEN_API_KEY`.
struct APIClient {
    let baseURL: String
    let key: String

    init(_ invocation: Invocation) throws {
        baseURL = (invocation.options["url"] ?? "http://127.0.0.1:8080").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let key = ProcessInfo.processInfo.environment["WXOPEN_API_KEY"], !key.isEmpty else {
            throw UsageError("set WXOPEN_API_KEY to an API key (make one with `wxopen apikey new NAME`)")
        }
        self.key = key
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    func call(_ method: String, _ path: String) async throws -> [String: Any] {
        guard let url = URL(string: baseURL + path) else { throw Failure(description: "bad URL \(baseURL + path)") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        request.setValue("Bearer " + key, forHTTPHeaderField: "Authorization")
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(description: "cannot reach \(baseURL): \(error.localizedDescription) (is the server running? use --url)")
        }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let error = object["error"] as? [String: Any]
            throw Failure(description: "HTTP \(status): \(error?["message"] as? String ?? String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return object
    }
}

func listAuthorizers(_ invocation: Invocation) async throws {
    let client = try APIClient(invocation)
    var query = [String]()
    if let status = invocation.options["status"] { query.append("status=" + status) }
    if let type = invocation.options["type"] { query.append("type=" + type) }
    var cursor: String?
    var rows: [[String]] = [["APPID", "STATUS", "TYPE", "NAME", "TOKEN EXPIRES", "REF"]]
    repeat {
        var parameters = query + ["limit=500"]
        if let cursor { parameters.append("cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)) }
        let page = try await client.call("GET", "/api/v1/authorizers?" + parameters.joined(separator: "&"))
        for item in page["authorizers"] as? [[String: Any]] ?? [] {
            rows.append([item["authorizer_appid"], item["status"], item["type"], item["nick_name"], item["access_token_expires_at"], item["ref"]]
                .map { ($0 as? String) ?? "-" })
        }
        cursor = page["next_cursor"] as? String
    } while cursor != nil
    let widths = (0..<rows[0].count).map { column in min(40, rows.map { displayWidth($0[column]) }.max() ?? 0) }
    for row in rows {
        print(zip(row, widths).map { cell, width in
            var text = cell
            while displayWidth(text) > width { text = String(text.dropLast(2)) + "…" }
            return text + String(repeating: " ", count: max(0, width - displayWidth(text)))
        }.joined(separator: "  "))
    }
    FileHandle.standardError.write(Data("\(rows.count - 1) account(s)\n".utf8))
}

/// Columns a terminal gives `text`: CJK and other wide characters take two.
func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
            || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
            || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
            || (0xFFE0...0xFFE6).contains(scalar.value) || (0x20000...0x3FFFD).contains(scalar.value)
        return width + (wide ? 2 : 1)
    }
}

func printToken(_ invocation: Invocation) async throws {
    guard invocation.arguments.count == 1, let appID = invocation.arguments.first else { throw UsageError("usage: wxopen token APPID") }
    let client = try APIClient(invocation)
    let token = try await client.call("GET", "/api/v1/authorizers/\(appID)/access-token")
    print(token["access_token"] as? String ?? "")
    FileHandle.standardError.write(Data("expires in \(token["expires_in"] as? Int ?? 0) s (at \(token["expires_at"] as? String ?? "?"))\n".utf8))
}

/// Starts a sync and shows one progress line until it ends.
func runSync(_ invocation: Invocation) async throws {
    let client = try APIClient(invocation)
    var status = try await client.call("POST", "/api/v1/authorizers/sync")
    let terminal = isatty(1) == 1
    while (status["state"] as? String) == "running" {
        let line = "sync: \(status["done"] as? Int ?? 0)/\(status["total"] as? Int ?? 0)  added \(status["added"] as? Int ?? 0), recovered \(status["recovered"] as? Int ?? 0), flagged \(status["flagged"] as? Int ?? 0)"
        if terminal { print("\r" + line, terminator: "") } else { print(line) }
        flushStandardOutput()
        try await Task.sleep(for: .milliseconds(500))
        status = try await client.call("GET", "/api/v1/sync")
    }
    if terminal { print("") }
    print("sync \(status["state"] as? String ?? "?"): \(status["done"] as? Int ?? 0)/\(status["total"] as? Int ?? 0) checked, added \(status["added"] as? Int ?? 0), recovered \(status["recovered"] as? Int ?? 0), flagged \(status["flagged"] as? Int ?? 0), failed \(status["failed"] as? Int ?? 0)")
    if let error = status["error"] as? String { throw APIClient.Failure(description: "sync failed: \(error)") }
}
