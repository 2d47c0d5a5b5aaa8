import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSessionTransport {
    /// Collects each task's response and body and resumes its continuation exactly once:
    /// whichever of completion, deadline, size limit or cancellation comes first wins.
    final class Delegate: NSObject, URLSessionDataDelegate, Sendable {
        private struct Pending {
            let task: URLSessionDataTask
            let timeout: TimeInterval
            let continuation: CheckedContinuation<WeChatHTTPResponse, any Error>
            var response: HTTPURLResponse?
            var body = Data()
            var abort: Abort?
        }

        /// Why a task was cancelled before it completed; the first reason stands.
        enum Abort {
            case callerCancelled
            case failed(WeChatTransportError)
        }

        private let maxResponseBytes: Int
        private let pending = Mutex<[Int: Pending]>([:])

        init(maxResponseBytes: Int) {
            self.maxResponseBytes = maxResponseBytes
        }

        func start(_ task: URLSessionDataTask, timeout: TimeInterval,
                   continuation: CheckedContinuation<WeChatHTTPResponse, any Error>) {
            let id = task.taskIdentifier
            pending.withLock { $0[id] = Pending(task: task, timeout: timeout, continuation: continuation) }
            // Checked after registering: a cancellation that came earlier found no entry to mark,
            // and its task must not be resumed, since a cancelled task may never complete.
            if Task.isCancelled {
                pending.withLock { $0.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
                return
            }
            // URLRequest's timeout is an idle timeout; this deadline bounds the whole exchange.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in
                self?.abort(id: id, because: .failed(.timedOut(after: timeout)))
            }
            task.resume()
        }

        /// The caller's Swift task was cancelled; the task may not be registered yet.
        func cancel(_ task: URLSessionDataTask) {
            abort(id: task.taskIdentifier, because: .callerCancelled)
            task.cancel()
        }

        private func abort(id: Int, because reason: Abort) {
            let task: URLSessionDataTask? = pending.withLock { table in
                guard table[id] != nil, table[id]?.abort == nil else { return nil }
                table[id]?.abort = reason
                return table[id]?.task
            }
            task?.cancel()
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            completionHandler(nil)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
            let id = dataTask.taskIdentifier
            if response.expectedContentLength > Int64(maxResponseBytes) {
                abort(id: id, because: .failed(.responseTooLarge(limit: maxResponseBytes)))
                completionHandler(.cancel)
                return
            }
            pending.withLock { $0[id]?.response = response as? HTTPURLResponse }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let id = dataTask.taskIdentifier
            let tooLarge = pending.withLock { table -> Bool in
                guard var entry = table[id] else { return false }
                guard entry.body.count + data.count <= maxResponseBytes else { return true }
                entry.body.append(data)
                table[id] = entry
                return false
            }
            if tooLarge {
                abort(id: id, because: .failed(.responseTooLarge(limit: maxResponseBytes)))
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            guard let entry = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
            entry.continuation.resume(with: Self.outcome(of: entry, error: error))
        }

        private static func outcome(of entry: Pending, error: (any Error)?) -> Result<WeChatHTTPResponse, any Error> {
            switch entry.abort {
            case .callerCancelled: return .failure(CancellationError())
            case .failed(let reason): return .failure(reason)
            case nil: break
            }
            if let error {
                return .failure(transportError(for: error, timeout: entry.timeout))
            }
            guard let response = entry.response else {
                return .failure(WeChatTransportError.other(reason: "no HTTP response"))
            }
            var headers: [String: String] = [:]
            for (name, value) in response.allHeaderFields {
                headers[String(describing: name).lowercased()] = String(describing: value)
            }
            return .success(WeChatHTTPResponse(status: response.statusCode, headers: headers, body: entry.body))
        }

        /// Names a URL-loading failure by its code only: URLError's own description and
        /// userInfo carry the failing URL, and with it the access token.
        static func transportError(for error: any Error, timeout: TimeInterval) -> any Error {
            let nsError = error as NSError
            guard nsError.domain == NSURLErrorDomain else {
                return WeChatTransportError.other(reason: "\(nsError.domain) \(nsError.code)")
            }
            switch URLError.Code(rawValue: nsError.code) {
            case .timedOut:
                return WeChatTransportError.timedOut(after: timeout)
            case .cancelled:
                return CancellationError()
            case .cannotFindHost, .dnsLookupFailed:
                return WeChatTransportError.connectionFailed(reason: "host not found")
            case .cannotConnectToHost:
                return WeChatTransportError.connectionFailed(reason: "cannot connect to host")
            case .networkConnectionLost:
                return WeChatTransportError.connectionFailed(reason: "connection lost")
            case .notConnectedToInternet:
                return WeChatTransportError.connectionFailed(reason: "no network")
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
                return WeChatTransportError.connectionFailed(reason: "TLS handshake failed")
            default:
                return WeChatTransportError.other(reason: "URL error \(nsError.code)")
            }
        }
    }
}
