import Foundation
@testable import WXOpenCore

/// The served OpenAPI document, asked what it promises for one answer: is the status
/// documented for that operation, the content type, the required headers, and does the body
/// match the schema (`JSONSchemaSubset`)?
struct OpenAPIContract {
    let document: JSONInstance
    var validator: JSONSchemaSubset { JSONSchemaSubset(root: document) }

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    init() throws {
        document = try JSONInstance.parse(OpenAPIDocument.data)
    }

    /// Every (method, path template) the document describes, e.g. `GET /api/v1/authorizers/{appid}`.
    var operations: Set<String> {
        guard case .object(let paths)? = document["paths"] else { return [] }
        var found: Set<String> = []
        for (path, item) in paths {
            for method in Self.methods where item[method] != nil { found.insert(method.uppercased() + " " + path) }
        }
        return found
    }

    /// `#/…` references followed until the node is not one.
    func dereferenced(_ node: JSONInstance?) -> JSONInstance? {
        var node = node
        var hops = 0
        while let reference = node?["$ref"]?.string, hops < 10 {
            node = validator.resolve(reference)
            hops += 1
        }
        return node
    }

    /// What is wrong with an answer, measured against the document; empty when it conforms.
    func problems(_ method: String, _ template: String, status: Int, headers: [String: String], body: Data) -> [String] {
        let label = "\(method) \(template) → \(status)"
        guard let operation = document["paths"]?[template]?[method.lowercased()] else { return ["\(label): not in the document"] }
        guard let response = dereferenced(operation["responses"]?[String(status)]) else {
            return ["\(label): status not documented"]
        }
        var found: [String] = []
        if case .object(let documentedHeaders)? = response["headers"] {
            for (name, header) in documentedHeaders where dereferenced(header)?["required"] == .bool(true) {
                if headers.first(where: { $0.key.lowercased() == name.lowercased() }) == nil { found.append("\(label): no \(name) header") }
            }
        }
        guard case .object(let content)? = response["content"] else {
            return body.isEmpty ? found : found + ["\(label): a body where the document has none"]
        }
        let contentType = headers.first { $0.key.lowercased() == "content-type" }?.value ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let media = content[mediaType], let schema = media["schema"] else {
            return found + ["\(label): content type \(contentType) not documented (\(content.keys.sorted()))"]
        }
        let value: JSONInstance
        if mediaType == "application/json" {
            guard let parsed = try? JSONInstance.parse(body) else { return found + ["\(label): the body is not JSON"] }
            value = parsed
        } else {
            value = .string(String(decoding: body, as: UTF8.self))
        }
        return found + validator.violations(of: schema, by: value).map { "\(label): body\($0)" }
    }

    /// Every schema in the document (components, parameters, bodies, answers), for checking
    /// that each uses only what `JSONSchemaSubset` checks.
    func schemas() -> [(where: String, schema: JSONInstance)] {
        var found: [(String, JSONInstance)] = []
        func walk(_ node: JSONInstance, _ path: String) {
            switch node {
            case .object(let members):
                for (key, value) in members {
                    if key == "schema" { found.append((path + "/schema", value)) }
                    walk(value, path + "/" + key)
                }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, "\(path)/\(index)") }
            default:
                break
            }
        }
        walk(document, "#")
        if case .object(let components)? = document["components"]?["schemas"] {
            for (name, schema) in components { found.append(("#/components/schemas/" + name, schema)) }
        }
        return found
    }
}
