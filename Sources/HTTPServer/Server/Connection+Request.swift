import Foundation

extension Connection {
    /// A head has arrived: route it, enforce the route's body limit before reading the body
    /// (413), and answer `100 Continue` when the client waits for it.
    func begin(_ head: RequestHead) {
        let requestID = head.headers["X-Request-Id"].flatMap { RequestID.isValid($0) ? $0 : nil } ?? loop.nextRequestID()
        current = InFlight(requestID: requestID, startedAt: loop.now, method: head.method.rawValue, keepAlive: head.keepAlive,
                           isHead: head.method == .head, version: head.version)
        let parts: RequestTarget.Parts
        do {
            parts = try RequestTarget.parse(head.target)
        } catch {
            return respondBeforeBody(error.response, head)
        }
        current?.rawPath = parts.rawPath
        // RFC 9112 §3.2.4: the asterisk-form is for OPTIONS only.
        if parts.path == "*", head.method != .options {
            return respondBeforeBody(HTTPError(.badRequest, "The request target * is only for OPTIONS.").response, head)
        }
        let router = loop.context.router
        let match = router.match(head.method, path: parts.path, segments: parts.segments)
        guard case .found(let route, let parameters) = match else {
            return respondBeforeBody(router.unroutedResponse(match, path: parts.path)!, head)
        }
        current?.route = route.pattern
        if let error = decoder.beginBody(limit: route.bodyLimit ?? configuration.defaultBodyLimit) {
            return respondToParseError(error)
        }
        pending = PendingRoute(route: route, parameters: parameters, parts: parts)
        setPhase(.readingBody, timeout: configuration.bodyReadTimeout)
        // RFC 9110 §10.1.1: send 100 only when the body has not started arriving anyway.
        if head.expectsContinue, head.version == .http1_1, head.framing != .none, buffer.isEmpty {
            output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
            flush()
        }
    }

    /// Answers without reading the body. A request without a body leaves the connection usable;
    /// otherwise its unread body would be taken for the next request, so the connection closes.
    private func respondBeforeBody(_ response: HTTPResponse, _ head: RequestHead) {
        if head.framing == .none {
            _ = decoder.beginBody(limit: 0)
            _ = decoder.next(&buffer)
        } else {
            closeAfterResponse = true
        }
        send(response)
    }

    /// The whole request is here: run its handler as a task, with the handler timeout armed.
    func dispatch(_ head: RequestHead, _ body: [UInt8]) {
        guard let pending, let current else { return }
        self.pending = nil
        let request = HTTPRequest(
            method: head.method, target: head.target, parts: pending.parts, version: head.version, headers: head.headers,
            body: body.isEmpty ? Data() : Data(body), parameters: pending.parameters, remoteAddress: remoteAddress,
            peerHost: remoteHost, requestID: current.requestID, trustedProxies: configuration.trustedProxies)
        if !configuration.trustedProxies.blocks.isEmpty, request.remoteHost != remoteHost {
            self.current?.forwardedClient = request.remoteHost
        }
        setPhase(.handling, timeout: pending.route.timeout ?? configuration.handlerTimeout)
        generation += 1
        let generation = generation
        let context = loop.context, route = pending.route, loop = loop
        // The handler starts right here on the loop thread and, if it never suspends (a health
        // check, a warm token read), finishes here too: no enqueue, no wake-up. After a suspension
        // it resumes on the global pool, and its answer comes back to this loop through `execute`.
        let task = Task.immediate { [self] in
            let response = await context.invoke(route, request)
            if loop.inEventLoop {
                handlerFinished(response, generation: generation)
            } else {
                loop.execute { self.handlerFinished(response, generation: generation) }
            }
        }
        // A handler that already finished has been answered; keep only one still running.
        if phase == .handling, self.generation == generation { handlerTask = task }
    }

    private func handlerFinished(_ response: HTTPResponse, generation: Int) {
        // A handler that outlived its timeout has already been answered with 503.
        guard generation == self.generation, phase == .handling else { return }
        handlerTask = nil
        send(response)
    }

    /// Every framing error closes the connection: what follows cannot be trusted to start a request.
    func respondToParseError(_ error: HTTPParseError) {
        current = current ?? InFlight(requestID: loop.nextRequestID(), startedAt: loop.now)
        loop.context.logger.info("http_rejected", ["request_id": current!.requestID, "remote": remoteAddress,
                                                   "status": "\(error.status.code)", "reason": error.description])
        // Once the path is known (a body over the route's limit, a broken chunk), the answer takes
        // the shape of the errors under that path (JSON under /api/), as the router's own 404 does.
        let path = current!.rawPath
        let refusal = HTTPError(error.status, error.description)
        respondAndClose(path == "-" ? refusal.response : loop.context.router.errorResponse(refusal, path: path))
    }

    func respondAndClose(_ response: HTTPResponse) {
        current = current ?? InFlight(requestID: loop.nextRequestID(), startedAt: loop.now)
        closeAfterResponse = true
        send(response)
    }
}
