import Foundation
import WeChat
import WeChatSimulator
import WXOpenCore
import WXOpenSupport

/// `wxopen demo`: the platform and a WeChat simulator on 127.0.0.1, with freshly generated
/// credentials shared by both, and a file store under `./data/demo`. Everything a newcomer needs
/// to click through an authorization with no WeChat account.
func runDemo(_ invocation: Invocation) async throws {
    let host = invocation.options["host"] ?? "127.0.0.1"
    guard let port = Int(invocation.options["port"] ?? "8080"), (1...65534).contains(port) else {
        throw UsageError("--port must be a port number")
    }
    let dataDirectory = invocation.options["data"] ?? "data/demo"
    let storePath = dataDirectory + "/store"
    try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
    // The simulator keeps its state in memory: a store from an earlier run would hold refresh
    // tokens this simulator never issued. Start clean unless asked to keep it.
    if !invocation.flags.contains("keep") { try? FileManager.default.removeItem(atPath: storePath) }

    let platformURL = "http://\(host):\(port)"
    let simulatorPort = port + 1
    let simulatorURL = "http://\(host):\(simulatorPort)"
    let password = Base64URL.encode(Crypto.randomBytes(12))
    let (apiKey, apiKeyHash) = APIKeyAuthenticator.makeKey()
    // The sample app's backend has a key of its own, as each of the company's services would.
    let (sampleAppKey, sampleAppKeyHash) = APIKeyAuthenticator.makeKey()
    let component = Configuration.Component(
        appID: "wx" + Crypto.hex(Crypto.randomBytes(8)), appSecret: Crypto.hex(Crypto.randomBytes(16)),
        token: Base64URL.encode(Crypto.randomBytes(12)).filter { $0.isLetter || $0.isNumber },
        encodingAESKey: String(Data(Crypto.randomBytes(32)).base64EncodedString().dropLast()))

    var configuration = Configuration(component: component)
    configuration.server.host = host
    configuration.server.port = port
    configuration.server.publicBaseURL = platformURL
    configuration.platform.name = "示例第三方平台 (demo)"
    configuration.wechat.apiBaseURL = simulatorURL
    configuration.wechat.mpBaseURL = simulatorURL
    configuration.wechat.openBaseURL = simulatorURL
    configuration.store.path = storePath
    configuration.apiKeys = [.init(name: "demo", sha256: apiKeyHash), .init(name: "sample-app", sha256: sampleAppKeyHash)]
    let sampleApp = SimulatorConfiguration.SampleApp(platformBaseURL: URL(string: platformURL)!, ownBaseURL: URL(string: simulatorURL)!,
                                                     apiKey: sampleAppKey)
    // Web login on, for the simulator's sample app only.
    configuration.webLogin.returnURLPrefixes = [sampleApp.returnPrefix]
    configuration.admin = .init(username: "admin", password: password)

    var simulatorConfiguration = SimulatorConfiguration(
        componentAppID: component.appID, componentAppSecret: component.appSecret, token: component.token,
        encodingAESKey: component.encodingAESKey, eventURL: URL(string: platformURL + "/wechat/component/events")!,
        messageURLTemplate: platformURL + "/wechat/messages/$APPID$", authorizationDomains: [host, "localhost", "127.0.0.1"])
    simulatorConfiguration.host = host
    simulatorConfiguration.port = simulatorPort
    simulatorConfiguration.platformName = configuration.platform.name
    // Errors end with a rid, as WeChat's do, so the console's rid lookup has something to find.
    simulatorConfiguration.ridsInErrors = true
    // Mini program reviews approve themselves (and are pushed) after 30 s, so a rollout finishes.
    simulatorConfiguration.auditDecisionDelay = 30
    simulatorConfiguration.sampleApp = sampleApp

    let logger = Logger(level: .info)
    let app = try await PlatformApp.open(configuration: configuration, logger: logger.with(["component": "platform"]))
    // The platform listens first (the simulator pushes a ticket as it starts), and refreshes
    // once WeChat, here the simulator, is up.
    try app.start(refresh: false)
    let simulator = WeChatSimulator(configuration: simulatorConfiguration, logger: logger.with(["component": "simulator"]))
    try simulator.start()
    // A template in the library, so the console's rollout form has something to release.
    _ = simulator.createTemplate(userVersion: "1.0.0", userDesc: "demo template")
    app.startRefreshing()

    print("""

        wxopen demo is running (Ctrl-C stops it).

          Merchant start page   \(platformURL)/authorize
                                click 授权 (Authorize), pick an account on the simulated WeChat page, approve
          Operator console      \(platformURL)/admin     user: admin   password: \(password)
          Web login sample app  \(simulatorURL)/sample-app
                                after authorizing 星河咖啡 with 网页服务: log in as a WeChat user, see the redeemed identity
          Simulator             \(simulatorURL)/simulator   (accounts, revoke, push a ticket, full-release check)
          Internal API key      export WXOPEN_API_KEY=\(apiKey)
                                then: swift run wxopen authorizers   /   curl -H "Authorization: Bearer $WXOPEN_API_KEY" \(platformURL)/api/v1/authorizers
          Store                 \(storePath)  (fresh each run; --keep keeps it)

        """)
    flushStandardOutput()
    await untilTerminated(logger: logger) {
        await simulator.shutdown()
        await app.shutdown()
    }
    exit(0)
}

/// `wxopen simulator`: the WeChat simulator alone. With `--config FILE` it reads a simulator
/// configuration; otherwise it uses the demo credentials and pushes to `--url` (default
/// http://127.0.0.1:8080).
func runSimulator(_ invocation: Invocation) async throws {
    var configuration: SimulatorConfiguration
    if let path = invocation.options["config"] {
        configuration = try SimulatorConfiguration.load(jsonFile: path)
    } else {
        guard let url = URL(string: invocation.options["url"] ?? "http://127.0.0.1:8080"), url.host != nil else {
            throw UsageError("--url must be the platform's base URL, e.g. http://127.0.0.1:8080")
        }
        configuration = SimulatorConfiguration.demo(platformBaseURL: url)
    }
    if let host = invocation.options["host"] { configuration.host = host }
    if let raw = invocation.options["port"] {
        guard let port = Int(raw), (0...65535).contains(port) else { throw UsageError("--port must be a port number") }
        configuration.port = port
    }
    try await WeChatSimulator.runStandalone(configuration: configuration, logger: Logger(level: .info))
    exit(0)
}
