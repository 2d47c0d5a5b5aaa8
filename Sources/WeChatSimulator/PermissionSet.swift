import Foundation

/// WeChat's permission sets (权限集, `func_info` ids) as the authorization page offers them.
public enum PermissionSet {
    /// Ids 1–8 from the seed document, then mini-program sets.
    public static let names: [Int: String] = [
        1: "消息管理权限", 2: "用户管理权限", 3: "帐号服务权限", 4: "网页服务权限",
        5: "微信小店权限", 6: "微信多客服权限", 7: "业务通知权限", 8: "微信卡券权限",
        17: "小程序帐号管理权限", 18: "小程序开发管理与数据分析权限", 19: "小程序客服消息管理权限",
    ]

    /// What the page offers, in this order.
    public static let offered = [1, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19]

    public static let officialAccountDefaults = [1, 2, 3, 4, 5, 6, 7, 8]
    public static let miniProgramDefaults = [17, 18, 19]

    /// The sets an authorization grants when none are chosen.
    static func defaults(for kind: SimulatedAccount.Kind) -> [Int] {
        kind == .miniProgram ? miniProgramDefaults : officialAccountDefaults
    }

    /// An id without a known name is shown as its number, never dropped.
    public static func name(_ id: Int) -> String { names[id] ?? "权限集 \(id)" }

    static func isMiniProgramSet(_ id: Int) -> Bool { (17...19).contains(id) }

    /// Messages and menus: needed to send customer-service messages.
    static let messages = 1
    /// A mini program's customer-service messages: what its part of the full-release check needs.
    static let miniProgramCustomerService = 19
    /// A mini program's development management (code, reviews, releases, domains).
    static let miniProgramDevelopment = 18
    /// Web authorization on behalf of an official account.
    static let webAuthorization = 4

    /// Parses `category_id_list` (`1|2|4`); nil when absent or not all numbers.
    static func parseList(_ text: String?) -> [Int]? {
        guard let text, !text.isEmpty else { return nil }
        let ids = text.split(separator: "|").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard ids.allSatisfy({ $0 != nil }) else { return nil }
        return ids.compactMap { $0 }
    }
}
