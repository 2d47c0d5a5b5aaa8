import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/keys`: the internal API's keys, when each was last used, and (with a keys file
/// configured) adding and revoking them without a restart. A new key is shown once, on the page
/// that answers the POST, and never again: the store and the file hold only its SHA-256.
struct APIKeysPage: Sendable {
    let platform: Platform
    let sessions: ConsoleSessions

    func render(_ context: ConsoleContext) -> HTTPResponse {
        page(context, created: nil)
    }

    private func page(_ context: ConsoleContext, created: (name: String, key: String)?) -> HTTPResponse {
        let language = context.language
        let ring = platform.keyRing
        let now = platform.clock.now()
        let rows = ring.keys.map { key -> String in
            let used = key.lastUsedAt.map { ConsoleFormat.ago($0, now: now, language) } ?? language.t("从未（本实例）", "never (on this instance)")
            let expiry = key.expiresAt.map { date in
                date <= now ? "<span class=\"pill bad\">\(language.t("已过期", "expired"))</span>" : ConsoleFormat.timeElement(date)
            } ?? language.t("永不", "never")
            let source = key.source == .file ? language.t("密钥文件", "keys file") : language.t("配置文件", "configuration")
            let revoke = key.source == .file
                ? ConsoleLayout.actionButton(context, action: "/admin/keys/\(PercentEncoding.encode(key.name))/revoke",
                                             label: language.t("吊销", "Revoke"), id: "revoke-\(key.name)", secondary: true)
                : ""
            return "<tr><td><code>\(HTML.escape(key.name))</code></td><td>\(HTML.escape(source))</td><td>\(expiry)</td>"
                + "<td>\(HTML.escape(used))</td><td>\(revoke)</td></tr>"
        }.joined(separator: "\n")
        let shown = created.map { created in
            """
            <div class="card ok" id="new-key" role="status"><p>\(language.t("新密钥", "New key")) <code>\(HTML.escape(created.name))</code>\
            \(language.t("：只显示这一次，请立即交给调用方。", ": shown this once only; give it to the service now."))</p>
            \(ConsoleLayout.copyField(id: "new-key-value", value: created.key, label: language.t("复制", "Copy")))</div>
            """
        } ?? ""
        let form = ring.file == nil
            ? "<p class=\"muted\">\(language.t("未配置密钥文件（apiKeysFile）：密钥只能在配置文件中增删。", "No keys file (apiKeysFile) is configured: keys are added and removed in the configuration."))</p>"
            : """
              <form method="post" action="/admin/keys" class="card">\(ConsoleLayout.csrfField(context))
              <label>\(language.t("名称", "Name")) <input name="name" required maxlength="64" pattern="[A-Za-z0-9._-]+" id="key-name"></label>
              <label>\(language.t("有效天数（留空为永久）", "Valid for days (empty: no expiry)")) <input name="days" inputmode="numeric" pattern="[0-9]*" id="key-days"></label>
              <button type="submit" id="add-key">\(language.t("新建密钥", "Create a key"))</button></form>
              """
        let body = HTMLFragment(raw: """
            \(shown)
            <p>\(language.t("调用内部 API 的服务用这些密钥（Authorization: Bearer）。每次取令牌都会在访问日志中记下密钥名。",
                            "Services call the internal API with these keys (Authorization: Bearer). Every token read is logged with the key's name."))</p>
            <table><thead><tr><th>\(language.t("名称", "Name"))</th><th>\(language.t("来源", "Source"))</th><th>\(language.t("过期", "Expires"))</th>\
            <th>\(language.t("最近使用", "Last used"))</th><th></th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table>
            \(form)
            """)
        var response = ConsoleLayout.page(context, title: language.t("API 密钥", "API keys"), section: .keys, body: body)
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    func add(_ context: ConsoleContext) async -> HTTPResponse {
        let language = context.language
        let form = (try? context.request.formParameters()) ?? QueryParameters()
        let name = form["name"] ?? ""
        var expires: Date?
        if let days = form["days"], !days.isEmpty {
            guard let count = Int(days), (1...3650).contains(count) else {
                return await failed(context, language.t("有效天数须为 1 到 3650。", "Days must be between 1 and 3650."))
            }
            expires = platform.clock.now() + TimeInterval(count) * 86_400
        }
        do {
            let key = try platform.keyRing.add(name: name, expiresAt: expires)
            await platform.events.record("console.api_key_added", "\(name) by \(context.session.username)")
            return page(context, created: (name, key))
        } catch {
            return await failed(context, Self.message(error, language))
        }
    }

    func revoke(_ context: ConsoleContext) async -> HTTPResponse {
        let name = context.request.pathParameters["name"] ?? ""
        do {
            try platform.keyRing.revoke(name: name)
            await platform.events.record("console.api_key_revoked", "\(name) by \(context.session.username)")
            await sessions.setFlash(.init(ok: true, message: context.language.t("已吊销 ", "Revoked ") + name), for: context.sessionID)
        } catch {
            await sessions.setFlash(.init(ok: false, message: Self.message(error, context.language)), for: context.sessionID)
        }
        return ConsoleResponse.redirect(to: "/admin/keys")
    }

    private func failed(_ context: ConsoleContext, _ message: String) async -> HTTPResponse {
        await sessions.setFlash(.init(ok: false, message: message), for: context.sessionID)
        return ConsoleResponse.redirect(to: "/admin/keys")
    }

    static func message(_ error: APIKeyRing.ChangeError, _ language: Language) -> String {
        switch error {
        case .noKeysFile: language.t("未配置密钥文件（apiKeysFile）。", "No keys file (apiKeysFile) is configured.")
        case .nameTaken: language.t("已有同名密钥。", "A key of that name exists already.")
        case .invalidName: language.t("名称须为 1–64 个字母、数字、“-”、“_”或“.”。", "A name is 1–64 letters, digits, '-', '_' or '.'.")
        case .notInFile: language.t("密钥文件中没有这个密钥（配置文件中的密钥须在配置中删除）。",
                                    "No such key in the keys file (keys in the configuration are removed there).")
        case .file(let failure): language.t("密钥文件读写失败：", "The keys file failed: ") + failure.description
        }
    }
}
