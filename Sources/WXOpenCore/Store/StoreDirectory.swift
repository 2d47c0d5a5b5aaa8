import Foundation
#if canImport(Glibc)
import Glibc
import WXOpenSupport
#endif

/// The store's directory and the files in it. The directory is 0700 and every file 0600,
/// whatever the umask: tokens are credentials. Looser modes found on disk are tightened, with a
/// warning, because they mean someone else may already have read them.
struct StoreDirectory: Sendable {
    static let directoryMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    let path: String
    let logger: Logger

    var lockPath: String { path + "/LOCK" }
    var snapshotPath: String { path + "/snapshot.jsonl" }
    var snapshotTemporaryPath: String { path + "/snapshot.jsonl.tmp" }
    var journalPath: String { path + "/journal.jsonl" }
    var journalTemporaryPath: String { path + "/journal.jsonl.tmp" }

    /// Creates the directory (and missing parents) or tightens an existing one.
    func prepare() throws(StoreError) {
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else { throw .io(path: path, operation: "stat", errno: errno) }
            let parent = (path as NSString).deletingLastPathComponent
            try makeParents(parent)
            guard mkdir(path, StoreDirectory.directoryMode) == 0 || errno == EEXIST else {
                throw .io(path: path, operation: "mkdir", errno: errno)
            }
            // mkdir applies the umask, which can only remove bits; chmod sets exactly 0700.
            guard chmod(path, StoreDirectory.directoryMode) == 0 else { throw .io(path: path, operation: "chmod", errno: errno) }
            try syncDirectory(parent.isEmpty ? "." : parent)
            return
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .io(path: path, operation: "open directory", errno: ENOTDIR) }
        let mode = info.st_mode & 0o777
        if mode != StoreDirectory.directoryMode {
            guard chmod(path, StoreDirectory.directoryMode) == 0 else { throw .io(path: path, operation: "chmod", errno: errno) }
            if mode & 0o077 != 0 {
                logger.warning("store_permissions_tightened", ["path": path, "was": octal(mode), "now": "700"])
            }
        }
    }

    /// `mkdir -p` for the directories above the store's, which are not the store's to restrict
    /// (0755 before the umask).
    private func makeParents(_ directory: String) throws(StoreError) {
        var info = stat()
        guard !directory.isEmpty, directory != "/", stat(directory, &info) != 0 else { return }
        try makeParents((directory as NSString).deletingLastPathComponent)
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw .io(path: directory, operation: "mkdir", errno: errno) }
    }

    /// Takes the store's advisory lock for this process's lifetime (released by closing the
    /// descriptor, or by the kernel when the process dies, even by `kill -9`).
    func lock() throws(StoreError) -> FileDescriptor {
        let file = try open(lockPath, flags: O_RDWR | O_CREAT)
        while flock(file.raw, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            if failure == EINTR { continue }
            file.close()
            if failure == EWOULDBLOCK { throw .locked(path: path) }
            throw .io(path: lockPath, operation: "flock", errno: failure)
        }
        return file
    }

    /// Opens (or creates) a file in the directory with mode 0600, tightening a looser one.
    func open(_ filePath: String, flags: Int32) throws(StoreError) -> FileDescriptor {
        let raw = Glibc.open(filePath, flags | O_CLOEXEC | O_NOFOLLOW, StoreDirectory.fileMode)
        guard raw >= 0 else { throw .io(path: filePath, operation: "open", errno: errno) }
        let file = FileDescriptor(raw: raw, path: filePath)
        var info = stat()
        guard fstat(raw, &info) == 0 else {
            let failure = errno
            file.close()
            throw .io(path: filePath, operation: "fstat", errno: failure)
        }
        let mode = info.st_mode & 0o777
        if mode != StoreDirectory.fileMode {
            guard fchmod(raw, StoreDirectory.fileMode) == 0 else {
                let failure = errno
                file.close()
                throw .io(path: filePath, operation: "fchmod", errno: failure)
            }
            if mode & 0o077 != 0 {
                logger.warning("store_permissions_tightened", ["path": filePath, "was": octal(mode), "now": "600"])
            }
        }
        return file
    }

    /// Opens an existing file, or returns nil when there is none.
    func openIfExists(_ filePath: String, flags: Int32) throws(StoreError) -> FileDescriptor? {
        do {
            return try open(filePath, flags: flags)
        } catch .io(_, "open", ENOENT) {
            return nil
        }
    }

    /// Removes a file; returns whether there was one.
    @discardableResult
    func remove(_ filePath: String) throws(StoreError) -> Bool {
        if unlink(filePath) == 0 { return true }
        guard errno == ENOENT else { throw .io(path: filePath, operation: "unlink", errno: errno) }
        return false
    }

    /// Atomically replaces `destination` (POSIX rename(2)); durable once `syncDirectory` returns.
    func rename(_ source: String, to destination: String) throws(StoreError) {
        guard Glibc.rename(source, destination) == 0 else {
            throw .io(path: destination, operation: "rename", errno: errno)
        }
    }

    /// fsync of the directory itself, which is what makes a create or a rename durable.
    func syncDirectory(_ directoryPath: String? = nil) throws(StoreError) {
        let target = directoryPath ?? path
        let raw = Glibc.open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard raw >= 0 else { throw .io(path: target, operation: "open directory", errno: errno) }
        let directory = FileDescriptor(raw: raw, path: target)
        defer { directory.close() }
        try directory.sync()
    }

    private func octal(_ mode: mode_t) -> String { String(mode, radix: 8) }
}
