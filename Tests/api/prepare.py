#!/usr/bin/env python3
"""Brings a fresh `wxopen serve` + `wxopen simulator` pair to where the API has something to
answer: waits until the platform is ready (the simulator pushes a ticket as it starts), then
authorizes the demo official account and mini program the OpenAPI document's examples name, and
waits until the platform has stored both.

    WXOPEN_API_KEY=… python3 prepare.py --base-url http://127.0.0.1:8080 --simulator-url http://127.0.0.1:8081
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

OFFICIAL_ACCOUNT = "wx8f3c2a1b5d6e7f90"
MINI_PROGRAM = "wx9b3d5f7a2c4e6b18"
WAIT_SECONDS = 60


def status(url, headers=None, body=None, method="GET"):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_for(description, check):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    sys.exit("prepare: %s within %d s: no" % (description, WAIT_SECONDS))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--simulator-url", required=True)
    args = parser.parse_args()
    key = {"Authorization": "Bearer " + os.environ["WXOPEN_API_KEY"]}

    wait_for("the platform serves", lambda: status(args.base_url + "/healthz") == 200)
    wait_for("the simulator serves", lambda: status(args.simulator_url + "/simulator/clock") == 200)
    # The simulator's first ticket push can come before the platform listened: push again until ready.
    def ready():
        if status(args.base_url + "/readyz") == 200:
            return True
        status(args.simulator_url + "/simulator/tickets/push", body=b"{}", method="POST")
        return status(args.base_url + "/readyz") == 200
    wait_for("the platform is ready", ready)
    for appid, func_ids in ((OFFICIAL_ACCOUNT, [1, 2, 3, 4, 15]), (MINI_PROGRAM, [17, 18, 19])):
        body = json.dumps({"func_ids": func_ids}).encode()
        answered = status(args.simulator_url + "/simulator/accounts/%s/authorize" % appid, body=body, method="POST",
                          headers={"Content-Type": "application/json"})
        if answered != 200:
            sys.exit("prepare: the simulator refused to authorize %s (%s)" % (appid, answered))
        wait_for("%s is stored" % appid, lambda: status(args.base_url + "/api/v1/authorizers/" + appid, headers=key) == 200)
    print("prepare: ready, %s and %s authorized" % (OFFICIAL_ACCOUNT, MINI_PROGRAM))


if __name__ == "__main__":
    main()
