#!/usr/bin/env python3
"""Drives headless Chromium through the web console like a person would, over the Chrome
DevTools Protocol (cdp.py: a pipe, nothing but the Python standard library).

Usage: console_browser.py CHROMIUM BASE_URL ADDRESS PASSWORD SCREENSHOT_DIR
Prints one JSON object: what each step saw. Exits non-zero on a protocol failure.

Steps: the console without a session (lands on /login), log in by typing into the form and
clicking the button, the home page, the password page, the out-of-office page (dates typed
into the date fields, message, "Bật"), the usage dashboard; a PNG screenshot of each page.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

chromium, base, address, password, shots = sys.argv[1:6]
# A phone's width: the layout must work there.
b = Browser(chromium, base, shots, width=420)
seen = {"console_errors": []}


def page_state():
    return b.evaluate(
        "({path: location.pathname, title: document.title, h1: (document.querySelector('h1')||{}).textContent,"
        " text: document.body.innerText, cookie: (() => { try { return document.cookie } catch (e) { return null } })(),"
        " css: [...document.styleSheets].map(s => { try { return s.cssRules.length } catch (e) { return -1 } })})"
    )


# 1. No session: the console sends the browser to the login page.
b.go("/console/vacation")
seen["no_session"] = page_state()
b.shot("01-login")

# 2. Log in through the form.
b.type_into("#address", address)
b.type_into("#password", password)
b.click("button[type=submit]")
seen["after_login"] = page_state()
b.shot("02-home")

# 3. The password page.
b.go("/console/password")
seen["password_page"] = page_state()
b.shot("03-password")

# 4. Out-of-office with dates: the date inputs take the ISO form through .value.
b.go("/console/vacation")
b.evaluate("document.querySelector('#from').value = '2026-12-10'")
b.evaluate("document.querySelector('#to').value = '2026-12-20'")
b.type_into("#subject", "Đang đi công tác")
b.type_into("#message", "Tôi đi công tác Hà Nội đến hết 20/12/2026. Việc gấp xin gọi văn thư.")
b.click("button[value=on]")
seen["vacation_saved"] = page_state()
b.shot("04-vacation")

# 5. The usage dashboard (for a report viewer).
b.go("/console/report")
seen["report"] = page_state()
seen["report_bars"] = b.evaluate("document.querySelectorAll('svg rect.bar').length")
b.shot("05-report")

print(json.dumps(seen, ensure_ascii=False))
b.close()
