import WXOpenSupport
/// The snsapi_userinfo consent page: pick a fake WeChat user and allow.
enum OAuthConsentPage {
    static func render(request: WeChatSimulator.OAuthRequest, accountName: String, users: [SimulatedUser]) -> String {
        let e = HTML.escape
        var body = """
            <h1>「\(e(accountName))」申请获得以下权限</h1>
            <p class="notice">获得你的公开信息（昵称、头像、地区及性别）</p>
            <form method="post" action="\(e(WeChatSimulator.oauthConfirmPath))">
            <input type="hidden" name="appid" value="\(e(request.appID))">
            <input type="hidden" name="redirect_uri" value="\(e(request.redirectURI))">
            <input type="hidden" name="scope" value="\(e(request.scope))">
            <input type="hidden" name="state" value="\(e(request.state))">
            <fieldset><legend>以哪个微信用户登录</legend>

            """
        for (index, user) in users.enumerated() {
            body += """
                <label><input type="radio" name="user" value="\(e(user.id))"\(index == 0 ? " checked" : "")> \
                \(e(user.nickname)) <span class="meta">\(e(user.province)) \(e(user.city))</span></label>

                """
        }
        body += "</fieldset>\n<button type=\"submit\">允许</button>\n</form>"
        return HTMLPage.document(title: "微信授权", body: body)
    }
}
