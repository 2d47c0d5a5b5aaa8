import Foundation

extension AuthorizerRecord: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        try writer.object { writer in
            writer.member("appID", appID)
            writer.member("componentAppID", componentAppID)
            writer.member("status", status.rawValue)
            writer.member("statusReason", statusReason)
            writer.member("accessToken", accessToken)
            try writer.member("accessTokenExpiresAt", accessTokenExpiresAt)
            writer.member("refreshToken", refreshToken)
            writer.member("funcInfo", funcInfo)
            if let info {
                writer.key("info")
                try info.write(to: &writer)
            }
            writer.member("ref", ref)
            try writer.member("authorizedAt", authorizedAt)
            try writer.member("updatedAt", updatedAt)
            try writer.member("revokedAt", revokedAt)
            writer.member("lastAuthorizationCodeHash", lastAuthorizationCodeHash)
            try writer.member("lastRefreshAt", lastRefreshAt)
            writer.member("lastRefreshError", lastRefreshError)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var appID: String?, componentAppID: String?, status: AuthorizerStatus?, updatedAt: Date?, funcInfo: [Int]?
        var record = AuthorizerRecord(appID: "", componentAppID: "", updatedAt: Date(timeIntervalSinceReferenceDate: 0))
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "appID": appID = try reader.readString()
            case "componentAppID": componentAppID = try reader.readString()
            case "status": status = try reader.readEnum(AuthorizerStatus.self)
            case "statusReason": record.statusReason = try reader.readOptionalString()
            case "accessToken": record.accessToken = try reader.readOptionalString()
            case "accessTokenExpiresAt": record.accessTokenExpiresAt = try reader.readOptionalDate()
            case "refreshToken": record.refreshToken = try reader.readOptionalString()
            case "funcInfo": funcInfo = try reader.readIntArray()
            case "info": record.info = reader.readNull() ? nil : try AccountInfo(json: &reader)
            case "ref": record.ref = try reader.readOptionalString()
            case "authorizedAt": record.authorizedAt = try reader.readOptionalDate()
            case "updatedAt": updatedAt = try reader.readDate()
            case "revokedAt": record.revokedAt = try reader.readOptionalDate()
            case "lastAuthorizationCodeHash": record.lastAuthorizationCodeHash = try reader.readOptionalString()
            case "lastRefreshAt": record.lastRefreshAt = try reader.readOptionalDate()
            case "lastRefreshError": record.lastRefreshError = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        record.appID = try reader.required(appID, "appID")
        record.componentAppID = try reader.required(componentAppID, "componentAppID")
        record.status = try reader.required(status, "status")
        record.updatedAt = try reader.required(updatedAt, "updatedAt")
        record.funcInfo = try reader.required(funcInfo, "funcInfo")
        self = record
    }
}

extension AccountInfo: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        try writer.object { writer in
            writer.member("nickName", nickName)
            writer.member("headImage", headImage)
            writer.member("userName", userName)
            writer.member("alias", alias)
            writer.member("principalName", principalName)
            writer.member("signature", signature)
            writer.member("qrcodeURL", qrcodeURL)
            writer.member("serviceType", serviceType)
            writer.member("verifyType", verifyType)
            writer.member("accountType", accountType.rawValue)
            writer.member("rawJSON", rawJSON)
            try writer.member("fetchedAt", fetchedAt)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var accountType: AccountType?, fetchedAt: Date?
        var info = AccountInfo(fetchedAt: Date(timeIntervalSinceReferenceDate: 0))
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "nickName": info.nickName = try reader.readOptionalString()
            case "headImage": info.headImage = try reader.readOptionalString()
            case "userName": info.userName = try reader.readOptionalString()
            case "alias": info.alias = try reader.readOptionalString()
            case "principalName": info.principalName = try reader.readOptionalString()
            case "signature": info.signature = try reader.readOptionalString()
            case "qrcodeURL": info.qrcodeURL = try reader.readOptionalString()
            case "serviceType": info.serviceType = try reader.readOptionalInt()
            case "verifyType": info.verifyType = try reader.readOptionalInt()
            case "accountType": accountType = try reader.readEnum(AccountType.self)
            case "rawJSON": info.rawJSON = try reader.readOptionalString()
            case "fetchedAt": fetchedAt = try reader.readDate()
            default: try reader.skipValue()
            }
        }
        info.accountType = try reader.required(accountType, "accountType")
        info.fetchedAt = try reader.required(fetchedAt, "fetchedAt")
        self = info
    }
}
