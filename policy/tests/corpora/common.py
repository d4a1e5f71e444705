"""Shared pieces of the adversarial corpora: labels, mail clients, document text."""

import base64
import hashlib

from mime import (pdf_text, CRLF, Multipart, Part, Rfc822, addr, date, message, msgid, outlook_html,
                  simple_html, text_header, unaccent)

MANDATORY = {
    "nghi-quyet", "quyet-dinh", "chi-thi", "quy-che", "quy-dinh", "thong-cao", "thong-bao",
    "huong-dan", "chuong-trinh", "ke-hoach", "phuong-an", "de-an", "du-an", "bao-cao", "to-trinh",
    "cong-van", "cong-dien", "giay-uy-quyen", "giay-moi", "phieu-gui", "phieu-chuyen", "phieu-bao",
    "tai-lieu-hop", "lich-cong-tac",
}
NOT_MANDATORY = {"bien-ban", "hop-dong", "ban-ghi-nho", "ban-thoa-thuan", "giay-gioi-thieu",
                 "giay-nghi-phep", "thu-cong"}


def official(doc_type, number=None, urgency=None, secrecy=None):
    assert doc_type in MANDATORY | NOT_MANDATORY, doc_type
    assert urgency in (None, "hoa-toc", "thuong-khan", "khan")
    assert secrecy in (None, "tuyet-mat", "toi-mat", "mat")
    return {"official": True, "doc_type": doc_type, "number": number, "urgency": urgency,
            "secrecy": secrecy, "mandatory": doc_type in MANDATORY and secrecy is None}


NOT_OFFICIAL = {"official": False, "doc_type": None, "number": None, "urgency": None,
                "secrecy": None, "mandatory": False}


class Registry:
    """The samples of one corpus directory, in file order."""

    def __init__(self, directory, title, intro):
        self.directory, self.title, self.intro = directory, title, intro
        self.samples = []

    def sample(self, style, label, trap):
        def deco(fn):
            self.samples.append({"style": style, "label": label, "trap": trap, "build": fn})
            return fn
        return deco


# ---------------------------------------------------------------- clients


def headers(client, frm, to, subject, when, *, enc="b", cc=None, seed="", extra=None,
            reply_to=None, in_reply_to=None):
    """Header list as the given client writes it. frm/to: (name, mail) or list of them."""
    domain = frm[1].split("@")[1]
    tos = to if isinstance(to, list) else [to]
    to_v = ("," + CRLF + " ").join(addr(n, m, "b" if enc == "raw" else enc) for n, m in tos)
    name_enc = "b" if enc in ("raw", "ascii") else enc
    h = []
    if client == "outlook":
        h += [("From", addr(frm[0], frm[1], name_enc)), ("To", to_v)]
        if cc:
            h.append(("Cc", addr(cc[0], cc[1], name_enc)))
        h += [("Subject", text_header(subject, enc)),
              ("Thread-Topic", text_header(subject.split(": ", 1)[-1], enc)),
              ("Thread-Index", "AdlZ" + base64.b64encode(hashlib.sha1(seed.encode()).digest()).decode()[:24]),
              ("Date", when), ("Message-ID", msgid(seed + subject, domain, "outlook")),
              ("Accept-Language", "vi-VN, en-US"), ("Content-Language", "vi-VN"),
              ("X-MS-Has-Attach", "yes"), ("X-Mailer", "Microsoft Outlook 16.0")]
    elif client == "zimbra":
        h += [("Date", when), ("From", addr(frm[0], frm[1], name_enc)), ("To", to_v)]
        if cc:
            h.append(("Cc", addr(cc[0], cc[1], name_enc)))
        h += [("Message-ID", msgid(seed + subject, domain)),
              ("Subject", text_header(subject, enc)),
              ("X-Mailer", "Zimbra 9.0.0_GA_4583 (ZimbraWebClient - GC131 (Win)/9.0.0_GA_4583)"),
              ("Thread-Index", "Ac" + base64.b64encode(hashlib.md5(seed.encode()).digest()).decode()[:22]),
              ("Thread-Topic", text_header(subject, enc))]
    elif client == "thunderbird":
        h += [("Message-ID", msgid(seed + subject, domain)), ("Date", when),
              ("User-Agent", "Mozilla Thunderbird"), ("Content-Language", "vi"),
              ("To", to_v), ("From", addr(frm[0], frm[1], name_enc)),
              ("Subject", text_header(subject, enc))]
    elif client == "gmail":
        h += [("Date", when), ("Message-ID", msgid(seed + subject, domain, "gmail")),
              ("Subject", text_header(subject, enc)), ("From", addr(frm[0], frm[1], name_enc)),
              ("To", to_v)]
    elif client == "roundcube":
        h += [("Date", when), ("From", addr(frm[0], frm[1], name_enc)), ("To", to_v),
              ("Subject", text_header(subject, enc)), ("Message-ID", msgid(seed + subject, domain)),
              ("X-Sender", frm[1]), ("User-Agent", "Roundcube Webmail/1.6.9")]
    elif client == "system":
        h += [("Date", when), ("From", addr(frm[0], frm[1], name_enc)), ("To", to_v),
              ("Subject", text_header(subject, enc)), ("Message-ID", msgid(seed + subject, domain)),
              ("X-Mailer", "QLVB-DH Notifier 4.2")]
    else:
        raise ValueError(client)
    if cc and client in ("thunderbird", "gmail", "roundcube", "system"):
        h.append(("Cc", addr(cc[0], cc[1], name_enc)))
    if reply_to:
        h.append(("Reply-To", addr(reply_to[0], reply_to[1], name_enc)))
    if in_reply_to:
        h += [("In-Reply-To", in_reply_to), ("References", in_reply_to)]
    h += extra or []
    return h


def plain(text, cte="8bit", flowed=False):
    return Part("text/plain", text, cte, params="; format=flowed" if flowed else "")


def html(markup, cte="quoted-printable"):
    return Part("text/html", markup, cte)


def alternative(text, markup, cte="quoted-printable"):
    return Multipart("alternative", [Part("text/plain", text, cte), Part("text/html", markup, cte)])


def outlook_alt(paragraphs, table=None, table_after=0, cte="quoted-printable"):
    """Outlook's multipart/alternative: text/plain rendering + Word HTML with o:p."""
    text_lines = list(paragraphs)
    if table is not None:
        rows = ["\t".join(r) for r in table]
        text_lines = text_lines[:table_after] + rows + text_lines[table_after:]
    text = "\n".join(p.strip("*") for p in text_lines) + "\n"
    return Multipart("alternative", [Part("text/plain", text, cte),
                                     Part("text/html", outlook_html(paragraphs, table, table_after), cte)])


def attach(data, filename, ctype="application/pdf", fname="plain"):
    return Part(ctype, data, "base64", charset=None, filename=filename, fname=fname)


def mixed(*parts):
    return Multipart("mixed", list(parts))


def mail(hdrs, body):
    return message(hdrs, body)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


# ---------------------------------------------------------------- document text


NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def two_col(left, right, width=44):
    out = []
    for i in range(max(len(left), len(right))):
        l = left[i] if i < len(left) else ""
        r = right[i] if i < len(right) else ""
        out.append((l.ljust(width) + r).rstrip())
    return out


def state_head(parent, issuer, number, place_date, stamps=()):
    """The ND30 header: issuer left, national motto right, number and place/date below."""
    left = ([parent] if parent else []) + [issuer, "", "Số: " + number]
    right = [NATIONAL, MOTTO, "", place_date]
    lines = two_col(left, right)
    for s in stamps:
        lines.append(s)
    return lines


def doc(parent, issuer, number, place_date, title, about, body, signer, stamps=(),
        kinh_gui=None):
    """The full text of a state document as lines."""
    lines = state_head(parent, issuer, number, place_date, stamps)
    lines += ["", title]
    if about:
        lines.append(about)
    lines.append("")
    if kinh_gui:
        lines += ["Kính gửi: " + kinh_gui, ""]
    lines += body
    lines += [""] + signer
    return lines


def lines_text(lines):
    """Lines of a plain-text body, each ended by a newline."""
    return "\n".join(lines) + "\n"


def compressed_pdf(lines):
    """A text PDF of `lines` whose content stream is compressed, as document systems make."""
    return pdf_text(lines, compress=True)


def headers_seeded(client, frm, to, subject, when, seed, **kw):
    """`headers` with the seed given in place."""
    return headers(client, frm, to, subject, when, seed=seed, **kw)
