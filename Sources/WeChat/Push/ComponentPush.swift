/// A decrypted push to the authorization event URL, told apart by `InfoType`.
public enum ComponentPush: Sendable, Equatable {
    case verifyTicket(VerifyTicketPush)
    case authorized(AuthorizationPush)
    case updateAuthorized(AuthorizationPush)
    case unauthorized(UnauthorizedPush)
    case fastRegister(FastRegisterPush)
    /// An InfoType this code does not know: every leaf field except InfoType, kept so that it
    /// can be logged or handled later instead of failing the push.
    case unknown(infoType: String, fields: [String: String])

    /// Parses the decrypted XML. A known InfoType without one of its required fields is an
    /// error; an unknown InfoType is `.unknown`.
    public init(xml: String) throws(PushParseError) {
        try self.init(PushFields(xml: xml))
    }

    public init(element: XMLElement) throws(PushParseError) {
        try self.init(PushFields(element))
    }

    private init(_ fields: PushFields) throws(PushParseError) {
        let infoType = try fields.required("InfoType")
        switch infoType {
        case InfoType.verifyTicket: self = .verifyTicket(try VerifyTicketPush(fields))
        case InfoType.authorized: self = .authorized(try AuthorizationPush(fields))
        case InfoType.updateAuthorized: self = .updateAuthorized(try AuthorizationPush(fields))
        case InfoType.unauthorized: self = .unauthorized(try UnauthorizedPush(fields))
        case InfoType.fastRegister: self = .fastRegister(try FastRegisterPush(fields))
        default:
            var rest = fields.all
            rest["InfoType"] = nil
            self = .unknown(infoType: infoType, fields: rest)
        }
    }

    /// WeChat's InfoType values.
    public enum InfoType {
        public static let verifyTicket = "component_verify_ticket"
        public static let authorized = "authorized"
        public static let updateAuthorized = "updateauthorized"
        public static let unauthorized = "unauthorized"
        /// WeChat's spelling, "fasteregister" included.
        public static let fastRegister = "notify_third_fasteregister"
    }

    public var infoType: String {
        switch self {
        case .verifyTicket: InfoType.verifyTicket
        case .authorized: InfoType.authorized
        case .updateAuthorized: InfoType.updateAuthorized
        case .unauthorized: InfoType.unauthorized
        case .fastRegister: InfoType.fastRegister
        case .unknown(let infoType, _): infoType
        }
    }

    /// The push's kind-specific body (nil for an unknown InfoType).
    public var body: (any ComponentPushBody)? {
        switch self {
        case .verifyTicket(let push): push
        case .authorized(let push), .updateAuthorized(let push): push
        case .unauthorized(let push): push
        case .fastRegister(let push): push
        case .unknown: nil
        }
    }

    /// The component appid the push is addressed to (`AppId`); one URL may serve several
    /// platforms, so tickets are keyed by it.
    public var appID: String? {
        if case .unknown(_, let fields) = self { return fields["AppId"] }
        return body?.appID
    }

    /// The push as WeChat would send it before encryption: AppId, CreateTime, InfoType, then the
    /// fields of its kind. `ComponentPush(xml:)` reads back an equal value.
    public func renderXML() -> String {
        guard let body else {
            guard case .unknown(let infoType, let fields) = self else { preconditionFailure("ComponentPush: a known kind has a body") }
            // Unknown fields are all written as CDATA: which ones WeChat writes bare is unknown,
            // and the parser reads both the same.
            return WeChatXML.render([("InfoType", .text(infoType))]
                + fields.keys.sorted().filter { $0 != "InfoType" }.map { ($0, .text(fields[$0]!)) })
        }
        return WeChatXML.render([
            ("AppId", .text(body.appID)),
            ("CreateTime", .number(body.createTime)),
            ("InfoType", .text(infoType)),
        ] + body.xmlFields)
    }
}
