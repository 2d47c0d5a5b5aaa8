/// The kinds of token refresh (the `kind` label of `wxopen_token_refreshes_total` and
/// `wxopen_token_refresh_failures_total`), and what counts as a failed one, named once for the
/// two places that count failures: the event log, which the console's dashboard counts over the
/// last 24 hours, and `/metrics`
/// (`wxopen_token_refresh_failures_total{kind}`, since the process started). Each failure writes
/// both in the same step, so they agree.
///
/// - component: an `api_component_token` call that failed (after its retries);
/// - authorizer: a refresh of an authorizer's access token that ended without one, whatever the
///   cause (WeChat's answer, no ticket yet, a refresh token that could not be recovered). A
///   refresh that recovered from 61023 and then succeeded is not a failure.
enum TokenRefreshes {
    static let component = "component"
    static let authorizer = "authorizer"
    static let componentFailedEvent = "token.component_failed"
    static let authorizerFailedEvent = "token.refresh_failed"
    static let failureEvents: Set<String> = [componentFailedEvent, authorizerFailedEvent]
    static let componentRefreshedEvent = "token.component_refreshed"
    static let authorizerRefreshedEvent = "token.refreshed"
    /// The refreshes that succeeded, both kinds (the console's refresh chart).
    static let refreshedEvents: Set<String> = [componentRefreshedEvent, authorizerRefreshedEvent]
}
