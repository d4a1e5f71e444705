#!/usr/bin/env python3
"""Times THREAD and ESORT on one large mailbox of an IMAP server (issue 24's benchmark):
LOGIN, SELECT, one untimed pass of every command (caches, Dovecot's index), then REPEAT timed
runs of each; prints one RESULT line per command with the median and the extremes, in ms,
and the answer's size (bytes) so that both servers are seen to answer the same thing.

  thread_esort.py HOST PORT USER PASSWORD [--repeat 5] [--tag NAME]

Python 3 standard library only; a minimal literal-aware reader, so the time is the server's.
"""
import argparse
import socket
import statistics
import time

COMMANDS = [
    "UID THREAD REFERENCES UTF-8 ALL",
    "THREAD REFS UTF-8 ALL",
    "THREAD ORDEREDSUBJECT UTF-8 ALL",
    "UID SORT RETURN (ALL) (REVERSE DATE) UTF-8 ALL",
    "SORT RETURN (MIN MAX COUNT) (SUBJECT) UTF-8 ALL",
    "UID SORT RETURN (PARTIAL 1:100) (REVERSE ARRIVAL) UTF-8 ALL",
    "UID SEARCH RETURN (PARTIAL 1:100 COUNT) ALL",
]


class Raw:
    def __init__(self, host, port):
        self.s = socket.create_connection((host, port), timeout=600)
        self.buf = b""
        self.n = 0
        self.line()

    def line(self):
        while b"\r\n" not in self.buf:
            d = self.s.recv(1 << 20)
            if not d:
                raise ConnectionError("closed")
            self.buf += d
        i = self.buf.index(b"\r\n")
        ln, self.buf = self.buf[:i + 2], self.buf[i + 2:]
        if ln.endswith(b"}\r\n") and b"{" in ln:
            n = int(ln[ln.rindex(b"{") + 1:-3].rstrip(b"+"))
            while len(self.buf) < n:
                self.buf += self.s.recv(1 << 20)
            ln, self.buf = ln + self.buf[:n], self.buf[n:]
            ln += self.line()
        return ln

    def cmd(self, text):
        self.n += 1
        tag = b"b%d" % self.n
        self.s.sendall(tag + b" " + text.encode() + b"\r\n")
        size = 0
        while True:
            ln = self.line()
            if ln.startswith(tag + b" "):
                if not ln[len(tag) + 1:].upper().startswith(b"OK"):
                    raise RuntimeError("%s -> %r" % (text, ln))
                return size
            size += len(ln)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("user")
    ap.add_argument("password")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tag", default="server")
    a = ap.parse_args()
    r = Raw(a.host, a.port)
    r.cmd('LOGIN "%s" "%s"' % (a.user, a.password))
    t = time.time()
    r.cmd("SELECT INBOX")
    print("RESULT select tag=%s ms=%.1f" % (a.tag, (time.time() - t) * 1000), flush=True)
    for c in COMMANDS:
        r.cmd(c)
    for c in COMMANDS:
        times = []
        size = 0
        for _ in range(a.repeat):
            t = time.time()
            size = r.cmd(c)
            times.append((time.time() - t) * 1000)
        print("RESULT tag=%s median_ms=%.1f min_ms=%.1f max_ms=%.1f bytes=%d cmd=%r" % (
            a.tag, statistics.median(times), min(times), max(times), size, c), flush=True)
    r.cmd("LOGOUT")


if __name__ == "__main__":
    main()
