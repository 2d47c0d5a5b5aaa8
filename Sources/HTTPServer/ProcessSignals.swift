import Dispatch
import Glibc
import Synchronization

/// Turns the first SIGTERM or SIGINT into a call to `handler`, for graceful shutdown. A second
/// one means the operator will not wait: the process exits at once with status 1.
public enum ProcessSignals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    private static let received = Atomic<Int>(0)

    public static func onTermination(_ handler: @escaping @Sendable (Int32) -> Void) {
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if received.add(1, ordering: .relaxed).newValue == 1 {
                    handler(signalNumber)
                } else {
                    exit(1)
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}
