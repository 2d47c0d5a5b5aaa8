/// The WeChat endpoints this client calls, each with the stable short name used in errors,
/// logs and metrics. All live on `WeChatEndpoints.apiBaseURL`.
struct APIRoute: Sendable {
    let name: String
    let method: String
    let path: String

    private static func post(_ name: String, _ path: String) -> APIRoute { APIRoute(name: name, method: "POST", path: path) }
    private static func get(_ name: String, _ path: String) -> APIRoute { APIRoute(name: name, method: "GET", path: path) }

    static let componentToken = post("api_component_token", "/cgi-bin/component/api_component_token")
    static let startPushTicket = post("api_start_push_ticket", "/cgi-bin/component/api_start_push_ticket")
    static let createPreAuthCode = post("api_create_preauthcode", "/cgi-bin/component/api_create_preauthcode")
    static let queryAuth = post("api_query_auth", "/cgi-bin/component/api_query_auth")
    static let authorizerToken = post("api_authorizer_token", "/cgi-bin/component/api_authorizer_token")
    static let authorizerInfo = post("api_get_authorizer_info", "/cgi-bin/component/api_get_authorizer_info")
    static let getAuthorizerOption = post("api_get_authorizer_option", "/cgi-bin/component/api_get_authorizer_option")
    static let setAuthorizerOption = post("api_set_authorizer_option", "/cgi-bin/component/api_set_authorizer_option")
    static let authorizerList = post("api_get_authorizer_list", "/cgi-bin/component/api_get_authorizer_list")
    static let clearQuotaV2 = post("clear_quota_v2", "/cgi-bin/component/clear_quota/v2")
    static let oauthAccessToken = get("sns_oauth2_component_access_token", "/sns/oauth2/component/access_token")
    static let oauthRefreshToken = get("sns_oauth2_component_refresh_token", "/sns/oauth2/component/refresh_token")
    static let userInfo = get("sns_userinfo", "/sns/userinfo")
    static let snsAuth = get("sns_auth", "/sns/auth")
    static let sendCustomMessage = post("message_custom_send", "/cgi-bin/message/custom/send")
    static let jsapiTicket = get("ticket_getticket", "/cgi-bin/ticket/getticket")
    static let getAuthorizerOptionInfo = post("get_authorizer_option", "/cgi-bin/component/get_authorizer_option")
    static let setAuthorizerOptionInfo = post("set_authorizer_option", "/cgi-bin/component/set_authorizer_option")
    static let miniProgramLogin = get("sns_component_jscode2session", "/sns/component/jscode2session")
    static let ridInfo = post("openapi_rid_get", "/cgi-bin/openapi/rid/get")
    static let apiQuota = post("openapi_quota_get", "/cgi-bin/openapi/quota/get")
    // Code templates (component token) and code management (authorizer token) of mini programs.
    static let templateDraftList = get("wxa_gettemplatedraftlist", "/wxa/gettemplatedraftlist")
    static let addToTemplate = post("wxa_addtotemplate", "/wxa/addtotemplate")
    static let templateList = get("wxa_gettemplatelist", "/wxa/gettemplatelist")
    static let deleteTemplate = post("wxa_deletetemplate", "/wxa/deletetemplate")
    static let commit = post("wxa_commit", "/wxa/commit")
    static let experienceQRCode = get("wxa_get_qrcode", "/wxa/get_qrcode")
    static let codePages = get("wxa_get_page", "/wxa/get_page")
    static let submitAudit = post("wxa_submit_audit", "/wxa/submit_audit")
    static let speedUpAudit = post("wxa_speedupaudit", "/wxa/speedupaudit")
    static let auditStatus = post("wxa_get_auditstatus", "/wxa/get_auditstatus")
    static let latestAuditStatus = get("wxa_get_latest_auditstatus", "/wxa/get_latest_auditstatus")
    static let undoCodeAudit = get("wxa_undocodeaudit", "/wxa/undocodeaudit")
    static let release = post("wxa_release", "/wxa/release")
    static let revertCodeRelease = get("wxa_revertcoderelease", "/wxa/revertcoderelease")
    static let versionInfo = post("wxa_getversioninfo", "/wxa/getversioninfo")
    static let modifyDomain = post("wxa_modify_domain", "/wxa/modify_domain")
    static let setWebviewDomain = post("wxa_setwebviewdomain", "/wxa/setwebviewdomain")
}
