#!/usr/bin/env python3
"""Drives headless Chromium through the report viewer's pages of the web console, over the
Chrome DevTools Protocol (cdp.py: a pipe, the Python standard library only).

Usage: console_report_browser.py CHROMIUM BASE_URL ADDRESS PASSWORD PERIOD OUT_DIR
Prints one JSON object: what each step saw. Exits non-zero on a protocol failure.

Steps: log in through the form; the usage dashboard of STTTT for PERIOD; the exchange
register; the follow-up list; the print view (seen with the print media emulated, then
printed to OUT_DIR/bao-cao-su-dung.pdf with Page.printToPDF); the dashboard in English after
the language switch. A PNG screenshot of each page goes to OUT_DIR.
"""

import base64
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

chromium, base, address, password, period, out_dir = sys.argv[1:7]
b = Browser(chromium, base, out_dir, width=1100)
seen = {}


def state():
    return b.evaluate("({path: location.pathname, lang: document.documentElement.lang,"
                      " h1: (document.querySelector('h1')||{}).textContent, text: document.body.innerText})")


q = "agency=STTTT&period=" + urllib.parse.quote(period)

# Log in through the form.
b.go("/login")
b.type_into("#address", address)
b.type_into("#password", password)
b.click("button[type=submit]")
seen["after_login"] = state()["path"]

b.go("/console/report?" + q)
seen["report"] = state()
seen["report_bars"] = b.evaluate("document.querySelectorAll('svg rect.bar').length")
seen["download_links"] = b.evaluate("[...document.querySelectorAll('.downloads a')].map(a => a.getAttribute('href'))")
b.shot("01-report")

first, last = period.split("..")
b.go(f"/console/register?from={first}&to={last}")
seen["register"] = state()
seen["register_rows"] = b.evaluate("document.querySelectorAll('#register tbody tr').length")
b.shot("02-register")

b.go("/console/unused?" + q)
seen["unused"] = state()
b.shot("03-unused")

b.go("/console/report/print?" + q)
b.page("Emulation.setEmulatedMedia", {"media": "print"})
seen["print_nav_printed"] = b.evaluate("getComputedStyle(document.querySelector('header')).display")
seen["print_svgs"] = b.evaluate("document.querySelectorAll('svg').length")
b.shot("04-print")
b.page("Emulation.setEmulatedMedia", {"media": ""})
pdf = b.page("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
           timeout=120)["data"]
pdf = base64.b64decode(pdf)
with open(os.path.join(out_dir, "bao-cao-su-dung.pdf"), "wb") as f:
    f.write(pdf)
seen["pdf_pages"] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))

b.go("/console/lang?to=en&back=" + urllib.parse.quote("/console/report?" + q, safe=""))
seen["english"] = state()
b.shot("05-report-en")

print(json.dumps(seen, ensure_ascii=False))
b.close()
