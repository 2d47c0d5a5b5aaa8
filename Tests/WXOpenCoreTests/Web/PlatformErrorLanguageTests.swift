import Testing
import WeChat
@testable import WXOpenCore

/// Issue 11: no English sentences on Chinese pages — errors shown in the console too.
@Suite struct PlatformErrorLanguageTests {
    @Test func wechatError_InChinese_HasTheChineseHintOnce_AndKeepsWeChatsErrmsg() {
        let error = PlatformError.wechat(.wechat(endpoint: "api_authorizer_token", errcode: 61004, errmsg: "access clientip is not registered"))
        let text = error.text(.zh)
        #expect(text.contains("白名单"))
        #expect(text.contains("access clientip is not registered"))
        #expect(!text.contains(WeChatErrorKind.ipWhitelist.hint))
        #expect(text.components(separatedBy: WeChatErrorKind.ipWhitelist.chineseHint).count == 2)
        #expect(error.text(.en) == error.description)
    }

    @Test(arguments: [PlatformError.waitingForTicket(componentAppID: "wx0123456789abcdef"),
                      .unknownAuthorizer(appID: "wx0123456789abcdef"),
                      .authorizerUnavailable(appID: "wx0123456789abcdef", status: .revoked, reason: nil),
                      .missingRefreshToken(appID: "<script>")])
    func everyCase_HasChineseText_WithoutEnglishSentences(error: PlatformError) {
        let text = error.text(.zh)
        #expect(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(!text.contains(" has ") && !text.contains(" is ") && !text.contains("<script>"))
    }

    @Test func everyErrorKind_HasAChineseHint() {
        let kinds: [WeChatErrorKind] = [.busy, .tokenInvalid, .configuration, .ipWhitelist, .ticketInvalid, .revoked, .permissionMissing,
                                        .refreshTokenInvalid, .quota, .codeInvalid, .userRefreshTokenInvalid, .invalidOption,
                                        .replyWindowClosed, .ipNeedsConfirmation, .apiUnauthorized, .other, .transport, .badResponse]
        for kind in kinds { #expect(kind.chineseHint.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(kind)") }
    }
}
