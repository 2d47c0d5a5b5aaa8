extension HTTPServer {
    /// Everything the server enforces, each with its default. Timeouts are wall durations on a
    /// monotonic clock; limits are bytes or counts.
    public struct Configuration: Sendable {
        /// Address to bind. Default: "127.0.0.1".
        public var host = "127.0.0.1"
        /// Port to bind; 0 picks a free port (tests). Default: 8080.
        public var port = 8080
        /// listen(2) backlog. Default: 1,024.
        public var backlog: Int32 = 1024
        /// Request line, header block and header count limits (414 / 431). Defaults: 8 KiB, 32 KiB, 100.
        public var parser = HTTPParserLimits()
        /// Body limit for routes that do not set their own (413, sent before the body is read).
        /// Default: 1,048,576 (1 MiB).
        public var defaultBodyLimit = 1024 * 1024
        /// Time to receive a whole request head, from its first byte (or from accept). 408 after.
        /// Default: 10 s.
        public var headerReadTimeout: Duration = .seconds(10)
        /// How long a keep-alive connection may sit idle between requests before it is closed.
        /// Default: 60 s.
        public var idleTimeout: Duration = .seconds(60)
        /// Time to receive a whole body once its head has arrived. 408 after. Default: 30 s.
        public var bodyReadTimeout: Duration = .seconds(30)
        /// Time a handler may take before the client gets 503 and the handler is cancelled;
        /// a route may set its own. Default: 30 s.
        public var handlerTimeout: Duration = .seconds(30)
        /// Longest a response write may make no progress before the connection is dropped. Default: 30 s.
        public var writeTimeout: Duration = .seconds(30)
        /// Most open connections. At the cap, the connection that has been reading its head the
        /// longest is shed for a newcomer; if none is, the newcomer gets 503. Default: 10,000
        /// (lowered to fit the process's open-file limit).
        public var maxConnections = 10_000
        /// Requests served on one connection before it is closed. Default: 1,000.
        public var maxRequestsPerConnection = 1000
        /// Time in-flight requests get to finish on shutdown. Default: 10 s.
        public var shutdownGracePeriod: Duration = .seconds(10)
        /// Event-loop threads. Default: the number of online processors.
        public var eventLoops = max(1, ProcessInfoCores.count)
        /// Reverse proxies whose forwarding headers are believed (client address, scheme).
        /// Default: none.
        public var trustedProxies = TrustedProxies.none
        /// `Server` header value; nil sends none. Default: nil.
        public var serverName: String? = nil

        public init() {}

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }
}

enum ProcessInfoCores {
    static var count: Int {
        let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return online > 0 ? online : 1
    }
}

import Glibc
