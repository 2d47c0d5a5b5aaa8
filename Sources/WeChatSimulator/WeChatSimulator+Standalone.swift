import Foundation
import HTTPServer
import Synchronization
import WXOpenSupport

extension WeChatSimulator {
    /// `wxopen simulator`: starts a simulator on the system clock, logs
    /// `simulator_listening url=…`, serves until SIGTERM or SIGINT, then shuts down.
    /// Throws when the configuration is invalid or the address cannot be bound.
    public static func runStandalone(configuration: SimulatorConfiguration, logger: Logger = Logger()) async throws {
        let simulator = WeChatSimulator(configuration: configuration, clock: SystemClock(), logger: logger)
        try simulator.start()
        logger.info("simulator_listening", [
            "url": simulator.baseURL.absoluteString, "component_appid": configuration.componentAppID,
            "event_url": configuration.eventURL.absoluteString, "console": simulator.baseURL.absoluteString + "/simulator",
        ])
        let signal: Int32 = await withCheckedContinuation { continuation in
            let once = OnceFlag()
            ProcessSignals.onTermination { signal in
                if once.claim() { continuation.resume(returning: signal) }
            }
        }
        logger.info("simulator_stopping", ["signal": "\(signal)"])
        await simulator.shutdown()
    }
}

/// True exactly once, from any thread.
private final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)
    func claim() -> Bool { !claimed.exchange(true, ordering: .relaxed) }
}
