import Foundation

/// The values features keep in entries, as JSON: dates in seconds since 1970, keys sorted, so
/// a value reads the same whichever instance wrote it.
enum EntryJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        // Encoding these plain structs cannot fail; "{}" would only decode as nothing.
        String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// nil when the entry holds something else (a value written by a newer version, say).
    static func decode<T: Decodable>(_ type: T.Type, from entry: StoredEntry) -> T? {
        try? decoder.decode(T.self, from: Data(entry.value.utf8))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}
