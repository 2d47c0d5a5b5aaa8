extension SimulatedAccount {
    /// WeChat's five groups of full-release test accounts (全网发布检测说明), an official account
    /// and a mini program each; the check picks one group at random. Hidden, on the test list.
    public static let fullReleaseGroups: [(officialAccount: SimulatedAccount, miniProgram: SimulatedAccount)] = [
        ("wx570bc396a51b8ff8", "gh_3c884a361561", "wxd101a85aa106f53e", "gh_8dad206e9538"),
        ("wx9252c5e0bb1836fc", "gh_c0f28a78b318", "wxc39235c15087f6f3", "gh_905ae9d01059"),
        ("wx8e1097c5bc82cde9", "gh_3f222ed8d140", "wx7720d01d4b2a4500", "gh_393666f1fdf4"),
        ("wx14550af28c71a144", "gh_26128078e9ab", "wx05d483572dcd5d8b", "gh_39abb5d4e1b7"),
        ("wxa35b9c23cfe664eb", "gh_2b3713f184a6", "wx5910277cae6fd970", "gh_7818dcb60240"),
    ].enumerated().map { index, group in
        let number = index + 1
        return (SimulatedAccount(
                    appID: group.0, userName: group.1, nickname: "全网发布测试公众号\(number)", kind: .officialAccount,
                    principalName: "深圳市腾讯计算机系统有限公司", signature: "第三方平台全网发布检测专用",
                    headImageURL: headImageURL(group.0), qrcodeURL: qrcodeURL(group.0), hidden: true, onTestList: true),
                SimulatedAccount(
                    appID: group.2, userName: group.3, nickname: "全网发布测试小程序\(number)", kind: .miniProgram,
                    principalName: "深圳市腾讯计算机系统有限公司", signature: "第三方平台全网发布检测专用",
                    headImageURL: headImageURL(group.2), qrcodeURL: qrcodeURL(group.2), serviceTypeID: 0,
                    categories: [Category(first: "工具", second: "效率")], hidden: true, onTestList: true))
    }

    /// Group 1's official account (`QUERY_AUTH_CODE` and friends come from it).
    public static var fullReleaseTestAccount: SimulatedAccount { fullReleaseGroups[0].officialAccount }

    /// Group 1's mini program.
    public static var fullReleaseTestMiniProgram: SimulatedAccount { fullReleaseGroups[0].miniProgram }

    /// The demo set: five official accounts (two with markup in their names, for escaping
    /// tests), two mini programs, and the hidden full-release test accounts of group 1 (the
    /// directory adds the other groups').
    public static let demoSet: [SimulatedAccount] = [
        official("wx8f3c2a1b5d6e7f90", "gh_5a1c7e9d2b34", "星河咖啡", "上海星河餐饮管理有限公司",
                 signature: "一杯好咖啡，从一颗好豆子开始。", serviceType: 2, verifyType: 0, alias: "xinghecoffee", onTestList: true),
        official("wx1d4b7e2a9c3f5a68", "gh_7d2e4f6a8b10", "云栖书店", "杭州云栖文化传播有限公司",
                 signature: "每周新书推荐与读书会活动。", serviceType: 0, verifyType: -1, alias: "yunqibooks"),
        official("wx6a2c9e4b1d7f3a25", "gh_3b5d7f9a1c2e", "蓝鲸健身俱乐部", "深圳蓝鲸体育发展有限公司",
                 signature: "预约私教、团课与门店查询。", serviceType: 2, verifyType: 0, alias: "bluewhalefit"),
        official("wx2e7a5c3b9d1f4e86", "gh_9c1e3a5b7d2f", #"<b>&"'测试号"#, "北京测点科技有限公司",
                 signature: "名称里带标记，用来检查转义。", serviceType: 1, verifyType: -1, alias: ""),
        official("wx4c8e1a6b3d9f2c57", "gh_6e8a2c4b9d1f", "城市生活服务号", "示例<script>alert(1)</script>科技有限公司",
                 signature: "主体名称里带脚本，用来检查转义。", serviceType: 2, verifyType: 0, alias: "citylife"),
        miniProgram("wx9b3d5f7a2c4e6b18", "gh_2a4c6e8b1d3f", "鲜果到家", "广州鲜果电子商务有限公司",
                     signature: "当季水果，次日送达。", category: Category(first: "商家自营", second: "生鲜果蔬"), onTestList: true),
        miniProgram("wx5f1a3c7e9b2d4a63", "gh_8b1d3f5a7c9e", "易停车", "成都易停智能科技有限公司",
                     signature: "找车位、缴停车费。", category: Category(first: "交通服务", second: "停车服务")),
        fullReleaseTestAccount,
        fullReleaseTestMiniProgram,
    ]

    private static func official(
        _ appID: String, _ userName: String, _ nickname: String, _ principal: String, signature: String,
        serviceType: Int, verifyType: Int, alias: String, onTestList: Bool = false
    ) -> SimulatedAccount {
        SimulatedAccount(appID: appID, userName: userName, nickname: nickname, kind: .officialAccount,
                         principalName: principal, signature: signature, headImageURL: headImageURL(appID),
                         qrcodeURL: qrcodeURL(appID), serviceTypeID: serviceType, verifyTypeID: verifyType, alias: alias,
                         onTestList: onTestList)
    }

    private static func miniProgram(
        _ appID: String, _ userName: String, _ nickname: String, _ principal: String, signature: String,
        category: Category, onTestList: Bool = false
    ) -> SimulatedAccount {
        SimulatedAccount(appID: appID, userName: userName, nickname: nickname, kind: .miniProgram,
                         principalName: principal, signature: signature, headImageURL: headImageURL(appID),
                         qrcodeURL: qrcodeURL(appID), serviceTypeID: 0, verifyTypeID: 0, categories: [category],
                         onTestList: onTestList)
    }

    /// A numbered benchmark account, `wxsim00000001` and on; hidden from authorization pages.
    static func bulk(_ number: Int) -> SimulatedAccount {
        let digits = String(number)
        let appID = "wxsim" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
        return SimulatedAccount(
            appID: appID, userName: "gh_sim" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits,
            nickname: "压测公众号\(number)", kind: .officialAccount, principalName: "压测科技有限公司",
            signature: "", headImageURL: headImageURL(appID), qrcodeURL: qrcodeURL(appID), serviceTypeID: 2,
            verifyTypeID: 0, hidden: true)
    }

    /// A numbered benchmark mini program, `wx5e00000000000001` and on; hidden from authorization pages.
    static func bulkMiniProgram(_ number: Int) -> SimulatedAccount {
        let hex = String(number, radix: 16)
        let appID = "wx5e" + String(repeating: "0", count: max(0, 14 - hex.count)) + hex
        let digits = String(number)
        return SimulatedAccount(
            appID: appID, userName: "gh_mp" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits,
            nickname: "压测小程序\(number)", kind: .miniProgram, principalName: "压测科技有限公司", signature: "",
            headImageURL: headImageURL(appID), qrcodeURL: qrcodeURL(appID), serviceTypeID: 0, verifyTypeID: 0,
            categories: [Category(first: "工具", second: "效率")], hidden: true)
    }
}
