import Foundation
import HTTPServer
import Testing
@testable import WXOpenCore
import WXOpenSupport

/// Issue 16: the OpenAPI document describes exactly the routes the server has, and is served
/// without a key.
@Suite struct OpenAPIDocumentTests {
    typealias Harness = PlatformHarness

    /// The routes the document covers: the internal API, and the three operations routes.
    static func isDescribed(_ pattern: String) -> Bool {
        pattern.hasPrefix("/api/v1/") || ["/metrics", "/healthz", "/readyz"].contains(pattern)
    }

    /// `/api/v1/authorizers/:appid` → `/api/v1/authorizers/{appid}`.
    static func template(_ pattern: String) -> String {
        "/" + pattern.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    @Test func everyRegisteredAPIRoute_IsInTheDocument_AndTheDocumentNamesNoOther() async throws {
        let harness = try await Harness.start()
        let registered = Set(harness.app.server.router.routes.filter { Self.isDescribed($0.pattern) }
            .map { $0.method.rawValue + " " + Self.template($0.pattern) })
        await harness.stop()
        let documented = try OpenAPIContract().operations
        #expect(registered.count >= 27, "the router lost its API routes: \(registered.sorted())")
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
        #expect(documented.subtracting(registered).sorted() == [], "the OpenAPI document names routes that do not exist")
    }

    @Test func document_IsOpenAPI31_WithTheBearerScheme_AndEveryReferenceResolves() throws {
        let contract = try OpenAPIContract()
        let document = contract.document
        #expect(document["openapi"] == .string("3.1.0"))
        #expect(document["info"]?["version"] == .string(WXOpenVersion.string))
        #expect(document["components"]?["securitySchemes"]?["bearer"]?["scheme"] == .string("bearer"))
        #expect(document["security"] == .array([.object(["bearer": .array([])])]))
        var unresolved: [String] = []
        func walk(_ node: JSONInstance, _ path: String) {
            switch node {
            case .object(let members):
                if let reference = members["$ref"]?.string, contract.validator.resolve(reference) == nil { unresolved.append(path + " → " + reference) }
                for (key, value) in members { walk(value, path + "/" + key) }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, "\(path)/\(index)") }
            default: break
            }
        }
        walk(document, "#")
        #expect(unresolved == [])
    }

    @Test func everySchema_UsesOnlyWhatTheTestsCheck() throws {
        let contract = try OpenAPIContract()
        var unsupported: [String] = []
        func walk(_ schema: JSONInstance, _ path: String) {
            guard case .object(let keywords) = schema else { return }
            for key in keywords.keys where !JSONSchemaSubset.annotations.contains(key) && !JSONSchemaSubset.assertions.contains(key) {
                unsupported.append("\(path): \(key)")
            }
            if case .object(let properties)? = keywords["properties"] { for (name, value) in properties { walk(value, path + "/" + name) } }
            if let items = keywords["items"] { walk(items, path + "/items") }
            for combinator in ["anyOf", "oneOf"] {
                if case .array(let options)? = keywords[combinator] { for option in options { walk(option, path + "/" + combinator) } }
            }
            if let extra = keywords["additionalProperties"] { walk(extra, path + "/additionalProperties") }
        }
        for (place, schema) in contract.schemas() { walk(schema, place) }
        #expect(unsupported == [])
    }

    @Test func everyOperation_HasAUniqueID_AndEveryGuardedOneDocuments401() throws {
        let contract = try OpenAPIContract()
        var ids: [String] = []
        var missing401: [String] = []
        guard case .object(let paths)? = contract.document["paths"] else { Issue.record("no paths"); return }
        for (path, item) in paths {
            for method in OpenAPIContract.methods {
                guard let operation = item[method] else { continue }
                ids.append(operation["operationId"]?.string ?? "")
                let open = operation["security"] == .array([])
                if !open, operation["responses"]?["401"] == nil { missing401.append(method + " " + path) }
            }
        }
        #expect(!ids.contains(""))
        #expect(Set(ids).count == ids.count)
        #expect(missing401 == [])
    }

    @Test func document_IsServedWithoutAKey_AndOtherAPIPaths_StillGetTheJSON404() async throws {
        let harness = try await Harness.start()
        for headers in [[:], ["Authorization": "Bearer not-a-key"]] {
            let served = try await harness.get(harness.platformURL + "/api/v1/openapi.json", headers: headers)
            #expect(served.status == 200)
            #expect(served.headers["content-type"] == "application/json; charset=utf-8")
            #expect(try JSONInstance.parse(served.body) == (try OpenAPIContract().document))
        }
        let missing = try await harness.get(harness.platformURL + "/api/v1/openapi.yaml")
        #expect(missing.status == 404)
        let error = try JSONInstance.parse(missing.body)
        #expect(error["error"]?["code"] == .string("not_found"))
        let wrongMethod = try await harness.post(harness.platformURL + "/api/v1/openapi.json", body: "")
        #expect(wrongMethod.status == 405)
        #expect(try JSONInstance.parse(wrongMethod.body)["error"]?["code"] == .string("method_not_allowed"))
        // The guarded routes still want a key.
        #expect(try await harness.get(harness.platformURL + "/api/v1/authorizers").status == 401)
        await harness.stop()
    }

    @Test func aPartThatIsNotJSON_OrSetsAKeyTwice_StopsTheBuild() throws {
        #expect(throws: OpenAPIDocument.BuildError.self) {
            _ = try OpenAPIDocument.build(parts: [("base", OpenAPIDocument.base), ("broken", "{\"paths\": ")])
        }
        #expect(throws: OpenAPIDocument.BuildError.self) {
            _ = try OpenAPIDocument.build(parts: [("one", #"{"info": {"title": "a"}}"#), ("two", #"{"info": {"title": "b"}}"#)])
        }
    }
}
