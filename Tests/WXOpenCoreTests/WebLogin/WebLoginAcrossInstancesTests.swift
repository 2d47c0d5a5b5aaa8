import Foundation
import Testing
import WXOpenSupport
@testable import WXOpenCore

/// Web login behind a load balancer: started on one instance, called back on another, redeemed
/// on a third (here: the first again). The attempt and the ticket live in the store.
@Suite struct WebLoginAcrossInstancesTests {
    typealias Pair = InstancePair

    @Test(arguments: Pair.Backend.available)
    func startedOnA_CalledBackOnB_RedeemedOnA(backend: Pair.Backend) async throws {
        try await Pair.with(backend, configure: { $0.webLogin.returnURLPrefixes = ["https://app.example.com/"] }) { pair in
            try await pair.authorizeAccount(funcIDs: [1, 4])
            let start = try await pair.get("http://\(Pair.hostA)/weblogin/\(Pair.account)/start?scope=snsapi_base&return_to="
                                           + PercentEncoding.encode("https://app.example.com/welcome"))
            #expect(start.status == 302)
            let cookie = try #require(start.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let wechat = try await pair.get(try #require(start.headers["location"]))
            let callback = try #require(wechat.headers["location"]).replacingOccurrences(of: Pair.hostA, with: Pair.hostB)
            #expect(callback.hasPrefix("http://\(Pair.hostB)/weblogin/"))
            let landed = try await pair.get(callback, headers: ["Cookie": cookie])
            #expect(landed.status == 302, "b knew a's login: \(String(decoding: landed.body, as: UTF8.self).prefix(200))")
            let location = try #require(landed.headers["location"])
            let ticket = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "wxopen_ticket" }?.value)
            let redeemed = try await pair.api(pair.a, "/api/v1/web-login/redeem", method: "POST", body: "{\"ticket\": \"\(ticket)\"}")
            #expect(redeemed.status == 200)
            #expect(redeemed.json["authorizer_appid"] as? String == Pair.account)
            let again = try await pair.api(pair.b, "/api/v1/web-login/redeem", method: "POST", body: "{\"ticket\": \"\(ticket)\"}")
            #expect(again.status == 410, "a ticket works once, whichever instance is asked")
            // Neither the state nor the ticket is a key in the store.
            #expect(try await pair.a.platform.store.entry(WebLoginLedger.ticketsNamespace, key: ticket, now: pair.clock.now()) == nil)
        }
    }
}
