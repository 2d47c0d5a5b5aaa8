/// The parameters the authorization page was opened with, kept with its pre-auth code.
struct AuthorizationPageRequest: Equatable {
    var redirectURI: String
    var authType: Int?
    var bizAppID: String?
    var categoryIDs: [Int]?
}
