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

    @Test func percentEncoding_KeepsOnlyUnreserved() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("https://a.b/c?d=e&f=g h|i+j") == "https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f%3Dg%20h%7Ci%2Bj")
        #expect(PercentEncoding.encode("授权") == "%E6%8E%88%E6%9D%83")
    }
}
