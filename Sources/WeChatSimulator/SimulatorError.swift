/// Why a control operation could not be done.
public enum SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    case unknownAccount(String)
    case notAuthorized(String)
    /// Before full release only accounts on the test list may authorize.
    case notOnTestList(String)
    case notMiniProgram(String)
    /// No review of the mini program is open to be decided.
    case notAuditing(String)
    /// No simulated user has this id.
    case unknownUser(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason): "invalid simulator configuration: \(reason)"
        case .unknownAccount(let appID): "no account \(appID) in the simulator"
        case .notAuthorized(let appID): "account \(appID) has not authorized the platform"
        case .notOnTestList(let appID): "account \(appID) is not on the test list and the platform has not passed full release"
        case .notMiniProgram(let appID): "account \(appID) is not a mini program"
        case .notAuditing(let appID): "mini program \(appID) has no review in progress"
        case .unknownUser(let id): "no simulated user \(id)"
        }
    }
}
