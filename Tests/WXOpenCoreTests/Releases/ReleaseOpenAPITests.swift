import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// The release routes' real answers (successes and refusals) match the OpenAPI document, as
/// `OpenAPIConformanceTests` checks the other routes.
@Suite struct ReleaseOpenAPITests {
    let conformance = OpenAPIConformanceTests()

    @Test func templatesAndRollouts_MatchTheDocument() async throws {
        let harness = try await OpenAPIConformanceTests.started()
        _ = await harness.app.sync.start()
        _ = await harness.app.sync.wait()
        let templates = "/api/v1/mini-program/templates"
        let draft = harness.simulator.createDraft(userVersion: "2.0.0", userDesc: "draft")
        try await conformance.call(harness, "GET", templates + "/drafts", expect: 200)
        try await conformance.call(harness, "POST", templates, body: #"{"draft_id": \#(draft)}"#, expect: 201)
        try await conformance.call(harness, "POST", templates, body: #"{"draft_id": "one"}"#, expect: 400)
        let listed = try JSONInstance.parse(try await conformance.call(harness, "GET", templates, expect: 200).body)
        let template = try #require(Self.integer(Self.first(listed["templates"])?["template_id"]), "no template listed: \(listed)")
        try await conformance.call(harness, "GET", templates, query: "template_type=1", expect: 200)
        try await conformance.call(harness, "GET", templates, query: "template_type=2", expect: 400)

        let releases = "/api/v1/mini-program/releases"
        let body = #"{"template_id": \#(template), "user_version": "2.0.0", "user_desc": "d", "ext_json": {"ext": {"shop": "{{ref}}"}}, "#
        try await conformance.call(harness, "POST", releases, body: body + #""authorizers": ["\#(OpenAPIConformanceTests.account)"]}"#, expect: 422)
        try await conformance.call(harness, "POST", releases, body: #"{"template_id": 1}"#, expect: 400)
        let started = try JSONInstance.parse(try await conformance.call(harness, "POST", releases,
                                                                        body: body + #""authorizers": "all"}"#, expect: 202).body)
        let id = try #require(started["id"]?.string)
        try await conformance.call(harness, "GET", releases, expect: 200)
        try await conformance.call(harness, "GET", releases, query: "limit=0", expect: 400)
        let one = releases + "/{id}", path = releases + "/" + id
        let detail = try JSONInstance.parse(try await conformance.call(harness, "GET", one, path: path, expect: 200).body)
        #expect(Self.first(detail["accounts"])?["authorizer_appid"]?.string == OpenAPIConformanceTests.miniProgram)
        try await conformance.call(harness, "GET", one, path: releases + "/rel_000000000000deadbeef", expect: 404)
        try await conformance.call(harness, "POST", one + "/pause", path: path + "/pause", expect: 200)
        try await conformance.call(harness, "POST", one + "/pause", path: path + "/pause", expect: 409)
        try await conformance.call(harness, "POST", one + "/resume", path: path + "/resume", expect: 200)
        try await conformance.call(harness, "POST", one + "/release", path: path + "/release", expect: 200)
        let retry = one + "/accounts/{appid}/retry"
        try await conformance.call(harness, "POST", retry, path: path + "/accounts/\(OpenAPIConformanceTests.miniProgram)/retry", expect: 409)
        try await conformance.call(harness, "POST", retry, path: path + "/accounts/\(OpenAPIConformanceTests.account)/retry", expect: 404)

        try await conformance.call(harness, "DELETE", templates + "/{id}", path: templates + "/\(template)", expect: 200)
        try await conformance.call(harness, "DELETE", templates + "/{id}", path: templates + "/x", expect: 404)
        await harness.stop()
    }

    static func integer(_ value: JSONInstance?) -> Int? {
        if case .integer(let number)? = value { return number }
        return nil
    }

    static func first(_ value: JSONInstance?) -> JSONInstance? {
        if case .array(let items)? = value { return items.first }
        return nil
    }
}
