#!/usr/bin/env python3
"""Drives headless Chromium through the web console like a person would, over the Chrome
DevTools Protocol on a pipe (--remote-debugging-pipe: JSON messages separated by NUL on
file descriptors 3 and 4), with nothing but the Python standard library.

Usage: console_browser.py CHROMIUM BASE_URL ADDRESS PASSWORD SCREENSHOT_DIR
Prints one JSON object: what each step saw. Exits non-zero on a protocol failure.

Steps: the console without a session (lands on /login), log in by typing into the form and
clicking the button, the home page, the password page, the out-of-office page (dates typed
into the date fields, message, "Bật"), the usage dashboard; a PNG screenshot of each page.
"""

import base64
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time

chromium, base, address, password, shots = sys.argv[1:6]
os.makedirs(shots, exist_ok=True)

def high(fd):
    # Moved above 10, so that the child's dup2 onto 3 and 4 never meets its own source (a
    # dup2 onto itself would keep the close-on-exec flag os.pipe sets).
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


to_chrome_r, to_chrome_w = (high(fd) for fd in os.pipe())
from_chrome_r, from_chrome_w = (high(fd) for fd in os.pipe())


def child_fds():
    # Chromium reads commands on fd 3 and writes answers on fd 4.
    os.dup2(to_chrome_r, 3)
    os.dup2(from_chrome_w, 4)


profile = tempfile.mkdtemp(prefix="govmail-chromium-")
browser = subprocess.Popen(
    [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--ignore-certificate-errors",
        "--user-data-dir=" + profile,
        "--remote-debugging-pipe",
        "--window-size=420,900",
        "about:blank",
    ],
    preexec_fn=child_fds,
    close_fds=False,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
os.close(to_chrome_r)
os.close(from_chrome_w)
reader = os.fdopen(from_chrome_r, "rb")
pending = b""
next_id = 0
events = []


def read_message(deadline):
    global pending
    while b"\0" not in pending:
        if time.time() > deadline:
            raise SystemExit("chromium: no answer in time")
        chunk = os.read(from_chrome_r, 65536)
        if not chunk:
            raise SystemExit("chromium closed the pipe")
        pending += chunk
    message, pending = pending.split(b"\0", 1)
    return json.loads(message)


def send(method, params=None, session=None, timeout=30):
    global next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(to_chrome_w, json.dumps(message).encode() + b"\0")
    deadline = time.time() + timeout
    while True:
        answer = read_message(deadline)
        if answer.get("id") == next_id:
            if "error" in answer:
                raise SystemExit(f"{method}: {answer['error']}")
            return answer.get("result", {})
        events.append(answer)


def wait_event(name, session, timeout=30):
    deadline = time.time() + timeout
    while True:
        for i, e in enumerate(events):
            if e.get("method") == name and e.get("sessionId") == session:
                del events[i]
                return e
        events.append(read_message(deadline))


target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
send("Page.enable", session=session)
send("Runtime.enable", session=session)
seen = {"console_errors": []}


def progress():
    sys.stderr.write(json.dumps(seen, ensure_ascii=False)[:3000] + "\n")


def evaluate(expression):
    result = send(
        "Runtime.evaluate",
        {"expression": expression, "returnByValue": True, "awaitPromise": True},
        session=session,
    )
    if "exceptionDetails" in result:
        progress()
        raise SystemExit(f"evaluate failed: {result['exceptionDetails']}")
    return result["result"].get("value")


def loaded():
    wait_event("Page.loadEventFired", session)


def go(path):
    events.clear()
    send("Page.navigate", {"url": base + path}, session=session)
    loaded()


def shot(name):
    data = send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)["data"]
    with open(os.path.join(shots, name + ".png"), "wb") as f:
        f.write(base64.b64decode(data))


def page_state():
    return evaluate(
        "({path: location.pathname, title: document.title, h1: (document.querySelector('h1')||{}).textContent,"
        " text: document.body.innerText, cookie: (() => { try { return document.cookie } catch (e) { return null } })(),"
        " css: [...document.styleSheets].map(s => { try { return s.cssRules.length } catch (e) { return -1 } })})"
    )


def type_into(selector, text):
    # Focus the field and type as a keyboard would (Input.insertText), not by setting .value.
    evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
    evaluate(f"document.querySelector({json.dumps(selector)}).value = ''")
    send("Input.insertText", {"text": text}, session=session)


def click(selector):
    events.clear()
    evaluate(f"document.querySelector({json.dumps(selector)}).click()")
    loaded()


# 1. No session: the console sends the browser to the login page.
go("/console/vacation")
seen["no_session"] = page_state()
shot("01-login")

# 2. Log in through the form.
type_into("#address", address)
type_into("#password", password)
click("button[type=submit]")
seen["after_login"] = page_state()
shot("02-home")

# 3. The password page.
go("/console/password")
seen["password_page"] = page_state()
shot("03-password")

# 4. Out-of-office with dates: the date inputs take the ISO form through .value.
go("/console/vacation")
evaluate("document.querySelector('#from').value = '2026-12-10'")
evaluate("document.querySelector('#to').value = '2026-12-20'")
type_into("#subject", "Đang đi công tác")
type_into("#message", "Tôi đi công tác Hà Nội đến hết 20/12/2026. Việc gấp xin gọi văn thư.")
click("button[value=on]")
seen["vacation_saved"] = page_state()
shot("04-vacation")

# 5. The usage dashboard (for a report viewer).
go("/console/report")
seen["report"] = page_state()
seen["report_bars"] = evaluate("document.querySelectorAll('svg rect.bar').length")
shot("05-report")

print(json.dumps(seen, ensure_ascii=False))
try:
    send("Browser.close", timeout=5)
except SystemExit:
    pass
browser.wait(timeout=10)
