import Foundation
import HTTPServer

/// An answer of WeChat's error shape: HTTP 200, `{"errcode":N,"errmsg":"…"}`. The errmsg texts
/// are WeChat's own.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var errcode: Int
    public var errmsg: String

    public init(_ errcode: Int, _ errmsg: String) {
        self.errcode = errcode
        self.errmsg = errmsg
    }

    public var description: String { "errcode \(errcode) (\(errmsg))" }

    var json: JSONValue { .object([("errcode", .int(errcode)), ("errmsg", .string(errmsg))]) }
    var response: HTTPResponse { APIResponse.json(json) }

    static let invalidCredential = APIError(40001, "invalid credential, access_token is invalid or not latest")
    static let invalidGrantType = APIError(40002, "invalid grant_type")
    static let invalidOpenID = APIError(40003, "invalid openid")
    static let invalidMessageType = APIError(40008, "invalid message type")
    static let invalidAppID = APIError(40013, "invalid appid")
    static let invalidAccessToken = APIError(40014, "invalid access_token")
    static let invalidCode = APIError(40029, "invalid code")
    static let invalidOAuthRefreshToken = APIError(40030, "invalid refresh_token")
    static let invalidArgs = APIError(40097, "invalid args")
    static let invalidAppSecret = APIError(40125, "invalid appsecret")
    static let codeUsed = APIError(40163, "code been used")
    static let accessTokenMissing = APIError(41001, "access_token missing")
    static let appIDMissing = APIError(41002, "appid missing")
    static let appSecretMissing = APIError(41004, "appsecret missing")
    static let codeMissing = APIError(41008, "missing code")
    static let emptyContent = APIError(44004, "empty content")
    static let accessTokenExpired = APIError(42001, "access_token expired")
    static let oauthRefreshTokenExpired = APIError(42002, "refresh_token expired")
    static let dataFormat = APIError(47001, "data format error")
    static let apiUnauthorized = APIError(48001, "api unauthorized")
    static let clearQuotaLimit = APIError(48006, "forbid to clear quota because of reaching the limit")
    static let notAuthorized = APIError(61003, "component is not authorized by this account")
    static let ticketInvalid = APIError(61006, "component ticket is invalid")
    static let permissionMissing = APIError(61007, "api is unauthorized to component")
    static let authCodeInvalid = APIError(61009, "code is invalid")
    static let authCodeExpired = APIError(61010, "code is expired")
    static let invalidOptionName = APIError(61012, "invalid option name")
    static let invalidOptionValue = APIError(61013, "invalid option value")
    static let invalidComponent = APIError(61011, "invalid component")
    static let refreshTokenInvalid = APIError(61023, "refresh_token is invalid")
    static let emptyPostData = APIError(44002, "empty post data")
    static let codeCheckPending = APIError(61039, "code check task not finished, please try again later")
    static let invalidAuditID = APIError(85012, "invalid audit id")
    static let extJSONInvalid = APIError(85013, "invalid ext config: extAppid must be this mini program")
    static let invalidTemplateID = APIError(85014, "invalid template_id")
    static let alreadyAuditing = APIError(85009, "already submit a version under auditing")
    static let noVersionAuditing = APIError(85019, "no version is under auditing")
    static let releaseStatusNotAllowed = APIError(85020, "status not allowed")
    static let extJSONUnparsable = APIError(85048, "parse ext_json fail")
    static let alreadyReleased = APIError(85052, "app is already released")
    static let noAuditExists = APIError(85058, "no valid audit_id exist")
    static let templateNotFound = APIError(85064, "template not found")
    static let templateLibraryFull = APIError(85065, "template list is full")
    static let mustCommitFirst = APIError(85086, "must commit before submit audit")
    static let noExperienceVersion = APIError(86001, "component experience version not exists")
    static let forbidRevert = APIError(87012, "forbid revert this version release")
    static let undoQuota = APIError(87013, "no quota to undo code")
    static let ridNotFound = APIError(76001, "rid not found")
    static let ridMalformed = APIError(76002, "rid is error")
    static let ridNoPermission = APIError(76003, "could not query this rid,no permission")
    static let cgiPathNotFound = APIError(76021, "cgi_path not found, please check")
    static let cgiPathNoPermission = APIError(76022, "could not use this cgi_path,no permission")
}

/// WeChat's JSON answers.
enum APIResponse {
    /// WeChat labels its JSON this way (sic: `encoding`, not `charset`).
    static let contentType = "application/json; encoding=utf-8"

    static func json(_ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": contentType], body: value.data)
    }
}
