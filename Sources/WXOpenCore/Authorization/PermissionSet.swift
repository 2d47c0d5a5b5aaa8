/// Names of WeChat's permission sets (func_info / funcscope_category ids). The list grows over
/// time: an id without a name here is shown as its number, never dropped.
public enum PermissionSet {
    private static let names: [Int: (zh: String, en: String)] = [
        1: ("消息管理", "Messages & menus"),
        2: ("用户管理", "User management"),
        3: ("帐号服务", "Account management"),
        4: ("网页服务", "Web authorization"),
        5: ("微信小店", "WeChat store"),
        6: ("微信多客服", "Multi-agent customer service"),
        7: ("群发与通知", "Business notifications"),
        8: ("微信卡券", "Cards & coupons"),
        9: ("微信扫一扫", "WeChat scan"),
        10: ("微信连WIFI", "WeChat Wi-Fi"),
        11: ("素材管理", "Media management"),
        12: ("微信摇周边", "Shake nearby"),
        13: ("微信门店", "WeChat stores"),
        15: ("自定义菜单", "Custom menus"),
        17: ("获取小程序码", "Mini program codes"),
        18: ("小程序开发与数据分析", "Mini program development & analytics"),
        19: ("小程序客服管理", "Mini program customer service"),
        25: ("开放平台帐号管理", "Open platform account management"),
        30: ("小程序基本信息管理", "Mini program basic info"),
        31: ("小程序认证名称检测", "Mini program name check"),
        33: ("小程序管理", "Mini program management"),
        36: ("微信卡路里管理", "WeChat calorie"),
        37: ("附近的小程序管理", "Nearby mini programs"),
        40: ("小程序插件管理", "Mini program plug-ins"),
        41: ("好物圈管理", "Good-things circle"),
    ]

    /// The name in the given language ("zh" or "en"), or `#id` when unknown.
    public static func name(_ id: Int, language: String = "zh") -> String {
        guard let entry = names[id] else { return "#\(id)" }
        return language == "en" ? entry.en : entry.zh
    }

    public static func isKnown(_ id: Int) -> Bool { names[id] != nil }
}
