import Testing
@testable import WXOpenCore
import WXOpenSupport

/// The random values of a web login and the shapes checked before any lookup.
@Suite struct WebLoginSecretsTests {
    @Test func state_Is32LettersOrDigits_AndTicketIs256BitBase64URL() {
        let state = WebLoginSecrets.state()
        #expect(state.count == 32 && state.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(WebLoginSecrets.isState(state))
        let ticket = WebLoginSecrets.ticket()
        #expect(Base64URL.decode(ticket)?.count == 32)
        #expect(WebLoginSecrets.isTicket(ticket))
        #expect(WebLoginSecrets.state() != state)
        #expect(!WebLoginSecrets.isState(state + "x"))
        #expect(!WebLoginSecrets.isTicket(String(ticket.dropLast()) + "="))
    }
}
