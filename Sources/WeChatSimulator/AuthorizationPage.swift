import WXOpenSupport
/// The authorization page's HTML: pick an account, tick permission sets, approve. A plain
/// form, so it works in any browser without JavaScript; every value is escaped.
enum AuthorizationPage {
    static func render(platformName: String, preAuthCode: String, accounts: [(SimulatedAccount, Bool)],
                       page: AuthorizationPageRequest, mobile: Bool) -> String {
        let e = HTML.escape
        var body = """
            <h1>授权给「\(e(platformName))」</h1>
            <p class="meta">\(mobile ? "移动端授权" : "公众号/小程序管理员扫码授权")：授权后，该第三方平台可代表所选帐号调用接口。</p>

            """
        guard !accounts.isEmpty else {
            body += #"<p class="notice">没有可授权的帐号。请检查 auth_type / biz_appid，或平台是否已全网发布。</p>"#
            return HTMLPage.document(title: "公众平台帐号授权", body: body)
        }
        body += """
            <form method="post" action="\(e(WeChatSimulator.approvePath))">
            <input type="hidden" name="pre_auth_code" value="\(e(preAuthCode))">
            <fieldset><legend>选择要授权的帐号</legend>

            """
        for (index, (account, authorized)) in accounts.enumerated() {
            let checked = index == 0 ? " checked" : ""
            body += """
                <label><input type="radio" name="authorizer_appid" value="\(e(account.appID))"\(checked)> \
                <strong>\(e(account.nickname))</strong> \
                <span class="meta">\(e(account.kind.displayName)) · \(e(account.principalName)) · \(e(account.userName))\
                \(authorized ? " · 已授权" : "")</span></label>

                """
        }
        body += "</fieldset>\n<fieldset><legend>授权权限集</legend>\n"
        let offered = PermissionSet.offered + (page.categoryIDs ?? []).filter { !PermissionSet.offered.contains($0) }
        let ticked = Set(page.categoryIDs ?? offered)
        for id in offered {
            body += """
                <label><input type="checkbox" name="func_id" value="\(id)"\(ticked.contains(id) ? " checked" : "")> \
                \(e(PermissionSet.name(id))) <span class="meta">(\(id))</span></label>

                """
        }
        body += """
            </fieldset>
            <button type="submit">授权</button>
            </form>
            """
        return HTMLPage.document(title: "公众平台帐号授权", body: body)
    }
}
