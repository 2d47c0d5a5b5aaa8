import Testing
@testable import WXOpenCore

@Test func module_Links() { #expect(Bool(true)) }
