import WeChat

extension PlatformError {
    /// The description in the page's language: what an operator reads in a console message.
    /// WeChat's own errmsg stays as WeChat wrote it.
    func text(_ language: Language) -> String {
        guard language == .zh else { return description }
        switch self {
        case .waitingForTicket(let appID):
            return "正在等待 \(appID) 的 component_verify_ticket：微信每 10 分钟向授权事件接收 URL 推送一次；"
                + "若一直没有，请检查平台设置中的该 URL（已请求 api_start_push_ticket）"
        case .wechat(let error):
            return "微信接口 \(error.endpoint) 调用失败：\(Self.what(error)) — \(error.kind.chineseHint)"
        case .unknownAuthorizer(let appID):
            return "\(Self.namedInChinese(appID)) 未授权本平台"
        case .authorizerUnavailable(let appID, let status, let reason):
            let state = switch status {
            case .authorized: "已授权"
            case .revoked: "已取消授权"
            case .needsReauthorization: "需要重新授权"
            }
            return "\(Self.namedInChinese(appID)) \(state)" + (reason.map { "：\($0)" } ?? "")
        case .missingRefreshToken(let appID):
            return "\(Self.namedInChinese(appID)) 没有刷新令牌：请执行同步（从 api_get_authorizer_list 恢复）或请商户重新授权"
        }
    }

    private static func what(_ error: WeChatAPIError) -> String {
        switch error {
        case .wechat(_, let errcode, let errmsg): "errcode \(errcode)（\(errmsg)）"
        case .transport(_, let failure): "\(failure)"
        case .unexpectedStatus(_, let status): "HTTP 状态 \(status)"
        case .malformedBody(_, let detail): "应答格式错误：\(detail)"
        }
    }

    private static func namedInChinese(_ appID: String) -> String {
        AppID.isWellFormed(appID) ? "帐号 \(appID)" : "所请求的帐号（不是微信 appid）"
    }
}
