import Foundation
import WeChat
import WXOpenSupport

/// What a failed WeChat call means for an account's step.
enum StepFailure: Error, Sendable, Equatable {
    /// No answer, or not WeChat's: the call may have taken effect. The step stays in flight and
    /// is checked with WeChat before it is made again.
    case uncertain(String)
    /// WeChat said "not now" (the code check after a commit, a quota, the ticket, a token):
    /// tried again after `retryDelaySeconds`, nothing failed.
    case later(String, errcode: Int?)
    /// The platform's monthly review quota is used up (85085): the rollout pauses.
    case reviewQuota(String)
    /// WeChat refused (or the account cannot be acted for): the account fails, with the reason.
    case refused(String, errcode: Int?)

    /// 61039: the code check after a commit is still running.
    static let codeCheckRunning = 61039
    static let reviewQuotaReached = 85085

    init(_ error: any Error) {
        switch error {
        case let failure as StepFailure:
            self = failure
        case PlatformError.wechat(let wechat):
            self = StepFailure(wechat)
        case let wechat as WeChatAPIError:
            self = StepFailure(wechat)
        case let platform as PlatformError:
            if case .waitingForTicket = platform { self = .later(platform.description, errcode: nil) } else {
                self = .refused(platform.description, errcode: nil)
            }
        default:
            self = .uncertain("\(error)")
        }
    }

    init(_ error: WeChatAPIError) {
        switch error.kind {
        case .transport, .badResponse, .busy: self = .uncertain(error.description)
        case .quota, .ticketInvalid, .tokenInvalid, .ipWhitelist, .ipNeedsConfirmation: self = .later(error.description, errcode: error.errcode)
        default:
            switch error.errcode {
            case Self.codeCheckRunning: self = .later(error.description, errcode: error.errcode)
            case Self.reviewQuotaReached: self = .reviewQuota(error.description)
            default: self = .refused(error.description, errcode: error.errcode)
            }
        }
    }

    var message: String {
        switch self {
        case .uncertain(let message), .later(let message, _), .reviewQuota(let message), .refused(let message, _): message
        }
    }

    var errcode: Int? {
        switch self {
        case .later(_, let errcode), .refused(_, let errcode): errcode
        case .reviewQuota: Self.reviewQuotaReached
        case .uncertain: nil
        }
    }

    /// WeChat's errcode when `error` is WeChat's answer (through the platform's wrapping).
    static func errcode(of error: any Error) -> Int? {
        switch error {
        case PlatformError.wechat(let wechat): wechat.errcode
        case let wechat as WeChatAPIError: wechat.errcode
        default: nil
        }
    }
}

/// WeChat's busy answer (-1) backs off before the call is made again: 1 s, doubling to at most
/// 16 s, four attempts in all (well within a step's lease), on the injected sleeper.
struct BusyBackoff: Sendable {
    var attempts = 4
    var first: Duration = .seconds(1)
    var maximum: Duration = .seconds(16)
    let sleep: Sleeper

    func run<T: Sendable>(_ call: @Sendable () async throws -> T) async throws -> T {
        var delay = first
        for attempt in 1... {
            do {
                return try await call()
            } catch where attempt < attempts && Self.isBusy(error) {
                try await sleep(delay)
                delay = min(delay * 2, maximum)
            }
        }
        preconditionFailure("unreachable")
    }

    static func isBusy(_ error: any Error) -> Bool {
        switch error {
        case PlatformError.wechat(let wechat): wechat.kind == .busy
        case let wechat as WeChatAPIError: wechat.kind == .busy
        default: false
        }
    }
}
