import Testing
import WeChat

@Suite struct JSSDKSignatureTests {
    /// WeChat's own example (JS-SDK document, 附录1-JS-SDK使用权限签名算法).
    static let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg"

    @Test func publishedExample_String1_IsWeChats() {
        #expect(JSSDKSignature.string1(ticket: Self.ticket, nonceStr: "Wm3WZYTPz0wzccnW", timestamp: 1414587457, url: "http://mp.weixin.qq.com")
            == "jsapi_ticket=\(Self.ticket)&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com")
    }

    @Test func publishedExample_Signature_IsWeChats() {
        #expect(JSSDKSignature.sign(ticket: Self.ticket, nonceStr: "Wm3WZYTPz0wzccnW", timestamp: 1414587457, url: "http://mp.weixin.qq.com")
            == "f4d90daf4b3bca3078ab155816175ba34c443a7b")
    }

    @Test func fragment_IsNotSigned() {
        #expect(JSSDKSignature.sign(ticket: Self.ticket, nonceStr: "Wm3WZYTPz0wzccnW", timestamp: 1414587457, url: "http://mp.weixin.qq.com#/page?x=1")
            == "f4d90daf4b3bca3078ab155816175ba34c443a7b")
    }

    @Test func query_IsSignedRaw_NotPercentEncoded() {
        #expect(JSSDKSignature.signedURL("https://a.example/p?q=a b&x=%E4#frag") == "https://a.example/p?q=a b&x=%E4")
        #expect(JSSDKSignature.string1(ticket: "t", nonceStr: "n", timestamp: 1, url: "https://a.example/?a=1&b=2")
            == "jsapi_ticket=t&noncestr=n&timestamp=1&url=https://a.example/?a=1&b=2")
    }
}
