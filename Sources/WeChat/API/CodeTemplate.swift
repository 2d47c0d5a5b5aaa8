/// A code template of the platform's template library (`wxa/gettemplatelist`), what `wxa/commit`
/// uploads to a mini program by `templateID`.
public struct CodeTemplate: Sendable, Equatable, Decodable {
    public var templateID: Int
    /// The draft it was made from.
    public var draftID: Int?
    public var userVersion: String
    public var userDesc: String
    /// Unix seconds.
    public var createTime: Int
    /// 0 an ordinary template, 1 a standard template (whose ext_json may hold only `extAppid`,
    /// `ext` and `window`).
    public var templateType: Int
    public var sourceMiniProgramAppID: String?
    public var sourceMiniProgram: String?
    public var developer: String?
}

extension CodeTemplate {
    private enum CodingKeys: String, CodingKey {
        case templateID = "template_id", draftID = "draft_id", userVersion = "user_version", userDesc = "user_desc"
        case createTime = "create_time", templateType = "template_type", sourceMiniProgramAppID = "source_miniprogram_appid"
        case sourceMiniProgram = "source_miniprogram", developer
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        templateID = try container.decodeLenientInt(forKey: .templateID)
        draftID = try container.decodeLenientIntIfPresent(forKey: .draftID)
        userVersion = try container.decodeLenientStringIfPresent(forKey: .userVersion) ?? ""
        userDesc = try container.decodeLenientStringIfPresent(forKey: .userDesc) ?? ""
        createTime = try container.decodeLenientIntIfPresent(forKey: .createTime) ?? 0
        templateType = try container.decodeLenientIntIfPresent(forKey: .templateType) ?? 0
        sourceMiniProgramAppID = try container.decodeLenientStringIfPresent(forKey: .sourceMiniProgramAppID)
        sourceMiniProgram = try container.decodeLenientStringIfPresent(forKey: .sourceMiniProgram)
        developer = try container.decodeLenientStringIfPresent(forKey: .developer)
    }
}

/// A draft of the template library's draft box (`wxa/gettemplatedraftlist`): code uploaded with
/// WeChat's developer tools by the platform's development mini program, not yet a template.
public struct CodeDraft: Sendable, Equatable, Decodable {
    public var draftID: Int
    public var userVersion: String
    public var userDesc: String
    /// Unix seconds.
    public var createTime: Int
}

extension CodeDraft {
    private enum CodingKeys: String, CodingKey {
        case draftID = "draft_id", userVersion = "user_version", userDesc = "user_desc", createTime = "create_time"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        draftID = try container.decodeLenientInt(forKey: .draftID)
        userVersion = try container.decodeLenientStringIfPresent(forKey: .userVersion) ?? ""
        userDesc = try container.decodeLenientStringIfPresent(forKey: .userDesc) ?? ""
        createTime = try container.decodeLenientIntIfPresent(forKey: .createTime) ?? 0
    }
}

/// `{"template_list": […]}` and `{"draft_list": […]}`; an absent list is an empty library.
struct CodeTemplateList: Decodable {
    var templates: [CodeTemplate]
    private enum CodingKeys: String, CodingKey { case templates = "template_list" }
    init(from decoder: any Decoder) throws {
        templates = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([CodeTemplate].self, forKey: .templates) ?? []
    }
}

struct CodeDraftList: Decodable {
    var drafts: [CodeDraft]
    private enum CodingKeys: String, CodingKey { case drafts = "draft_list" }
    init(from decoder: any Decoder) throws {
        drafts = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([CodeDraft].self, forKey: .drafts) ?? []
    }
}
