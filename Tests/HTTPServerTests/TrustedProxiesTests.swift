import Testing
@testable import HTTPServer

@Suite struct TrustedProxiesTests {
    let proxies = TrustedProxies(["10.0.0.0/8", "127.0.0.1/32", "::1/128"].compactMap(TrustedProxies.Block.init))

    func request(from peer: String, _ headers: HTTPHeaders) -> HTTPRequest {
        HTTPRequest(method: .get, target: "/", parts: try! RequestTarget.parse("/"), version: .http1_1, headers: headers,
                    body: .init(), parameters: [:], remoteAddress: peer, requestID: "r", trustedProxies: proxies)
    }

    @Test(arguments: [("10.0.0.0/8", true), ("127.0.0.1", true), ("::1/128", true), ("2001:db8::/32", true),
                      ("10.0.0.0/33", false), ("10.0.0/8", false), ("example.com", false), ("10.0.0.0/", false), ("", false)])
    func block_Parses_OnlyAddressesAndValidPrefixes(text: String, valid: Bool) {
        #expect((TrustedProxies.Block(text) != nil) == valid)
    }

    @Test func block_MatchesByPrefix() {
        #expect(proxies.contains("10.200.3.4"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(!proxies.contains("127.0.0.2"))
        #expect(proxies.contains("::1"))
        #expect(!proxies.contains("not an address"))
    }

    @Test func forwardedFor_FromATrustedProxy_NamesTheClient_AndProtoIsBelieved() {
        let request = request(from: "10.0.0.5:40000", ["X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"])
        #expect(request.remoteHost == "203.0.113.7")
        #expect(request.isForwardedHTTPS)
    }

    @Test func forwardingHeaders_FromAnyoneElse_AreIgnored() {
        let request = request(from: "198.51.100.9:40000", ["X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
                                                           "Forwarded": "for=203.0.113.8;proto=https"])
        #expect(request.remoteHost == "198.51.100.9")
        #expect(!request.isForwardedHTTPS)
    }

    /// Each proxy appends what it saw; the client is the first address from the right that is not
    /// one of our proxies, so a value the client wrote itself (the leftmost) is never believed.
    @Test func chain_IsReadFromTheRight_PastTrustedHops_AndAForgedLeftmostValueIsNotBelieved() {
        let request = request(from: "10.0.0.5:1", ["X-Forwarded-For": "6.6.6.6, 203.0.113.7, 10.1.1.1"])
        #expect(request.remoteHost == "203.0.113.7")
    }

    @Test func unreadableHop_EndsTheWalk_AtTheLastAddressRead() {
        #expect(request(from: "10.0.0.5:1", ["X-Forwarded-For": "203.0.113.7, garbage"]).remoteHost == "10.0.0.5")
        #expect(request(from: "10.0.0.5:1", ["X-Forwarded-For": "garbage, 203.0.113.7"]).remoteHost == "203.0.113.7")
    }

    @Test func forwardedHeader_RFC7239_WithPortsQuotesAndIPv6() {
        let request = request(from: "[::1]:9000", ["Forwarded": #"for="[2001:db8::7]:4711";proto=HTTPS, for=10.0.0.9"#])
        #expect(request.remoteHost == "2001:db8::7")
        #expect(!request.isForwardedHTTPS)  // the nearest proxy (the last element) said nothing about proto
        let v4 = self.request(from: "127.0.0.1:1", ["Forwarded": "for=192.0.2.60:8080;proto=https"])
        #expect(v4.remoteHost == "192.0.2.60")
        #expect(v4.isForwardedHTTPS)
    }

    @Test func protoOtherThanHTTPOrHTTPS_IsIgnored() {
        #expect(request(from: "10.0.0.5:1", ["X-Forwarded-Proto": "javascript"]).forwardedScheme == nil)
    }
}
