import Foundation
import HTTPServer

/// The code template library with the component token, on the api host (`wxa/…`).
extension WeChatSimulator {
    func templateAPIRoutes() -> Router {
        var router = Router()
        router.get("/wxa/gettemplatedraftlist", api("wxa_gettemplatedraftlist", .query, draftList))
        router.post("/wxa/addtotemplate", api("wxa_addtotemplate", .json, addToTemplate))
        router.get("/wxa/gettemplatelist", api("wxa_gettemplatelist", .query, templateList))
        router.post("/wxa/deletetemplate", api("wxa_deletetemplate", .json, deleteTemplate))
        return router
    }

    @Sendable private func draftList(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponentToken(call.query["access_token"], now: call.now)
        return .ok(("draft_list", .array(state.code.library.drafts.map { draft in
            .object([("create_time", .int(Int(draft.createTime.timeIntervalSince1970))), ("user_version", .string(draft.userVersion)),
                     ("user_desc", .string(draft.userDesc)), ("draft_id", .int(draft.id))])
        })))
    }

    @Sendable private func addToTemplate(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponentToken(call.query["access_token"], now: call.now)
        _ = try state.code.library.addTemplate(fromDraft: call.body.int("draft_id"), type: call.body.int("template_type") ?? 0, now: call.now)
        return .ok
    }

    /// `template_type` (0 or 1) filters; without it every template is listed.
    @Sendable private func templateList(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let type = call.query["template_type"].flatMap { Int($0) }
        try state.requireComponentToken(call.query["access_token"], now: call.now)
        let templates = state.code.library.templates.filter { type == nil || $0.type == type }
        return .ok(("template_list", .array(templates.map { template in
            .object([("create_time", .int(Int(template.createTime.timeIntervalSince1970))),
                     ("user_version", .string(template.userVersion)), ("user_desc", .string(template.userDesc)),
                     ("template_id", .int(template.id)), ("draft_id", .int(template.draftID)),
                     ("source_miniprogram_appid", .string("wx0d0d0d0d0d0d0d0d")), ("source_miniprogram", .string("模板开发小程序")),
                     ("developer", .string("simulator")), ("template_type", .int(template.type)), ("category_list", .array([]))])
        })))
    }

    @Sendable private func deleteTemplate(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponentToken(call.query["access_token"], now: call.now)
        try state.code.library.deleteTemplate(call.body.int("template_id"))
        return .ok
    }
}
