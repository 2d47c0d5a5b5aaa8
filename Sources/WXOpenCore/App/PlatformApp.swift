import Foundation
import HTTPServer

/// The platform server: configuration in, routes wired, HTTP server running.
public final class PlatformApp: Sendable {
    public let configuration: Configuration
    public let logger: Logger
    public let server: HTTPServer

    public init(configuration: Configuration, logger: Logger, httpConfiguration: HTTPServer.Configuration? = nil) {
        self.configuration = configuration
        self.logger = logger
        var router = Router()
        HealthRoutes.add(to: &router)
        var http = httpConfiguration ?? HTTPServer.Configuration(host: configuration.server.host, port: configuration.server.port)
        if httpConfiguration == nil, configuration.server.eventLoops > 0 { http.eventLoops = configuration.server.eventLoops }
        server = HTTPServer(configuration: http, router: router, logger: logger)
    }

    public func start() throws {
        try server.start()
    }

    public func shutdown() async {
        await server.shutdown()
    }
}
