import Foundation
import Synchronization
import WXOpenCore
import WXOpenSupport

/// Options shared by the store modes, and the pieces they share: the key from the environment,
/// a realistic authorizer record, process memory.
struct StoreBenchOptions {
    var values: [String: String] = [:]

    /// Parses `--name value` pairs; nil (after printing `usage`) on anything else.
    init?(_ args: [String], allowed: Set<String>, usage: String) {
        var remaining = args[...]
        while let option = remaining.popFirst() {
            guard option.hasPrefix("--"), allowed.contains(String(option.dropFirst(2))), let value = remaining.popFirst() else {
                print("usage: \(usage)")
                return nil
            }
            values[String(option.dropFirst(2))] = value
        }
    }

    func int(_ name: String, default value: Int) -> Int { values[name].flatMap(Int.init) ?? value }
    func string(_ name: String) -> String? { values[name] }
}

enum StoreBench {
    /// `WXOPEN_STORE_KEY`, as the server reads it (a key on the command line would show in `ps`).
    static func keyFromEnvironment() throws -> [UInt8]? {
        guard let base64 = ProcessInfo.processInfo.environment["WXOPEN_STORE_KEY"] else { return nil }
        return try FileStore.parseKey(base64)
    }

    /// An account about the size real ones are: WeChat-length tokens, and the raw
    /// `authorizer_info` JSON the console shows (about 1 KB).
    static func authorizer(_ number: Int, updatedAt: Date) -> AuthorizerRecord {
        let appID = appID(number)
        var record = AuthorizerRecord(appID: appID, componentAppID: "wxbenchcomponent01", updatedAt: updatedAt)
        record.accessToken = "81_" + String(repeating: "A", count: 120) + String(number)
        record.accessTokenExpiresAt = updatedAt.addingTimeInterval(7200)
        record.refreshToken = "refreshtoken@@@" + String(repeating: "r", count: 30) + String(number)
        record.funcInfo = [1, 2, 3, 4, 6, 7, 11, 15, 18, 25]
        record.info = AccountInfo(
            nickName: "测试商户\(number)", headImage: "http://wx.qlogo.cn/mmopen/\(appID)/0", userName: "gh_\(number)abcdef",
            alias: "shop\(number)", principalName: "深圳市测试科技有限公司\(number)", signature: "欢迎光临", qrcodeURL: "http://mmbiz.qpic.cn/\(appID)/0",
            serviceType: 2, verifyType: 0, accountType: number % 4 == 0 ? .miniProgram : .officialAccount,
            rawJSON: rawInfo, fetchedAt: updatedAt)
        record.ref = String(number)
        record.authorizedAt = updatedAt
        return record
    }

    static func appID(_ number: Int) -> String { String(format: "wx%016d", number) }

    private static let rawInfo = #"{"nick_name":"测试商户","head_img":"http://wx.qlogo.cn/mmopen/abc/0","service_type_info":{"id":2},"verify_type_info":{"id":0},"user_name":"gh_abcdef","principal_name":"深圳市测试科技有限公司","alias":"shop","business_info":{"open_store":0,"open_scan":0,"open_pay":0,"open_card":0,"open_shake":0},"qrcode_url":"http://mmbiz.qpic.cn/mmbiz_jpg/abc/0","signature":"欢迎光临","basic_config":{"is_phone_configured":true,"is_email_configured":true},"register_type":0,"account_status":1,"idc":1}"#
        + String(repeating: " ", count: 400)

    /// Peak resident set size of this process (`VmHWM`), in KiB.
    static func peakRSSKiB() -> Int { status("VmHWM:") }

    /// Resident set size of this process now (`VmRSS`), in KiB.
    static func rssKiB() -> Int { status("VmRSS:") }

    private static func status(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) })
        else { return -1 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Writes one line to standard output with one write(2), so concurrent lines never interleave
    /// and a line is out before the caller goes on (a kill right after cannot lose it).
    static func emit(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 { if errno == EINTR { continue } else { return } }
            offset += written
        }
    }
}

/// Counts the store's log events (compactions, truncated tails) and passes warnings on to stderr.
final class CountingSink: LogSink {
    private let counts = Mutex<[String: Int]>([:])

    func write(_ line: String) {
        if let range = line.range(of: " event=") {
            let event = line[range.upperBound...].prefix { $0 != " " }
            counts.withLock { $0[String(event), default: 0] += 1 }
        }
        if line.contains("level=warn") || line.contains("level=error") { StandardErrorSink.shared.write(line) }
    }

    func count(_ event: String) -> Int { counts.withLock { $0[event] ?? 0 } }
}

/// Hands out increasing numbers to concurrent writers.
final class NumberDispenser: Sendable {
    private let next: Atomic<Int>
    init(from start: Int) { next = Atomic(start) }
    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
