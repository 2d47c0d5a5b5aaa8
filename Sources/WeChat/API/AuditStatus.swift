/// Where a mini program's code review (审核) stands, from `wxa/get_auditstatus` and
/// `wxa/get_latest_auditstatus`: WeChat's `status` numbers.
public enum AuditOutcome: Int, Sendable, Equatable, CaseIterable {
    case approved = 0
    case rejected = 1
    case auditing = 2
    /// Withdrawn with `wxa/undocodeaudit`.
    case withdrawn = 3
    /// Delayed (审核延后): still to be decided.
    case delayed = 4
}

/// One review's state. `reason` is WeChat's text (rejection or delay) and may hold markup such
/// as `<br>`: escape it wherever it is shown. `screenshots` are media ids.
public struct AuditStatus: Sendable, Equatable, Decodable {
    public var outcome: AuditOutcome
    public var reason: String?
    public var screenshots: [String]

    public init(outcome: AuditOutcome, reason: String? = nil, screenshots: [String] = []) {
        self.outcome = outcome
        self.reason = reason
        self.screenshots = screenshots
    }

    // get_auditstatus documents `screenshot`, get_latest_auditstatus's example `ScreenShot`.
    private enum CodingKeys: String, CodingKey { case status, reason, screenshot, screenShot = "ScreenShot" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let status = try container.decodeLenientInt(forKey: .status)
        guard let outcome = AuditOutcome(rawValue: status) else {
            throw DecodingError.dataCorruptedError(forKey: .status, in: container, debugDescription: "unknown audit status")
        }
        self.outcome = outcome
        reason = try container.decodeLenientStringIfPresent(forKey: .reason).flatMap { $0.isEmpty ? nil : $0 }
        let shots = try container.decodeLenientStringIfPresent(forKey: .screenshot)
            ?? container.decodeLenientStringIfPresent(forKey: .screenShot) ?? ""
        screenshots = AuditStatus.mediaIDs(shots)
    }

    /// `xxx|yyy|zzz` as a list; WeChat also writes the bar as a full-width `｜` in places.
    public static func mediaIDs(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "|" || $0 == "｜" }).map(String.init).filter { !$0.isEmpty }
    }
}

/// The latest review of a mini program (`wxa/get_latest_auditstatus`): what a submit that may
/// or may not have reached WeChat is checked against before it is sent again.
public struct LatestAudit: Sendable, Equatable, Decodable {
    public var auditID: Int64
    public var status: AuditStatus
    public var userVersion: String?
    /// Unix seconds.
    public var submitTime: Int64?
}

extension LatestAudit {
    private enum CodingKeys: String, CodingKey { case auditID = "auditid", userVersion = "user_version", submitTime = "submit_audit_time" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        auditID = Int64(try container.decodeLenientInt(forKey: .auditID))
        status = try AuditStatus(from: decoder)
        userVersion = try container.decodeLenientStringIfPresent(forKey: .userVersion)
        submitTime = try container.decodeLenientIntIfPresent(forKey: .submitTime).map(Int64.init)
    }
}

/// `{"auditid": N}` from `wxa/submit_audit`.
struct SubmittedAudit: Decodable {
    var auditID: Int64
    private enum CodingKeys: String, CodingKey { case auditID = "auditid" }
    init(from decoder: any Decoder) throws {
        auditID = Int64(try decoder.container(keyedBy: CodingKeys.self).decodeLenientInt(forKey: .auditID))
    }
}

/// A mini program's experience and released versions (`wxa/getversioninfo`): what a commit or a
/// release that may have taken effect is checked against.
public struct CodeVersionInfo: Sendable, Equatable, Decodable {
    public struct Version: Sendable, Equatable {
        public var userVersion: String
        /// Unix seconds.
        public var time: Int64
    }

    public var experience: Version?
    public var released: Version?
}

extension CodeVersionInfo {
    private enum CodingKeys: String, CodingKey { case expInfo = "exp_info", releaseInfo = "release_info" }
    private enum InfoKeys: String, CodingKey {
        case expTime = "exp_time", expVersion = "exp_version", releaseTime = "release_time", releaseVersion = "release_version"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.expInfo), let info = try? container.nestedContainer(keyedBy: InfoKeys.self, forKey: .expInfo),
           let version = try info.decodeLenientStringIfPresent(forKey: .expVersion) {
            experience = Version(userVersion: version, time: Int64(try info.decodeLenientIntIfPresent(forKey: .expTime) ?? 0))
        }
        if container.contains(.releaseInfo), let info = try? container.nestedContainer(keyedBy: InfoKeys.self, forKey: .releaseInfo),
           let version = try info.decodeLenientStringIfPresent(forKey: .releaseVersion) {
            released = Version(userVersion: version, time: Int64(try info.decodeLenientIntIfPresent(forKey: .releaseTime) ?? 0))
        }
    }
}

/// The experience version's QR code as `wxa/get_qrcode` sent it: image bytes and their type.
public struct ExperienceQRCode: Sendable, Equatable {
    /// `image/jpeg` from WeChat (its documented header); the simulator sends `image/png`.
    public var contentType: String
    public var image: [UInt8]
}
