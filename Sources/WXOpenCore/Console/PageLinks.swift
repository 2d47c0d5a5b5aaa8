import WXOpenSupport

/// Previous and next, and numbered links to the first page, the last, and two either side of
/// the current one (gaps shown as an ellipsis): a handful of links however many pages there are.
enum PageLinks {
    /// The page numbers to show, nil for a gap, ascending.
    static func numbers(current: Int, count: Int) -> [Int?] {
        guard count > 1 else { return [] }
        let shown = Set([1, count] + Array(max(1, current - 2) ... min(count, current + 2)))
        var result: [Int?] = []
        for number in shown.sorted() {
            if let last = result.last ?? nil, number > last + 1 { result.append(nil) }
            result.append(number)
        }
        return result
    }

    /// - Parameter link: the URL of page `n` (not yet escaped).
    static func render(current: Int, count: Int, _ language: Language, link: (Int) -> String) -> String {
        guard count > 1 else { return "" }
        var parts: [String] = []
        if current > 1 {
            parts.append("<a class=\"button secondary\" id=\"previous-page\" rel=\"prev\" href=\"\(HTML.escape(link(current - 1)))\">\(language.t("上一页", "Previous"))</a>")
        }
        for number in numbers(current: current, count: count) {
            guard let number else { parts.append("<span class=\"gap\">…</span>"); continue }
            if number == current {
                parts.append("<span class=\"page current\" aria-current=\"page\">\(number)</span>")
            } else {
                parts.append("<a class=\"page\" href=\"\(HTML.escape(link(number)))\">\(number)</a>")
            }
        }
        if current < count {
            parts.append("<a class=\"button secondary\" id=\"next-page\" rel=\"next\" href=\"\(HTML.escape(link(current + 1)))\">\(language.t("下一页", "Next"))</a>")
        }
        return "<nav class=\"pager\" id=\"pager\" aria-label=\"\(language.t("分页", "Pages"))\">\(parts.joined(separator: " "))</nav>"
    }
}
