import HTTPServer
import WXOpenSupport

/// What `/admin` answers when no administrator is configured: the console is off, and this is
/// how to turn it on. 503, since the console exists but is not available in this configuration.
enum ConsoleOffPage {
    static func response(_ language: Language) -> HTTPResponse {
        let title = language.t("控制台未开启", "The console is off")
        let body = HTMLFragment(raw: """
            <main class="narrow"><div class="card warn" id="console-off">
            <h1>\(HTML.escape(title))</h1>
            <p>\(language.t("配置中没有管理员帐号，所以运营控制台没有开启。开启方法：",
                            "No administrator is configured, so the operator console is off. To turn it on:"))</p>
            <ol>
            <li>\(language.t("生成密码哈希：", "Hash a password:")) <code>wxopen hash-password</code> \
            \(language.t("（从标准输入读取密码，输出 <code>pbkdf2-sha256$…</code>）", "(reads the password from standard input and prints <code>pbkdf2-sha256$…</code>)"))</li>
            <li>\(language.t("在配置文件中加入", "Add to the configuration file")) \
            <code>"admin": {"username": "admin", "passwordHash": "pbkdf2-sha256$…"}</code>\
            \(language.t("；也可以只在文件中写 <code>username</code>，把哈希放在环境变量",
                          "; or write only the <code>username</code> there and put the hash in the environment variable")) \
            <code>WXOPEN_ADMIN_PASSWORD_HASH</code>\(language.t("中（环境变量优先于文件）。", " (the environment wins over the file)."))</li>
            <li>\(language.t("重启 wxopen，然后打开", "Restart wxopen and open")) <code>/admin</code>\(language.t("。", "."))</li>
            </ol>
            </div></main>
            """)
        return Page(title: title, language: language.code, body: body).response(status: .serviceUnavailable)
    }
}
