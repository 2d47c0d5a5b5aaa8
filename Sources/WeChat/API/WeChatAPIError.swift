/// A failed call to WeChat. Carries what an operator needs and never a token, code or secret:
/// errmsg has the call's secrets scrubbed out, and no URL is ever kept.
public enum WeChatAPIError: Error, Sendable, Equatable {
    /// WeChat answered with a non-zero errcode.
    case wechat(endpoint: String, errcode: Int, errmsg: String)
    /// No HTTP answer.
    case transport(endpoint: String, WeChatTransportError)
    /// An HTTP status other than 200; WeChat reports its own errors with 200.
    case unexpectedStatus(endpoint: String, status: Int)
    /// A 200 whose body is not the JSON this endpoint returns. `detail` names the JSON path,
    /// never a value.
    case malformedBody(endpoint: String, detail: String)

    /// The endpoint's short name, e.g. `api_query_auth`.
    public var endpoint: String {
        switch self {
        case .wechat(let endpoint, _, _), .transport(let endpoint, _),
             .unexpectedStatus(let endpoint, _), .malformedBody(let endpoint, _):
            endpoint
        }
    }

    /// WeChat's errcode, when WeChat answered with one.
    public var errcode: Int? {
        if case .wechat(_, let errcode, _) = self { return errcode }
        return nil
    }

    public var kind: WeChatErrorKind {
        switch self {
        case .wechat(_, let errcode, _): WeChatErrorKind(errcode: errcode)
        case .transport: .transport
        case .unexpectedStatus, .malformedBody: .badResponse
        }
    }

    /// Operator guidance for this failure.
    public var hint: String { kind.hint }
}

extension WeChatAPIError: CustomStringConvertible, CustomDebugStringConvertible {
    /// What failed, without the hint: `WeChat api_query_auth failed: errcode 61004 (access clientip is not registered)`.
    /// For a log line that carries the hint in its own field.
    public var failure: String {
        let what = switch self {
        case .wechat(_, let errcode, let errmsg): "errcode \(errcode) (\(errmsg))"
        case .transport(_, let error): "\(error)"
        case .unexpectedStatus(_, let status): "HTTP status \(status)"
        case .malformedBody(_, let detail): "malformed body: \(detail)"
        }
        return "WeChat \(endpoint) failed: \(what)"
    }

    /// The whole message, hint included, once: `WeChat api_query_auth failed: errcode 61004
    /// (access clientip is not registered) — add this server's egress IP …`. A layer that wraps
    /// this error shows this text as it is; it adds its own context, never the hint again.
    public var description: String { failure + " — " + hint }

    public var debugDescription: String { description }
}
