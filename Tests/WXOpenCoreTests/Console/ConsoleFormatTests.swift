import Foundation
import Testing
@testable import WXOpenCore

@Suite struct ConsoleFormatTests {
    @Test(arguments: [(0.0, "0 秒", "0 s"), (45, "45 秒", "45 s"), (3600, "1 小时", "1 h"), (3661, "1 小时 1 分钟", "1 h 1 min"),
                      (7199, "1 小时 59 分钟", "1 h 59 min"), (90_061, "1 天 1 小时", "1 d 1 h"), (-120, "2 分钟", "2 min")])
    func duration_ShowsTheTwoLargestUnits(seconds: Double, chinese: String, english: String) {
        #expect(ConsoleFormat.duration(seconds, .zh) == chinese)
        #expect(ConsoleFormat.duration(seconds, .en) == english)
    }

    @Test func time_IsChinaStandardTime_WithTheOffset() {
        #expect(ConsoleFormat.time(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15 16:00:00 +08:00")
        #expect(ConsoleFormat.time(nil) == "—")
        #expect(ConsoleFormat.timeElement(Date(timeIntervalSince1970: 1_800_000_000))
                == "<time datetime=\"2027-01-15T08:00:00Z\">2027-01-15 16:00:00 +08:00</time>")
    }

    @Test func count_GroupsThousands() {
        #expect(ConsoleFormat.count(0) == "0")
        #expect(ConsoleFormat.count(999) == "999")
        #expect(ConsoleFormat.count(100_000) == "100,000")
        #expect(ConsoleFormat.count(1_234_567) == "1,234,567")
    }

    @Test func tokenPrefix_KeepsSixCharacters() {
        #expect(ConsoleFormat.tokenPrefix("abcdefghijkl") == "abcdef…")
        #expect(ConsoleFormat.tokenPrefix(nil) == "—")
        #expect(ConsoleFormat.tokenPrefix("") == "—")
    }

    @Test func until_SaysWhenPast() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ConsoleFormat.until(now + 5400, now: now, .zh) == "还有 1 小时 30 分钟")
        #expect(ConsoleFormat.until(now - 60, now: now, .en) == "expired 1 min ago")
    }
}
