import Foundation
import Testing
@testable import WXOpenCore

@Suite struct LoginFormTokenTests {
    @Test func token_IsBoundToItsNonce_AndExpires() {
        let forms = LoginFormToken()
        let nonce = LoginFormToken.newNonce()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = forms.token(nonce: nonce, expires: now + 60)
        #expect(forms.verify(token, nonce: nonce, now: now))
        #expect(!forms.verify(token, nonce: LoginFormToken.newNonce(), now: now))
        #expect(!forms.verify(token, nonce: nonce, now: now + 60))
        #expect(!LoginFormToken().verify(token, nonce: nonce, now: now))
        let forgedExpiry = "\(Int(now.timeIntervalSince1970) + 9999)." + token.split(separator: ".")[1]
        #expect(!forms.verify(forgedExpiry, nonce: nonce, now: now))
    }

    @Test func nonce_Is256RandomBits() {
        let nonce = LoginFormToken.newNonce()
        #expect(LoginFormToken.isNonce(nonce))
        #expect(nonce != LoginFormToken.newNonce())
        #expect(!LoginFormToken.isNonce(String(nonce.dropLast())))
    }
}
