import Foundation
import WXOpenSupport

/// How the console writes times, durations, counts, tokens and statuses. Times are shown in
/// China Standard Time with the offset written out, since that is where WeChat and its
/// operators are; the `datetime` attribute keeps the exact instant.
enum ConsoleFormat {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// `2027-01-15 16:00:05 +08:00`, or an em dash for no date.
    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +08:00"
    }

    /// `2027-01-15T16:00` in China Standard Time: the value of an `<input type="datetime-local">`.
    static func localInput(_ date: Date) -> String {
        String(time(date).prefix(16)).replacingOccurrences(of: " ", with: "T")
    }

    /// What a `datetime-local` input sends (`2027-01-15T16:00`, seconds optional), read as China
    /// Standard Time like every time the console shows; nil when it is not one.
    static func parseLocalInput(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T")
        switch text.utf8.count {
        case 16: return RFC3339.parse(text + ":00+08:00")
        case 19: return RFC3339.parse(text + "+08:00")
        default: return nil
        }
    }

    /// A `<time>` element, already HTML.
    static func timeElement(_ date: Date?) -> String {
        guard let date else { return "—" }
        let iso = ISO8601DateFormatter.string(from: date, timeZone: TimeZone(secondsFromGMT: 0)!, formatOptions: [.withInternetDateTime])
        return "<time datetime=\"\(iso)\">\(time(date))</time>"
    }

    /// `3 h 20 min`, `45 s`, `2 d 1 h`: the largest unit and, when not zero, the next one.
    static func duration(_ seconds: TimeInterval, _ language: Language) -> String {
        let total = Int(abs(seconds))
        let units: [(size: Int, zh: String, en: String)] = [(86_400, "天", "d"), (3600, "小时", "h"), (60, "分钟", "min"), (1, "秒", "s")]
        func part(_ count: Int, _ unit: (size: Int, zh: String, en: String)) -> String {
            language.code == "en" ? "\(count) \(unit.en)" : "\(count) \(unit.zh)"
        }
        let first = units.firstIndex { total >= $0.size } ?? units.count - 1
        var text = part(total / units[first].size, units[first])
        if first + 1 < units.count {
            let next = units[first + 1]
            let remainder = total % units[first].size / next.size
            if remainder > 0 { text += " " + part(remainder, next) }
        }
        return text
    }

    /// `12 分钟前` / `12 min ago`.
    static func ago(_ date: Date, now: Date, _ language: Language) -> String {
        let text = duration(now.timeIntervalSince(date), language)
        return language.code == "en" ? "\(text) ago" : "\(text)前"
    }

    /// `还有 1 小时 50 分钟` / `in 1 h 50 min`, or `已过期` / `expired` when past.
    static func until(_ date: Date, now: Date, _ language: Language) -> String {
        let left = date.timeIntervalSince(now)
        guard left > 0 else { return language.t("已过期 \(duration(left, language))", "expired \(duration(left, language)) ago") }
        return language.t("还有 \(duration(left, language))", "in \(duration(left, language))")
    }

    /// `100,000`.
    static func count(_ n: Int) -> String {
        let digits = Array(String(abs(n)))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return n < 0 ? "-" + out : out
    }

    /// The first 6 characters of a token and an ellipsis: enough to tell two apart, never enough
    /// to use one.
    static func tokenPrefix(_ token: String?) -> String {
        guard let token, !token.isEmpty else { return "—" }
        return String(token.prefix(6)) + "…"
    }

    static func statusName(_ status: AuthorizerStatus, _ language: Language) -> String {
        switch status {
        case .authorized: language.t("已授权", "Authorized")
        case .revoked: language.t("已取消授权", "Revoked")
        case .needsReauthorization: language.t("需重新授权", "Needs re-authorization")
        }
    }

    static func statusPill(_ status: AuthorizerStatus, _ language: Language) -> String {
        let color = switch status {
        case .authorized: "green"
        case .needsReauthorization: "amber"
        case .revoked: "red"
        }
        return "<span class=\"pill \(color)\">\(HTML.escape(statusName(status, language)))</span>"
    }

    static func typeName(_ type: AccountType, _ language: Language) -> String {
        switch type {
        case .officialAccount: language.t("公众号", "Official account")
        case .miniProgram: language.t("小程序", "Mini program")
        case .unknown: language.t("未知", "Unknown")
        }
    }

    /// An event's outcome as the page says it; in English the word the event log stores.
    static func outcomeName(_ outcome: String, _ language: Language) -> String {
        switch outcome {
        case "ok": language.t("成功", outcome)
        case "failed": language.t("失败", outcome)
        case "rejected": language.t("已拒绝", outcome)
        case "ignored": language.t("已忽略", outcome)
        default: outcome
        }
    }

    static func outcomePill(_ outcome: String, _ language: Language) -> String {
        let color = switch outcome {
        case "ok": "green"
        case "ignored": ""
        case "rejected": "amber"
        default: "red"
        }
        return "<span class=\"pill \(color)\">\(HTML.escape(outcomeName(outcome, language)))</span>"
    }

    static func permissionNames(_ ids: [Int], _ language: Language) -> String {
        ids.map { PermissionSet.name($0, language: language.code) }.joined(separator: language.t("、", ", "))
    }
}
