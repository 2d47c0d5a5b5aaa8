/// Turns received bytes into requests: head first (so the server can route, check the body
/// limit and answer `100 Continue` before any body byte is read), then the body.
public struct HTTPRequestDecoder: Sendable {
    public enum Event: Equatable, Sendable {
        case needMore
        /// A head has been read; call `beginBody(limit:)` before decoding further.
        case head(RequestHead)
        /// The whole request has been read.
        case complete(RequestHead, body: [UInt8])
        case error(HTTPParseError)
    }

    private enum State: Sendable {
        case head
        case awaitingLimit(RequestHead)
        case lengthBody(RequestHead, remaining: Int)
        case chunkedBody(RequestHead, ChunkedBodyDecoder)
    }

    public let limits: HTTPParserLimits
    private var headParser: RequestHeadParser
    private var state = State.head
    private var body: [UInt8] = []

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
        self.headParser = RequestHeadParser(limits: limits)
    }

    /// True between requests, before any byte of the next one (leading CRLFs aside) has arrived.
    public var isBetweenRequests: Bool {
        if case .head = state { return !headParser.hasStarted }
        return false
    }

    /// True while the body is being read.
    public var isReadingBody: Bool {
        switch state {
        case .lengthBody, .chunkedBody: true
        default: false
        }
    }

    /// Sets the body limit for the request whose head was just returned. A declared length over
    /// the limit fails here, before a single body byte is read (RFC 9110 §15.5.14).
    public mutating func beginBody(limit: Int) -> HTTPParseError? {
        guard case .awaitingLimit(let head) = state else { return nil }
        body = []
        switch head.framing {
        case .none:
            state = .lengthBody(head, remaining: 0)
        case .length(let length):
            if length > limit { return .contentTooLarge }
            body.reserveCapacity(length)
            state = .lengthBody(head, remaining: length)
        case .chunked:
            state = .chunkedBody(head, ChunkedBodyDecoder(limits: limits, bodyLimit: limit))
        }
        return nil
    }

    mutating func next(_ buffer: inout ByteBuffer) -> Event {
        switch state {
        case .head:
            let result = buffer.withReadableBytes { headParser.parse($0) }
            switch result {
            case .needMore:
                return .needMore
            case .error(let error):
                return .error(error)
            case .head(let head, let consumed):
                buffer.consume(consumed)
                headParser.reset()
                state = .awaitingLimit(head)
                return .head(head)
            }
        case .awaitingLimit:
            // No limit was set for this request: accept no body at all.
            if let error = beginBody(limit: 0) { return .error(error) }
            return next(&buffer)
        case .lengthBody(let head, let remaining):
            let take = min(remaining, buffer.readableCount)
            if take > 0 {
                buffer.withReadableBytes { body.append(contentsOf: $0[0..<take]) }
                buffer.consume(take)
            }
            if take < remaining {
                state = .lengthBody(head, remaining: remaining - take)
                return .needMore
            }
            return finish(head)
        case .chunkedBody(let head, var decoder):
            let result = buffer.withReadableBytes { bytes -> Result<Int, HTTPParseError> in
                do throws(HTTPParseError) { return .success(try decoder.decode(bytes, into: &body)) } catch { return .failure(error) }
            }
            switch result {
            case .success(let consumed): buffer.consume(consumed)
            case .failure(let error): return .error(error)
            }
            if decoder.isDone { return finish(head) }
            state = .chunkedBody(head, decoder)
            return .needMore
        }
    }

    private mutating func finish(_ head: RequestHead) -> Event {
        state = .head
        defer { body = [] }
        return .complete(head, body: body)
    }
}
