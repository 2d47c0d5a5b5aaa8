import Synchronization
import WeChat
import WXOpenCore
import WXOpenSupport

/// Notices between instances: each announced write sends `pg_notify(channel, payload)` inside its
/// transaction, so it is delivered only if the write commits, and after it does; every store of
/// the schema `LISTEN`s on the channel and publishes what the others wrote (its own writes it
/// publishes itself, right after they commit). After the listener (re)connects it publishes
/// `.everything`, since a notice sent while it was away is lost.
///
/// The payload is `ORIGIN KIND KEY`: the writing store's random id (to skip our own echo), a
/// letter (`t` ticket, `c` component token, `a` authorizer, `e` entry, whose key is
/// `NAMESPACE KEY`), and the key. Keys are short (appids, digests), far below NOTIFY's 8,000 bytes.
extension PostgresStore {
    /// `wxopen_` and 16 hex digits of the schema's SHA-256: channels are per database, and tests
    /// (or two deployments) may share one database in separate schemas.
    static func channel(_ session: PostgresSession) async throws -> String {
        let rows = try await session.query("SELECT current_schema() AS name")
        let schema = try rows.first?.decode("name", as: String?.self) ?? ""
        return "wxopen_" + Crypto.hex(Crypto.sha256(Array(schema.utf8))).prefix(16)
    }

    func payload(_ notice: StoreNotice) -> String? {
        switch notice {
        case .ticket(let componentAppID): "\(origin) t \(componentAppID)"
        case .componentToken(let componentAppID): "\(origin) c \(componentAppID)"
        case .authorizer(let appID): "\(origin) a \(appID)"
        case .entry(let namespace, let key): "\(origin) e \(namespace) \(key)"
        case .everything: nil
        }
    }

    /// Another instance's notice; nil for our own echo or a payload we cannot read.
    func notice(fromPayload payload: String) -> StoreNotice? {
        let parts = payload.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] != origin else { return nil }
        switch parts[1] {
        case "t": return .ticket(componentAppID: parts[2])
        case "c": return .componentToken(componentAppID: parts[2])
        case "a": return .authorizer(appID: parts[2])
        case "e":
            let entry = parts[2].split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return entry.count == 2 ? .entry(namespace: entry[0], key: entry[1]) : nil
        default: return nil
        }
    }

    /// Queues `notice` for the other instances, on the transaction's session (sent at commit).
    func announce(_ notice: StoreNotice, _ session: PostgresSession) async throws {
        guard let payload = payload(notice) else { return }
        try await session.query("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Starts the listener (its own connection, reconnecting with backoff) and the task that
    /// turns what it hears into `notices`.
    func listen(_ url: PostgresURL, sleeper: @escaping Sleeper) throws {
        let listener = try PostgresListener(url: url, channels: [channel], options: configuration.connectionOptions, logger: logger,
                                            sleeper: sleeper)
        let task = Task { [weak self] in
            for await event in listener.events {
                guard let self else { return }
                switch event {
                case .listening:
                    hasListened.store(true, ordering: .releasing)
                    notices.publish(.everything)
                case .notification(let notification):
                    if let notice = notice(fromPayload: notification.payload) { notices.publish(notice) }
                }
            }
        }
        self.listener.withLock { $0 = (listener, task) }
    }

    func stopListening() async {
        guard let (listener, task) = self.listener.withLock({ state in defer { state = nil }; return state }) else { return }
        await listener.stop()
        await task.value
    }
}
