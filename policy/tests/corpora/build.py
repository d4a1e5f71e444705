#!/usr/bin/env python3
"""Writes the adversarial corpora policy/tests/corpus-*/ (issue 19).

Each class of trap has a module here (issuer.py, not_issued.py, missed.py, numbers.py,
marks.py, attachments.py) whose samples are written by hand in the module: invented agencies
of the 34 provinces after the 2025 mergers, fictitious people and numbers. This script renders
them to NNNN.eml, labels.json and a README.md table in policy/tests/<directory>/, and checks
every file: CRLF only, lines of at most 998 octets (RFC 5322 2.1.1), parsed by Python's
email.policy.default without a defect in any part or header, and every labelled number present
in the message's text, names or attachment text (modulo diacritics and separators).

Usage: python3 policy/tests/corpora/build.py        (rewrites the corpora; deterministic)
       python3 policy/tests/corpora/build.py --check (fails if a file would change)
"""

import email
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
import zlib
import io

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from mime import unaccent  # noqa: E402

import issuer  # noqa: E402
import not_issued  # noqa: E402
import missed  # noqa: E402
import numbers_  # noqa: E402
import marks  # noqa: E402
import attachments  # noqa: E402
import heldout  # noqa: E402
import heldout2  # noqa: E402
import heldout3  # noqa: E402
import heldout4  # noqa: E402
import heldout5  # noqa: E402
import heldout6  # noqa: E402
import heldout7  # noqa: E402

CORPORA = [issuer.R, not_issued.R, missed.R, numbers_.R, marks.R, attachments.R, heldout.R,
           heldout2.R, heldout3.R, heldout4.R, heldout5.R, heldout6.R, heldout7.R]
TESTS = os.path.dirname(HERE)


def squash(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", unaccent(s).lower())


def haystack(msg) -> str:
    """All text a reader could see: headers, text parts, file names, DOCX/ODT text, PDF strings."""
    out = [str(msg.get("subject", ""))]
    for part in msg.walk():
        if part.is_multipart():
            continue
        fn = part.get_filename()
        if fn:
            out.append(fn)
        ctype = part.get_content_type()
        if ctype.startswith("text/") or ctype == "message/disposition-notification":
            try:
                out.append(part.get_content())
            except Exception:  # noqa: BLE001
                out.append(str(part.get_payload()))
            if ctype == "text/html":
                out.append(re.sub(r"<[^>]+>", "", out[-1]))
        elif ctype == "message/rfc822":
            inner = part.get_payload()[0] if isinstance(part.get_payload(), list) else part.get_payload()
            out.append(haystack(inner))
        else:
            data = part.get_payload(decode=True) or b""
            if data.startswith(b"PK"):
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    for n in z.namelist():
                        if n.endswith(".xml"):
                            out.append(re.sub(r"<[^>]+>", " ", z.read(n).decode("utf-8")))
            elif data.startswith(b"%PDF"):
                out.append(" ".join(m.decode("latin-1") for m in re.findall(rb"\(([^)]*)\) Tj", data)))
                out.append(pdf_streams_text(data))
                if shutil.which("pdftotext"):
                    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                                          check=True).stdout
                    out.append(text.decode("utf-8"))
    text = "\n".join(out)
    # corpus-heldout7 has a body in TCVN3 (.VnTime bytes read as Windows-1252)
    return text + "\n" + heldout7.from_tcvn3(text)


def pdf_streams_text(data: bytes) -> str:
    """The text of TJ arrays and Tj strings in a PDF's (possibly FlateDecode) streams: literal
    strings as Latin-1, hex strings through the file's ToUnicode bfchar map (one line per TJ),
    so that the check needs no pdftotext."""
    streams = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            streams.append(zlib.decompress(m.group(1)))
        except zlib.error:
            streams.append(m.group(1))
    cmap = {}
    for s in streams:
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", s, re.S):
            for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                cmap[src.upper()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    width = len(next(iter(cmap), "0000"))
    out = []
    for s in streams:
        for arr in re.findall(rb"\[(.*?)\]\s*TJ", s, re.S):
            line = "".join(m.decode("latin-1") for m in re.findall(rb"\(((?:\\.|[^\\)])*)\)", arr))
            for h in re.findall(rb"<([0-9A-Fa-f]*)>", arr):
                line += "".join(cmap.get(h[i:i + width].upper(), "") for i in range(0, len(h), width))
            out.append(line)
        out += [m.decode("latin-1") for m in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", s)]
    return "\n".join(out)


def check(name: str, raw: bytes, label: dict):
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), name + ": bare LF"
    assert "\r" not in text.replace("\r\n", ""), name + ": bare CR"
    for i, line in enumerate(raw.split(b"\r\n")):
        assert len(line) <= 998, "%s: line %d is %d octets" % (name, i + 1, len(line))
    msg = email.message_from_bytes(raw, policy=email.policy.default)

    def defects(m, where):
        for part in m.walk():
            assert not part.defects, "%s%s: %s" % (name, where, part.defects)
            for k, v in part.items():
                d = getattr(v, "defects", ())
                assert not d, "%s%s: header %s: %s" % (name, where, k, d)
            if part.get_content_type() == "message/rfc822":
                payload = part.get_payload()
                inner = payload[0] if isinstance(payload, list) else payload
                defects(inner, where + " (forwarded)")

    defects(msg, "")
    for key in ("From", "Date", "Message-ID"):
        assert msg.get(key), "%s: no %s" % (name, key)
    if label["official"] and label["number"]:
        assert any(squash(v) in squash(haystack(msg)) for v in spellings(label["number"])), \
            "%s: labelled number %s not in the message" % (name, label["number"])


def spellings(number: str):
    """The number as written, and with the type before it as file names put it
    ('QD_12_UBND_signed.pdf' for 12/QĐ-UBND, 'Thong bao 128-STP.pdf' for 128/TB-STP): the
    same information in another order."""
    out = [number]
    num, _, symbol = number.rpartition("/")
    kind, _, rest = symbol.partition("-")
    if num and rest:
        out.append(kind + " " + num + " " + rest)
        if kind in TYPE_WORDS:
            out.append(TYPE_WORDS[kind] + " " + num + " " + rest)
    return out


# The type written in words before the number in a file name ('Thong bao 128-STP.pdf').
TYPE_WORDS = {"TB": "thong bao", "GM": "giay moi", "QĐ": "quyet dinh", "KH": "ke hoach", "BC": "bao cao"}


def readme(reg, rows) -> str:
    out = ["# " + reg.title, "", reg.intro.strip(), "",
           "Written for issue 19 by `../corpora/build.py` (which generates this file too): "
           "invented agencies, people and numbers; the label schema and the rules are those of "
           "`../corpus/README.md` (mandatory is false for secret-marked documents and for "
           "non-official mail; every other field of non-official mail is null). Attachments "
           "are small generated PDF/DOCX/ODT/JPG files.", "",
           "| file | style | label | trap |", "|---|---|---|---|"]
    for name, s in rows:
        lab = s["label"]
        if lab["official"]:
            ltxt = "official %s %s urg=%s sec=%s mand=%s" % (
                lab["doc_type"], lab["number"] or "(no number)", lab["urgency"], lab["secrecy"],
                lab["mandatory"])
        else:
            ltxt = "NOT official"
        out.append("| %s | %s | %s | %s |" % (name, s["style"].replace("|", "\\|"), ltxt,
                                              s["trap"].replace("|", "\\|")))
    n_off = sum(1 for _, s in rows if s["label"]["official"])
    out += ["", "%d messages: %d official, %d not official." % (len(rows), n_off, len(rows) - n_off), ""]
    return "\n".join(out)


def main():
    check_only = "--check" in sys.argv
    changed = []
    total = 0
    for reg in CORPORA:
        outdir = os.path.join(TESTS, reg.directory)
        os.makedirs(outdir, exist_ok=True)
        labels, rows, files = {}, [], {}
        for i, s in enumerate(reg.samples, start=1):
            name = "%04d.eml" % i
            raw = s["build"]()
            check(reg.directory + "/" + name, raw, s["label"])
            labels[name] = s["label"]
            rows.append((name, s))
            files[name] = raw
        files["labels.json"] = (json.dumps(labels, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
        files["README.md"] = readme(reg, rows).encode()
        for fname, data in files.items():
            path = os.path.join(outdir, fname)
            old = open(path, "rb").read() if os.path.exists(path) else None
            if old != data:
                changed.append(path)
                if not check_only:
                    with open(path, "wb") as f:
                        f.write(data)
        stale = [f for f in os.listdir(outdir) if f.endswith(".eml") and f not in files]
        for f in stale:
            changed.append(os.path.join(outdir, f))
            if not check_only:
                os.remove(os.path.join(outdir, f))
        total += len(reg.samples)
        print("%-22s %3d messages (%d official)" % (
            reg.directory, len(reg.samples), sum(1 for s in reg.samples if s["label"]["official"])))
    print("%d messages" % total)
    if check_only and changed:
        sys.exit("out of date: " + ", ".join(changed))


if __name__ == "__main__":
    main()
