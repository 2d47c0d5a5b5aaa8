import Foundation

/// A parsed JSON request body, read leniently the way WeChat reads them: numbers may come as
/// strings and strings as numbers.
struct JSONRequestBody {
    private let members: [String: Any]

    /// An empty or non-object body is WeChat's 47001.
    init(_ body: Data) throws(APIError) {
        guard !body.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: body, options: []) as? [String: Any]
        else { throw .dataFormat }
        members = object
    }

    init(members: [String: Any]) { self.members = members }

    func string(_ key: String) -> String? {
        switch members[key] {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    func int(_ key: String) -> Int? {
        switch members[key] {
        case let number as NSNumber: number.intValue
        case let text as String: Int(text)
        default: nil
        }
    }

    func bool(_ key: String) -> Bool? {
        switch members[key] {
        case let number as NSNumber: number.boolValue
        case let text as String: text == "true" || text == "1"
        default: nil
        }
    }

    func ints(_ key: String) -> [Int]? {
        guard let list = members[key] as? [Any] else { return nil }
        return list.compactMap { ($0 as? NSNumber)?.intValue ?? ($0 as? String).flatMap { Int($0) } }
    }

    /// A list of strings; nil when absent or when an item is not a string.
    func strings(_ key: String) -> [String]? {
        guard let list = members[key] as? [Any] else { return nil }
        let strings = list.compactMap { $0 as? String }
        return strings.count == list.count ? strings : nil
    }

    func object(_ key: String) -> JSONRequestBody? {
        (members[key] as? [String: Any]).map { JSONRequestBody(members: $0) }
    }
}
