#!/usr/bin/env python3
"""Network mutation fuzzer for govmail's four protocols (issue 17).

Replays realistic client sessions (SMTP on the MX port and submission, IMAP, POP3,
ManageSieve) with mutations: bit flips, truncations, insertions of CR/LF/NUL/0xFF, repeated
tokens, deleted and swapped spans, and random chunking of the writes. Several workers run at
once. Meanwhile it samples the server's resident memory and, every few seconds, checks with a
clean session that the server still answers. It stops by itself after --seconds.

Exit status 0: no crash (the server process still runs), no hang (every liveness probe
answered within --probe-timeout), memory flat (on runs of two minutes or more, the last
quarter's peak RSS within --max-growth MiB of the first quarter's). Anything else: 1, with the mutated session that preceded the
failure saved in --out.

Only loopback addresses are ever contacted.
"""

import argparse
import base64
import os
import random
import socket
import ssl
import sys
import threading
import time

CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def seeds(proto, user, password, domain):
    """Client sessions as lists of byte strings (one write each, before mutation)."""
    plain = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode())
    vn = "Giấy mời họp số 45/GM-UBND (Khẩn)".encode()
    msg = (b"From: " + user.encode() + b"\r\nTo: " + user.encode() + b"\r\nSubject: =?UTF-8?B?"
           + base64.b64encode(vn) + b"?=\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + vn + b"\r\n--b\r\n"
           b"Content-Type: application/pdf; name*=UTF-8''gi%E1%BA%A5y.pdf\r\n"
           b"Content-Disposition: attachment; filename=\"a.pdf\"\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n")
    if proto in ("smtp", "submission"):
        auth = [b"AUTH PLAIN " + plain + b"\r\n"] if proto == "submission" else []
        mail_from = user if proto == "submission" else "a@ext.test"
        return [
            [b"EHLO fuzz.test\r\n"] + auth + [
                b"MAIL FROM:<" + mail_from.encode() + b"> SIZE=1000 BODY=8BITMIME SMTPUTF8\r\n",
                b"RCPT TO:<" + user.encode() + b"> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y\r\n",
                b"DATA\r\n", msg.replace(b"\r\n.", b"\r\n.."), b".\r\n", b"QUIT\r\n"],
            [b"EHLO fuzz.test\r\n"] + auth + [
                b"MAIL FROM:<" + mail_from.encode() + b">\r\n",
                b"RCPT TO:<" + user.encode() + b">\r\n",
                b"BDAT %d LAST\r\n" % len(msg), msg, b"RSET\r\n", b"VRFY x\r\n", b"NOOP\r\n",
                b"HELP\r\n", b"QUIT\r\n"],
            [b"HELO x\r\n", b"MAIL FROM:<>\r\n", b"RCPT TO:<postmaster@" + domain.encode() + b">\r\n",
             b"DATA\r\n", b"To: x)\r\nFrom: <@a,@b:c@d>\r\nSubject: (\r\n\r\n.\r\n", b"QUIT\r\n"],
        ]
    if proto == "imap":
        return [
            [b"a1 CAPABILITY\r\n", b'a2 LOGIN "' + user.encode() + b'" "' + password.encode() + b'"\r\n',
             b"a3 ENABLE UTF8=ACCEPT QRESYNC\r\n", b'a4 LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN))\r\n',
             b"a5 SELECT INBOX (CONDSTORE)\r\n",
             b"a6 FETCH 1:* (FLAGS UID ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (From Subject)]<0.100>)\r\n",
             b'a7 UID SEARCH CHARSET UTF-8 OR SUBJECT "gi\xe1\xba\xa5y m\xe1\xbb\x9di" NOT (SEEN FROM "a") SINCE 1-Jan-2026\r\n',
             b"a8 SORT (REVERSE DATE SUBJECT) UTF-8 ALL\r\n",
             b"a9 STORE 1:* +FLAGS.SILENT (\\Seen $Official)\r\n",
             b"b1 APPEND Drafts (\\Draft) UTF8 (~{%d+}\r\n" % len(msg), msg + b")\r\n",
             b'b2 COPY 1:* "L&AbA-u tr&Hu8-"\r\n', b"b3 UID MOVE 1 Trash\r\n",
             b"b4 EXPUNGE\r\n", b"b5 IDLE\r\n", b"DONE\r\n", b"b6 LOGOUT\r\n"],
            [b"c1 AUTHENTICATE PLAIN " + plain + b"\r\n", b'c2 CREATE "Gi&AOE-y/2026"\r\n',
             b'c3 RENAME "Gi&AOE-y/2026" "X"\r\n', b'c4 STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ)\r\n',
             b"c5 EXAMINE INBOX\r\n", b"c6 FETCH 1 (BODY[1.MIME] BINARY[2] BODY[TEXT]<0.10>)\r\n",
             b"c7 GETQUOTAROOT INBOX\r\n", b'c8 DELETE "X"\r\n', b"c9 NAMESPACE\r\n",
             b"d1 ID (\"name\" \"fuzz\")\r\n", b"d2 UNSELECT\r\n", b"d3 LOGOUT\r\n"],
            [b"e1 LOGIN {%d}\r\n" % len(user), user.encode() + b" {%d}\r\n" % len(password),
             password.encode() + b"\r\n", b"e2 SELECT INBOX\r\n", b"e3 SEARCH NOT NOT OR ALL (ALL)\r\n",
             b'e4 LIST "" "%/*%"\r\n', b"e5 CLOSE\r\n", b"e6 LOGOUT\r\n"],
        ]
    if proto == "pop3":
        return [
            [b"CAPA\r\n", b"USER " + user.encode() + b"\r\n", b"PASS " + password.encode() + b"\r\n",
             b"STAT\r\n", b"LIST\r\n", b"UIDL\r\n", b"TOP 1 5\r\n", b"RETR 1\r\n", b"DELE 1\r\n",
             b"RSET\r\n", b"NOOP\r\n", b"QUIT\r\n"],
            [b"AUTH PLAIN " + plain + b"\r\n", b"LIST 1\r\n", b"UIDL 1\r\n", b"RETR 99999999999\r\n",
             b"QUIT\r\n"],
        ]
    if proto == "managesieve":
        script = ('require ["fileinto", "vacation"];\r\nif header :contains "subject" "Giấy mời" '
                  '{ fileinto "Giấy mời"; }\r\nvacation :days 1 "Vắng";\r\n').encode()
        return [
            [b'AUTHENTICATE "PLAIN" "' + plain + b'"\r\n', b"CAPABILITY\r\n",
             b'PUTSCRIPT "L\xe1\xbb\x8dc" {%d+}\r\n' % len(script), script + b"\r\n",
             b'CHECKSCRIPT {%d+}\r\n' % len(script), script + b"\r\n",
             b"LISTSCRIPTS\r\n", b'SETACTIVE "L\xe1\xbb\x8dc"\r\n', b'GETSCRIPT "L\xe1\xbb\x8dc"\r\n',
             b'HAVESPACE "x" 100\r\n', b'RENAMESCRIPT "L\xe1\xbb\x8dc" "y"\r\n', b'SETACTIVE ""\r\n',
             b'DELETESCRIPT "y"\r\n', b"NOOP\r\n", b"LOGOUT\r\n"],
        ]
    raise SystemExit("unknown protocol " + proto)


SPECIAL = [b"\r", b"\n", b"\r\n", b"\0", b"\xff", b"{", b"}", b"(", b")", b'"', b"[", b"]",
           b"{4294967296}\r\n", b"{99999999+}\r\n", b"*", b"%", b"\\", b" ", b".\r\n", b"~{5}\r\n"]


def mutate(session, rng):
    """One mutated copy of a session (a list of writes)."""
    data = b"".join(session)
    for _ in range(rng.randint(1, 8)):
        if not data:
            data = rng.choice(SPECIAL)
        op = rng.randrange(8)
        i = rng.randrange(len(data))
        if op == 0:  # bit flip
            data = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
        elif op == 1:  # truncate
            data = data[:i]
        elif op == 2:  # insert a special byte or token
            data = data[:i] + rng.choice(SPECIAL) + data[i:]
        elif op == 3:  # repeat a token many times
            j = min(len(data), i + rng.randint(1, 12))
            data = data[:i] + data[i:j] * rng.choice([2, 10, 100, 1000, 5000]) + data[j:]
        elif op == 4:  # delete a span
            j = min(len(data), i + rng.randint(1, 64))
            data = data[:i] + data[j:]
        elif op == 5:  # swap two spans
            j = rng.randrange(len(data))
            a, b = sorted((i, j))
            data = data[:a] + data[b:] + data[a:b]
        elif op == 6:  # random bytes
            data = data[:i] + os.urandom(rng.randint(1, 16)) + data[i:]
        else:  # duplicate a whole command line
            start = data.rfind(b"\n", 0, i) + 1
            end = data.find(b"\n", i)
            end = len(data) if end < 0 else end + 1
            data = data[:end] + data[start:end] * rng.randint(2, 50) + data[end:]
    return data


def connect(port, tls, timeout, source=None):
    raw = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                   source_address=(source, 0) if source else None)
    return CTX.wrap_socket(raw) if tls else raw


def play(port, tls, data, rng, read_timeout):
    """Sends data in random chunks while reading what comes back; returns bytes received.

    Each session comes from one of about a thousand loopback addresses in four /24 networks,
    so that the login throttle (per address, and per account and address) leaves most
    sessions able to reach the authenticated states, as it would for a real office."""
    source = "127.0.%d.%d" % (rng.randint(1, 4), rng.randint(1, 254))
    try:
        s = connect(port, tls, read_timeout, source)
    except OSError:
        return 0
    got = 0
    try:
        s.settimeout(read_timeout)
        try:
            got += len(s.recv(65536))  # greeting
        except socket.timeout:
            pass
        i = 0
        while i < len(data):
            n = rng.choice([1, 7, 64, 512, 4096, 65536])
            s.sendall(data[i:i + n])
            i += n
            s.settimeout(0.0 if rng.random() < 0.8 else 0.05)
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        return got
                    got += len(chunk)
            except (BlockingIOError, socket.timeout, ssl.SSLWantReadError):
                pass
        s.settimeout(read_timeout if rng.random() < 0.1 else 0.3)
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += len(chunk)
        except (socket.timeout, ssl.SSLWantReadError):
            pass
    except (ConnectionError, ssl.SSLError, OSError):
        pass
    finally:
        try:
            s.close()
        except OSError:
            pass
    return got


def probe(proto, port, tls, timeout):
    """A clean session's first answer: the server is alive and not stuck."""
    s = connect(port, tls, timeout)
    try:
        greeting = s.recv(4096)
        hello = {"smtp": b"NOOP\r\n", "submission": b"NOOP\r\n", "imap": b"p NOOP\r\n",
                 "pop3": b"NOOP\r\n", "managesieve": b"NOOP\r\n"}[proto]
        s.sendall(hello)
        answer = b""
        while b"\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
        return bool(greeting) and bool(answer)
    finally:
        s.close()


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("proto", choices=["smtp", "submission", "imap", "pop3", "managesieve"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tls", action="store_true", help="implicit TLS (imaps, pop3s, submissions)")
    p.add_argument("--pid", type=int, required=True, help="the server's process id")
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--domain", default="fuzz.gov.vn")
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--workers", type=int, default=6)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--probe-timeout", type=float, default=20)
    p.add_argument("--max-growth", type=float, default=64, help="MiB")
    p.add_argument("--out", default="netfuzz-failure.bin")
    a = p.parse_args()
    base_seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    sessions = seeds(a.proto, a.user, a.password, a.domain)
    stop = time.time() + a.seconds
    lock = threading.Lock()
    stats = {"sessions": 0, "sent": 0, "received": 0}
    # The last sessions of each worker, saved if the server fails.
    last = {k: [] for k in range(a.workers)}

    def worker(k):
        rng = random.Random(base_seed * 1000 + k)
        while time.time() < stop:
            data = mutate(rng.choice(sessions), rng)
            last[k] = (last[k] + [data])[-40:]
            got = play(a.port, a.tls, data, rng, 5)
            with lock:
                stats["sessions"] += 1
                stats["sent"] += len(data)
                stats["received"] += got

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(a.workers)]
    for t in threads:
        t.start()
    samples, failure = [], None
    while time.time() < stop and failure is None:
        time.sleep(min(3, max(0, stop - time.time())))
        try:
            samples.append(rss_kib(a.pid))
        except OSError:
            failure = "the server process is gone (crash)"
            break
        try:
            if not probe(a.proto, a.port, a.tls, a.probe_timeout):
                failure = "a clean session got no answer"
        except (OSError, ssl.SSLError) as e:
            failure = "a clean session failed: %r (hang or crash)" % (e,)
    for t in threads:
        t.join(timeout=30)
    # Allocator arenas and caches fill during the first minute or two (a ManageSieve run went
    # from 18 to 250 MiB, then stayed there for 18 minutes): memory is judged on runs of two
    # minutes or more, the last quarter against the first.
    if failure is None and samples and a.seconds >= 120:
        q = max(1, len(samples) // 4)
        first, final = max(samples[:q]), max(samples[-q:])
        if final - first > a.max_growth * 1024:
            failure = "memory grew from %d to %d KiB" % (first, final)
    step = max(1, len(samples) // 12)
    print("RSS KiB over time: " + " ".join(str(x) for x in samples[::step]))
    print("netfuzz %s: seed %d, %.0f s, %d sessions, %d bytes sent, %d received, RSS KiB min %d max %d last %d"
          % (a.proto, base_seed, a.seconds, stats["sessions"], stats["sent"], stats["received"],
             min(samples or [0]), max(samples or [0]), (samples or [0])[-1]))
    if failure:
        with open(a.out, "wb") as f:
            for k in sorted(last):
                for data in last[k]:
                    f.write(b"=== worker %d\n" % k + data + b"\n")
        print("FAILED: %s (last sessions in %s)" % (failure, a.out))
        sys.exit(1)
    print("ok: no crash, no hang" + (", memory flat" if a.seconds >= 120 else
                                     " (memory is judged on runs of 2 minutes or more)"))


if __name__ == "__main__":
    main()
