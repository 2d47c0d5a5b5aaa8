import Foundation
import Testing
@testable import WXOpenCore

/// ext_json per account: placeholders in every string, `extAppid` the account's appid.
@Suite struct ExtJSONTemplateTests {
    static func record(_ appID: String, ref: String? = nil, nickName: String? = nil) -> AuthorizerRecord {
        var record = AuthorizerRecord(appID: appID, componentAppID: "wx3f5c1a2b9d8e7f60", updatedAt: Date(timeIntervalSince1970: 0))
        record.ref = ref
        if let nickName { record.info = AccountInfo(nickName: nickName, fetchedAt: Date(timeIntervalSince1970: 0)) }
        return record
    }

    static func template(_ json: String) throws -> ExtJSONTemplate {
        try ExtJSONTemplate(try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)))
    }

    @Test func placeholders_AreReplacedInEveryString_AtAnyDepth() throws {
        let ext = try Self.template(#"{"ext": {"a": "{{authorizer_appid}}", "list": ["x-{{ref}}", {"n": "{{nick_name}}"}], "n": 3, "f": 1.5, "b": true}}"#)
        let rendered = ext.rendered(for: Self.record("wx1111111111111111", ref: "shop-7", nickName: "鲜果\"到家\""))
        #expect(rendered == #"{"ext":{"a":"wx1111111111111111","b":true,"f":1.5,"list":["x-shop-7",{"n":"鲜果\"到家\""}],"n":3},"extAppid":"wx1111111111111111"}"#)
        // A missing ref or nickname is an empty string.
        #expect(ext.rendered(for: Self.record("wx2222222222222222")).contains(#""x-""#))
    }

    @Test func extAppid_MustComeOutAsTheAccount() throws {
        #expect(try Self.template(#"{"extAppid": "{{authorizer_appid}}"}"#).problem(for: Self.record("wx1111111111111111")) == nil)
        let literal = try Self.template(#"{"extAppid": "wx1111111111111111"}"#)
        #expect(literal.problem(for: Self.record("wx1111111111111111")) == nil)
        #expect(literal.problem(for: Self.record("wx2222222222222222"))?.hasPrefix("ext_json.extAppid would be wx1111111111111111 for wx2222222222222222") == true)
        #expect(throws: APIProblem.self) { try Self.template(#"{"extAppid": 7}"#) }
        #expect(throws: APIProblem.self) { try Self.template(#"["not", "an", "object"]"#) }
        let huge = "{\"ext\": \"" + String(repeating: "x", count: ExtJSONTemplate.maximumBytes) + "\"}"
        #expect(throws: APIProblem.self) { try Self.template(huge) }
    }

    @Test func storedText_ReadsBackTheSameTemplate() throws {
        let ext = try Self.template(#"{"window": {"title": "{{nick_name}}"}, "extAppid": "{{authorizer_appid}}"}"#)
        #expect(ExtJSONTemplate(text: ext.text) == ext)
        #expect(ExtJSONTemplate(text: "[1]") == nil)
    }
}
