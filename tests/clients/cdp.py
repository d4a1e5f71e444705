"""Headless Chromium driven over the Chrome DevTools Protocol on a pipe
(--remote-debugging-pipe: JSON messages separated by NUL on file descriptors 3 and 4), with
nothing but the Python standard library. Used by the console_*_browser.py scripts.
"""

import base64
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time


def _high(fd):
    # Moved above 10, so that the child's dup2 onto 3 and 4 never meets its own source (a
    # dup2 onto itself would keep the close-on-exec flag os.pipe sets).
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    def __init__(self, chromium, base, shots, width=1000):
        self.base = base
        self.shots = shots
        os.makedirs(shots, exist_ok=True)
        to_r, self.to_w = (_high(fd) for fd in os.pipe())
        self.from_r, from_w = (_high(fd) for fd in os.pipe())

        def child_fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        profile = tempfile.mkdtemp(prefix="govmail-chromium-")
        self.process = subprocess.Popen(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                "--ignore-certificate-errors", "--user-data-dir=" + profile,
                "--remote-debugging-pipe", f"--window-size={width},900", "about:blank",
            ],
            preexec_fn=child_fds,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_r)
        os.close(from_w)
        self.pending = b""
        self.next_id = 0
        self.events = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        self.send("Page.enable", session=self.session)
        self.send("Runtime.enable", session=self.session)
        self.send("DOM.enable", session=self.session)

    def _read(self, deadline):
        while b"\0" not in self.pending:
            if time.time() > deadline:
                raise SystemExit("chromium: no answer in time")
            chunk = os.read(self.from_r, 65536)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            self.pending += chunk
        message, self.pending = self.pending.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_w, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise SystemExit(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def page(self, method, params=None, timeout=30):
        return self.send(method, params, session=self.session, timeout=timeout)

    def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == name and e.get("sessionId") == self.session:
                    del self.events[i]
                    return e
            self.events.append(self._read(deadline))

    def evaluate(self, expression):
        result = self.page(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise SystemExit(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def go(self, path):
        self.events.clear()
        self.page("Page.navigate", {"url": self.base + path})
        self.wait_event("Page.loadEventFired")

    def shot(self, name):
        data = self.page(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
        )["data"]
        with open(os.path.join(self.shots, name + ".png"), "wb") as f:
            f.write(base64.b64decode(data))

    def state(self):
        return self.evaluate(
            "({path: location.pathname, title: document.title,"
            " h1: (document.querySelector('h1')||{}).textContent, text: document.body.innerText})"
        )

    def type_into(self, selector, text):
        # Focus the field and type as a keyboard would (Input.insertText).
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).value = ''")
        self.page("Input.insertText", {"text": text})

    def click(self, selector):
        self.events.clear()
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        self.wait_event("Page.loadEventFired")

    def choose_file(self, selector, path):
        # What the file picker does: DOM.setFileInputFiles on the <input type=file>.
        root = self.page("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.page("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            raise SystemExit(f"no element {selector}")
        self.page("DOM.setFileInputFiles", {"files": [path], "nodeId": node})

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except SystemExit:
            pass
        self.process.wait(timeout=10)


def fail(seen, why):
    sys.stderr.write(json.dumps(seen, ensure_ascii=False)[:4000] + "\n")
    raise SystemExit(why)
