import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/releases`: the rollouts with their progress, and the form that starts one from a
/// template of the library, with a preview of the first account's ext_json (`intent=preview`)
/// before it is started (`intent=start`). Everything WeChat or the operator wrote is escaped.
struct ReleasesPage: Sendable {
    let releases: ReleaseService
    let sessions: ConsoleSessions

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        try await page(context, form: Form(), preview: nil, problem: nil)
    }

    /// The form as the operator filled it in.
    struct Form: Sendable {
        var templateID = ""
        var userVersion = ""
        var userDesc = ""
        var extJSON = #"{"extAppid": "{{authorizer_appid}}", "ext": {"appid": "{{authorizer_appid}}", "merchant": "{{ref}}"}}"#
        var authorizers = "all"
        var autoRelease = false

        init() {}

        init(_ parameters: QueryParameters) {
            templateID = parameters["template_id"] ?? ""
            userVersion = parameters["user_version"] ?? ""
            userDesc = parameters["user_desc"] ?? ""
            extJSON = parameters["ext_json"] ?? ""
            authorizers = parameters["authorizers"] ?? ""
            autoRelease = parameters["auto_release"] == "1"
        }

        /// The API's request, so the console checks exactly what the API checks.
        func request() throws(APIProblem) -> RolloutRequest {
            let list = authorizers.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            let authorizersJSON = list == ["all"] || list.isEmpty ? "\"all\"" : "[" + list.map(JSONString.quoted).joined(separator: ",") + "]"
            // Parsed on its own and written back, so the field holds one JSON value and nothing more.
            guard let ext = try? JSONDecoder().decode(JSONValue.self, from: Data(extJSON.utf8)) else {
                throw RolloutRequest.bad("ext_json is not valid JSON: write the object ext.json holds")
            }
            let body = "{\"template_id\":\(Int(templateID).map(String.init) ?? "null"),\"user_version\":\(JSONString.quoted(userVersion)),"
                + "\"user_desc\":\(JSONString.quoted(userDesc)),\"ext_json\":\(ExtJSONTemplate.render(ext)),"
                + "\"authorizers\":\(authorizersJSON),\"auto_release\":\(autoRelease)}"
            return try RolloutRequest.parse(Data(body.utf8))
        }
    }

    /// `POST /admin/releases`: a preview, or the rollout started (then its page).
    func submit(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let parameters = (try? context.request.formParameters()) ?? QueryParameters()
        let form = Form(parameters)
        do {
            let request = try form.request()
            if parameters["intent"] == "preview" {
                let chosen = try await RolloutAccounts.choose(request, store: releases.platform.store)
                let first = chosen.records[0]
                let preview = (appID: first.appID, count: chosen.records.count, text: request.extJSON.rendered(for: first))
                return try await page(context, form: form, preview: preview, problem: nil)
            }
            let started = try await releases.start(request, by: "console user " + context.session.username)
            await sessions.setFlash(.init(ok: true, message: language.t("已开始发布 \(started.rollout.id)，共 \(started.rollout.accountCount) 个小程序。",
                                                                "Rollout \(started.rollout.id) started for \(started.rollout.accountCount) mini programs.")),
                              for: context.sessionID)
            return ConsoleResponse.redirect(to: "/admin/releases/" + started.rollout.id)
        } catch let problem as APIProblem {
            return try await page(context, form: form, preview: nil, problem: problem.message)
        } catch let error as PlatformError {
            return try await page(context, form: form, preview: nil, problem: error.description)
        }
    }

    private func page(_ context: ConsoleContext, form: Form, preview: (appID: String, count: Int, text: String)?,
                      problem: String?) async throws -> HTTPResponse {
        let language = context.language
        var rows: [String] = []
        for rollout in try await releases.store.rollouts().reversed().prefix(100) {
            let summary = ReleaseJSON.Summary(rollout.value, accounts: try await releases.store.accounts(of: rollout.value.id).map(\.value))
            rows.append(Self.row(summary, language))
        }
        let table = rows.isEmpty ? "<p class=\"muted\" id=\"no-releases\">\(language.t("还没有发布。", "No rollouts yet."))</p>" : """
            <div class="table-wrap"><table id="releases"><thead><tr><th>\(language.t("发布", "Rollout"))</th>\
            <th>\(language.t("版本", "Version"))</th><th>\(language.t("状态", "State"))</th><th>\(language.t("进度", "Progress"))</th>\
            <th>\(language.t("未通过", "Rejected"))</th><th>\(language.t("开始于", "Started"))</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table></div>
            """
        let body = HTMLFragment(raw: """
            \(table)
            <h2>\(language.t("新发布", "New rollout"))</h2>
            \(problem.map { "<div class=\"card error\" id=\"release-problem\" role=\"alert\">\(HTML.escape($0))</div>" } ?? "")
            \(preview.map { Self.preview($0, language) } ?? "")
            \(await templateHint(language))
            \(Self.form(form, context: context))
            """)
        var response = ConsoleLayout.page(context, title: language.t("小程序发布", "Mini program releases"), section: .releases, body: body)
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    static func row(_ summary: ReleaseJSON.Summary, _ language: Language) -> String {
        let done = summary.counts[.released] + summary.counts[.auditFailed] + summary.counts[.failed]
        return """
            <tr><td><a href="/admin/releases/\(HTML.escape(summary.id))"><code>\(HTML.escape(summary.id))</code></a></td>\
            <td>\(HTML.escape(summary.rollout.userVersion)) <span class="muted">#\(summary.rollout.templateID)</span></td>\
            <td>\(ReleasePage.statePill(summary.rollout.state.rawValue, language))</td>\
            <td><progress max="\(max(1, summary.total))" value="\(done)"></progress> \
            <span class="muted">\(summary.counts[.released]) / \(summary.total)</span></td>\
            <td>\(summary.counts[.auditFailed])</td><td class="nowrap">\(ConsoleFormat.timeElement(summary.rollout.createdAt))</td></tr>
            """
    }

    private static func preview(_ preview: (appID: String, count: Int, text: String), _ language: Language) -> String {
        """
        <div class="card ok" id="release-preview"><p>\(language.t("共 \(preview.count) 个小程序；第一个", "\(preview.count) mini programs; the first one,")) \
        <code>\(HTML.escape(preview.appID))</code>\(language.t(" 的 ext_json：", ", gets this ext_json:"))</p>
        <pre id="preview-ext-json">\(HTML.escape(preview.text))</pre></div>
        """
    }

    /// The library's templates, to pick an id from (WeChat may be unreachable: the form still works).
    private func templateHint(_ language: Language) async -> String {
        guard let templates = try? await releases.templates() else {
            return "<p class=\"muted\">\(language.t("暂时无法读取模板库。", "The template library cannot be read right now."))</p>"
        }
        guard !templates.isEmpty else {
            return "<p class=\"muted\">\(language.t("模板库为空：先把草稿加入模板库。", "The template library is empty: add a draft to it first."))</p>"
        }
        let items = templates.sorted { $0.templateID > $1.templateID }.prefix(20).map {
            "<li><code>\($0.templateID)</code> \(HTML.escape($0.userVersion)) <span class=\"muted\">\(HTML.escape($0.userDesc))</span></li>"
        }.joined()
        return "<details id=\"templates\"><summary>\(language.t("模板库", "Template library"))</summary><ul>\(items)</ul></details>"
    }

    private static func form(_ form: Form, context: ConsoleContext) -> String {
        let language = context.language
        return """
            <form method="post" action="/admin/releases" class="card stacked" id="release-form">\(ConsoleLayout.csrfField(context))
            <label>\(language.t("模板 ID", "Template id")) <input name="template_id" required inputmode="numeric" value="\(HTML.escape(form.templateID))" id="template-id"></label>
            <label>\(language.t("版本号", "Version")) <input name="user_version" required maxlength="64" value="\(HTML.escape(form.userVersion))" id="user-version"></label>
            <label>\(language.t("版本描述", "Description")) <input name="user_desc" maxlength="1024" value="\(HTML.escape(form.userDesc))" id="user-desc"></label>
            <label>ext_json <span class="muted">\(language.t("（{{authorizer_appid}}、{{ref}}、{{nick_name}} 按帐号替换）",
                                                             "({{authorizer_appid}}, {{ref}}, {{nick_name}} replaced per account)"))</span>
            <textarea name="ext_json" rows="6" id="ext-json">\(HTML.escape(form.extJSON))</textarea></label>
            <label>\(language.t("小程序（all 为全部已授权小程序，或逐个写 appid）", "Mini programs (all for every authorized one, or appids)"))
            <textarea name="authorizers" rows="2" id="authorizers">\(HTML.escape(form.authorizers))</textarea></label>
            <label class="check"><input type="checkbox" name="auto_release" value="1"\(form.autoRelease ? " checked" : "") id="auto-release"> \
            \(language.t("审核通过后自动发布", "Release each one as soon as it is approved"))</label>
            <button type="submit" name="intent" value="preview" class="secondary" id="preview">\(language.t("预览", "Preview"))</button>
            <button type="submit" name="intent" value="start" id="start-release">\(language.t("开始发布", "Start the rollout"))</button>
            </form>
            """
    }
}
