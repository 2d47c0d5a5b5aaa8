import Foundation

/// Every component_verify_ticket issued, with its time. WeChat accepts the latest ticket and
/// earlier ones still within their lifetime (12 h), so a platform that missed a push or two
/// keeps working, and one that kept a ticket for more than 12 h gets 61006.
struct TicketLedger {
    private(set) var issued: [String: Date] = [:]
    private(set) var latest: String?

    mutating func issue(now: Date, lifetime: TimeInterval) -> String {
        // Tickets past their lifetime fail the same as unknown ones: forget them.
        issued = issued.filter { now < $0.value + lifetime }
        let ticket = TokenFactory.ticket()
        issued[ticket] = now
        latest = ticket
        return ticket
    }

    /// 61006 for an unknown ticket or one older than `lifetime`.
    func check(_ ticket: String?, now: Date, lifetime: TimeInterval) throws(APIError) {
        guard let ticket, let issuedAt = issued[ticket], now < issuedAt + lifetime else { throw .ticketInvalid }
    }
}
