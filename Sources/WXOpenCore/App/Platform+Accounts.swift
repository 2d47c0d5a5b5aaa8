/// The account checks every call made on an account's behalf starts with.
extension Platform {
    /// The stored account, if it authorizes the platform now: 404 unknown, 409 revoked or
    /// needing re-authorization, 409 when it is known to be another kind than `kind`.
    func authorizedAccount(_ appID: String, kind: AccountType? = nil) async throws -> AuthorizerRecord {
        guard let record = try await store.authorizer(appID: appID) else { throw PlatformError.unknownAuthorizer(appID: appID) }
        guard record.status == .authorized else {
            throw PlatformError.authorizerUnavailable(appID: appID, status: record.status, reason: record.statusReason)
        }
        // An account whose details were never fetched is given the benefit of the doubt: WeChat decides.
        if let kind, record.accountType != .unknown, record.accountType != kind {
            throw APIProblem.wrongAccountType(appID, expected: kind)
        }
        return record
    }
}
