import HTTPServer
import WXOpenSupport

/// The simulator's pages: plain HTML that works without JavaScript, every dynamic value
/// escaped (account names in the demo set carry markup on purpose).
enum HTMLPage {
    /// A whole document; `body` must already be escaped where needed.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#191919}
        h1{font-size:1.3rem}fieldset{border:1px solid #e5e5e5;border-radius:6px;margin:1rem 0}
        label{display:block;padding:.35rem 0}.meta{color:#888;font-size:.85rem}
        button{background:#07c160;color:#fff;border:0;border-radius:4px;padding:.6rem 1.6rem;font-size:1rem}
        button.danger{background:#fa5151}.error{color:#fa5151}.notice{background:#f7f7f7;padding:.8rem;border-radius:6px}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem;text-align:left;font-size:.9rem}
        </style>
        </head>
        <body>
        <p class="meta">微信模拟器 · WeChat simulator</p>
        \(body)
        </body>
        </html>
        """
    }

    /// WeChat's error page: HTTP 200, as WeChat serves its error pages.
    static func error(_ title: String, _ message: String) -> HTTPResponse {
        .html(document(title: title, body: """
            <h1 class="error">\(HTML.escape(title))</h1>
            <p class="notice">\(HTML.escape(message))</p>
            """))
    }
}
