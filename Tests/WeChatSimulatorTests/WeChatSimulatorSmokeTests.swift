import Testing
@testable import WeChatSimulator

@Test func module_Links() { #expect(Bool(true)) }
