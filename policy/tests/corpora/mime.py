"""Small, explicit MIME writer for the adversarial corpora (see build.py).

Written by hand rather than with email.message so that every encoding choice real clients
make is visible and chosen per sample: raw UTF-8 or RFC 2047 B/Q headers, 7bit/8bit/
quoted-printable/base64 bodies, RFC 2231 file names (single and continued), message/rfc822
forwards, multipart/report read receipts. Everything is written with CRLF line ends.
"""

import base64
import hashlib
import io
import quopri
import unicodedata
import urllib.parse
import zipfile
import zlib
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

CRLF = "\r\n"
VN = timezone(timedelta(hours=7))


def crlf(text: str) -> str:
    """Normalises every line end to CRLF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", CRLF)


def unaccent(s: str) -> str:
    """Vietnamese without diacritics, as people type it on phones: Đ → D."""
    s = s.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# ---------------------------------------------------------------- headers


def _is_ascii(s: str) -> bool:
    return all(ord(c) < 128 for c in s)


def word_b(s: str) -> str:
    """RFC 2047 B encoded-words, each at most 75 characters, folded with CRLF SP."""
    words, chunk = [], ""
    for ch in s:
        trial = chunk + ch
        if len(base64.b64encode(trial.encode("utf-8"))) > 45:
            words.append(chunk)
            chunk = ch
        else:
            chunk = trial
    if chunk:
        words.append(chunk)
    return (CRLF + " ").join(
        "=?UTF-8?B?" + base64.b64encode(w.encode("utf-8")).decode("ascii") + "?=" for w in words
    )


def _q_char(ch: str) -> str:
    out = ""
    for b in ch.encode("utf-8"):
        c = chr(b)
        if c == " ":
            out += "_"
        elif c.isalnum() and b < 128:
            out += c
        elif c in "!*+-/" and b < 128:
            out += c
        else:
            out += "=%02X" % b
    return out


def word_q(s: str) -> str:
    """RFC 2047 Q encoded-words (characters never split across words)."""
    words, chunk = [], ""
    for ch in s:
        enc = _q_char(ch)
        if len(chunk) + len(enc) > 60:
            words.append(chunk)
            chunk = enc
        else:
            chunk += enc
    if chunk:
        words.append(chunk)
    return (CRLF + " ").join("=?utf-8?Q?" + w + "?=" for w in words)


def fold_ascii(value: str, width: int = 76) -> str:
    """Folds a long unstructured ASCII/UTF-8 value at spaces (RFC 5322 2.2.3)."""
    out, line = [], ""
    for word in value.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    out.append(line)
    return (CRLF + " ").join(out)


def text_header(value: str, enc: str) -> str:
    """An unstructured header value: 'b', 'q', 'raw' (RFC 6532 UTF-8) or 'ascii'."""
    if _is_ascii(value) or enc == "raw":
        return fold_ascii(value)
    if enc == "q":
        return word_q(value)
    return word_b(value)


def addr(name: str, mail: str, enc: str = "b") -> str:
    if not name:
        return mail
    if _is_ascii(name):
        if any(c in name for c in ',.;:()<>@"'):
            return '"%s" <%s>' % (name, mail)
        return "%s <%s>" % (name, mail)
    if enc == "raw":
        return '"%s" <%s>' % (name, mail)
    if enc == "q":
        return "%s <%s>" % (word_q(name), mail)
    return "%s <%s>" % (word_b(name), mail)


def date(y, mo, d, h=8, mi=0, s=0) -> str:
    return format_datetime(datetime(y, mo, d, h, mi, s, tzinfo=VN))


def msgid(seed: str, domain: str, style: str = "plain") -> str:
    h = hashlib.sha1(seed.encode("utf-8")).hexdigest()
    if style == "gmail":
        return "<CAJ%s+%s@mail.gmail.com>" % (h[:20].upper(), h[20:32])
    if style == "outlook":
        return "<%s%s@%s>" % (h[:8].upper(), h[8:24].upper(), domain)
    return "<%s.%s@%s>" % (h[:12], h[12:20], domain)


# ---------------------------------------------------------------- bodies


def encode_text(text: str, cte: str) -> str:
    text = text.replace("\r\n", "\n")
    if cte == "7bit":
        assert _is_ascii(text), "7bit body with non-ASCII text"
        return crlf(text)
    if cte == "8bit":
        return crlf(text)
    if cte == "quoted-printable":
        raw = quopri.encodestring(text.encode("utf-8"), quotetabs=False).decode("ascii")
        return crlf(raw)
    if cte == "base64":
        return b64(text.replace("\n", CRLF).encode("utf-8"))
    raise ValueError(cte)


def b64(data: bytes) -> str:
    enc = base64.b64encode(data).decode("ascii")
    return CRLF.join(enc[i : i + 76] for i in range(0, len(enc), 76))


def _pct(s: str) -> str:
    return urllib.parse.quote(s, safe="-._~")


def name_params(filename: str, style: str) -> tuple[str, str]:
    """(Content-Type name param, Content-Disposition filename param)."""
    if style == "plain" or (_is_ascii(filename) and style not in ("2231", "2231cont")):
        assert _is_ascii(filename), filename
        q = '"%s"' % filename
        return 'name=%s' % q, 'filename=%s' % q
    if style == "2231":
        v = "utf-8''" + _pct(filename)
        return "name*=" + v, "filename*=" + v
    if style == "2231cont":
        # split at character boundaries, as Thunderbird does, never inside a UTF-8 sequence
        fixed, cur = [], ""
        for ch in filename:
            enc = _pct(ch)
            if cur and len(cur) + len(enc) > 40:
                fixed.append(cur)
                cur = ""
            cur += enc
        fixed.append(cur)
        parts = []
        for i, p in enumerate(fixed):
            parts.append("filename*%d*=%s%s" % (i, "utf-8''" if i == 0 else "", p))
        nparts = [p.replace("filename*", "name*", 1) for p in parts]
        return (";" + CRLF + " ").join(nparts), (";" + CRLF + " ").join(parts)
    raise ValueError(style)


class Part:
    """A leaf MIME part."""

    def __init__(self, ctype, body, cte="8bit", charset="utf-8", filename=None,
                 fname="plain", disposition=None, extra=None, params=""):
        self.ctype, self.body, self.cte = ctype, body, cte
        self.charset, self.filename, self.fname = charset, filename, fname
        self.disposition = disposition or ("attachment" if filename else None)
        self.extra = extra or []
        self.params = params

    def render(self) -> str:
        lines = []
        ct = self.ctype
        if self.ctype.startswith("text/"):
            ct += '; charset="%s"' % self.charset if self.charset else ""
        ct += self.params
        nparam = dparam = None
        if self.filename:
            nparam, dparam = name_params(self.filename, self.fname)
            ct += ";" + CRLF + " " + nparam
        lines.append("Content-Type: " + ct)
        if self.disposition:
            d = "Content-Disposition: " + self.disposition
            if dparam:
                d += ";" + CRLF + " " + dparam
            lines.append(d)
        lines.append("Content-Transfer-Encoding: " + self.cte)
        lines.extend(self.extra)
        if isinstance(self.body, bytes):
            assert self.cte == "base64"
            payload = b64(self.body)
        else:
            payload = encode_text(self.body, self.cte)
        return CRLF.join(lines) + CRLF + CRLF + payload


class Multipart:
    def __init__(self, subtype, parts, boundary=None, params="", extra=None):
        self.subtype, self.parts, self.params = subtype, parts, params
        self.boundary = boundary
        self.extra = extra or []

    def render(self) -> str:
        rendered = [p.render() for p in self.parts]
        if self.boundary is None:
            digest = hashlib.md5("".join(rendered).encode("utf-8")).hexdigest()
            self.boundary = "----=_Part_%s_%s" % (digest[:8], digest[8:20])
        head = 'Content-Type: multipart/%s;%sboundary="%s"%s' % (
            self.subtype, CRLF + " ", self.boundary, self.params)
        out = [CRLF.join([head] + self.extra), ""]
        out.append("This is a multi-part message in MIME format.")
        for p in rendered:
            out.append("--" + self.boundary)
            out.append(p)
        out.append("--" + self.boundary + "--")
        out.append("")
        return CRLF.join(out)


class Rfc822:
    """A message/rfc822 part holding a whole message (forward as attachment)."""

    def __init__(self, message: bytes, filename=None, cte="8bit"):
        self.message, self.filename, self.cte = message, filename, cte

    def render(self) -> str:
        head = "Content-Type: message/rfc822"
        if self.filename:
            n, f = name_params(self.filename, "plain" if _is_ascii(self.filename) else "2231")
            head += ";" + CRLF + " " + n
            disp = "Content-Disposition: attachment;" + CRLF + " " + f
        else:
            disp = "Content-Disposition: inline"
        body = self.message.decode("utf-8")
        if not body.endswith(CRLF):
            body += CRLF
        return CRLF.join([head, disp, "Content-Transfer-Encoding: " + self.cte, "", body])


class Raw:
    """A part written out exactly (already CRLF, already encoded)."""

    def __init__(self, text: str):
        self.text = text

    def render(self) -> str:
        return self.text


def message(headers, body) -> bytes:
    """headers: list of (name, value) with values already encoded/folded."""
    lines = ["%s: %s" % (n, v) for n, v in headers]
    lines.append("MIME-Version: 1.0")
    text = CRLF.join(lines) + CRLF + body.render()
    if not text.endswith(CRLF):
        text += CRLF
    return text.encode("utf-8")


# ---------------------------------------------------------------- HTML


def html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def outlook_html(paragraphs, table_rows=None, table_after=0) -> str:
    """Word/Outlook HTML: MsoNormal paragraphs with <o:p></o:p>, optional bordered table."""
    head = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" '
        'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
        'xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
        "<style><!--\n/* Style Definitions */\np.MsoNormal, li.MsoNormal, div.MsoNormal\n"
        "\t{margin:0cm;\n\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;}\n"
        "@page WordSection1\n\t{size:612.0pt 792.0pt;\n\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}\n"
        "div.WordSection1\n\t{page:WordSection1;}\n--></style>\n"
        "</head>\n<body lang=\"VI\" link=\"#0563C1\" vlink=\"#954F72\" style=\"word-wrap:break-word\">\n"
        '<div class="WordSection1">\n'
    )
    out = [head]

    def para(p):
        if p == "":
            return '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
        bold = p.startswith("**")
        t = html_escape(p.strip("*"))
        if bold:
            t = "<b>" + t + "</b>"
        return '<p class="MsoNormal"><span style="font-size:13.0pt;font-family:&quot;Times New Roman&quot;,serif">%s<o:p></o:p></span></p>\n' % t

    for i, p in enumerate(paragraphs):
        if table_rows is not None and i == table_after:
            out.append(outlook_table(table_rows))
        out.append(para(p))
    if table_rows is not None and table_after >= len(paragraphs):
        out.append(outlook_table(table_rows))
    out.append("</div>\n</body>\n</html>\n")
    return "".join(out)


def outlook_table(rows) -> str:
    out = ['<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse;border:none">\n']
    for r, row in enumerate(rows):
        out.append("<tr>\n")
        for cell in row:
            t = html_escape(cell)
            if r == 0:
                t = "<b>" + t + "</b>"
            out.append(
                '<td valign="top" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt">'
                '<p class="MsoNormal"><span style="font-size:12.0pt">%s<o:p></o:p></span></p></td>\n' % t)
        out.append("</tr>\n")
    out.append("</table>\n")
    return "".join(out)


def simple_html(paragraphs, style="font-family: arial, helvetica, sans-serif; font-size: 12pt; color: #000000") -> str:
    """Zimbra/Roundcube/gmail style HTML."""
    body = "".join(
        "<div>%s</div>\n" % (html_escape(p) if p else "<br>") for p in paragraphs)
    return ('<html><body><div style="%s">\n%s</div></body></html>\n' % (style, body))


# ---------------------------------------------------------------- attachments


def _pdf(objects) -> bytes:
    """objects: list of bytes bodies for objects 1..n; object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _pdf_str(s: str) -> bytes:
    s = unaccent(s)
    s = "".join(c if 32 <= ord(c) < 127 else "?" for c in s)
    return ("(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")").encode("ascii")


def pdf_text(lines, compress=False) -> bytes:
    """A one-page text PDF in Helvetica (WinAnsi: the text is written without diacritics);
    with compress, the content stream is FlateDecode as almost every real PDF writes it."""
    ops = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
    for line in lines:
        ops.append(_pdf_str(line) + b" Tj T*")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    if compress:
        stream = zlib.compress(stream, 9)
        return _pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ])
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])


def pdf_scan(seed: str, w: int = 124, h: int = 176) -> bytes:
    """A 'scanned' page: one grayscale image, no text at all."""
    rnd = hashlib.sha256(seed.encode()).digest()
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            ink = (y % 9 < 2 and 10 < x < w - 10 and (x + y + rnd[(x * y) % 32]) % 7 != 0)
            row.append(40 if ink else 235 - rnd[(x + y) % 32] % 12)
        rows.append(bytes(row))
    data = zlib.compress(b"".join(rows), 9)
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns %d /Colors 1 /BitsPerComponent 8 >> /Length %d >>\nstream\n" % (w, h, w, len(data)) + data + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ])


FIXED_ZIP_DATE = (2026, 11, 2, 8, 0, 0)


def _zip(entries, stored_first=None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, compress in entries:
            info = zipfile.ZipInfo(name, FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            z.writestr(info, data)
    return buf.getvalue()


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx(paragraphs, split_runs=False, head_table=None) -> bytes:
    """Minimal WordprocessingML: [Content_Types].xml, _rels/.rels, word/document.xml. With
    split_runs, each paragraph is cut into several w:r runs (as Word does after edits or
    spell-checking), so that no run holds a whole number. head_table, a list of rows of cell
    texts, is put first as a borderless w:tbl, as the ND30 Word templates lay out the header."""
    ctypes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>")
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>")
    body = []
    for p in paragraphs:
        bold = p.startswith("**")
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        text = p.strip("*")
        pieces = [text]
        if split_runs and len(text) > 3:
            cuts = sorted({len(text) // 3, len(text) // 2, (2 * len(text)) // 3, text.find("/") + 1})
            cuts = [c for c in cuts if 0 < c < len(text)]
            pieces, prev = [], 0
            for c in cuts:
                pieces.append(text[prev:c])
                prev = c
            pieces.append(text[prev:])
        runs = "".join('<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, _xml(x))
                       for x in pieces if x)
        body.append('<w:p><w:pPr><w:jc w:val="center"/></w:pPr>%s</w:p>' % runs if bold
                    else "<w:p>%s</w:p>" % runs)
    if head_table:
        rows = "".join(
            "<w:tr>" + "".join('<w:tc><w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>' % _xml(c)
                               for c in row) + "</w:tr>" for row in head_table)
        body.insert(0, '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>%s</w:tbl>' % rows)
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body) + "</w:body></w:document>")
    return _zip([("[Content_Types].xml", ctypes, True), ("_rels/.rels", rels, True),
                 ("word/document.xml", doc, True)])


def odt(paragraphs) -> bytes:
    """Minimal OpenDocument text: mimetype stored first, manifest, content.xml."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    paras = "".join("<text:p>%s</text:p>" % _xml(p.strip("*")) for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text>" + paras + "</office:text></office:body></office:document-content>")
    return _zip([("mimetype", "application/vnd.oasis.opendocument.text", False),
                 ("META-INF/manifest.xml", manifest, True), ("content.xml", content, True)])


def xlsx_free_zip(files) -> bytes:
    """A plain ZIP of (name, bytes)."""
    return _zip([(n, d, True) for n, d in files])


# ---------------------------------------------------------------- JPEG (phone photos)

# ITU T.81 Annex K.3 standard luminance tables.
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALS = list(range(12))
_AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
_AC_VALS = bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728"
    "292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788"
    "898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9da"
    "e1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa")


def _huff_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def jpeg_gray(blocks) -> bytes:
    """A baseline grayscale JPEG whose 8x8 blocks are flat: blocks is a list of rows of levels
    0-255. DC coefficients only (every AC block ends at once), so the encoder stays tiny."""
    h, w = len(blocks), len(blocks[0])
    dc = _huff_codes(_DC_BITS, _DC_VALS)
    eob = _huff_codes(_AC_BITS, list(_AC_VALS))[0x00]
    out_bits = []
    prev = 0
    for row in blocks:
        for level in row:
            # quantiser 1: the DC coefficient of a flat block is 8 * (level - 128)
            value = 8 * (level - 128)
            diff = value - prev
            prev = value
            size = 0 if diff == 0 else abs(diff).bit_length()
            code, length = dc[size]
            out_bits.append((code, length))
            if size:
                bits = diff if diff > 0 else diff + (1 << size) - 1
                out_bits.append((bits, size))
            out_bits.append(eob)
    acc, nbits, data = 0, 0, bytearray()
    for code, length in out_bits:
        acc = (acc << length) | code
        nbits += length
        while nbits >= 8:
            byte = (acc >> (nbits - 8)) & 0xFF
            data.append(byte)
            if byte == 0xFF:
                data.append(0)
            nbits -= 8
    if nbits:
        byte = ((acc << (8 - nbits)) | ((1 << (8 - nbits)) - 1)) & 0xFF
        data.append(byte)
        if byte == 0xFF:
            data.append(0)

    def seg(marker, payload):
        return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload

    out = bytearray(b"\xff\xd8")
    out += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00")
    out += seg(0xDB, b"\x00" + bytes([1] * 64))
    out += seg(0xC0, b"\x08" + (h * 8).to_bytes(2, "big") + (w * 8).to_bytes(2, "big") + b"\x01\x01\x11\x00")
    out += seg(0xC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALS))
    out += seg(0xC4, b"\x10" + bytes(_AC_BITS) + _AC_VALS)
    out += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    out += data + b"\xff\xd9"
    return bytes(out)


def photo(seed: str, w: int = 60, h: int = 80) -> bytes:
    """A blocky 'phone photo' of a paper: a light page on a darker desk with lines of ink."""
    rnd = hashlib.sha256(seed.encode()).digest()
    rows = []
    for y in range(h):
        row = []
        for x in range(w):
            on_page = 4 <= x < w - 4 and 3 <= y < h - 3
            level = 120 + rnd[(x + 3 * y) % 32] % 20
            if on_page:
                level = 230 - rnd[(x * y) % 32] % 10
                if y % 4 == 2 and 8 <= x < w - 8 - rnd[y % 32] % 12:
                    level = 70
            row.append(level)
        rows.append(row)
    return jpeg_gray(rows)
