@testable import HTTPServer

/// Feeds `text` to a decoder (all at once, or one byte at a time) and returns every event up to
/// the first `needMore` or error. Each head gets `bodyLimit`.
func decodeEvents(_ text: String, bodyLimit: Int = 1 << 20, limits: HTTPParserLimits = HTTPParserLimits(),
                  byteAtATime: Bool = false) -> [HTTPRequestDecoder.Event] {
    var decoder = HTTPRequestDecoder(limits: limits)
    var buffer = ByteBuffer()
    var events: [HTTPRequestDecoder.Event] = []
    let bytes = Array(text.utf8)
    let pieces: [[UInt8]] = byteAtATime ? bytes.map { [$0] } : [bytes]
    for piece in pieces {
        buffer.append(contentsOf: piece)
        while true {
            let event = decoder.next(&buffer)
            switch event {
            case .needMore:
                break
            case .head:
                events.append(event)
                if let error = decoder.beginBody(limit: bodyLimit) { events.append(.error(error)); return events }
                continue
            case .complete:
                events.append(event)
                continue
            case .error:
                events.append(event)
                return events
            }
            break
        }
    }
    return events
}

/// The first error the decoder reports for `text`, or nil.
func decodeError(_ text: String, bodyLimit: Int = 1 << 20, limits: HTTPParserLimits = HTTPParserLimits()) -> HTTPParseError? {
    for case .error(let error) in decodeEvents(text, bodyLimit: bodyLimit, limits: limits) { return error }
    return nil
}

/// The completed requests (head and body text) decoded from `text`.
func decodeRequests(_ text: String, byteAtATime: Bool = false) -> [(RequestHead, String)] {
    decodeEvents(text, byteAtATime: byteAtATime).compactMap {
        if case .complete(let head, let body) = $0 { return (head, String(decoding: body, as: UTF8.self)) }
        return nil
    }
}
