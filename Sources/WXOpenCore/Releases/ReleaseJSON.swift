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

    /// One account of a rollout: written from the stored account, its phase as the public state.
    struct Account: Encodable {
        var account: RolloutAccount

        init(_ account: RolloutAccount) { self.account = account }

        enum CodingKeys: String, CodingKey {
            case authorizerAppID = "authorizer_appid", state, auditID = "auditid", reason, screenshots, error
            case wechatErrcode = "wechat_errcode", updatedAt = "updated_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(account.appID, forKey: .authorizerAppID)
            try container.encode(account.phase.state.rawValue, forKey: .state)
            try container.encode(account.auditID, forKey: .auditID)  // null until submitted, not absent
            try container.encode(account.reason, forKey: .reason)
            try container.encode(account.screenshots, forKey: .screenshots)
            try container.encode(account.error, forKey: .error)
            try container.encodeIfPresent(account.errcode, forKey: .wechatErrcode)
            try container.encode(account.updatedAt, forKey: .updatedAt)
        }
    }

    /// A rollout with its accounts counted: the rollout's own members, written from it, and
    /// what the accounts add (their total, counts by state, the latest change).
    struct Summary: Encodable {
        var rollout: Rollout
        var total: Int
        var counts: Counts
        /// The rollout's last change or its accounts' latest, whichever is later.
        var updatedAt: Date

        var id: String { rollout.id }

        init(_ rollout: Rollout, accounts: [RolloutAccount]) {
            self.rollout = rollout
            total = accounts.count
            counts = Counts(accounts)
            updatedAt = max(rollout.updatedAt, accounts.map(\.updatedAt).max() ?? rollout.updatedAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, state, templateID = "template_id", userVersion = "user_version", userDesc = "user_desc"
            case autoRelease = "auto_release", total, counts, skippedOfficialAccounts = "skipped_official_accounts"
            case pauseReason = "pause_reason", createdBy = "created_by", createdAt = "created_at", updatedAt = "updated_at"
            case finishedAt = "finished_at"
        }

        /// In the order of `CodingKeys`, absent optionals left out, as a synthesized encoder would.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rollout.id, forKey: .id)
            try container.encode(rollout.state.rawValue, forKey: .state)
            try container.encode(rollout.templateID, forKey: .templateID)
            try container.encode(rollout.userVersion, forKey: .userVersion)
            try container.encode(rollout.userDesc, forKey: .userDesc)
            try container.encode(rollout.autoRelease, forKey: .autoRelease)
            try container.encode(total, forKey: .total)
            try container.encode(counts, forKey: .counts)
            try container.encode(rollout.skippedOfficialAccounts, forKey: .skippedOfficialAccounts)
            try container.encodeIfPresent(rollout.pauseReason, forKey: .pauseReason)
            try container.encode(rollout.createdBy, forKey: .createdBy)
            try container.encode(rollout.createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encodeIfPresent(rollout.finishedAt, forKey: .finishedAt)
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
