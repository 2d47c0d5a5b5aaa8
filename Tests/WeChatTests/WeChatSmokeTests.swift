import Testing
@testable import WeChat

@Test func module_Links() { #expect(Bool(true)) }
