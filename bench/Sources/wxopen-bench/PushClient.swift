import Foundation
import Glibc
import WeChat
import WeChatSimulator

/// Signed, encrypted pushes as WeChat sends them, for the push benchmarks and the server crash
/// test. The credentials are the simulator's demo ones; the server under test is configured
/// with the same (see bench/crash-server.sh).
struct PushSigner: Sendable {
    typealias Demo = SimulatorConfiguration.Demo
    let crypto = MessageCrypto(token: Demo.token, encodingAESKey: try! EncodingAESKey(Demo.encodingAESKey), appID: Demo.componentAppID)

    /// `unauthorized` for `wxcrash<number>`: the server stores a revoked account before it answers.
    func unauthorized(_ number: Int) -> (path: String, body: String) {
        sign(ComponentPush.unauthorized(appID: Demo.componentAppID, createTime: Self.now(), authorizerAppID: Self.appID(number))
            .renderXML())
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// A ticket push; each number is a different ticket.
    func ticket(_ number: Int) -> (path: String, body: String) {
        sign(ComponentPush.verifyTicket(appID: Demo.componentAppID, createTime: Self.now(), ticket: "ticket@@@bench-\(number)")
            .renderXML())
    }

    static func appID(_ number: Int) -> String { "wxcrash" + String(format: "%011d", number) }

    /// A user's text to an account's message URL, as WeChat posts it.
    func message(to appID: String, userName: String, content: String, msgID: Int) -> (path: String, body: String) {
        let xml = AccountMessage.text(toUserName: userName, fromUserName: "o_bench_user", createTime: Int64(Date().timeIntervalSince1970),
                                      content: content, msgID: String(msgID)).renderXML()
        return sign(xml, path: "/wechat/messages/\(appID)", addressee: "<ToUserName><![CDATA[\(userName)]]></ToUserName>")
    }

    private func sign(_ xml: String, path: String = "/wechat/component/events",
                      addressee: String = "<AppId><![CDATA[\(Demo.componentAppID)]]></AppId>") -> (path: String, body: String) {
        let encrypt = crypto.encrypt(xml)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let nonce = String(UInt32.random(in: 1...UInt32.max))
        let signature = crypto.signature(timestamp: timestamp, nonce: nonce, encrypt: encrypt)
        return ("\(path)?timestamp=\(timestamp)&nonce=\(nonce)&encrypt_type=aes&msg_signature=\(signature)",
                "<xml>\(addressee)<Encrypt><![CDATA[\(encrypt)]]></Encrypt></xml>")
    }
}

/// One keep-alive HTTP/1.1 connection over a blocking socket: enough to drive a server hard
/// from a few threads without URLSession's overhead.
final class KeepAliveConnection {
    struct Failure: Error {}
    private let port: Int
    private var fd: Int32
    private var pending: [UInt8] = []
    /// Set when a response said `Connection: close` (the server's per-connection request cap,
    /// say): the next request opens a new connection first, as any client would.
    private var closedByServer = false

    init(port: Int) throws {
        self.port = port
        fd = try Self.connect(port: port)
    }

    deinit { close(fd) }

    private static func connect(port: Int) throws -> Int32 {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(socketFD); throw Failure() }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return socketFD
    }

    /// Sends a request and returns the status and body of the response.
    func request(_ method: String, _ path: String, body: String = "", headers: String = "") throws -> (status: Int, body: String) {
        if closedByServer {
            let fresh = try Self.connect(port: port)
            close(fd)
            fd = fresh
            pending.removeAll()
            closedByServer = false
        }
        let request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n\(headers)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        var bytes = Array(request.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure() }
            offset += written
        }
        guard let headEnd = try readUntilHeadEnd() else { throw Failure() }
        let head = String(decoding: pending[..<headEnd], as: UTF8.self)
        pending.removeFirst(headEnd + 4)
        let status = Int(head.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        closedByServer = head.split(separator: "\r\n").contains { $0.lowercased() == "connection: close" }
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        while pending.count < length { try fill() }
        let responseBody = String(decoding: pending[..<length], as: UTF8.self)
        pending.removeFirst(length)
        return (status, responseBody)
    }

    private func readUntilHeadEnd() throws -> Int? {
        while true {
            if pending.count >= 4 {
                for index in 0...(pending.count - 4) where pending[index] == 13 && pending[index + 1] == 10
                    && pending[index + 2] == 13 && pending[index + 3] == 10 { return index }
            }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure() }
        pending += chunk[..<count]
    }
}
