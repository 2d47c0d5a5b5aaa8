import Foundation

extension Configuration.Environment {
    /// The process environment, plus the secrets systemd passes as credentials
    /// (`LoadCredential=WXOPEN_STORE_KEY:/etc/wxopen/store-key`): each file in
    /// `$CREDENTIALS_DIRECTORY` named after a `WXOPEN_*` variable supplies that variable, unless the
    /// environment already sets it. Credentials keep secrets out of the unit file, `ps` and
    /// `/proc/PID/environ` of other users; one trailing newline (what `echo` writes) is dropped.
    public static func process(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return environment }
        var merged = environment
        for name in names where name.hasPrefix("WXOPEN_") && merged[name] == nil {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                  var value = String(data: data, encoding: .utf8) else { continue }
            if value.hasSuffix("\r\n") { value.removeLast(2) } else if value.hasSuffix("\n") { value.removeLast() }
            merged[name] = value
        }
        return merged
    }
}
