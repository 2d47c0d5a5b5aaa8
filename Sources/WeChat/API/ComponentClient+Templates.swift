/// The platform's code template library (代码模板库), with the component token.
extension ComponentClient {
    /// GET /wxa/gettemplatedraftlist: the draft box (code uploaded with the developer tools).
    public func templateDrafts(componentToken: String) async throws -> [CodeDraft] {
        try await call(.templateDraftList, query: [("access_token", componentToken)], secrets: [componentToken],
                       decode: Self.json(CodeDraftList.self)).drafts
    }

    /// POST /wxa/addtotemplate: makes a draft a template; `templateType` 0 ordinary, 1 standard.
    public func addToTemplates(componentToken: String, draftID: Int, templateType: Int = 0) async throws {
        try await call(.addToTemplate, query: [("access_token", componentToken)],
                       body: ["draft_id": .int(draftID), "template_type": .int(templateType)],
                       secrets: [componentToken], decode: Self.ignoringBody)
    }

    /// GET /wxa/gettemplatelist: the library; `templateType` nil lists every type.
    public func templates(componentToken: String, templateType: Int? = nil) async throws -> [CodeTemplate] {
        var query = [("access_token", componentToken)]
        if let templateType { query.append(("template_type", String(templateType))) }
        return try await call(.templateList, query: query, secrets: [componentToken], decode: Self.json(CodeTemplateList.self)).templates
    }

    /// POST /wxa/deletetemplate (the library holds a limited number of templates).
    public func deleteTemplate(componentToken: String, templateID: Int) async throws {
        try await call(.deleteTemplate, query: [("access_token", componentToken)], body: ["template_id": .int(templateID)],
                       secrets: [componentToken], decode: Self.ignoringBody)
    }
}
