import Foundation
import HTTPServer

/// The stylesheet, served from our origin so the Content-Security-Policy needs no inline style.
/// (The console's script is `ConsoleAssets`.)
enum Assets {
    static func add(to router: inout Router) {
        router.get("/assets/wxopen.css") { _ in asset(stylesheet, type: "text/css; charset=utf-8") }
    }

    static func asset(_ body: String, type: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": type, "Cache-Control": "public, max-age=3600",
                                            "X-Content-Type-Options": "nosniff"], body: Data(body.utf8))
    }

    static let stylesheet = """
        :root { --fg: #1d2129; --muted: #6b7280; --line: #e5e7eb; --accent: #07c160; --accent-dark: #06ad56;
                --bad: #d93026; --warn: #b7791f; --good: #15803d; --bg: #f7f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.55 -apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Segoe UI", sans-serif;
               color: var(--fg); background: var(--bg); }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 48px; }
        .narrow { max-width: 560px; }
        h1 { font-size: 24px; margin: 8px 0 16px; } h2 { font-size: 18px; margin: 24px 0 12px; }
        a { color: #1a5fb4; } p { margin: 8px 0; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px; margin: 16px 0; }
        .muted { color: var(--muted); font-size: 13px; }
        .button, button { display: inline-block; background: var(--accent); color: #fff; border: 0; border-radius: 8px;
               padding: 10px 22px; font-size: 16px; text-decoration: none; cursor: pointer; }
        .button:hover, button:hover { background: var(--accent-dark); }
        button.secondary, .button.secondary { background: #fff; color: var(--fg); border: 1px solid var(--line); }
        button.danger { background: var(--bad); }
        .big { font-size: 18px; padding: 14px 36px; }
        .error { border-left: 4px solid var(--bad); } .ok { border-left: 4px solid var(--good); }
        .warn { border-left: 4px solid var(--warn); }
        table { width: 100%; border-collapse: collapse; background: #fff; }
        th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 14px; }
        th { color: var(--muted); font-weight: 600; background: #fafafa; }
        .pill { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px; border: 1px solid var(--line); }
        .pill.green { background: #e8f7ee; color: var(--good); border-color: #bfe6cd; }
        .pill.amber { background: #fff7e6; color: var(--warn); border-color: #f5d9a8; }
        .pill.red { background: #fdecea; color: var(--bad); border-color: #f5c2bd; }
        .avatar { width: 32px; height: 32px; border-radius: 6px; vertical-align: middle; }
        nav.top { background: #fff; border-bottom: 1px solid var(--line); }
        nav.top div { max-width: 1100px; margin: 0 auto; padding: 10px 20px; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
        nav.top a { text-decoration: none; color: var(--fg); } nav.top a.current { font-weight: 700; }
        nav.top form { margin-left: auto; }
        form.inline { display: inline; } form.filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; margin: 12px 0; }
        input, select, textarea { font: inherit; padding: 7px 9px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
        form.stacked textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 13px; }
        label { display: block; font-size: 13px; color: var(--muted); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }
        .stat { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px; }
        .stat b { display: block; font-size: 22px; }
        pre { background: #0f172a; color: #e2e8f0; padding: 12px; border-radius: 8px; overflow: auto; font-size: 12px; }
        progress { width: 100%; height: 18px; }
        code { background: #f1f5f9; padding: 1px 5px; border-radius: 4px; }
        [hidden] { display: none !important; }
        .pill { white-space: nowrap; }
        form.filters input, form.filters select { height: 38px; } form.filters button { padding: 7px 18px; font-size: 15px; height: 38px; }
        a.stat { display: block; color: inherit; text-decoration: none; } a.stat:hover { border-color: var(--accent); }
        .stat .muted { display: block; }
        button.small { font-size: 13px; padding: 4px 12px; }
        .table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 10px; }
        .nowrap { white-space: nowrap; } td.detail { word-break: break-word; max-width: 480px; }
        td.permissions { font-size: 12px; color: var(--muted); max-width: 220px; }
        .pager { display: flex; gap: 8px; margin: 14px 0; }
        form.stacked label { margin-top: 12px; } form.stacked input:not([type=checkbox]), form.stacked select { width: 100%; }
        form.stacked button { margin-top: 16px; } label.check { color: var(--fg); font-size: 14px; }
        dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
        dl.fields dt { color: var(--muted); font-size: 13px; } dl.fields dd { margin: 0; word-break: break-word; }
        .avatar.large { width: 56px; height: 56px; } .qrcode { width: 120px; height: 120px; }
        h1.account-head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
        h1.account-head .pill { font-size: 13px; font-weight: 400; }
        .actions form { margin-right: 8px; }
        .copy { display: flex; gap: 8px; } .copy input { flex: 1; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
        button.copied::after { content: " ✓"; }
        figure.qr { margin: 12px 0; width: fit-content; max-width: 100%; } figure.qr svg { display: block; max-width: 100%; height: auto; }
        .pager { align-items: center; flex-wrap: wrap; } .pager .page { padding: 4px 10px; border-radius: 6px; }
        .pager .page.current { font-weight: 700; background: #fff; border: 1px solid var(--line); } .pager .gap { color: var(--muted); }
        th a.sort { color: inherit; text-decoration: none; } th a.sort:hover { text-decoration: underline; }
        figure.chart { margin: 12px 0; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
        figure.chart svg { display: block; width: 100%; height: auto; }
        .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 8px; }
        .key.refreshes { background: #07c160; } .key.failures { background: #d93026; }
        @media (max-width: 700px) { dl.fields { grid-template-columns: 1fr; } nav.top form { margin-left: 0; } }
        """
}
