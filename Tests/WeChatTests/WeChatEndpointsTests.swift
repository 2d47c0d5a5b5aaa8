import Foundation
import Testing
@testable import WeChat

@Suite struct WeChatEndpointsTests {
    @Test func production_Hosts() {
        #expect(WeChatEndpoints.production.apiBaseURL.absoluteString == "https://api.weixin.qq.com")
        #expect(WeChatEndpoints.production.mpBaseURL.absoluteString == "https://mp.weixin.qq.com")
        #expect(WeChatEndpoints.production.openBaseURL.absoluteString == "https://open.weixin.qq.com")
    }

    @Test(arguments: ["http://127.0.0.1:9000/sim", "http://127.0.0.1:9000/sim/", "http://127.0.0.1:9000/sim//"])
    func pathPrefix_IsJoined_WithOneSlash(base: String) {
        let url = WeChatEndpoints.url(URL(string: base)!, path: "/sns/auth", query: [])
        #expect(url.absoluteString == "http://127.0.0.1:9000/sim/sns/auth")
    }

    @Test func query_KeepsOrder_AndFragmentIsAppended() {
        let url = WeChatEndpoints.url(URL(string: "https://open.weixin.qq.com")!, path: "/p", query: [("b", "2"), ("a", "1")],
                                      fragment: "wechat_redirect")
        #expect(url.absoluteString == "https://open.weixin.qq.com/p?b=2&a=1#wechat_redirect")
    }
}
