import Foundation
import Testing
import WeChat
@testable import WeChatSimulator

@Suite struct SimulatorConfigurationTests {
    @Test func demoSet_HasOfficialAccountsMiniProgramsAndMarkupNames() {
        let visible = SimulatedAccount.demoSet.filter { !$0.hidden }
        #expect(visible.filter { $0.kind == .officialAccount }.count == 5)
        #expect(visible.filter { $0.kind == .miniProgram }.count == 2)
        #expect(visible.contains { $0.nickname == #"<b>&"'测试号"# })
        #expect(visible.contains { $0.principalName.contains("<script>alert(1)</script>") })
        #expect(SimulatedAccount.demoSet.allSatisfy { $0.headImageURL.hasPrefix("https://") && $0.qrcodeURL.hasPrefix("https://") })
        #expect(Set(SimulatedAccount.demoSet.map(\.appID)).count == SimulatedAccount.demoSet.count)
        #expect(SimulatedAccount.demoSet.allSatisfy { $0.appID.count == 18 && $0.userName.hasPrefix("gh_") })
    }

    @Test func demoSet_HidesTheFullReleaseTestAccount() {
        let test = SimulatedAccount.demoSet.first { $0.appID == "wx570bc396a51b8ff8" }
        #expect(test?.userName == "gh_3c884a361561")
        #expect(test?.hidden == true)
    }

    @Test func demo_DerivesURLsFromThePlatform() {
        let configuration = SimulatorConfiguration.demo(platformBaseURL: URL(string: "http://platform.test:8080/")!)
        #expect(configuration.eventURL.absoluteString == "http://platform.test:8080/wechat/component/events")
        #expect(configuration.messageURL(for: "wx570bc396a51b8ff8")?.absoluteString
            == "http://platform.test:8080/wechat/messages/wx570bc396a51b8ff8")
        #expect(configuration.authorizationDomains == ["platform.test"])
        #expect(EncodingAESKey.validate(configuration.encodingAESKey) == nil)
        #expect(configuration.ticketInterval == 600)
        #expect(configuration.tokenLifetime == 7200)
        #expect(configuration.rotateRefreshTokens)
    }

    @Test func load_OverridesTheDemo_FromAJSONFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).json").path
        try Data("""
            {"port": 9555, "platform_base_url": "http://demo.test:8080", "ticket_interval": 0,
             "rotate_refresh_tokens": false,
             "accounts": [{"appid": "wx1111111111111111", "user_name": "gh_111111111111", "nickname": "测试", "kind": "mini_program"}]}
            """.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try SimulatorConfiguration.load(jsonFile: path)
        #expect(configuration.port == 9555)
        #expect(configuration.eventURL.absoluteString == "http://demo.test:8080/wechat/component/events")
        #expect(configuration.ticketInterval == 0)
        #expect(!configuration.rotateRefreshTokens)
        #expect(configuration.accounts.map(\.appID) == ["wx1111111111111111"])
        #expect(configuration.accounts.first?.serviceTypeID == 0)
        #expect(configuration.componentAppID == SimulatorConfiguration.Demo.componentAppID)
    }

    @Test func start_Throws_ForAnInvalidEncodingAESKey() {
        var configuration = SimulatorConfiguration.demo(port: 0)
        configuration.encodingAESKey = "short"
        let simulator = WeChatSimulator(configuration: configuration, logger: .discard)
        #expect(throws: SimulatorError.invalidConfiguration("EncodingAESKey must be 43 characters, found 5")) {
            try simulator.start()
        }
    }

    @Test func accounts_AlwaysIncludeTheFullReleaseTestAccounts() {
        let directory = AccountDirectory([SimulatedAccount.demoSet[0]])
        // All five groups: the check picks one at random.
        #expect(directory.all.map(\.appID) == ["wx8f3c2a1b5d6e7f90", "wx570bc396a51b8ff8", "wxd101a85aa106f53e", "wx9252c5e0bb1836fc",
                                                "wxc39235c15087f6f3", "wx8e1097c5bc82cde9", "wx7720d01d4b2a4500", "wx14550af28c71a144",
                                                "wx05d483572dcd5d8b", "wxa35b9c23cfe664eb", "wx5910277cae6fd970"])
    }

    @Test func openID_DiffersPerAccount_AndLooksLikeWeChats() {
        let user = SimulatedUser.demoSet[0]
        let a = user.openID(for: "wx8f3c2a1b5d6e7f90"), b = user.openID(for: "wx1d4b7e2a9c3f5a68")
        #expect(a != b)
        #expect(a.count == 28 && a.hasPrefix("o"))
        #expect(a == user.openID(for: "wx8f3c2a1b5d6e7f90"))
    }
}
