import HTTPServer

/// `/assets/console.js`: the console's only script, served from our origin as the CSP asks
/// (`script-src 'self'`, no inline script). Every page works without it; it adds the live sync
/// progress and copy buttons.
enum ConsoleAssets {
    static let scriptPath = "/assets/console.js"

    static func add(to router: inout Router) {
        router.get(scriptPath) { _ in Assets.asset(script, type: "text/javascript; charset=utf-8") }
    }

    static let script = """
        "use strict";
        (function () {
          // Copy buttons: shown only when a script can run, next to the read-only field they copy.
          document.querySelectorAll("button[data-copy]").forEach(function (button) {
            var field = document.getElementById(button.getAttribute("data-copy"));
            if (!field) { return; }
            button.hidden = false;
            button.addEventListener("click", function () {
              field.select();
              var done = function () { button.classList.add("copied"); };
              if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
              } else {
                document.execCommand("copy");
                done();
              }
            });
          });

          // Sync progress: poll the status every second while a run is going, without reloading.
          var panel = document.getElementById("sync");
          if (!panel) { return; }
          var url = panel.getAttribute("data-status-url");
          var names = { idle: ["未运行", "Not run yet"], running: ["进行中", "Running"], done: ["已完成", "Done"], failed: ["失败", "Failed"] };
          var english = document.documentElement.lang === "en";
          function set(id, value) {
            var element = document.getElementById(id);
            if (element) { element.textContent = String(value); }
          }
          // The server's format: China Standard Time with the offset written out.
          function time(iso) {
            if (!iso) { return "—"; }
            var d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
            function two(n) { return n < 10 ? "0" + n : String(n); }
            return d.getUTCFullYear() + "-" + two(d.getUTCMonth() + 1) + "-" + two(d.getUTCDate()) + " " +
              two(d.getUTCHours()) + ":" + two(d.getUTCMinutes()) + ":" + two(d.getUTCSeconds()) + " +08:00";
          }
          function show(status) {
            var bar = document.getElementById("sync-progress");
            bar.max = Math.max(status.total, 1);
            bar.value = Math.min(status.done, bar.max);
            ["done", "total", "added", "recovered", "flagged", "failed"].forEach(function (key) { set("sync-" + key, status[key]); });
            var name = names[status.state];
            set("sync-state", name ? name[english ? 1 : 0] : status.state);
            set("sync-started", time(status.started_at));
            set("sync-finished", time(status.finished_at));
            var error = document.getElementById("sync-error");
            if (error) {
              error.hidden = !status.error;
              error.textContent = status.error || "";
            }
            var start = document.getElementById("sync-start");
            if (start) { start.hidden = status.state === "running"; }
            panel.setAttribute("data-state", status.state);
          }
          function poll() {
            fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
              .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
              .then(function (status) {
                show(status);
                if (status.state === "running") { setTimeout(poll, 1000); }
              })
              .catch(function () { setTimeout(poll, 5000); });
          }
          if (panel.getAttribute("data-state") === "running") { setTimeout(poll, 1000); }
        })();
        """
}
