import Foundation

/// Rollouts as the API (and the lifecycle deliveries) show them.
enum ReleaseJSON {
    /// By public state, every state present (0 when none).
    struct Counts: Encodable, Equatable {
        var byState: [RolloutAccount.PublicState: Int]

        init(_ accounts: [RolloutAccount]) {
            var byState = Dictionary(uniqueKeysWithValues: RolloutAccount.PublicState.allCases.map { ($0, 0) })
            for account in accounts { byState[account.phase.state, default: 0] += 1 }
            self.byState = byState
        }

        subscript(state: RolloutAccount.PublicState) -> Int { byState[state] ?? 0 }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyCodingKey.self)
            for state in RolloutAccount.PublicState.allCases { try container.encode(self[state], forKey: AnyCodingKey(state.rawValue)) }
        }
    }

    struct Account: Encodable {
        var authorizerAppID: String
        var state: String
        var auditID: Int64?
        var reason: String?
        var screenshots: [String]
        var error: String?
        var wechatErrcode: Int?
        var updatedAt: Date

        init(_ account: RolloutAccount) {
            authorizerAppID = account.appID
            state = account.phase.state.rawValue
            auditID = account.auditID
            reason = account.reason
            screenshots = account.screenshots
            error = account.error
            wechatErrcode = account.errcode
            updatedAt = account.updatedAt
        }

        enum CodingKeys: String, CodingKey {
            case authorizerAppID = "authorizer_appid", state, auditID = "auditid", reason, screenshots, error
            case wechatErrcode = "wechat_errcode", updatedAt = "updated_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(authorizerAppID, forKey: .authorizerAppID)
            try container.encode(state, forKey: .state)
            try container.encode(auditID, forKey: .auditID)  // null until submitted, not absent
            try container.encode(reason, forKey: .reason)
            try container.encode(screenshots, forKey: .screenshots)
            try container.encode(error, forKey: .error)
            try container.encodeIfPresent(wechatErrcode, forKey: .wechatErrcode)
            try container.encode(updatedAt, forKey: .updatedAt)
        }
    }

    struct Summary: Encodable {
        var id: String
        var state: String
        var templateID: Int
        var userVersion: String
        var userDesc: String
        var autoRelease: Bool
        var total: Int
        var counts: Counts
        var skippedOfficialAccounts: Int
        var pauseReason: String?
        var createdBy: String
        var createdAt: Date
        var updatedAt: Date
        var finishedAt: Date?

        init(_ rollout: Rollout, accounts: [RolloutAccount]) {
            id = rollout.id
            state = rollout.state.rawValue
            templateID = rollout.templateID
            userVersion = rollout.userVersion
            userDesc = rollout.userDesc
            autoRelease = rollout.autoRelease
            total = accounts.count
            counts = Counts(accounts)
            skippedOfficialAccounts = rollout.skippedOfficialAccounts
            pauseReason = rollout.pauseReason
            createdBy = rollout.createdBy
            createdAt = rollout.createdAt
            updatedAt = max(rollout.updatedAt, accounts.map(\.updatedAt).max() ?? rollout.updatedAt)
            finishedAt = rollout.finishedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, state, templateID = "template_id", userVersion = "user_version", userDesc = "user_desc"
            case autoRelease = "auto_release", total, counts, skippedOfficialAccounts = "skipped_official_accounts"
            case pauseReason = "pause_reason", createdBy = "created_by", createdAt = "created_at", updatedAt = "updated_at"
            case finishedAt = "finished_at"
        }
    }

    /// `GET /api/v1/mini-program/releases/{id}`: the summary's members, the ext_json and every account.
    struct Detail: Encodable {
        var summary: Summary
        var extJSON: JSONValue?
        var accounts: [Account]

        func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            var container = encoder.container(keyedBy: AnyCodingKey.self)
            try container.encode(ExtJSONText(extJSON), forKey: AnyCodingKey("ext_json"))
            try container.encode(accounts, forKey: AnyCodingKey("accounts"))
        }
    }

    /// A `JSONValue` written back as the JSON it came from.
    struct ExtJSONText: Encodable {
        var value: JSONValue?
        init(_ value: JSONValue?) { self.value = value }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case nil, .null?: try container.encodeNil()
            case .bool(let flag)?: try container.encode(flag)
            case .number(let number)?:
                if number == number.rounded(), abs(number) < 9e15 { try container.encode(Int64(number)) } else { try container.encode(number) }
            case .string(let text)?: try container.encode(text)
            case .array(let items)?: try container.encode(items.map(ExtJSONText.init))
            case .object(let members)?: try container.encode(members.mapValues(ExtJSONText.init))
            }
        }
    }

    static func extJSON(_ rollout: Rollout) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(rollout.extJSON.utf8))
    }
}

/// A coding key for keys that are data (states, members written by hand).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
