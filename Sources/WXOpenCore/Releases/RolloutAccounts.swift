import Foundation
import WeChat

/// Which accounts a rollout goes to. Only mini programs: `"all"` leaves official accounts (and
/// accounts whose kind was never fetched) out and counts them; an explicit list is refused up
/// front, every account that cannot be released to named with the reason.
struct RolloutAccounts: Sendable {
    var records: [AuthorizerRecord]
    var skippedOfficialAccounts = 0
    var skippedUnknown = 0

    /// Reasons listed in a refusal; the rest are counted.
    static let reasonsShown = 20

    static func choose(_ request: RolloutRequest, store: any Store) async throws -> RolloutAccounts {
        var chosen = RolloutAccounts(records: [])
        var refused: [String] = []
        switch request.authorizers {
        case .all:
            var cursor: String?
            repeat {
                let page = try await store.listAuthorizers(AuthorizerQuery(status: .authorized, limit: 500, cursor: cursor))
                for record in page.authorizers {
                    switch record.accountType {
                    case .miniProgram: chosen.records.append(record)
                    case .officialAccount: chosen.skippedOfficialAccounts += 1
                    case .unknown: chosen.skippedUnknown += 1
                    }
                }
                cursor = page.nextCursor
            } while cursor != nil
        case .list(let appIDs):
            for appID in appIDs {
                guard let record = try await store.authorizer(appID: appID) else {
                    refused.append("\(appID) has not authorized this platform")
                    continue
                }
                if let problem = problem(record) { refused.append(problem) } else { chosen.records.append(record) }
            }
        }
        for record in chosen.records {
            if let problem = request.extJSON.problem(for: record) { refused.append(problem) }
        }
        if !refused.isEmpty {
            let shown = refused.prefix(reasonsShown).joined(separator: "; ")
            let more = refused.count > reasonsShown ? " (and \(refused.count - reasonsShown) more)" : ""
            throw APIProblem(.unprocessableContent, "accounts_refused", "\(refused.count) of the accounts cannot be released to: \(shown)\(more)")
        }
        guard !chosen.records.isEmpty else {
            throw APIProblem(.unprocessableContent, "no_mini_programs", "no authorized mini program to release to"
                             + (chosen.skippedOfficialAccounts > 0 ? " (\(chosen.skippedOfficialAccounts) official accounts left out)" : ""))
        }
        return chosen
    }

    /// Why `record` (named in a list) cannot be released to, or nil.
    private static func problem(_ record: AuthorizerRecord) -> String? {
        guard record.status == .authorized else {
            return "\(record.appID) is \(record.status.rawValue)" + (record.statusReason.map { " (\($0))" } ?? "")
        }
        switch record.accountType {
        case .miniProgram: return nil
        case .officialAccount: return "\(record.appID) is an official account, not a mini program: only mini programs take code"
        case .unknown: return "\(record.appID)'s kind is not known yet: re-fetch its info (or run a sync) first"
        }
    }
}
