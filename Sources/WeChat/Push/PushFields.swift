/// Reads the leaf fields of a push or message root with the errors `PushParseError` names.
struct PushFields {
    let root: XMLElement

    init(_ root: XMLElement) throws(PushParseError) {
        guard root.name == "xml" else { throw .unexpectedRoot(root.name) }
        self.root = root
    }

    init(xml: String) throws(PushParseError) {
        let root: XMLElement
        do { root = try WeChatXML.parse(xml) } catch { throw .xml(error) }
        try self.init(root)
    }

    /// The text of the first leaf child with this name. A linear scan: a push has a handful of
    /// fields, and hashing them into a dictionary costs more than the crypto.
    func optional(_ name: String) -> String? {
        for child in root.children where child.children.isEmpty && child.name == name { return child.text }
        return nil
    }

    /// Every leaf field by name, for kinds that keep them all.
    var all: [String: String] { root.leafFields }

    /// A field that must be present. Unless `allowEmpty`, an empty value counts as missing: an
    /// empty ticket or code is as useless as none, and storing it would replace a good one.
    func required(_ name: String, allowEmpty: Bool = false) throws(PushParseError) -> String {
        guard let value = optional(name), allowEmpty || !value.isEmpty else { throw .missingField(name) }
        return value
    }

    func requiredInteger(_ name: String) throws(PushParseError) -> Int64 {
        guard let value = Int64(try required(name)) else { throw .invalidNumber(field: name) }
        return value
    }
}
