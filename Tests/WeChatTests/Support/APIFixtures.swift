/// Answers shaped like WeChat's, from the protocol reference and its seeds.
enum APIFixtures {
    /// api_query_auth, with an unknown permission set (77) and the newer confirm_info.
    static let queryAuth = """
    {
      "authorization_info": {
        "authorizer_appid": "\(APISample.authorizerAppID)",
        "authorizer_access_token": "\(APISample.authorizerTokenValue)",
        "expires_in": 7200,
        "authorizer_refresh_token": "\(APISample.refreshTokenValue)",
        "func_info": [
          {"funcscope_category": {"id": 1}},
          {"funcscope_category": {"id": 2}},
          {"funcscope_category": {"id": 3}, "confirm_info": {"need_confirm": 0, "already_confirm": 0, "can_confirm": 0}},
          {"funcscope_category": {"id": 77, "type": 1, "name": "新权限集"}}
        ]
      }
    }
    """

    static func authorizerToken(refresh: String) -> String {
        #"{"authorizer_access_token":"\#(APISample.authorizerTokenValue)","expires_in":7200,"authorizer_refresh_token":"\#(refresh)"}"#
    }

    static let authorizerInfoRaw = """
    {"nick_name":"微信SDK Demo Special","head_img":"http://wx.qlogo.cn/mmopen/GPy","service_type_info":{"id":2},\
    "verify_type_info":{"id":0},"user_name":"gh_eb5e3a772040","alias":"paytest01","principal_name":"腾讯计算机系统有限公司",\
    "signature":"这是一个测试帐号","qrcode_url":"URL","business_info":{"open_store":0,"open_scan":0,"open_pay":1,"open_card":0,"open_shake":0},\
    "register_type":0,"account_status":1,"basic_config":{"is_phone_configured":true,"is_email_configured":false}}
    """

    /// api_get_authorizer_info for an official account.
    static let authorizerInfoOfficialAccount = """
    {"authorizer_info":\(authorizerInfoRaw),
     "authorization_info":{"authorizer_appid":"\(APISample.authorizerAppID)","authorizer_refresh_token":"\(APISample.refreshTokenValue)",
       "func_info":[{"funcscope_category":{"id":1}},{"funcscope_category":{"id":15}}]}}
    """

    /// api_get_authorizer_info for a mini program, with a network kind whose shape changed.
    static let authorizerInfoMiniProgram = """
    {"authorizer_info":{"nick_name":"小程序示例","head_img":"http://wx.qlogo.cn/mmopen/abc","service_type_info":{"id":0},
      "verify_type_info":{"id":-1},"user_name":"gh_2b9ebaa1b9c0","principal_name":"示例公司","signature":"",
      "business_info":{"open_pay":0,"open_shake":"1"},"qrcode_url":"http://mmbiz.qpic.cn/mmbiz_jpg/abc/0",
      "MiniProgramInfo":{"network":{"RequestDomain":["https://www.example.com"],"WsRequestDomain":[],
        "TCPDomain":[{"domain":"tcp.example.com"}],"BizDomain":["https://biz.example.com"]},
        "categories":[{"first":"生活服务","second":"环保回收/废品回收"}],"visit_status":0},
      "register_type":0,"account_status":1,"basic_config":{"is_phone_configured":1,"is_email_configured":0}},
     "authorization_info":{"authorizer_appid":"wxd101a85aa106f53e","authorizer_refresh_token":"\(APISample.refreshTokenValue)",
       "func_info":[{"funcscope_category":{"id":17}},{"funcscope_category":{"id":18},"confirm_info":{"need_confirm":0}}]}}
    """
}
