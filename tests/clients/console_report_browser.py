#!/usr/bin/env python3
"""Drives headless Chromium through the report viewer's pages of the web console, over the
Chrome DevTools Protocol on a pipe (--remote-debugging-pipe: JSON messages ended by NUL on
file descriptors 3 and 4), with the Python standard library only.

Usage: console_report_browser.py CHROMIUM BASE_URL ADDRESS PASSWORD PERIOD OUT_DIR
Prints one JSON object: what each step saw. Exits non-zero on a protocol failure.

Steps: log in through the form; the usage dashboard of STTTT for PERIOD; the exchange
register; the follow-up list; the print view (seen with the print media emulated, then
printed to OUT_DIR/bao-cao-su-dung.pdf with Page.printToPDF); the dashboard in English after
the language switch. A PNG screenshot of each page goes to OUT_DIR.
"""

import base64
import fcntl
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

chromium, base, address, password, period, out_dir = sys.argv[1:7]
os.makedirs(out_dir, exist_ok=True)


def above_ten(fd):
    # Moved above 10 so that the child's dup2 onto 3 and 4 never meets its own source.
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


cmd_r, cmd_w = (above_ten(fd) for fd in os.pipe())
ans_r, ans_w = (above_ten(fd) for fd in os.pipe())


def in_child():
    os.dup2(cmd_r, 3)
    os.dup2(ans_w, 4)


profile = tempfile.mkdtemp(prefix="govmail-report-chromium-")
browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
     "--disable-background-networking", "--disable-component-update", "--disable-sync",
     "--disable-extensions", "--hide-scrollbars", "--ignore-certificate-errors",
     "--user-data-dir=" + profile, "--remote-debugging-pipe", "--window-size=1100,900",
     "about:blank"],
    preexec_fn=in_child, close_fds=False,
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
os.close(cmd_r)
os.close(ans_w)
buffered = b""
counter = 0
queued = []


def receive(deadline):
    global buffered
    while b"\0" not in buffered:
        if time.time() > deadline:
            raise SystemExit("chromium: no answer in time")
        chunk = os.read(ans_r, 1 << 16)
        if not chunk:
            raise SystemExit("chromium closed the pipe")
        buffered += chunk
    one, buffered = buffered.split(b"\0", 1)
    return json.loads(one)


def call(method, params=None, session=None, timeout=60):
    global counter
    counter += 1
    message = {"id": counter, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(cmd_w, json.dumps(message).encode() + b"\0")
    deadline = time.time() + timeout
    while True:
        answer = receive(deadline)
        if answer.get("id") == counter:
            if "error" in answer:
                raise SystemExit(f"{method}: {answer['error']}")
            return answer.get("result", {})
        queued.append(answer)


def wait_for(name, session, timeout=60):
    deadline = time.time() + timeout
    while True:
        for i, e in enumerate(queued):
            if e.get("method") == name and e.get("sessionId") == session:
                del queued[i]
                return e
        queued.append(receive(deadline))


target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
tab = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Page.enable", session=tab)
call("Runtime.enable", session=tab)
seen = {}


def js(expression):
    result = call("Runtime.evaluate",
                  {"expression": expression, "returnByValue": True, "awaitPromise": True},
                  session=tab)
    if "exceptionDetails" in result:
        sys.stderr.write(json.dumps(seen, ensure_ascii=False)[:3000] + "\n")
        raise SystemExit(f"evaluate failed: {result['exceptionDetails']}")
    return result["result"].get("value")


def open_page(path):
    queued.clear()
    call("Page.navigate", {"url": base + path}, session=tab)
    wait_for("Page.loadEventFired", tab)


def state():
    return js("({path: location.pathname, lang: document.documentElement.lang,"
              " h1: (document.querySelector('h1')||{}).textContent, text: document.body.innerText})")


def screenshot(name):
    data = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                session=tab)["data"]
    with open(os.path.join(out_dir, name + ".png"), "wb") as f:
        f.write(base64.b64decode(data))


q = "agency=STTTT&period=" + urllib.parse.quote(period)

# Log in through the form.
open_page("/login")
for selector, text in (("#address", address), ("#password", password)):
    js(f"document.querySelector({json.dumps(selector)}).focus()")
    call("Input.insertText", {"text": text}, session=tab)
queued.clear()
js("document.querySelector('button[type=submit]').click()")
wait_for("Page.loadEventFired", tab)
seen["after_login"] = state()["path"]

open_page("/console/report?" + q)
seen["report"] = state()
seen["report_bars"] = js("document.querySelectorAll('svg rect.bar').length")
seen["download_links"] = js("[...document.querySelectorAll('.downloads a')].map(a => a.getAttribute('href'))")
screenshot("01-report")

first, last = period.split("..")
open_page(f"/console/register?from={first}&to={last}")
seen["register"] = state()
seen["register_rows"] = js("document.querySelectorAll('#register tbody tr').length")
screenshot("02-register")

open_page("/console/unused?" + q)
seen["unused"] = state()
screenshot("03-unused")

open_page("/console/report/print?" + q)
call("Emulation.setEmulatedMedia", {"media": "print"}, session=tab)
seen["print_nav_printed"] = js("getComputedStyle(document.querySelector('header')).display")
seen["print_svgs"] = js("document.querySelectorAll('svg').length")
screenshot("04-print")
call("Emulation.setEmulatedMedia", {"media": ""}, session=tab)
pdf = call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
           session=tab, timeout=120)["data"]
pdf = base64.b64decode(pdf)
with open(os.path.join(out_dir, "bao-cao-su-dung.pdf"), "wb") as f:
    f.write(pdf)
seen["pdf_pages"] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))

open_page("/console/lang?to=en&back=" + urllib.parse.quote("/console/report?" + q, safe=""))
seen["english"] = state()
screenshot("05-report-en")

print(json.dumps(seen, ensure_ascii=False))
try:
    call("Browser.close", timeout=5)
except SystemExit:
    pass
browser.wait(timeout=10)
