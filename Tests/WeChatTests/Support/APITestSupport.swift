import Foundation
import Synchronization
@testable import WeChat

/// Realistic-looking values for the API tests; the token shapes come from the seeds.
enum APISample {
    static let componentAppID = "wx3f5c1a2b9d8e7f60"
    static let authorizerAppID = "wxf8b4f85f3a794e77"
    static let componentTokenValue = "61W3mEpU66027wgNZ_MhGHNQDHnFATkDa9-2llqrMBjUwxRSNPbVsMmyD-yq8wZETSoE5NQgecigDrSHkPtIYA"
    static let authorizerTokenValue = "QXjUqNqfYVH0yBE1iI_7vuN_9gQbpjfK7hYwJ3P7xOa88a89-Aga5x1NMYJyB8G2yKt1KCl0nPC3W9GJzw0Zzq_dBxc8pxIGUNi_bFes0qM"
    static let refreshTokenValue = "dTo-YCXPL4llX-u1W1pPpnp8Hgm4wpJtlR6iV0doKdY"
    static let appSecretValue = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    static let ticketValue = "ticme@@@S6v2mN8fKq0yVfQ3OD8Zk5vHcQ9aQ1cO6JpLQpF0rM"
}

func makeClient(_ transport: any WeChatTransport, endpoints: WeChatEndpoints = .production,
                observer: ComponentClient.Observer? = nil) -> ComponentClient {
    ComponentClient(endpoints: endpoints, transport: transport, componentAppID: APISample.componentAppID, observer: observer)
}

/// The JSON object a request carried, or an empty one.
func bodyObject(_ request: WeChatHTTPRequest?) -> [String: Any] {
    guard let body = request?.body,
          let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [:] }
    return object
}

/// The query parameter names, in order.
func queryNames(_ request: WeChatHTTPRequest?) -> [String] {
    request?.queryItems.map(\.name) ?? []
}

/// Runs `body` and returns the WeChatAPIError it threw, or nil.
func apiError<T>(_ body: () async throws -> T) async -> WeChatAPIError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? WeChatAPIError
    }
}

/// Collects what the client reports to its observer.
final class CallRecorder: Sendable {
    private let calls = Mutex<[UpstreamCall]>([])
    var observer: ComponentClient.Observer { { [self] call in calls.withLock { $0.append(call) } } }
    var recorded: [UpstreamCall] { calls.withLock { $0 } }
}
