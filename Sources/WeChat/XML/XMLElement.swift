/// One element of a parsed WeChat document. WeChat's documents are a root `<xml>` holding mostly
/// leaf elements with text; a few pushes nest (`<info>` in fast-registration pushes, `<ScanCodeInfo>`
/// in menu events), so children are kept, in document order.
public struct XMLElement: Sendable, Equatable {
    public var name: String
    /// The character data of a leaf, with CDATA sections and references resolved. Always "" for
    /// an element with children: whitespace between children is layout, not content.
    public var text: String
    public var children: [XMLElement]

    public init(name: String, text: String = "", children: [XMLElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child with this name.
    public func child(named name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// The text of the first child with this name, if there is such a child.
    public func text(of name: String) -> String? {
        child(named: name)?.text
    }

    /// The text of every child without children of its own, by name. When a name repeats, the
    /// first occurrence wins, as in `text(of:)`.
    public var leafFields: [String: String] {
        var fields: [String: String] = [:]
        for child in children where child.children.isEmpty && fields[child.name] == nil {
            fields[child.name] = child.text
        }
        return fields
    }
}
