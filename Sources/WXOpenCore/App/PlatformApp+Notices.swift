extension PlatformApp {
    /// Connects the store's notices to the token managers' caches: a record another instance
    /// (or another part of this one: a push revoking an account) changed is dropped from memory,
    /// and the next read takes it from the store. The small hook each manager exposes is all the
    /// store needs to know of them.
    static func invalidateCaches(on notices: StoreNotices, platform: Platform, tokens: AuthorizerTokenManager,
                                 tickets: JSAPITicketManager) -> StoreNotices.Subscription {
        let componentTokens = platform.componentTokens
        let componentAppID = platform.componentAppID
        let ticketNamespace = JSAPITicketManager.namespace.name
        return notices.subscribe { notice in
            switch notice {
            case .authorizer(let appID):
                tokens.invalidate(appID: appID)
            case .componentToken(let appID) where appID == componentAppID:
                componentTokens.invalidate()
            case .entry(let namespace, let key) where namespace == ticketNamespace:
                tickets.invalidate(key: key)
            case .everything:
                tokens.invalidateAll()
                componentTokens.invalidate()
                tickets.invalidateAll()
            case .componentToken, .entry, .ticket:
                break
            }
        }
    }
}
