#!/usr/bin/env python3
"""An administrator at the web console's desk in headless Chromium (tests/console_admin_e2e.rs).

Usage: console_admin_browser.py CHROMIUM BASE_URL ADDRESS PASSWORD BAD_CSV GOOD_CSV SHOT_DIR
Prints one JSON object: what each step saw. Exits non-zero on a protocol failure.

Steps: log in through the form; the issuing page; upload BAD_CSV through the file field (as
the file picker would) and submit: the error report; upload GOOD_CSV: the issued accounts;
then the account, quarantine, queue and health pages. A PNG screenshot of each page.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

chromium, base, address, password, bad_csv, good_csv, shots = sys.argv[1:8]
b = Browser(chromium, base, shots)
seen = {}

b.go("/login")
b.type_into("#address", address)
b.type_into("#password", password)
b.click("button[type=submit]")
seen["after_login"] = b.state()

b.go("/console/admin/issue")
seen["issue"] = b.state()
b.shot("admin-01-issue")

b.choose_file("#file", bad_csv)
b.click("form[enctype='multipart/form-data'] button[type=submit]")
seen["bad"] = b.state()
seen["bad_rows"] = b.evaluate(
    "[...document.querySelectorAll('#errors tbody tr')].map(r => [...r.cells].map(c => c.innerText))"
)
b.shot("admin-02-import-errors")

b.go("/console/admin/issue")
b.choose_file("#file", good_csv)
b.click("form[enctype='multipart/form-data'] button[type=submit]")
seen["good"] = b.state()
seen["issued"] = b.evaluate(
    "[...document.querySelectorAll('#issued tbody tr')].map(r => [...r.cells].map(c => c.innerText))"
)
b.shot("admin-03-import-done")

b.go("/console/admin?q=nguyen")
seen["search"] = b.state()
b.shot("admin-04-search")

b.go("/console/admin/account?address=vanthu%40demo.gov.vn")
seen["account"] = b.state()
b.shot("admin-05-account")

for name, path in [
    ("quarantine", "/console/admin/quarantine"),
    ("queue", "/console/admin/queue"),
    ("health", "/console/admin/health"),
]:
    b.go(path)
    seen[name] = b.state()
    b.shot({"quarantine": "admin-06-quarantine", "queue": "admin-07-queue",
            "health": "admin-08-health"}[name])

print(json.dumps(seen, ensure_ascii=False))
b.close()
