import Foundation
import WXOpenSupport

/// Calls WeChat's third-party-platform API for one component (第三方平台).
///
/// Every answer's errcode is read before anything else; a non-zero errcode becomes
/// `WeChatAPIError.wechat` with operator guidance. The client keeps no state: which token to
/// use, caching and retries belong to the caller, which `WeChatAPIError.kind` lets it decide.
public struct ComponentClient: Sendable {
    public typealias Observer = @Sendable (UpstreamCall) -> Void

    public let endpoints: WeChatEndpoints
    public let transport: any WeChatTransport
    public let componentAppID: String
    /// Seconds each call may take in all. Default: 10.
    public let timeout: TimeInterval
    /// Told about every finished call, successful or not.
    public let observer: Observer?

    public init(endpoints: WeChatEndpoints = .production, transport: any WeChatTransport, componentAppID: String,
                timeout: TimeInterval = 10, observer: Observer? = nil) {
        self.endpoints = endpoints
        self.transport = transport
        self.componentAppID = componentAppID
        self.timeout = timeout
        self.observer = observer
    }

    /// Sends one call and returns its decoded answer.
    ///
    /// - Parameters:
    ///   - secrets: the credentials this call carries; scrubbed from WeChat's errmsg in case it echoes one.
    ///   - decode: reads the success shape, run only once errcode is known to be 0 or absent.
    ///   - image: for endpoints that answer success with an image (`wxa/get_qrcode`) and errors
    ///     with JSON: gets the content type and bytes of an `image/…` answer.
    func call<Response>(_ route: APIRoute, query: [(String, String)] = [], body: JSONBody? = nil,
                        secrets: [String], image: ((String, Data) -> Response)? = nil,
                        decode: (Data) throws -> Response) async throws -> Response {
        guard let request = makeRequest(route, query: query, body: body) else {
            throw WeChatAPIError.transport(endpoint: route.name, .other(reason: "request body could not be encoded"))
        }
        let clock = ContinuousClock()
        let start = clock.now
        var errcode: Int?
        var httpStatus: Int?
        defer {
            observer?(UpstreamCall(endpoint: route.name, errcode: errcode, httpStatus: httpStatus,
                                   duration: Self.seconds(start.duration(to: clock.now))))
        }

        let response: WeChatHTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as WeChatTransportError {
            throw WeChatAPIError.transport(endpoint: route.name, error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw WeChatAPIError.transport(endpoint: route.name, .other(reason: "\(type(of: error))"))
        }
        httpStatus = response.status
        guard response.status == 200 else {
            throw WeChatAPIError.unexpectedStatus(endpoint: route.name, status: response.status)
        }
        if let image, let type = response.headers["content-type"], type.lowercased().hasPrefix("image/") {
            errcode = 0
            return image(type, response.body)
        }

        let status: WeChatStatus
        do {
            status = try JSONDecoder().decode(WeChatStatus.self, from: response.body)
        } catch {
            throw WeChatAPIError.malformedBody(endpoint: route.name, detail: Self.detail(error))
        }
        if let code = status.errcode, code != 0 {
            errcode = code
            throw WeChatAPIError.wechat(endpoint: route.name, errcode: code,
                                        errmsg: Self.sanitize(status.errmsg ?? "", secrets: secrets))
        }

        do {
            let value = try decode(response.body)
            errcode = 0
            return value
        } catch {
            throw WeChatAPIError.malformedBody(endpoint: route.name, detail: Self.detail(error))
        }
    }

    /// A decoder for `call`'s `decode` parameter.
    static func json<T: Decodable>(_ type: T.Type) -> (Data) throws -> T {
        { try JSONDecoder().decode(T.self, from: $0) }
    }

    /// For endpoints that answer only `{"errcode":0,"errmsg":"ok"}`.
    static func ignoringBody(_ data: Data) throws {}

    private func makeRequest(_ route: APIRoute, query: [(String, String)], body: JSONBody?) -> WeChatHTTPRequest? {
        let url = WeChatEndpoints.url(endpoints.apiBaseURL, path: route.path, query: query)
        guard let body else {
            return WeChatHTTPRequest(method: route.method, url: url, timeout: timeout)
        }
        let encoder = JSONEncoder()
        // Sorted keys make bodies byte-for-byte reproducible; unescaped slashes keep URLs readable.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(body) else { return nil }
        return WeChatHTTPRequest(method: route.method, url: url,
                                 headers: ["Content-Type": "application/json; charset=utf-8"], body: data, timeout: timeout)
    }

    private static func detail(_ error: any Error) -> String {
        (error as? DecodingError)?.pathDetail ?? "undecodable"
    }

    /// WeChat's errmsg, made safe for logs: no secret of this call, one line, bounded length.
    private static func sanitize(_ errmsg: String, secrets: [String]) -> String {
        let scrubbed = Redaction.scrub(errmsg, removing: secrets)
        let oneLine = String(scrubbed.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return oneLine.count > 300 ? String(oneLine.prefix(300)) + "…" : oneLine
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The part every WeChat answer may carry; read before the success shape.
struct WeChatStatus: Decodable {
    let errcode: Int?
    let errmsg: String?

    private enum CodingKeys: String, CodingKey { case errcode, errmsg }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        errcode = try container.decodeLenientIntIfPresent(forKey: .errcode)
        errmsg = try? container.decodeIfPresent(String.self, forKey: .errmsg)
    }
}
