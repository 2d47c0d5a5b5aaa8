import HTTPServer

/// A refusal with its own status and code in the API's error shape, for what `PlatformError`
/// and `HTTPError` do not name: `{"error": {"code": "watermark_mismatch", "message": …}}`.
/// Messages never carry a secret, nor repeat what the request sent but an appid of WeChat's
/// shape (`PlatformError.named`).
struct APIProblem: Error, Sendable, Equatable, CustomStringConvertible {
    var status: HTTPStatus
    var code: String
    var message: String
    var wechatErrcode: Int?

    init(_ status: HTTPStatus, _ code: String, _ message: String, wechatErrcode: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.wechatErrcode = wechatErrcode
    }

    /// The message, and WeChat's errcode when it refused (what the console shows).
    var description: String { message + (wechatErrcode.map { " (WeChat errcode \($0))" } ?? "") }

    /// An account that is known to be the other kind (a mini program asked for a JS-SDK config).
    static func wrongAccountType(_ appID: String, expected: AccountType) -> APIProblem {
        let name = PlatformError.named(appID)
        return expected == .miniProgram
            ? APIProblem(.conflict, "not_mini_program", "\(name) is an official account, not a mini program")
            : APIProblem(.conflict, "not_official_account", "\(name) is a mini program: this needs an official account")
    }
}
