#!/usr/bin/env python3
"""Browser test of the operator console (issue 6), against a running `wxopen demo`.

A merchant authorizes an account through the start page and the simulator's WeChat page; a
WeChat user logs in to the demo's sample app (web login on that account, issue 16); an operator
then signs in to the console, finds the account in the list, opens it, refreshes its token, and runs a sync whose progress the page's script (/assets/console.js, under the CSP)
shows without a reload; builds an authorize link and reads its QR code back with zbarimg
(zbar-tools); then the console at scale (issue 16): searches by ref and follows a ref link,
pages with the numbered pager, sorts by name both ways, downloads the CSV export, reads the
dashboard's refresh chart, filters the events by type and time range, and runs a bulk token
refresh over a filtered selection to the end of its progress page; finally signs out. Screenshots of every
step go to the output folder. Exits non-zero on any failure, with a screenshot and the page
source of the failing step.

    python3 console_test.py --base-url http://127.0.0.1:8080 --password XXXX --output out/
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import traceback
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

# 星河咖啡, an official account of the simulator's demo set.
ACCOUNT = "wx8f3c2a1b5d6e7f90"
WAIT_SECONDS = 20
# Accounts authorized in the simulator but unknown to the platform, for the sync to find: more
# than a page of the accounts list (50), for the pager.
SYNC_ACCOUNTS = 60
# The ref the merchant's start page link carries.
REF = "browser-test"


class Failure(Exception):
    pass


def start_browser(language):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--lang=" + language):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    # Console messages, to catch anything the Content-Security-Policy blocked.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


class ConsoleTest:
    def __init__(self, driver, base_url, username, password, output):
        self.driver = driver
        self.base = base_url.rstrip("/")
        self.username = username
        self.password = password
        self.output = output
        self.wait = WebDriverWait(driver, WAIT_SECONDS)
        self.step = "start"
        # `wxopen demo` runs the simulator on the next port.
        parts = urllib.parse.urlsplit(self.base)
        self.simulator = "%s://%s:%d" % (parts.scheme, parts.hostname, parts.port + 1)

    def simulator_control(self, path, body):
        request = urllib.request.Request(self.simulator + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200:
                raise Failure("simulator control %s answered %d" % (path, response.status))

    def shot(self, name):
        path = os.path.join(self.output, name + ".png")
        self.driver.save_screenshot(path)
        print("  screenshot", path)

    def find(self, css):
        try:
            return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise Failure("%s: no visible %r on %s" % (self.step, css, self.driver.current_url))

    def begin(self, step):
        self.step = step
        print("step:", step)

    def authorize_as_merchant(self):
        self.begin("merchant authorizes %s through the start page" % ACCOUNT)
        self.driver.get(self.base + "/authorize?ref=" + REF)
        # A real click, so WeChat's page sees the start page as the Referer.
        self.find("a#authorize").click()
        radio = self.find("input[type=radio][name=authorizer_appid][value=%s]" % ACCOUNT)
        radio.click()
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        name = self.find("#account-name").text
        if not name:
            raise Failure("the success page shows no account name")
        print("  authorized:", name)
        self.shot("0-merchant-authorized")

    def web_login_sample_app(self):
        self.begin("a WeChat user logs in to the demo's sample app through web login")
        self.driver.get(self.simulator + "/sample-app")
        self.find("#account-ready")
        self.shot("0b-sample-app")
        self.find("a#login-userinfo").click()
        # WeChat's consent page (the simulator's): log in as 李娜 and allow.
        self.find("input[type=radio][name=user][value=lina]").click()
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.find("#welcome")
        nickname = self.find("#identity-nickname").text
        if nickname != "李娜":
            raise Failure("the sample app shows %r as the user, expected 李娜" % nickname)
        openid = self.find("#identity-openid").text
        if not openid.startswith("o"):
            raise Failure("the sample app shows no openid: %r" % openid)
        if not self.driver.current_url.startswith(self.simulator + "/sample-app/welcome?wxopen_ticket="):
            raise Failure("the login did not return to the sample app: %s" % self.driver.current_url)
        print("  logged in:", nickname, openid)
        self.shot("0c-sample-app-logged-in")

    def sign_in(self):
        self.begin("sign in")
        self.driver.get(self.base + "/admin")
        self.wait.until(EC.url_contains("/admin/login"))
        self.find("#username").send_keys(self.username)
        self.find("#password").send_keys(self.password)
        self.shot("1-login")
        self.find("#sign-in").click()
        self.find("#ticket")
        self.find("#account-counts")
        if self.driver.find_element(By.CSS_SELECTOR, "#count-total b").text.strip() in ("", "0"):
            raise Failure("the dashboard counts no account after the authorization")
        self.shot("2-dashboard")

    def open_account_from_list(self):
        self.begin("the account appears in the accounts list")
        self.find("nav.top a[href='/admin/authorizers']").click()
        self.find("table#accounts")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table#accounts tr[data-appid='%s']" % ACCOUNT)
        if not rows:
            raise Failure("%s is not in the accounts list" % ACCOUNT)
        self.shot("3-accounts")
        self.begin("open the account")
        rows[0].find_element(By.CSS_SELECTOR, "a.account-name").click()
        self.find("#account-name")
        if self.driver.find_element(By.CSS_SELECTOR, "#appid").text != ACCOUNT:
            raise Failure("the account page shows another appid")
        token = self.driver.find_element(By.CSS_SELECTOR, "#access-token").text
        if len(token) != 7 or not token.endswith("…"):
            raise Failure("the access token is not shown as 6 characters and an ellipsis: %r" % token)
        # The copy button is hidden until /assets/console.js runs: proof the CSP lets it run.
        self.find("button[data-copy='authorize-link']")
        self.shot("4-account")

    def refresh_token(self):
        self.begin("refresh the token now")
        self.find("#refresh-token-now").click()
        flash = self.find("#flash")
        if "ok" not in flash.get_attribute("class").split():
            raise Failure("the refresh did not succeed: %s" % flash.text)
        print("  outcome:", flash.text)
        self.shot("5-after-refresh")

    def run_sync(self):
        self.begin("run a sync; the script updates the progress without a reload")
        # Enough work, slowly enough, for the page to show a run in progress.
        self.simulator_control("/simulator/accounts/bulk", {"count": SYNC_ACCOUNTS, "authorize": True})
        self.simulator_control("/simulator/latency", {"ms": 100})
        try:
            self.find("nav.top a[href='/admin/sync']").click()
            self.find("#start-sync").click()
            self.find("#sync[data-state='running']")
            # Gone after a reload: it proves the numbers below came from the script.
            self.driver.execute_script("window.wxopenNoReload = true;")
            WebDriverWait(self.driver, 30).until(
                lambda d: d.find_element(By.CSS_SELECTOR, "#sync-done").text not in ("", "0")
                or d.find_element(By.CSS_SELECTOR, "#sync").get_attribute("data-state") != "running")
            if self.driver.find_element(By.CSS_SELECTOR, "#sync").get_attribute("data-state") == "running":
                self.shot("6-sync-running")
            try:
                WebDriverWait(self.driver, 90).until(
                    lambda d: d.find_element(By.CSS_SELECTOR, "#sync").get_attribute("data-state") in ("done", "failed"))
            except TimeoutException:
                raise Failure("the page did not show the sync finishing within 90 s")
        finally:
            self.simulator_control("/simulator/latency", {"ms": 0})
        if self.driver.find_element(By.CSS_SELECTOR, "#sync").get_attribute("data-state") != "done":
            raise Failure("the sync failed: %s" % self.driver.find_element(By.CSS_SELECTOR, "#sync-error").text)
        if self.driver.execute_script("return window.wxopenNoReload === true;") is not True:
            raise Failure("the page reloaded instead of updating in place")
        added = self.driver.find_element(By.CSS_SELECTOR, "#sync-added").text
        if added != str(SYNC_ACCOUNTS):
            raise Failure("the page shows %r accounts added, expected %d" % (added, SYNC_ACCOUNTS))
        if self.driver.find_element(By.CSS_SELECTOR, "#sync-progress").get_attribute("value") != str(SYNC_ACCOUNTS + 1):
            raise Failure("the progress bar is not full")
        self.find("#start-sync")
        self.shot("7-sync-done")

    def authorize_link_qr(self):
        self.begin("build an authorize link; its QR code reads back as the link")
        self.find("nav.top a[href='/admin/links']").click()
        ref = self.find("#ref")
        ref.clear()
        ref.send_keys("qr-check")
        self.find("#build-link").click()
        link = self.find("#link-href").text
        if "ref=qr-check" not in link:
            raise Failure("the built link lacks the ref: %r" % link)
        figure = self.find("#link-qr")
        # All of it in the viewport, or the element's screenshot is cut at the window's edge.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", figure)
        path = os.path.join(self.output, "8-link-qr.png")
        figure.screenshot(path)
        print("  screenshot", path)
        self.shot("8-links")
        decoded = subprocess.run(["zbarimg", "--raw", "-q", path], capture_output=True, text=True, timeout=60)
        if decoded.returncode != 0:
            raise Failure("zbarimg read no QR code in %s (exit %d)" % (path, decoded.returncode))
        text = decoded.stdout.rstrip("\n")
        if text != link:
            raise Failure("the QR code reads %r, the page shows %r" % (text, link))
        print("  decoded:", text)

    def account_rows(self):
        return [row.get_attribute("data-appid") for row in self.driver.find_elements(By.CSS_SELECTOR, "table#accounts tbody tr")]

    def search_by_ref(self):
        self.begin("search by ref, then follow the row's ref link to the exact ref filter")
        self.find("nav.top a[href='/admin/authorizers']").click()
        search = self.find("#q")
        search.clear()
        search.send_keys(REF)
        self.find("#search").click()
        self.wait.until(EC.url_contains("q=" + REF))
        if self.account_rows() != [ACCOUNT]:
            raise Failure("searching %r shows %r, expected only %s" % (REF, self.account_rows(), ACCOUNT))
        self.find("table#accounts a.ref").click()
        self.wait.until(EC.url_contains("ref=" + REF))
        if self.find("#ref").get_attribute("value") != REF or self.account_rows() != [ACCOUNT]:
            raise Failure("the ref filter does not show exactly %s" % ACCOUNT)
        self.shot("9-ref-filter")

    def page_through(self):
        self.begin("page through the accounts with the numbered pager")
        self.find("nav.top a[href='/admin/authorizers']").click()
        summary = self.find("#summary").text
        if "第 1 页" not in summary:
            raise Failure("the first page says %r" % summary)
        first = self.account_rows()
        if len(first) != 50:
            raise Failure("the first page has %d rows, expected 50" % len(first))
        self.find("#pager span.page.current")
        self.find("#next-page").click()
        self.wait.until(EC.url_contains("page=2"))
        second = self.account_rows()
        if not second or set(first) & set(second):
            raise Failure("page 2 repeats accounts of page 1 or is empty")
        if "第 2 页（第 51–" not in self.find("#summary").text:
            raise Failure("page 2 says %r" % self.find("#summary").text)
        self.shot("10-page-2")
        self.find("#pager a.page").click()  # page 1 again, by its number
        self.wait.until(lambda d: "page=" not in d.current_url)
        if self.account_rows() != first:
            raise Failure("page 1 changed between visits")

    def sort_by_name(self):
        self.begin("sort by name, then the other way round")
        self.find("#sort-name").click()
        self.wait.until(EC.url_contains("sort=name"))
        names = [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "table#accounts a.account-name")]
        if names != sorted(names, key=lambda name: name.lower().encode()):
            raise Failure("the names are not in order: %r" % names[:10])
        if self.find("#sort-name").get_attribute("aria-sort") != "ascending":
            raise Failure("the name heading does not say ascending")
        self.find("#sort-name").click()
        self.wait.until(EC.url_contains("dir=desc"))
        reversed_names = [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "table#accounts a.account-name")]
        if reversed_names != sorted(reversed_names, key=lambda name: name.lower().encode(), reverse=True):
            raise Failure("the names are not in reverse order: %r" % reversed_names[:10])
        self.shot("11-sorted-by-name")

    def export_csv(self):
        self.begin("download the CSV export of the filtered list")
        self.driver.get(self.base + "/admin/authorizers?ref=" + REF)
        href = self.find("#export-csv").get_attribute("href")
        session = "; ".join("%s=%s" % (c["name"], c["value"]) for c in self.driver.get_cookies())
        request = urllib.request.Request(href, headers={"Cookie": session})
        with urllib.request.urlopen(request, timeout=60) as response:
            disposition = response.headers.get("Content-Disposition", "")
            kind = response.headers.get("Content-Type", "")
            text = response.read().decode("utf-8-sig")
        if not disposition.startswith("attachment;") or not kind.startswith("text/csv"):
            raise Failure("the export is not a CSV attachment: %r, %r" % (kind, disposition))
        rows = list(csv.reader(io.StringIO(text)))
        if rows[0][:4] != ["appid", "nick_name", "type", "status"] or len(rows) != 2 or rows[1][0] != ACCOUNT:
            raise Failure("the export holds %r" % rows[:3])
        if rows[1][rows[0].index("ref")] != REF:
            raise Failure("the export's ref is %r" % rows[1])
        print("  exported:", rows[1][:4])

    def refresh_chart(self):
        self.begin("the dashboard's chart shows the refreshes of the last 48 hours")
        self.find("nav.top a[href='/admin']").click()
        chart = self.find("#refresh-chart svg")
        bars = chart.find_elements(By.CSS_SELECTOR, "rect.refreshes")
        if not bars:
            raise Failure("the chart shows no refresh, though the token was refreshed")
        counted = sum(int(bar.get_attribute("data-count")) for bar in bars)
        if counted < 1:
            raise Failure("the chart's bars count %d refreshes" % counted)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", chart)
        self.shot("12-refresh-chart")
        print("  refreshes in the chart:", counted, "summary:", self.find("#chart-summary").text)

    def events_by_range(self):
        self.begin("events: token events of the last hour")
        self.find("nav.top a[href='/admin/events']").click()
        Select(self.find("#kind")).select_by_value("token.")
        self.find("#filter-events").click()
        self.wait.until(EC.url_contains("kind=token."))
        self.find("#range-1h").click()
        self.wait.until(EC.url_contains("from="))
        kinds = [code.text for code in self.driver.find_elements(By.CSS_SELECTOR, "table#events tbody td:nth-child(2) code")]
        if not kinds or any(not kind.startswith("token.") for kind in kinds):
            raise Failure("the last hour's token events are %r" % kinds)
        if not self.find("#from").get_attribute("value"):
            raise Failure("the time range is not kept in the form")
        self.shot("13-events-last-hour")

    def bulk_refresh(self):
        self.begin("bulk refresh the tokens of a filtered selection, with progress")
        self.driver.get(self.base + "/admin/authorizers?ref=" + REF)
        before = self.driver.find_element(By.CSS_SELECTOR, "tr[data-appid='%s'] td:nth-child(7)" % ACCOUNT).text
        self.find("#bulk-refresh-tokens").click()
        if self.find("#bulk-count").text != "1":
            raise Failure("the confirmation counts %r accounts, expected 1" % self.find("#bulk-count").text)
        self.shot("14-bulk-confirm")
        self.find("#start-bulk").click()
        self.wait.until(EC.url_matches(r"/admin/bulk/\d+$"))
        try:
            # The page reloads itself every 2 s while the run goes on.
            WebDriverWait(self.driver, 60, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: d.find_element(By.CSS_SELECTOR, "#bulk").get_attribute("data-state") != "running")
        except TimeoutException:
            raise Failure("the bulk refresh did not finish within 60 s")
        state = self.find("#bulk").get_attribute("data-state")
        done, failed, total = (self.find("#bulk-" + key).text for key in ("done", "failed", "total"))
        if (state, done, failed, total) != ("done", "1", "0", "1"):
            raise Failure("the bulk refresh ended %s with %s done, %s failed of %s" % (state, done, failed, total))
        self.shot("15-bulk-done")
        print("  bulk refresh:", done, "done of", total, "(token expiry before:", before + ")")

    def sign_out(self):
        self.begin("sign out")
        self.find("#logout").click()
        self.find("#login-form")
        self.driver.get(self.base + "/admin/authorizers")
        self.wait.until(EC.url_contains("/admin/login"))

    def check_console_log(self):
        self.begin("no script or style was blocked")
        blocked = [entry["message"] for entry in self.driver.get_log("browser")
                   if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]
        if blocked:
            raise Failure("the browser blocked: " + "; ".join(blocked))

    def run(self):
        self.authorize_as_merchant()
        self.web_login_sample_app()
        self.sign_in()
        self.open_account_from_list()
        self.refresh_token()
        self.run_sync()
        self.authorize_link_qr()
        self.search_by_ref()
        self.page_through()
        self.sort_by_name()
        self.export_csv()
        self.refresh_chart()
        self.events_by_range()
        self.bulk_refresh()
        self.check_console_log()
        self.sign_out()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument("--output", default=os.environ.get("TEST_OUTPUT_DIR", os.path.join(os.path.dirname(__file__), "output")))
    parser.add_argument("--language", default="zh-CN")
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)

    driver = start_browser(args.language)
    test = ConsoleTest(driver, args.base_url, args.username, args.password, args.output)
    try:
        test.run()
    except Exception as error:  # any failure: keep what the browser saw
        print("FAILED at step %r: %s" % (test.step, error), file=sys.stderr)
        if not isinstance(error, Failure):
            traceback.print_exc()
        try:
            test.shot("failure")
            with open(os.path.join(args.output, "failure.html"), "w", encoding="utf-8") as page:
                page.write(driver.page_source)
        except Exception:
            pass
        return 1
    finally:
        driver.quit()
    print("console browser test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
