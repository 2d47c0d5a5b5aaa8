/// The outcome of the full-release check (全网发布检测), step by step.
public struct FullReleaseReport: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// `ticket`, then per account kind (`official_account.`, `mini_program.`): `text` (official
        /// accounts only), `query_auth_code_reply`, `query_auth_code_custom_message`.
        public var name: String
        public var passed: Bool
        /// What was expected and what came, or why the step could not run.
        public var detail: String
    }

    /// Which group of test accounts (1…5) was used.
    public var group: Int
    public var steps: [Step]
    public var passed: Bool { !steps.isEmpty && steps.allSatisfy(\.passed) }

    var json: JSONValue {
        .object([
            ("passed", .bool(passed)),
            ("group", .int(group)),
            ("steps", .array(steps.map {
                .object([("name", .string($0.name)), ("passed", .bool($0.passed)), ("detail", .string($0.detail))])
            })),
        ])
    }
}
