#!/usr/bin/env python3
"""Differential IMAP test: plays scripted sessions against govmail and Dovecot, compares the
normalised responses, and checks every difference against docs/imap-conformance.md.

Usage (see docs/imap-conformance.md):
  python3 tests/imap_oracle/run.py --govmail target/debug/govmail        # start both, check
  python3 tests/imap_oracle/run.py --govmail BIN --only select --show    # one script, both transcripts
  python3 tests/imap_oracle/run.py --govmail BIN --rows                  # table rows for new differences

Exit status: 0 when every difference is in a table of the doc and every open defect still
differs; 1 otherwise; 2 when a server could not be started.

Python 3 standard library only.
"""

import argparse
import base64
import collections
import datetime
import grp
import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PASSWORD = "Mat-khau-thu-2026"
DOMAIN = "x.gov.vn"
TIMEOUT = 5.0  # seconds a server may take to answer one command before the script stops
# Mailboxes govmail creates for a new account; Dovecot is configured to create the same ones,
# with the same special-use attributes (RFC 6154), subscribed.
SPECIAL = [("Archive", "\\Archive"), ("Drafts", "\\Drafts"), ("Junk", "\\Junk"),
           ("Sent", "\\Sent"), ("Trash", "\\Trash")]
# The recall folder every govmail account has (modified UTF-7 of "Thu hồi", RFC 3501 §5.1.3).
RECALL = "Thu h&HtM-i"


# ---------------------------------------------------------------------------------------------
# Servers


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, what, log):
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}:\n{log()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{what} not listening on {port} within 30 s:\n{log()}")


def start_govmail(binary, root, users):
    """govmail init, one account per script, plaintext LOGIN allowed on loopback; serve."""
    env = dict(os.environ, GOVMAIL_CONFIG=os.path.join(root, "govmail.toml"))

    def run(args, stdin=""):
        out = subprocess.run([binary] + args, input=stdin.encode(), env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if out.returncode != 0:
            raise SystemExit(f"govmail {args}: {out.stderr.decode(errors='replace')}")

    run(["init", root, "--domain", DOMAIN])
    port = free_port()
    path = env["GOVMAIL_CONFIG"]
    with open(path, encoding="utf-8") as f:
        config = f.read()
    start, end = config.index("[listen]"), config.index("[accounts]")
    config = (config[:start] + f'[listen]\nimap = "127.0.0.1:{port}"\n\n' + config[end:])
    config = config.replace("plaintext_auth_on_loopback = false",
                            "plaintext_auth_on_loopback = true")
    with open(path, "w", encoding="utf-8") as f:
        f.write(config)
    run(["agency", "add", "STTTT", "Sở Thông tin và Truyền thông"])
    for i, user in enumerate(users):
        run(["user", "add", f"Người Thử {i}", "--agency", "STTTT",
             "--address", user.split("@")[0], "--password-stdin"], PASSWORD + "\n")
    log = open(os.path.join(root, "serve.log"), "wb")
    proc = subprocess.Popen([binary, "serve"], env=dict(env, RUST_LOG="info"),
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    wait_port(port, proc, "govmail", lambda: open(log.name, errors="replace").read())
    return proc, port


def dovecot_config(root, port, users):
    """A standalone Dovecot: own base_dir, state and log in `root`, passwd-file users with plain
    passwords, Maildir (fs layout, '/' separator as govmail), no SSL, LOGIN allowed."""
    if os.getuid() == 0:
        # Debian's dovecot-core creates the dovecot and dovenull users; mail belongs to nobody,
        # so nothing is created system-wide and no mail process runs as root.
        internal, login = "dovecot", "dovenull"
        mail = pwd.getpwnam("nobody")
        group = "dovecot"
    else:
        # Not root: every Dovecot process runs as the current user and group.
        me = pwd.getpwuid(os.getuid())
        internal = login = me.pw_name
        mail = me
        group = grp.getgrgid(os.getgid()).gr_name
    mailroot = os.path.join(root, "mail")
    for d in ("run", "state", "mail"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    os.chmod(root, 0o755)
    if os.getuid() == 0:
        os.chown(mailroot, mail.pw_uid, mail.pw_gid)
    with open(os.path.join(root, "users"), "w") as f:
        for user in users:
            f.write(f"{user}:{{PLAIN}}{PASSWORD}::::::\n")
    os.chmod(os.path.join(root, "users"), 0o644)
    specials = "".join(
        f"  mailbox {name} {{\n    special_use = \\{use}\n  }}\n"
        for name, use in SPECIAL)
    conf = f"""# written by tests/imap_oracle/run.py
instance_name = govmail-oracle-{port}
base_dir = {root}/run
state_dir = {root}/state
protocols = imap
listen = 127.0.0.1
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
auth_username_format = %Lu
first_valid_uid = {min(mail.pw_uid, 500)}
mail_location = maildir:{mailroot}/%u/Maildir:LAYOUT=fs
mail_privileged_group =
default_login_user = {login}
default_internal_user = {internal}
default_internal_group = {group}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = static
  args = uid={mail.pw_uid} gid={mail.pw_gid} home={mailroot}/%u
}}
# QUOTA (RFC 2087 in Dovecot 2.3): 2 GiB a user, as govmail's default quota
# ACL (RFC 4314, acl + imap_acl with per-mailbox dovecot-acl files) and NOTIFY (RFC 5465,
# the notify plugin; Dovecot's NOTIFY needs the mailbox list index) for acl.imap/notify.imap;
# imap_zlib: COMPRESS=DEFLATE (RFC 4978)
mail_plugins = $mail_plugins quota acl notify
mailbox_list_index = yes
protocol imap {{
  mail_plugins = $mail_plugins imap_quota imap_acl imap_zlib
}}
plugin {{
  quota = count:User quota
  quota_rule = *:storage=2G
  quota_vsizes = yes
  acl = vfile
}}
namespace inbox {{
  inbox = yes
  separator = /
{specials}}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
# no chroot: an unprivileged user (a developer's run) cannot chroot
service anvil {{
  chroot =
}}
"""
    path = os.path.join(root, "dovecot.conf")
    with open(path, "w") as f:
        f.write(conf.replace("\\\\", "\\"))
    return path


def start_dovecot(binary, root, users):
    port = free_port()
    conf = dovecot_config(root, port, users)
    log = os.path.join(root, "dovecot.log")
    # govmail reads internal dates in Vietnam's time (+07:00) for SEARCH BEFORE/ON/SINCE (which
    # RFC 9051 §6.4.4 compares "disregarding time and timezone"): Dovecot uses its process's.
    env = dict(os.environ, TZ="ICT-7")
    proc = subprocess.Popen([binary, "-F", "-c", conf], stdin=subprocess.DEVNULL, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(log + ".stderr", "wb"))

    def text():
        out = ""
        for p in (log, log + ".stderr"):
            if os.path.exists(p):
                out += open(p, errors="replace").read()
        return out

    wait_port(port, proc, "dovecot", text)
    # A new govmail account has its special-use mailboxes, and they and INBOX are subscribed:
    # the same made once here (Dovecot's "auto = subscribe" would keep them subscribed after an
    # UNSUBSCRIBE, and its autocreated mailboxes lack \Subscribed in LIST RETURN (SUBSCRIBED)).
    for user in users:
        imap = imaplib.IMAP4("127.0.0.1", port)
        imap.login(user, PASSWORD)
        for name, _ in SPECIAL:
            imap.create(name)
        # govmail's recall folder "Thu hồi" (issue 22), made the same way; its \\X-Recall
        # attribute is govmail's own and left out of the comparison (list_attributes).
        imap.create(f'"{RECALL}"')
        for name in ["INBOX", f'"{RECALL}"'] + [name for name, _ in SPECIAL]:
            imap.subscribe(name)
        imap.logout()
    return proc, port


def find_dovecot():
    for path in (shutil.which("dovecot"), "/usr/sbin/dovecot"):
        if path and os.path.exists(path):
            return path
    return None


# ---------------------------------------------------------------------------------------------
# Scripts
#
# A script is a plain-text file of the lines a client sends, one command a line, tag first:
#   C2: b1 SELECT INBOX      a line for the second session (C1: or no prefix: the first)
#   # comment                ignored, as are blank lines
#   @sleep 0.5               waits
#   @await C1                waits until C1 has something to read (an update while idling)
#   @capture NAME REGEX      group 1 of REGEX in the previous step's raw responses, per
#                            server, is $NAME in later lines (e.g. a MODSEQ to send back)
#   @include FILE            the lines of FILE (beside the script), e.g. messages to append
#   @close C2                drops the connection without LOGOUT
#   @from C3 127.0.0.3       C3 connects from that loopback address (a failed login makes
#                            Dovecot delay later logins from the same address for seconds)
# $USER, $PASS and $PLAIN (SASL PLAIN, base64) are the script's account. A command that is
# answered with a continuation request ("+", as IDLE) leaves the command open: the next line
# of that session is sent as the continuation (e.g. DONE) and its answer is read to the tag.
# Literals: a line ending in {*}, {*+}, ~{*} or ~{*+} is followed by the literal's lines
# (each sent with CRLF; a line "\hex 00ff" gives those bytes without CRLF) up to a line that
# starts with "." ("." alone ends the command; ".rest" continues it with "rest", which may end
# in another literal). A content line starting with "." is written "..".


class Step:
    def __init__(self, conn, tag, parts, lineno, text):
        self.conn, self.tag, self.parts, self.lineno, self.text = conn, tag, parts, lineno, text
        self.wire_tag = parts[0][1].split(" ", 1)[0]


class Directive:
    def __init__(self, kind, args, lineno):
        self.kind, self.args, self.lineno = kind, args, lineno


LITERAL_END = re.compile(r"(~?)\{\*(\+?)\}$")


def read_lines(path):
    """The script's lines, with each "@include FILE" (beside the script) replaced by its lines."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("@include "):
                out += read_lines(os.path.join(os.path.dirname(path), line.split(" ", 1)[1]))
            else:
                out.append(line)
    return out


def parse_script(path):
    lines = read_lines(path)
    items, tags, i = [], set(), 0
    while i < len(lines):
        raw, lineno = lines[i], i + 1
        i += 1
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@"):
            word, _, rest = line[1:].partition(" ")
            items.append(Directive(word, rest.strip(), lineno))
            continue
        conn = "C1"
        m = re.match(r"(C\d):\s?(.*)$", line)
        if m:
            conn, line = m.group(1), m.group(2)
        # parts: text pieces and literal specs; text is formatted later (variables)
        parts = []
        while True:
            m = LITERAL_END.search(line)
            if not m:
                parts.append(("text", line))
                break
            parts.append(("text", line[:m.start()]))
            content = b""
            while True:
                if i >= len(lines):
                    raise SystemExit(f"{path}:{lineno}: literal not ended by a '.' line")
                body = lines[i].rstrip("\r")
                i += 1
                if body.startswith(".") and not body.startswith(".."):
                    break
                if body.startswith(".."):
                    body = body[1:]
                if body.startswith("\\hex "):
                    content += bytes.fromhex(body[5:])
                else:
                    content += body.encode("utf-8") + b"\r\n"
            parts.append(("literal", (m.group(1) == "~", m.group(2) == "+", content)))
            line = body[1:]
        # The tag names the step in the doc's tables; a continuation line (DONE) that comes
        # again is named DONE#2, DONE#3, ...
        tag = first = parts[0][1].split(" ", 1)[0]
        n = 1
        while tag in tags:
            n += 1
            tag = f"{first}#{n}"
        tags.add(tag)
        items.append(Step(conn, tag, parts, lineno, raw))
    return items


# ---------------------------------------------------------------------------------------------
# Talking IMAP


class Closed(Exception):
    pass


class Conn:
    def __init__(self, port, source=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT,
                                             source_address=(source, 0) if source else None)
        self.buf = b""
        self.open_tag = None  # a command waiting for a continuation (IDLE, AUTHENTICATE)
        self.dead = False

    deflate = inflate = None  # COMPRESS=DEFLATE (RFC 4978) once the server said OK

    def compress(self):
        """Both directions raw deflate (wbits -15) from now on; nothing is buffered, since the
        server sends nothing after the COMPRESS's OK until the next command."""
        self.deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.inflate = zlib.decompressobj(-15)

    def send(self, data):
        if self.deflate:
            data = self.deflate.compress(data) + self.deflate.flush(zlib.Z_SYNC_FLUSH)
        self.sock.sendall(data)

    def _fill(self):
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise TimeoutError
        if not chunk:
            raise Closed
        self.buf += self.inflate.decompress(chunk) if self.inflate else chunk

    def read_response(self):
        """One response line with its literals inlined, as bytes without the final CRLF."""
        out = b""
        while True:
            while b"\r\n" not in self.buf:
                self._fill()
            line, self.buf = self.buf.split(b"\r\n", 1)
            out += line
            m = re.search(rb"~?\{(\d+)\+?\}$", line)
            if not m:
                return out
            n = int(m.group(1))
            while len(self.buf) < n:
                self._fill()
            out += b"\r\n" + self.buf[:n]
            self.buf = self.buf[n:]

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Session:
    """One script against one server: its connections and captured variables."""

    def __init__(self, port, user):
        self.port, self.conns = port, {}
        plain = base64.b64encode(f"\0{user}\0{PASSWORD}".encode()).decode()
        self.vars = {"USER": user, "PASS": PASSWORD, "PLAIN": plain}
        self.sources = {}
        self.last_raw = []

    def subst(self, text):
        return re.sub(r"\$([A-Z][A-Z0-9_]*)", lambda m: self.vars.get(m.group(1), m.group(0)),
                      text)

    def conn(self, name, out):
        c = self.conns.get(name)
        if c is None:
            try:
                c = self.conns[name] = Conn(self.port, self.sources.get(name))
                out.append(c.read_response())
            except (OSError, Closed, TimeoutError):
                out.append(b"<no greeting>")
                c = self.conns[name] = Conn.__new__(Conn)
                c.dead, c.open_tag, c.sock = True, None, None
        return c

    def run(self, step):
        """Sends the step; returns the raw response lines (the greeting first on a new
        connection)."""
        out = []
        c = self.conn(step.conn, out)
        if c.dead:
            out.append(b"<connection lost>")
            return out
        tag = step.wire_tag.encode()
        try:
            if c.open_tag is not None:
                tag = c.open_tag
                c.open_tag = None
            pieces = [(k, self.subst(v) if k == "text" else v) for k, v in step.parts]
            data = b""
            for kind, value in pieces:
                if kind == "text":
                    data += value.encode("utf-8")
                    continue
                binary, nonsync, content = value
                data += b"%s{%d%s}\r\n" % (b"~" if binary else b"", len(content),
                                           b"+" if nonsync else b"")
                if not nonsync:
                    c.send(data)
                    data = b""
                    while True:
                        line = c.read_response()
                        if line.startswith(b"+"):
                            break
                        out.append(line)
                        if line.startswith(tag + b" "):
                            return out  # refused before the literal
                data += content
            c.send(data + b"\r\n")
            while True:
                line = c.read_response()
                out.append(line)
                if line.startswith(tag + b" "):
                    if (line.startswith(tag + b" OK") and
                            re.match(r"\S+ COMPRESS DEFLATE$", step.parts[0][1], re.I)):
                        c.compress()
                    break
                if line.startswith(b"+"):
                    c.open_tag = tag
                    break
        except TimeoutError:
            out.append(b"<timeout>")
            c.dead = True
            c.close()
        except (Closed, OSError):
            out.append(b"<connection closed>")
            c.dead = True
            c.close()
        return out

    def directive(self, d):
        if d.kind == "sleep":
            time.sleep(float(d.args))
        elif d.kind == "capture":
            name, regex = d.args.split(" ", 1)
            value = ""
            for line in self.last_raw:
                m = re.search(regex, line.decode("utf-8", "replace"))
                if m:
                    value = m.group(1)
                    break
            self.vars[name] = value
        elif d.kind == "await":
            # Waits until the session has something to read (an update while idling); when
            # nothing comes in time, the next answer of that session says so.
            c = self.conns.get(d.args)
            if c is not None and not c.dead and b"\r\n" not in c.buf:
                try:
                    c._fill()
                except (TimeoutError, Closed, OSError):
                    c.buf = b"<nothing came while idling>\r\n" + c.buf
        elif d.kind == "from":
            name, address = d.args.split()
            self.sources[name] = address
        elif d.kind == "close":
            c = self.conns.pop(d.args, None)
            if c is not None and not c.dead:
                c.close()
        else:
            raise SystemExit(f"line {d.lineno}: unknown directive @{d.kind}")

    def close(self):
        for c in self.conns.values():
            if not c.dead:
                c.close()


# ---------------------------------------------------------------------------------------------
# Normalisation
#
# What may differ between two correct servers is rewritten to one form (docs/imap-conformance.md
# lists these rules): free text after a status response's code, capability lists, ID data,
# INTERNALDATE near "now", UIDVALIDITY values (numbered V1, V2, ... in order of appearance),
# MODSEQ values (replaced by their rank among those of the script), quoted string vs literal,
# order of the items of FETCH and STATUS and of flags in a list, the order of LIST/LSUB
# responses, atom vs string for a mailbox name, and govmail's always-present keywords.

GOVMAIL_KEYWORDS = {"$Official", "$Important"}


def tokenize(s):
    """Tokens of a response: '(' ')' atoms (BODY[...]<n> as one) and ('str', text) for quoted
    strings and literals."""
    toks, i, n = [], 0, len(s)
    while i < n:
        ch = s[i]
        if ch == " ":
            i += 1
        elif ch in "()":
            toks.append(ch)
            i += 1
        elif ch == '"':
            j, val = i + 1, []
            while j < n and s[j] != '"':
                if s[j] == "\\" and j + 1 < n:
                    j += 1
                val.append(s[j])
                j += 1
            toks.append(("str", "".join(val)))
            i = j + 1
        elif ch in "{~" and re.match(r"~?\{\d+\+?\}\r\n", s[i:]):
            m = re.match(r"~?\{(\d+)\+?\}\r\n", s[i:])
            start = i + m.end()
            length = len(s[start:].encode("utf-8", "surrogateescape")[:int(m.group(1))]
                         .decode("utf-8", "surrogateescape"))
            toks.append(("str", s[start:start + length]))
            i = start + length
        else:
            j, depth = i, 0
            while j < n:
                c = s[j]
                if c == "[":
                    depth += 1
                elif c == "]":
                    depth -= 1
                elif depth == 0 and (c in " ()" or c == '"'):
                    break
                j += 1
            toks.append(s[i:j])
            i = j if j > i else i + 1
    return toks


def group(toks):
    """Nested lists from '(' ')' tokens."""
    stack = [[]]
    for t in toks:
        if t == "(":
            stack.append([])
        elif t == ")":
            if len(stack) > 1:
                inner = stack.pop()
                stack[-1].append(inner)
        else:
            stack[-1].append(t)
    while len(stack) > 1:
        inner = stack.pop()
        stack[-1].append(inner)
    return stack[0]


def render(x):
    if isinstance(x, list):
        return "(" + " ".join(render(y) for y in x) + ")"
    if isinstance(x, tuple):
        text = x[1]
        if ("\r" in text or "\n" in text or "\0" in text or len(text) > 200 or
                re.search("[\udc80-\udcff]", text)):
            return "{%d}%s" % (len(text.encode("utf-8", "surrogateescape")),
                               text.encode("utf-8", "surrogateescape").decode("latin-1")
                               .encode("unicode_escape").decode())
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return x


def render_seq(items):
    return " ".join(render(x) for x in items)


class Norm:
    """Per script and server: the numbering of UIDVALIDITY values and quota roots."""

    def __init__(self):
        self.validity = {}
        self.roots = {}

    def quota_root(self, tok):
        """Quota root names are the server's (RFC 9208 §3.2): numbered R1, R2, ..."""
        name = tok[1] if isinstance(tok, tuple) else tok
        if name not in self.roots:
            self.roots[name] = "R%d" % (len(self.roots) + 1)
        return self.roots[name]

    def uidvalidity(self, value):
        if value not in self.validity:
            self.validity[value] = "V%d" % (len(self.validity) + 1)
        return self.validity[value]

    def date(self, text):
        try:
            when = datetime.datetime.strptime(text.strip(), "%d-%b-%Y %H:%M:%S %z")
        except ValueError:
            return ("str", text)
        now = datetime.datetime.now(datetime.timezone.utc)
        if abs((now - when).total_seconds()) < 3600:
            return "<now>"
        return ("str", when.astimezone(datetime.timezone.utc).strftime("%d-%b-%Y %H:%M:%S +0000"))

    def code(self, text):
        """A response code's text (inside [ ]), normalised."""
        toks = group(tokenize(text))
        if not toks:
            return text
        name = toks[0].upper() if isinstance(toks[0], str) else ""
        if name == "CAPABILITY":
            return "CAPABILITY"
        if name == "ALERT":
            return ""
        if name in ("UIDVALIDITY", "APPENDUID", "COPYUID") and len(toks) > 1:
            toks[1] = self.uidvalidity(toks[1])
        if name == "HIGHESTMODSEQ" and len(toks) > 1:
            toks[1] = "MODSEQ:" + toks[1]
        if name == "PERMANENTFLAGS" and len(toks) > 1 and isinstance(toks[1], list):
            toks[1] = sorted(toks[1], key=str)
        return render_seq(toks)

    def line(self, raw, gov):
        s = raw.decode("utf-8", "surrogateescape")
        if s.startswith("<"):
            return s
        if s.startswith("+"):
            return "+"
        m = re.match(r"(\S+) (OK|NO|BAD|BYE|PREAUTH)\b ?(.*)$", s, re.S | re.I)
        if m:
            tag, status, rest = m.groups()
            out = f"{tag} {status.upper()}"
            if rest.startswith("["):
                depth, j = 0, 0
                for j, c in enumerate(rest):
                    if c == "[":
                        depth += 1
                    elif c == "]":
                        depth -= 1
                        if depth == 0:
                            break
                code = self.code(rest[1:j])
                if code:
                    out += " [" + code + "]"
            return out
        toks = group(tokenize(s))
        if len(toks) < 2:
            return render_seq(toks)
        kind = toks[1].upper() if isinstance(toks[1], str) else ""
        if kind == "CAPABILITY":
            return "* CAPABILITY <list>"
        if kind == "ID":
            return "* ID <server id>"
        if kind == "QUOTAROOT" and len(toks) > 2:
            toks[2] = ("str", toks[2][1] if isinstance(toks[2], tuple) else toks[2])
            toks[3:] = [self.quota_root(t) for t in toks[3:]]
        if kind == "QUOTA" and len(toks) > 2:
            toks[2] = self.quota_root(toks[2])
        if kind in ("FLAGS",) and len(toks) > 2 and isinstance(toks[2], list):
            flags = [f for f in toks[2] if not (gov and f in GOVMAIL_KEYWORDS)]
            toks[2] = sorted(flags, key=str)
        if kind in ("LIST", "LSUB") and len(toks) > 4:
            if isinstance(toks[2], list):
                toks[2] = sorted(toks[2], key=lambda f: str(f).lower())
            if isinstance(toks[4], str) and toks[4].upper() != "NIL":
                toks[4] = ("str", toks[4])
            if len(toks) > 5 and isinstance(toks[5], list):
                # extended data: its tags are astrings (RFC 5258 §9), "CHILDINFO" = CHILDINFO
                toks[5] = [("str", t) if isinstance(t, str) else t for t in toks[5]]
        if kind in ("MYRIGHTS", "ACL", "LISTRIGHTS") and len(toks) > 2:
            # RFC 4314 §2: rights are a set; letters sorted, strings and atoms alike.
            def rights(t):
                text = t[1] if isinstance(t, tuple) else t
                return ("str", "".join(sorted(text))) if isinstance(text, str) else t
            toks[2] = ("str", toks[2][1] if isinstance(toks[2], tuple) else toks[2])
            first = 4 if kind == "LISTRIGHTS" else 3
            if kind == "LISTRIGHTS" and len(toks) > 3:
                toks[3] = ("str", toks[3][1] if isinstance(toks[3], tuple) else toks[3])
            if kind == "ACL":
                toks[3:] = [("str", t[1] if isinstance(t, tuple) else t) if i % 2 == 0
                            else rights(t) for i, t in enumerate(toks[3:])]
            else:
                toks[first:] = [rights(t) for t in toks[first:]]
        if kind == "STATUS" and len(toks) > 3:
            if isinstance(toks[2], str):
                toks[2] = ("str", toks[2])
            if isinstance(toks[3], list):
                pairs = [toks[3][i:i + 2] for i in range(0, len(toks[3]), 2)]
                for p in pairs:
                    if len(p) == 2 and str(p[0]).upper() == "UIDVALIDITY":
                        p[1] = self.uidvalidity(p[1])
                    if len(p) == 2 and str(p[0]).upper() == "HIGHESTMODSEQ":
                        p[1] = "MODSEQ:" + p[1]
                pairs.sort(key=lambda p: str(p[0]).upper())
                toks[3] = [x for p in pairs for x in p]
        if kind in ("SEARCH", "SORT"):
            for i, t in enumerate(toks):
                if isinstance(t, list) and len(t) == 2 and str(t[0]).upper() == "MODSEQ":
                    t[1] = "MODSEQ:" + t[1]
        if kind == "ESEARCH":
            for i in range(2, len(toks) - 1):
                if isinstance(toks[i], str) and toks[i].upper() == "MODSEQ":
                    toks[i + 1] = "MODSEQ:" + toks[i + 1]
        if len(toks) > 3 and isinstance(toks[2], str) and toks[2].upper() == "FETCH" \
                and isinstance(toks[3], list):
            items = toks[3]
            pairs = [items[i:i + 2] for i in range(0, len(items), 2)]
            for p in pairs:
                if len(p) < 2:
                    continue
                name = str(p[0]).upper()
                if name in ("INTERNALDATE", "SAVEDATE") and isinstance(p[1], tuple):
                    p[1] = self.date(p[1][1])
                elif name == "MODSEQ" and isinstance(p[1], list) and p[1]:
                    p[1] = ["MODSEQ:" + str(p[1][0])]
                elif name == "FLAGS" and isinstance(p[1], list):
                    p[1] = sorted(p[1], key=str)
            for p in pairs:
                if isinstance(p[0], str):
                    p[0] = p[0].upper()  # section names: BODY[HEADER.FIELDS (Subject)]
            pairs.sort(key=lambda p: str(p[0]).upper())
            toks[3] = [x for p in pairs for x in p]
        return render_seq(toks)


def expand(lines):
    """A tagged OK's [CAPABILITY ...] code as the untagged CAPABILITY it stands for: RFC 9051
    §7.1 lets a server send either after LOGIN/AUTHENTICATE."""
    out = []
    for line in lines:
        m = re.match(r"([^*+<]\S*) OK \[CAPABILITY\]$", line)
        if m:
            out += ["* CAPABILITY <list>", m.group(1) + " OK"]
        else:
            out.append(line)
    return out


def finish(lines):
    """MODSEQ values as <modseq>: RFC 7162 leaves their values to the server (Dovecot gives every
    message the same one until CONDSTORE is enabled; govmail counts each change)."""
    return [[re.sub(r"MODSEQ:(\d+)", "<modseq>", line) for line in step] for step in lines]


def sort_lists(lines):
    """LIST/LSUB responses (with the STATUS that follows each, RFC 5819) in name order: RFC 9051
    §6.3.9 leaves their order free."""
    out, run = [], []

    def flush():
        run.sort(key=lambda g: g[0])
        for g in run:
            out.extend(g)
        run.clear()

    for line in lines:
        if re.match(r"\* (LIST|LSUB) ", line, re.I):
            run.append([line])
        elif re.match(r"\* STATUS ", line, re.I) and run:
            run[-1].append(line)
        else:
            flush()
            out.append(line)
    flush()
    return out


def unasked_uid(step, lines):
    """A server may add UID to any FETCH response (RFC 9051 §7.5.2; RFC 7162 §3.1.4 makes
    govmail's CONDSTORE answers carry it): dropped when the command did not mention UID."""
    text = " ".join(v for k, v in step.parts if k == "text").upper()
    if re.search(r"\bUID\b", text):
        return lines
    return [re.sub(r"(\* \d+ FETCH \(.*?)(?: UID \d+(?=[ )])|UID \d+ )", r"\1", x)
            if re.match(r"\* \d+ FETCH ", x) else x for x in lines]


def canonical(step, lines):
    """Orders that RFC 9051 leaves free: the untagged responses of SELECT/EXAMINE (§6.3.2,
    after a QRESYNC [CLOSED], which comes first) and LIST/LSUB responses."""
    words = step.parts[0][1].split()
    if len(words) > 1 and words[1].upper() in ("SELECT", "EXAMINE"):
        body = [x for x in lines if x.startswith("* ") and x != "* OK [CLOSED]"]
        if len(body) > 1:
            closed = [x for x in lines if x == "* OK [CLOSED]"]
            rest = [x for x in lines if not x.startswith("* ")]
            lines = closed + sorted(body) + rest
    return sort_lists(list_attributes(step, unasked_uid(step, lines)))


CHILD_ATTRS = {"\\HasChildren", "\\HasNoChildren"}
USE_ATTRS = {"\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash"}


def list_attributes(step, lines):
    """Attributes a server MAY leave out: \\Marked/\\UnMarked (RFC 9051 §7.3.1) always;
    \\HasChildren/\\HasNoChildren (RFC 3348, RFC 5258
    §4) in LSUB and in an extended LIST that did not ask RETURN (CHILDREN); special-use
    attributes (RFC 6154 §2) in LSUB and in an extended LIST that did not ask RETURN
    (SPECIAL-USE) or select (SPECIAL-USE)."""
    text = " ".join(v for k, v in step.parts if k == "text").upper()
    words = text.split()
    if len(words) < 2 or words[1] not in ("LIST", "LSUB"):
        return lines
    extended = words[1] == "LIST" and (
        (len(words) > 2 and words[2].startswith("(")) or "RETURN" in words or
        re.search(r'LIST\s+\S+\s+\(', text) is not None)
    drop = {"\\Marked", "\\UnMarked", "\\Unmarked"}  # optional (RFC 9051 §7.3.1)
    drop.add("\\X-Recall")  # govmail's recall folder (docs/imap-conformance.md)
    if words[1] == "LSUB" or (extended and "CHILDREN" not in text):
        drop |= CHILD_ATTRS
    if words[1] == "LSUB" or (extended and "SPECIAL-USE" not in text):
        drop |= USE_ATTRS
    out = []
    for line in lines:
        m = re.match(r"(\* (?:LIST|LSUB) \()([^)]*)(\).*)$", line)
        if m:
            attrs = [a for a in m.group(2).split() if a not in drop]
            line = m.group(1) + " ".join(attrs) + m.group(3)
        out.append(line)
    return out


# Masks: an open defect that shows in very many responses is named once in the doc's table
# (govmail cell "mask `NAME`") and masked on both sides; the mask is reported stale (the
# defect fixed) when no difference needs it any more.


def mask_recent(step, lines):
    out = []
    for line in lines:
        if re.fullmatch(r"\* \d+ RECENT", line):
            continue
        line = re.sub(r" ?\\Recent(?=[ )])", "", line).replace("( ", "(")
        line = re.sub(r"RECENT \d+", "RECENT n", line)
        out.append(line)
    return out


def mask_keywords(step, lines):
    words = step.parts[0][1].split()
    selecting = len(words) > 1 and words[1].upper() in ("SELECT", "EXAMINE")
    out = []
    for line in lines:
        m = re.match(r"(\* FLAGS \(|\* OK \[PERMANENTFLAGS \()([^)]*)(\).*)$", line)
        if m:
            if not selecting:
                continue
            flags = [f for f in m.group(2).split() if f.startswith("\\")]
            line = m.group(1) + " ".join(flags) + m.group(3)
        out.append(line)
    return out


def mask_unseen(step, lines):
    return [x for x in lines if not re.fullmatch(r"\* OK \[UNSEEN \d+\]", x)]


MASKS = {"recent": mask_recent, "keywords": mask_keywords, "unseen": mask_unseen}


# ---------------------------------------------------------------------------------------------
# The tables of docs/imap-conformance.md


class Row:
    def __init__(self, table, script, tag, gov, dov, why, lineno):
        self.table, self.script, self.tag = table, script, tag
        self.gov, self.dov, self.why, self.lineno = gov, dov, why, lineno
        self.used = 0
        self.mask = None

    def applies(self, script, tag):
        return self.script in ("*", script) and self.tag in ("*", tag)


def cell_lines(cell):
    cell = cell.strip()
    if cell in ("", "—", "-", "(nothing)"):
        return []
    out = []
    for part in re.split(r"<br\s*/?>", cell):
        part = part.strip().replace("\\|", "|")
        m = re.fullmatch(r"``\s?(.*?)\s?``|`(.*)`", part)
        if m:
            part = m.group(1) if m.group(1) is not None else m.group(2)
        if part:
            out.append(part)
    return out


def format_cell(lines):
    if not lines:
        return "—"
    out = []
    for line in lines:
        line = line.replace("|", "\\|")
        out.append(f"`` {line} ``" if "`" in line else f"`{line}`")
    return "<br>".join(out)


def split_row(line):
    cells, cur, i = [], "", 0
    body = line.strip()[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            cur += "\\|"
            i += 2
            continue
        if body[i] == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += body[i]
        i += 1
    cells.append(cur)
    return [c.strip() for c in cells]


def read_doc(path):
    rows, table = [], None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith("## "):
                title = line[3:].strip().lower()
                table = ("allowed" if title.startswith("allowed differences") else
                         "defect" if title.startswith("open defects") else None)
                continue
            if table is None or not line.startswith("|"):
                continue
            cells = split_row(line)
            if len(cells) < 5 or cells[0].lower() == "script" or set(cells[0]) <= set("-: "):
                continue
            script, tag = cells[0].strip("`"), cells[1].strip("`")
            m = re.fullmatch(r"mask `(\w+)`", cells[2].strip())
            if m:
                if m.group(1) not in MASKS:
                    raise SystemExit(f"{path}:{lineno}: no mask {m.group(1)!r} in run.py")
                row = Row(table, script, tag, [], [], cells[4], lineno)
                row.mask = m.group(1)
            else:
                row = Row(table, script, tag, cell_lines(cells[2]), cell_lines(cells[3]),
                          cells[4], lineno)
            rows.append(row)
    return rows


def line_matches(pattern, line):
    if "…" not in pattern:
        return pattern == line
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("…")), line) is not None


def explain(script, tag, gov, dov, rows):
    """Removes the rows' lines from the step's difference; returns what no row explains and
    the rows used."""
    g = collections.Counter(gov)
    d = collections.Counter(dov)
    only_g, only_d = g - d, d - g
    used = []
    if not only_g and not only_d:
        if gov == dov:
            return [], [], used
        only_g = collections.Counter(["(same lines, other order)"])
        only_d = collections.Counter(["(same lines, other order)"])
    for wild in (False, True):
        for row in rows:
            if not row.applies(script, tag) or ((row.script == "*" or row.tag == "*") != wild):
                continue
            if not row.gov and not row.dov:
                continue
            # every line of the row must match a line still unexplained; it explains every line
            # it matches ("…" in a row's line matches any text)
            hits_g = [[x for x in only_g if line_matches(p, x)] for p in row.gov]
            hits_d = [[x for x in only_d if line_matches(p, x)] for p in row.dov]
            if all(hits_g) and all(hits_d):
                for hit in hits_g:
                    for x in hit:
                        only_g.pop(x, None)
                for hit in hits_d:
                    for x in hit:
                        only_d.pop(x, None)
                used.append(row)
    return list(only_g.elements()), list(only_d.elements()), used


# ---------------------------------------------------------------------------------------------


def play(path, gov_port, dov_port, user):
    """Runs one script on both servers; returns [(step, gov_lines, dov_lines, gov_raw, dov_raw)]
    with the lines normalised."""
    items = parse_script(path)
    results = []
    sessions = [Session(gov_port, user), Session(dov_port, user)]
    norms = [Norm(), Norm()]
    for item in items:
        if isinstance(item, Directive):
            for s in sessions:
                s.directive(item)
            continue
        raws = []
        for s in sessions:
            t0 = time.time()
            raw = s.run(item)
            if time.time() - t0 > 0.5:
                print(f"slow: {os.path.basename(path)}:{item.lineno} took {time.time() - t0:.1f} s "
                      f"on {'govmail' if s is sessions[0] else 'Dovecot'}", file=sys.stderr)
            s.last_raw = raw
            raws.append(raw)
        results.append([item, raws])
    for s in sessions:
        s.close()
    normed = []
    for side in (0, 1):
        normed.append(finish([expand([norms[side].line(r, side == 0) for r in raws[side]])
                              for _, raws in results]))
    return [(item, canonical(item, normed[0][i]), canonical(item, normed[1][i]), raws[0], raws[1])
            for i, (item, raws) in enumerate(results)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--govmail", help="govmail binary to start (or --govmail-port)")
    ap.add_argument("--govmail-port", type=int, help="a running govmail (its accounts o0..)")
    ap.add_argument("--dovecot", default=None, help="dovecot binary (default: from PATH)")
    ap.add_argument("--dovecot-port", type=int, help="a running Dovecot")
    ap.add_argument("--doc", default=os.path.join(REPO, "docs", "imap-conformance.md"))
    ap.add_argument("--scripts", default=os.path.join(HERE, "scripts"))
    ap.add_argument("--only", action="append", help="run only this script (name without .imap)")
    ap.add_argument("--show", action="store_true", help="print both transcripts in full")
    ap.add_argument("--raw", action="store_true", help="with --show: the raw responses too")
    ap.add_argument("--rows", action="store_true",
                    help="print table rows for differences that no row explains")
    ap.add_argument("--keep", action="store_true", help="keep the servers' temp dir")
    args = ap.parse_args()

    names = sorted(f[:-5] for f in os.listdir(args.scripts) if f.endswith(".imap"))
    # Every script has its own account on both servers, so that scripts cannot disturb each
    # other (the account is numbered by the script's place in the full list).
    users = {name: f"o{i}@{DOMAIN}" for i, name in enumerate(names)}
    if args.only:
        unknown = [n for n in args.only if n not in users]
        if unknown:
            raise SystemExit(f"no such script: {unknown}")
        names = [n for n in names if n in args.only]

    tmp = tempfile.mkdtemp(prefix="imap-oracle-")
    os.chmod(tmp, 0o755)  # Dovecot's unprivileged processes must reach their files in it
    procs = []
    try:
        if args.govmail_port:
            gov_port = args.govmail_port
        elif args.govmail:
            proc, gov_port = start_govmail(os.path.abspath(args.govmail),
                                           os.path.join(tmp, "govmail"), list(users.values()))
            procs.append(proc)
        else:
            ap.error("--govmail BIN or --govmail-port PORT")
        if args.dovecot_port:
            dov_port = args.dovecot_port
        else:
            binary = args.dovecot or find_dovecot()
            if not binary:
                print("dovecot not found (Debian: apt-get install dovecot-imapd)", file=sys.stderr)
                return 2
            proc, dov_port = start_dovecot(binary, os.path.join(tmp, "dovecot"),
                                           list(users.values()))
            procs.append(proc)
        return compare(args, names, users, gov_port, dov_port)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        if args.keep:
            print(f"temp dir kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def apply_masks(masks, item, lines):
    for name in masks:
        lines = MASKS[name](item, lines)
    return lines


def evaluate(played, rows, masks):
    """The differences no row explains, with every mask in `masks` applied; counts row use."""
    unexplained, differing = [], 0
    for r in rows:
        r.used = 0
    for name, item, gov, dov in played:
        gov, dov = apply_masks(masks, item, gov), apply_masks(masks, item, dov)
        if gov == dov:
            continue
        differing += 1
        left_g, left_d, used = explain(name, item.tag, gov, dov, rows)
        for r in used:
            r.used += 1
        if left_g or left_d:
            unexplained.append((name, item, left_g, left_d, gov, dov))
    return unexplained, differing


def compare(args, names, users, gov_port, dov_port):
    rows = read_doc(args.doc) if os.path.exists(args.doc) else []
    masks = [r.mask for r in rows if r.mask]
    plain_rows = [r for r in rows if not r.mask]
    started = time.time()
    played = []
    for name in names:
        path = os.path.join(args.scripts, name + ".imap")
        for item, gov, dov, graw, draw in play(path, gov_port, dov_port, users[name]):
            played.append((name, item, gov, dov))
            if args.show:
                print(f"--- {name}:{item.lineno} {item.text.strip()[:120]}")
                width = max([len(x) for x in gov] + [20])
                for i in range(max(len(gov), len(dov))):
                    a = gov[i] if i < len(gov) else ""
                    b = dov[i] if i < len(dov) else ""
                    mark = " " if a == b else "≠"
                    print(f"  {mark} {a[:100]:<{min(width, 100)}} | {b[:100]}")
                if args.raw:
                    for side, raw in (("govmail", graw), ("Dovecot", draw)):
                        for r in raw:
                            print(f"    {side}: {r.decode('utf-8', 'replace')[:300]!r}")
    # Each mask must still be needed: without it, something is left unexplained.
    stale_masks = []
    for r in rows:
        if r.mask:
            without, _ = evaluate(played, plain_rows, [m for m in masks if m != r.mask])
            with_all, _ = evaluate(played, plain_rows, masks)
            if len(without) <= len(with_all):
                stale_masks.append(r)
    unexplained, differing = evaluate(played, plain_rows, masks)
    stale = [r for r in plain_rows if r.table == "defect" and r.used == 0 and
             (not args.only or r.script in names)]
    if args.only:
        stale_masks = []
    unused_allowed = [r for r in plain_rows if r.table == "allowed" and r.used == 0 and
                      r.script != "*" and (not args.only or r.script in names)]
    new_rows = []
    for name, item, left_g, left_d, gov, dov in unexplained:
        print(f"\nUNLISTED DIFFERENCE {name}:{item.lineno} tag {item.tag} "
              f"({item.text.strip()[:100]})")
        for line in left_g:
            print(f"  govmail only: {line[:300]}")
        for line in left_d:
            print(f"  Dovecot only: {line[:300]}")
        print("  govmail: " + "\n           ".join(x[:200] for x in gov))
        print("  Dovecot: " + "\n           ".join(x[:200] for x in dov))
        new_rows.append(f"| {name} | {item.tag} | {format_cell(left_g)} | "
                        f"{format_cell(left_d)} | `{item.text.strip()[:60]}` |")
    for r in stale + stale_masks:
        print(f"\nFIXED, REMOVE FROM THE DOC: open defect at {args.doc}:{r.lineno} "
              f"({r.script} {r.tag}) no longer differs: {r.why[:150]}")
    for r in unused_allowed:
        print(f"\nnote: allowed difference at {args.doc}:{r.lineno} ({r.script} {r.tag}) "
              f"did not occur")
    if args.rows and new_rows:
        print("\nRows for the differences above:")
        print("\n".join(new_rows))
    fixed = len(stale) + len(stale_masks)
    print(f"\nimap oracle: {len(names)} scripts, {len(played)} steps, {differing} differ; "
          f"{len(unexplained)} unlisted, {fixed} open defects fixed "
          f"({time.time() - started:.1f} s)")
    return 0 if not unexplained and not fixed else 1


if __name__ == "__main__":
    sys.exit(main())
