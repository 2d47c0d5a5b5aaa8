import Foundation

/// The platform's code template library: drafts uploaded "with the developer tools" (here a
/// control route), and the templates made from them.
struct TemplateLibrary {
    struct Draft: Sendable, Equatable {
        var id: Int
        var userVersion: String
        var userDesc: String
        var createTime: Date
    }

    struct Template: Sendable, Equatable {
        var id: Int
        var draftID: Int
        var userVersion: String
        var userDesc: String
        var createTime: Date
        /// 0 ordinary, 1 standard (ext_json limited to extAppid, ext and window).
        var type: Int
    }

    /// The pages of every simulated template (`wxa/get_page`).
    static let pages = ["pages/index/index", "pages/order/list"]

    /// WeChat caps a platform's library; this is the simulator's cap.
    static let templateLimit = 100

    private(set) var drafts: [Draft] = []
    private(set) var templates: [Template] = []
    private var nextDraftID = 1
    private var nextTemplateID = 1

    mutating func addDraft(userVersion: String, userDesc: String, now: Date) -> Draft {
        let draft = Draft(id: nextDraftID, userVersion: userVersion, userDesc: userDesc, createTime: now)
        nextDraftID += 1
        drafts.append(draft)
        return draft
    }

    /// 85064 unknown draft, 85065 library full, 40097 a type other than 0 or 1.
    mutating func addTemplate(fromDraft draftID: Int?, type: Int, now: Date) throws(APIError) -> Template {
        guard let draftID, let draft = drafts.first(where: { $0.id == draftID }) else { throw .templateNotFound }
        guard type == 0 || type == 1 else { throw .invalidArgs }
        guard templates.count < Self.templateLimit else { throw .templateLibraryFull }
        let template = Template(id: nextTemplateID, draftID: draft.id, userVersion: draft.userVersion, userDesc: draft.userDesc,
                                createTime: now, type: type)
        nextTemplateID += 1
        templates.append(template)
        return template
    }

    func template(_ id: Int?) -> Template? {
        id.flatMap { id in templates.first { $0.id == id } }
    }

    /// 85064 when there is no such template.
    mutating func deleteTemplate(_ id: Int?) throws(APIError) {
        guard let id, let index = templates.firstIndex(where: { $0.id == id }) else { throw .templateNotFound }
        templates.remove(at: index)
    }
}
