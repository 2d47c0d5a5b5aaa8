import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/links`: builds a start-page link to send to a merchant (auth_type, biz_appid,
/// category_id_list, ref). A GET form: building a link changes nothing. The options are checked
/// by the same rules as the start page itself, so a link built here always opens.
struct AuthorizeLinksPage: Sendable {
    let platform: Platform

    static let authTypes: [(value: Int, zh: String, en: String)] = [
        (3, "公众号和小程序", "Official accounts and mini programs"), (1, "仅公众号", "Official accounts only"),
        (2, "仅小程序", "Mini programs only"), (4, "小程序推客帐号", "Promoter accounts"), (5, "视频号", "Channels"),
        (6, "全部帐号", "All account types"), (8, "带货助手帐号", "Live-commerce assistants"),
    ]

    static func link(base: String, options: AuthorizationOptions) -> String {
        base + "/authorize?" + options.query
    }

    /// The link that lets only this account authorize, for the account's type.
    static func options(forAccount record: AuthorizerRecord) -> AuthorizationOptions {
        var options = AuthorizationOptions()
        options.authType = switch record.accountType {
        case .officialAccount: 1
        case .miniProgram: 2
        case .unknown: 3
        }
        options.bizAppID = record.appID
        options.ref = record.ref
        return options
    }

    /// The link as a QR code for the merchant's phone (4 px modules, the standard's 4-module quiet
    /// zone), or a note when it is too long for one.
    static func qrCode(of link: String, _ language: Language) -> String {
        guard let code = try? QRCode(text: link) else {
            let note = language.t("链接太长，无法生成二维码。", "The link is too long for a QR code.")
            return "<p class=\"muted\" id=\"link-qr-missing\">\(note)</p>"
        }
        let svg = code.svg(moduleSize: 4, quietZone: 4, label: language.t("授权链接二维码", "QR code of the authorize link"))
        let caption = language.t("扫码打开", "Scan to open")
        return "<figure class=\"qr\" id=\"link-qr\">\(svg)<figcaption class=\"muted\">\(caption)</figcaption></figure>"
    }

    func render(_ context: ConsoleContext) -> HTTPResponse {
        let language = context.language
        let query = context.request.query
        let submitted = query["build"] != nil
        var result = ""
        var options = AuthorizationOptions()
        do {
            options = try AuthorizationOptions.parse(context.request)
            // The operator's own browser says nothing about the merchant's: mobile only when asked.
            options.mobile = query["mobile"] == "1"
            if submitted {
                let link = Self.link(base: platform.configuration.server.publicBaseURL, options: options)
                result = """
                    <div class="card ok" id="built-link">
                    <h2>\(language.t("授权链接", "Authorize link"))</h2>
                    <p><a href="\(HTML.escape(link))" id="link-href" rel="noopener">\(HTML.escape(link))</a></p>
                    \(ConsoleLayout.copyField(id: "link", value: link, label: language.t("复制", "Copy")))
                    \(Self.qrCode(of: link, language))
                    <p class="muted">\(language.t("把链接发给商户：在浏览器中打开，点击“授权”，由帐号管理员扫码确认。",
                                                 "Send it to the merchant: they open it in a browser, click Authorize, and the account's administrator confirms by scanning."))</p>
                    </div>
                    """
            }
        } catch {
            result = "<div class=\"card error\" id=\"link-error\" role=\"alert\">\(HTML.escape(error.message(language)))</div>"
        }
        let typeOptions = Self.authTypes.map {
            "<option value=\"\($0.value)\"\($0.value == options.authType ? " selected" : "")>\($0.value) · \(HTML.escape(language.t($0.zh, $0.en)))</option>"
        }.joined()
        let body = HTMLFragment(raw: """
            <form method="get" action="/admin/links" class="card stacked" id="link-form">
            <input type="hidden" name="build" value="1">
            <label for="auth_type">auth_type · \(language.t("可授权的帐号类型", "accounts that may authorize"))</label>
            <select id="auth_type" name="auth_type">\(typeOptions)</select>
            <label for="biz_appid">biz_appid · \(language.t("只允许这个帐号授权（可选）", "only this account may authorize (optional)"))</label>
            <input id="biz_appid" name="biz_appid" value="\(HTML.escape(query["biz_appid"] ?? ""))" placeholder="wx…">
            <label for="category_id_list">category_id_list · \(language.t("权限集 id，用 | 分隔（可选）", "permission-set ids joined by | (optional)"))</label>
            <input id="category_id_list" name="category_id_list" value="\(HTML.escape(query["category_id_list"] ?? ""))" placeholder="1|2|3">
            <label for="ref">ref · \(language.t("贵方的客户编号，授权后记在帐号上（可选）", "your customer reference, recorded on the account (optional)"))</label>
            <input id="ref" name="ref" value="\(HTML.escape(query["ref"] ?? ""))">
            <label class="check"><input type="checkbox" name="mobile" value="1"\(options.mobile ? " checked" : "")> \
            \(language.t("移动端链接（在微信内确认）", "Mobile link (confirmed inside WeChat)"))</label>
            <button type="submit" id="build-link">\(language.t("生成链接", "Build the link"))</button>
            </form>
            \(result)
            """)
        return ConsoleLayout.page(context, title: language.t("授权链接", "Authorize links"), section: .links, body: body)
    }
}
