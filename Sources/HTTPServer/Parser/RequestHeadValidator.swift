/// Validates a complete head (request line and field lines, CRLF-terminated) and works out the
/// body framing. Every rule that refuses a request cites the RFC clause it enforces.
struct RequestHeadValidator {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: HTTPParserLimits

    func validate(requestLine: Range<Int>, fields: Range<Int>) -> Result<RequestHead, HTTPParseError> {
        do {
            let (method, target, version) = try parseRequestLine(requestLine)
            let headers = try parseFields(fields)
            return .success(try makeHead(method: method, target: target, version: version, headers: headers))
        } catch {
            return .failure(error)
        }
    }

    // RFC 9112 §3: request-line = method SP request-target SP HTTP-version
    private func parseRequestLine(_ range: Range<Int>) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        let line = bytes[range]
        if line.contains(ByteClass.cr) { throw .bareCarriageReturn }
        // Exactly two spaces, found by index: no array of parts for every request.
        guard let firstSpace = line.firstIndex(of: ByteClass.space),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: ByteClass.space),
              !line[(secondSpace + 1)...].contains(ByteClass.space) else { throw .invalidRequestLine }
        let methodBytes = line[line.startIndex..<firstSpace], targetBytes = line[(firstSpace + 1)..<secondSpace]
        guard !methodBytes.isEmpty, !targetBytes.isEmpty else { throw .invalidRequestLine }
        guard methodBytes.allSatisfy(ByteClass.isTChar) else { throw .invalidRequestLine }
        guard targetBytes.allSatisfy(ByteClass.isTargetByte) else { throw .invalidTarget }
        let version = try parseVersion(line[(secondSpace + 1)...])
        return (HTTPMethod(bytes: methodBytes), String(decoding: targetBytes, as: UTF8.self), version)
    }

    // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT (case-sensitive)
    private func parseVersion(_ v: Slice<UnsafeBufferPointer<UInt8>>) throws(HTTPParseError) -> HTTPVersion {
        let at = v.startIndex
        guard v.count == 8, v.prefix(5).elementsEqual("HTTP/".utf8), ByteClass.isDigit(v[at + 5]), v[at + 6] == UInt8(ascii: "."),
              ByteClass.isDigit(v[at + 7]) else { throw .invalidVersion }
        let major = Int(v[at + 5] - 0x30), minor = Int(v[at + 7] - 0x30)
        guard major == 1 else { throw .unsupportedVersion }
        // RFC 9110 §2.5: a higher minor version is processed as the highest one we implement.
        return minor == 0 ? .http1_0 : .http1_1
    }

    // RFC 9112 §5: field-line = field-name ":" OWS field-value OWS
    private func parseFields(_ range: Range<Int>) throws(HTTPParseError) -> HTTPHeaders {
        var fields: [HTTPField] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            while bytes[end] != ByteClass.lf { end += 1 }
            let line = bytes[start..<(end - 1)]   // without CRLF
            start = end + 1
            // RFC 9112 §5.2: obs-fold is refused with 400.
            if let first = line.first, first == ByteClass.space || first == ByteClass.tab { throw .obsoleteLineFolding }
            guard let colon = line.firstIndex(of: ByteClass.colon) else {
                throw line.contains(ByteClass.cr) ? .bareCarriageReturn : .invalidFieldName
            }
            let name = line[line.startIndex..<colon]
            if let last = name.last, last == ByteClass.space || last == ByteClass.tab {
                // RFC 9112 §5.1: no whitespace between field name and colon; MUST reject with 400.
                throw .whitespaceBeforeColon
            }
            guard !name.isEmpty, name.allSatisfy(ByteClass.isTChar) else {
                throw name.contains(ByteClass.cr) ? .bareCarriageReturn : .invalidFieldName
            }
            var valueStart = colon + 1, valueEnd = line.endIndex
            while valueStart < valueEnd, bytes[valueStart] == ByteClass.space || bytes[valueStart] == ByteClass.tab { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == ByteClass.space || bytes[valueEnd - 1] == ByteClass.tab { valueEnd -= 1 }
            let value = bytes[valueStart..<valueEnd]
            if let bad = value.first(where: { !ByteClass.isFieldValueByte($0) }) {
                throw bad == ByteClass.cr ? .bareCarriageReturn : .invalidFieldValue
            }
            fields.append(HTTPField(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
        return HTTPHeaders(fields)
    }

    private func makeHead(method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders) throws(HTTPParseError) -> RequestHead {
        // One pass notes which of the fields that decide framing and connection handling are
        // present; the rules below read only those (most requests have Host and nothing else).
        var hosts = 0, host: String?, framingFields = false, expect = false, connection = false
        for field in headers.fields {
            let name = field.name
            switch name.utf8.count {
            case 4 where name.equalsIgnoringASCIICase("host"):
                hosts += 1
                if host == nil { host = field.value }
            case 6 where name.equalsIgnoringASCIICase("expect"): expect = true
            case 10 where name.equalsIgnoringASCIICase("connection"): connection = true
            case 14 where name.equalsIgnoringASCIICase("content-length"): framingFields = true
            case 17 where name.equalsIgnoringASCIICase("transfer-encoding"): framingFields = true
            default: break
            }
        }
        // RFC 9112 §3.2: a 1.1 request carries exactly one Host; more than one is always an error.
        if hosts > 1 { throw .multipleHosts }
        if version == .http1_1 && hosts == 0 { throw .missingHost }
        if let host, !host.utf8.allSatisfy(ByteClass.isHostByte) { throw .invalidHost }

        let framing = framingFields ? try bodyFraming(headers: headers, version: version) : .none
        if !method.isKnown { throw .unknownMethod }

        let expectations = expect ? headers.tokens("Expect") : []
        if !expectations.isEmpty && expectations != ["100-continue"] { throw .unsupportedExpectation }

        let tokens = connection ? headers.tokens("Connection") : []
        let keepAlive = version == .http1_1 ? !tokens.contains("close") : tokens.contains("keep-alive")
        return RequestHead(method: method, target: target, version: version, headers: headers, framing: framing,
                           expectsContinue: expectations == ["100-continue"], keepAlive: keepAlive)
    }

    // RFC 9112 §6.3: the rules that stop request smuggling.
    private func bodyFraming(headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) -> BodyFraming {
        let lengths = headers.values("Content-Length")
        let codings = headers.values("Transfer-Encoding")
        if !codings.isEmpty {
            // §6.1: Transfer-Encoding in a 1.0 message means the framing is faulty.
            if version == .http1_0 { throw .transferEncodingInHTTP10 }
            // §6.3 (3): both present → close after responding; we refuse outright.
            if !lengths.isEmpty { throw .contentLengthWithTransferEncoding }
            let list = codings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingOWS().lowercasedASCII() }
            guard list == ["chunked"] else { throw .unsupportedTransferCoding }
            return .chunked
        }
        guard !lengths.isEmpty else { return .none }
        // §6.3 (5): a list (`5,5`) or repeated field is invalid for us; so are signs and overflow.
        guard lengths.count == 1 else { throw .multipleContentLengths }
        let digits = lengths[0].utf8
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(ByteClass.isDigit), let length = Int(lengths[0]) else {
            throw .invalidContentLength
        }
        return length == 0 ? .none : .length(length)
    }
}
