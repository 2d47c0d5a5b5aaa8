import Foundation
import HTTPServer

/// The code template library with the component token, on the api host (`wxa/…`).
extension WeChatSimulator {
    func templateAPIRoutes() -> Router {
        var router = Router()
        router.get("/wxa/gettemplatedraftlist", api("wxa_gettemplatedraftlist", draftList))
        router.post("/wxa/addtotemplate", api("wxa_addtotemplate", addToTemplate))
        router.get("/wxa/gettemplatelist", api("wxa_gettemplatelist", templateList))
        router.post("/wxa/deletetemplate", api("wxa_deletetemplate", deleteTemplate))
        return router
    }

    @Sendable private func draftList(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let drafts = try withState { state throws(APIError) in
            try state.requireComponentToken(request.query["access_token"], now: now)
            return state.code.library.drafts
        }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("draft_list", .array(drafts.map { draft in
            .object([("create_time", .int(Int(draft.createTime.timeIntervalSince1970))), ("user_version", .string(draft.userVersion)),
                     ("user_desc", .string(draft.userDesc)), ("draft_id", .int(draft.id))])
        }))])
    }

    @Sendable private func addToTemplate(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        try withState { state throws(APIError) in
            try state.requireComponentToken(request.query["access_token"], now: now)
            _ = try state.code.library.addTemplate(fromDraft: body.int("draft_id"), type: body.int("template_type") ?? 0, now: now)
        }
        return .ok
    }

    /// `template_type` (0 or 1) filters; without it every template is listed.
    @Sendable private func templateList(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let type = request.query["template_type"].flatMap { Int($0) }
        let templates = try withState { state throws(APIError) in
            try state.requireComponentToken(request.query["access_token"], now: now)
            return state.code.library.templates.filter { type == nil || $0.type == type }
        }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("template_list", .array(templates.map { template in
            .object([("create_time", .int(Int(template.createTime.timeIntervalSince1970))),
                     ("user_version", .string(template.userVersion)), ("user_desc", .string(template.userDesc)),
                     ("template_id", .int(template.id)), ("draft_id", .int(template.draftID)),
                     ("source_miniprogram_appid", .string("wx0d0d0d0d0d0d0d0d")), ("source_miniprogram", .string("模板开发小程序")),
                     ("developer", .string("simulator")), ("template_type", .int(template.type)), ("category_list", .array([]))])
        }))])
    }

    @Sendable private func deleteTemplate(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        try withState { state throws(APIError) in
            try state.requireComponentToken(request.query["access_token"], now: now)
            try state.code.library.deleteTemplate(body.int("template_id"))
        }
        return .ok
    }
}
