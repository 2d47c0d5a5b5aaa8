import Testing
@testable import HTTPServer

@Test func module_Links() { #expect(Bool(true)) }
