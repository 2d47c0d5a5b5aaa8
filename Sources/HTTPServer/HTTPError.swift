/// An error a handler throws to answer with a status; the server renders it as plain text.
/// `message` is shown to the client, so it must never hold a secret or internal detail.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var message: String
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message ?? status.reason
        self.headers = headers
    }

    public var description: String { "\(status.code) \(message)" }

    public var response: HTTPResponse {
        var response = HTTPResponse.text(message + "\n", status: status)
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }
}
