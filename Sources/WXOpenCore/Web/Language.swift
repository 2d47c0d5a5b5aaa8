import HTTPServer

/// Chinese or English, for pages. `t("中文", "English")` picks the text.
public struct Language: Sendable, Equatable {
    public let code: String

    public static let zh = Language(code: "zh")
    public static let en = Language(code: "en")

    /// How a set of pages picks its language (the configuration's `console.lang`).
    public enum Setting: String, Sendable, CaseIterable {
        /// `?lang=`, then the browser's Accept-Language.
        case auto
        case zh
        case en
    }

    public func t(_ chinese: String, _ english: String) -> String { code == "en" ? english : chinese }

    /// `setting` zh/en wins; auto follows `?lang=` and then the browser's Accept-Language
    /// (the first language it names; Chinese when it names none we have).
    public static func pick(for request: HTTPRequest, setting: Setting = .auto) -> Language {
        switch setting {
        case .zh: return .zh
        case .en: return .en
        case .auto: break
        }
        if let explicit = request.query["lang"] { return explicit.hasPrefix("en") ? .en : .zh }
        let preferences = (request.headers["Accept-Language"] ?? "").split(separator: ",").map {
            $0.split(separator: ";")[0].trimmingOWS().lowercasedASCII()
        }
        for preference in preferences {
            if preference.hasPrefix("zh") { return .zh }
            if preference.hasPrefix("en") { return .en }
        }
        return .zh
    }
}
