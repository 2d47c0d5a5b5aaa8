/// The outcome of the full-release check (全网发布检测), step by step.
public struct FullReleaseReport: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// `event`, `text`, `query_auth_code_reply`, `query_auth_code_custom_message`.
        public var name: String
        public var passed: Bool
        /// What was expected and what came, or why the step could not run.
        public var detail: String
    }

    public var steps: [Step]
    public var passed: Bool { !steps.isEmpty && steps.allSatisfy(\.passed) }

    var json: JSONValue {
        .object([
            ("passed", .bool(passed)),
            ("steps", .array(steps.map {
                .object([("name", .string($0.name)), ("passed", .bool($0.passed)), ("detail", .string($0.detail))])
            })),
        ])
    }
}
