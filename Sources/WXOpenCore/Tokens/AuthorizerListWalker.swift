import WeChat

/// Pages through `api_get_authorizer_list` (500 at a time).
struct AuthorizerListWalker {
    let componentTokens: ComponentTokenManager
    let client: ComponentClient

    /// The refresh token WeChat lists for `appID`, or nil when the account is not listed.
    func refreshToken(for appID: String) async throws -> String? {
        var found: String?
        try await walk { items, _ in
            if let item = items.first(where: { $0.authorizerAppID == appID }) {
                found = item.refreshToken
                return false
            }
            return true
        }
        return found
    }

    /// One page of the list, starting at `offset`.
    func page(offset: Int) async throws -> AuthorizerList {
        let client = client
        return try await componentTokens.withToken { token in
            try await client.authorizerList(componentToken: token, offset: offset, count: ComponentClient.authorizerListPageLimit)
        }
    }

    /// Calls `page` with each page and the total; stops when it returns false or the list ends.
    func walk(_ page: ([AuthorizerList.Item], Int) async throws -> Bool) async throws {
        var offset = 0
        while true {
            let list = try await self.page(offset: offset)
            guard try await page(list.items, list.totalCount), !list.items.isEmpty else { return }
            offset += list.items.count
            if offset >= list.totalCount { return }
        }
    }
}
