extension WeChatErrorKind {
    /// `hint` in Chinese, for pages shown in Chinese (the console, merchant pages).
    public var chineseHint: String {
        switch self {
        case .busy: "微信繁忙：请稍后重试（有限次数、逐步延长间隔）"
        case .tokenInvalid: "access_token 无效或已过期：仅当失效的正是缓存中的令牌时才丢弃它，重新获取一次并重试一次（对 api_component_token 而言，40001 也可能是 appsecret 错误）"
        case .configuration: "配置错误（appsecret 错误或第三方平台无效）：请修正平台配置，不要重试"
        case .ipWhitelist: "请在 open.weixin.qq.com 的第三方平台设置中把本服务器的出口 IP 加入白名单，加入前不要重试"
        case .ticketInvalid: "component_verify_ticket 已过期或无效：等待下一次推送（每 10 分钟），或调用 api_start_push_ticket 恢复推送"
        case .revoked: "该帐号未授权（或已取消授权）本平台：标记为已取消授权"
        case .permissionMissing: "商户未授予此接口所需的权限集：请商户重新授权并勾选该权限"
        case .refreshTokenInvalid: "授权方刷新令牌无效：可从 api_get_authorizer_list 恢复，否则商户须重新授权"
        case .quota: "接口调用次数已达上限或过于频繁：停止调用；是否用 clear_quota 重置由运营人员决定"
        case .codeInvalid: "授权码无效、已过期或已被使用：向用户说明并重新开始，不要重试"
        case .userRefreshTokenInvalid: "用户网页授权的刷新令牌已过期（30 天）或无效：用户须重新登录"
        case .invalidOption: "选项名或选项值无效：location_report 取 0、1 或 2；voice_recognize 和 customer_service 取 0 或 1"
        case .replyWindowClosed: "用户最后一次发消息已超过 48 小时（或已取消关注）：在其再次发消息前客服消息会被拒绝，请改用模板消息"
        case .ipNeedsConfirmation: "来自本服务器 IP 的调用需帐号管理员在公众平台（mp.weixin.qq.com）确认：请商户批准"
        case .apiUnauthorized: "接口未授权：检查此调用需要哪种令牌（例如网页授权需要 component_access_token，而不是授权方令牌）"
        case .other: "请查阅微信的错误码说明"
        case .transport: "微信无应答：检查本服务器的网络与 DNS；有限次数重试（超时后该调用可能已生效）"
        case .badResponse: "应答不是微信的 JSON（不会跟随 3xx 跳转；是否经过代理或基础 URL 配错？）；5xx 为暂时错误，可有限次数重试"
        }
    }
}
