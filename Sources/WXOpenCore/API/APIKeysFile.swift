import Foundation
import WXOpenSupport

/// The keys file (`"apiKeysFile"`): API keys added and revoked without a restart, by
/// `wxopen apikey new|revoke` or the console. It holds only each key's SHA-256, like the
/// configuration, and is replaced whole (temporary file, fsync, rename), so the server watching
/// it never reads half a file.
///
///     {"keys": [{"name": "billing", "sha256": "…", "createdAt": "2026-12-01T08:00:00Z", "expiresAt": "2027-03-01T00:00:00Z"}]}
public struct APIKeysFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unreadable(path: String, detail: String)
        case unwritable(path: String, detail: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let detail): "the API keys file \(path) cannot be read: \(detail)"
            case .unwritable(let path, let detail): "the API keys file \(path) cannot be written: \(detail)"
            }
        }
    }

    /// The keys, or none when the file does not exist yet.
    public func read() throws(Failure) -> [Configuration.APIKey] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, detail: "permission denied?") }
        struct Document: Decodable { var keys: [Entry] }
        struct Entry: Decodable { var name: String; var sha256: String; var createdAt: String?; var expiresAt: String? }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: data) } catch {
            throw .unreadable(path: path, detail: "not a keys file (\(error))")
        }
        var keys: [Configuration.APIKey] = []
        for entry in document.keys {
            guard Configuration.APIKey.isSHA256Hex(entry.sha256) else {
                throw .unreadable(path: path, detail: "key \"\(entry.name)\": sha256 must be 64 lowercase hex characters")
            }
            let expires = try entry.expiresAt.map { text throws(Failure) in
                guard let date = RFC3339.parse(text) else { throw .unreadable(path: path, detail: "key \"\(entry.name)\": expiresAt is not RFC 3339") }
                return date
            }
            keys.append(Configuration.APIKey(name: entry.name, sha256: entry.sha256, expiresAt: expires,
                                             createdAt: entry.createdAt.flatMap(RFC3339.parse)))
        }
        return keys
    }

    /// Replaces the file with `keys`, mode 0600.
    public func write(_ keys: [Configuration.APIKey]) throws(Failure) {
        var json: [UInt8] = Array("{\"keys\": [".utf8)
        for (index, key) in keys.enumerated() {
            json += Array((index == 0 ? "\n  {" : ",\n  {").utf8)
            json += Array("\"name\": ".utf8)
            JSONString.append(key.name, to: &json)
            json += Array(", \"sha256\": ".utf8)
            JSONString.append(key.sha256, to: &json)
            if let created = key.createdAt {
                json += Array(", \"createdAt\": ".utf8)
                JSONString.append(RFC3339.format(created), to: &json)
            }
            if let expires = key.expiresAt {
                json += Array(", \"expiresAt\": ".utf8)
                JSONString.append(RFC3339.format(expires), to: &json)
            }
            json += Array("}".utf8)
        }
        json += Array("\n]}\n".utf8)
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unwritable(path: path, detail: String(cString: strerror(errno))) }
        let written = json.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == json.count, synced, rename(temporary, path) == 0 else {
            let detail = String(cString: strerror(errno))
            unlink(temporary)
            throw .unwritable(path: path, detail: detail)
        }
        // The rename is durable once the directory is.
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                             O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    /// What identifies the file's current version: a replaced file has a new inode, an edited
    /// one a new size or modification time.
    func version() -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
    }
}
