"""A second held-out sample (issue 19): mail written by yet other hands, in the styles the
other corpora use least.

Central agencies (Văn phòng Chính phủ, Bộ Công an, courts, procuracies, State Audit, social
insurance, treasury, tax and customs), provincial services after the 2025 mergers, communes,
wards and special zones under the province, public schools, hospitals, universities, an
economic-zone board and a provincial radio-television station. Full texts whose ND30 header is
flattened in other ways (issuer and national motto on one line separated by tabs; the motto
first; an HTML table with rowspans; 'Số:' and the place-date on one line), rare type
abbreviations and mixed case, subjects in capitals, unaccented, with two marks, or only 'Văn
bản đến'; notifications of several document systems with invented field layouts; a
mailing-list bulletin, a reply that sends a new report, Apple Mail and phone forwards, XLSX,
ZIP and JPG attachments, RFC 2231 names with a language tag; and thirty messages that carry no state
document (Party, Front, youth union, veterans, companies, banks, insurers, vendors, citizens,
drafts, comments, chat minutes, invitations, bounces, auto-replies, phishing). Every person,
number and content is invented.
"""

import zipfile
import io

from common import (compressed_pdf, headers_seeded, lines_text, DOCX, MOTTO, NATIONAL, NOT_OFFICIAL, XLSX, Registry, alternative, attach,
                    headers, html, mail, mixed, official, outlook_alt, plain, two_col)
from mime import (CRLF, Multipart, Part, Raw, Rfc822, b64, date, docx, html_escape, msgid, nfd,
                  pdf_text, photo, simple_html, text_header, unaccent, word_b, addr)

R = Registry(
    "corpus-heldout2",
    "Second held-out sample: mail by yet other hands",
    """
Eighty messages written after the recogniser passed every other corpus (corpus-heldout
included), by someone who read neither its code nor the other generators' samples beyond their
README tables (to avoid repeating them): central agencies, merged provincial services, communes
and wards, public service units, document-system notifications of several vendors, and mail
that carries no state document. Labelled by the rules of `../corpus/README.md` alone; a
mismatch here is a finding, not a sample to special-case. Where a convention is unclear the
trap column says so.
""")


# ---------------------------------------------------------------- helpers


def xlsx(rows, sheet="Sheet1") -> bytes:
    """A minimal SpreadsheetML workbook with inline strings (no shared-strings table)."""
    def col(i):
        return chr(ord("A") + i)

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    data = "".join(
        '<row r="%d">%s</row>' % (r + 1, "".join(
            '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c), r + 1, esc(v))
            for c, v in enumerate(row))) for r, row in enumerate(rows))
    files = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         "</Types>"),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         "</Relationships>"),
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>' % esc(sheet)),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
         "</Relationships>"),
        ("xl/worksheets/sheet1.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         + data + "</sheetData></worksheet>"),
    ]
    return zipbytes(files)


def zipbytes(files) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, d in files:
            info = zipfile.ZipInfo(name, (2026, 12, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, d)
    return buf.getvalue()


pdf = compressed_pdf


def tabs_head(left, right):
    """Issuer left and national motto right on the same lines, separated by tabs (as a
    Word table pasted into a plain-text editor)."""
    out = []
    for i in range(max(len(left), len(right))):
        l = left[i] if i < len(left) else ""
        r = right[i] if i < len(right) else ""
        out.append((l + "\t\t\t" + r) if r else l)
    return out


def sign(*lines):
    return [""] + list(lines)


def lang_name(ctype, data, filename):
    """An attachment whose RFC 2231 name carries a language tag ('UTF-8'vi'…') and upper-case
    charset and percent escapes, as some Outlook builds write it, with a plain ASCII fallback
    name in Content-Type."""
    import urllib.parse
    val = "UTF-8'vi'" + urllib.parse.quote(filename, safe="-._~")
    fallback = unaccent(filename)
    text = ('Content-Type: %s;%s name="%s"%sContent-Disposition: attachment;%s filename*=%s%s'
            "Content-Transfer-Encoding: base64%s%s%s") % (
        ctype, CRLF, fallback, CRLF, CRLF, val, CRLF, CRLF, CRLF, b64(data))
    return Raw(text)


def apple(frm, to, subject, when, seed, enc="q", extra=None):
    domain = frm[1].split("@")[1]
    h = [("From", addr(frm[0], frm[1], enc)), ("Content-Type", None), ("Mime-Version", None),
         ("Subject", text_header(subject, enc)), ("Date", when),
         ("To", addr(to[0], to[1], enc)), ("Message-Id", msgid(seed, domain)),
         ("X-Mailer", "Apple Mail (2.3826.300.87.4.3)")]
    h = [x for x in h if x[1] is not None]
    return h + (extra or [])


def phone(frm, to, subject, when, seed, mailer="iPhone Mail (22B91)", enc="b"):
    domain = frm[1].split("@")[1]
    return [("From", addr(frm[0], frm[1], enc)), ("Subject", text_header(subject, enc)),
            ("Date", when), ("To", addr(to[0], to[1], enc)), ("Message-ID", msgid(seed, domain)),
            ("X-Mailer", mailer)]


def sysmail(frm, to, subject, when, seed, mailer, enc="b", extra=None):
    domain = frm[1].split("@")[1]
    return [("Date", when), ("From", addr(frm[0], frm[1], enc)), ("To", addr(to[0], to[1], enc)),
            ("Subject", text_header(subject, enc)), ("Message-ID", msgid(seed, domain)),
            ("X-Mailer", mailer)] + (extra or [])


txt = lines_text


# ---------------------------------------------------------------- official: full texts


@R.sample("Outlook HTML+text, full text of a Văn phòng Chính phủ công văn whose header puts the national motto first and the issuer under it",
          official("cong-van", "9027/VPCP-ĐMDN"),
          "motto before the issuer; unit code 'ĐMDN' with Đ; cites '11/2026/NQ-CP' and 'Nghị định số 30/2020/NĐ-CP'; phone '080.43162'")
def _():
    paras = [NATIONAL, MOTTO, "", "VĂN PHÒNG CHÍNH PHỦ", "Số: 9027/VPCP-ĐMDN",
             "V/v rà soát, cắt giảm thủ tục hành chính nội bộ năm 2027",
             "Hà Nội, ngày 14 tháng 12 năm 2026", "",
             "Kính gửi:", "- Các Bộ, cơ quan ngang Bộ;", "- Ủy ban nhân dân các tỉnh, thành phố.", "",
             "Thực hiện Nghị quyết số 11/2026/NQ-CP của Chính phủ về cắt giảm thủ tục hành chính nội bộ, Văn phòng Chính phủ đề nghị các Bộ, địa phương rà soát danh mục thủ tục hành chính nội bộ đang thực hiện, gửi kết quả trước ngày 15 tháng 01 năm 2027.",
             "Thông tin chi tiết liên hệ Cục Kiểm soát thủ tục hành chính, điện thoại 080.43162.",
             "", "Nơi nhận:", "- Như trên;", "- Thủ tướng Chính phủ (để b/c);", "- Lưu: VT, ĐMDN (3b).",
             "", "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "", "Trần Minh Khải"]
    h = headers("outlook", ("Văn phòng Chính phủ", "vanthu@chinhphu.gov.vn"),
                ("UBND tỉnh Điện Biên", "ubnd@dienbien.gov.vn"),
                "V/v rà soát, cắt giảm thủ tục hành chính nội bộ năm 2027", date(2026, 12, 14, 15, 2), seed="a1")
    return mail(h, outlook_alt(paras))


@R.sample("Zimbra plain 8bit, full text of a Bộ Công an notice; issuer and national motto on the same lines separated by tabs",
          official("thong-bao", "512/TB-BCA-V03"),
          "two-group symbol 'BCA-V03' with digits; tab-separated columns put 'Số: 512/TB-BCA-V03' and the place-date on one line; cites '13/2023/NĐ-CP'")
def _():
    head = tabs_head(["BỘ CÔNG AN", "", "Số: 512/TB-BCA-V03"],
                     [NATIONAL, MOTTO, "Hà Nội, ngày 02 tháng 12 năm 2026"])
    body = head + ["", "THÔNG BÁO",
                   "Kết quả kiểm tra công tác bảo vệ dữ liệu cá nhân tại các cơ quan nhà nước năm 2026", "",
                   "Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân;",
                   "Căn cứ Kế hoạch kiểm tra năm 2026 của Bộ Công an;",
                   "Bộ Công an thông báo kết quả kiểm tra tại 12 Sở, ngành như sau:",
                   "1. Ưu điểm: 10/12 đơn vị đã ban hành quy chế bảo vệ dữ liệu cá nhân.",
                   "2. Tồn tại: 2 đơn vị chưa phân loại dữ liệu nhạy cảm; còn dùng hộp thư công cộng để trao đổi công việc.",
                   "3. Yêu cầu: các đơn vị khắc phục và báo cáo về Cục An ninh mạng (V03) trước ngày 31/01/2027.",
                   "", "Nơi nhận:", "- Các đơn vị được kiểm tra;", "- Lưu: VT, V03.",
                   "", "TL. BỘ TRƯỞNG", "CỤC TRƯỞNG CỤC AN NINH MẠNG", "", "Thiếu tướng Lê Quang Đạo"]
    h = headers("zimbra", ("Văn thư Cục V03", "vanthu.v03@bocongan.gov.vn"),
                ("Sở Khoa học và Công nghệ", "skhcn@laichau.gov.vn"),
                "Thông báo kết quả kiểm tra bảo vệ dữ liệu cá nhân", date(2026, 12, 2, 10, 11), enc="b", seed="a2")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("Outlook HTML only: a ward's individual decision with the ND30 header as an HTML table with rowspans (Hải Phòng)",
          official("quyet-dinh", "1218/QĐ-UBND"),
          "the number cell spans two rows and the motto cell is split; 'Căn cứ' cites '72/2025/QH15' and '152/2025/NĐ-CP'; an individual (cá biệt) decision awarding a certificate of merit")
def _():
    markup = (
        '<html><head><meta charset="utf-8"></head><body style="font-family:\'Times New Roman\';font-size:13pt">\n'
        '<p>Kính gửi các đồng chí Quyết định khen thưởng (bản có chữ ký số kèm theo hệ thống).</p>\n'
        '<table border="0" cellpadding="2" width="650">\n'
        '<tr><td align="center" width="260"><b>ỦY BAN NHÂN DÂN<br>PHƯỜNG LÊ CHÂN</b></td>\n'
        '<td align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></td></tr>\n'
        '<tr><td rowspan="2" align="center" valign="middle">Số: 1218/QĐ-UBND</td>\n'
        '<td align="center"><b><u>Độc lập - Tự do - Hạnh phúc</u></b></td></tr>\n'
        '<tr><td align="right"><i>Lê Chân, ngày 19 tháng 12 năm 2026</i></td></tr>\n'
        '</table>\n'
        '<p align="center"><b>QUYẾT ĐỊNH</b><br><b>Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích trong phong trào “Bình dân học vụ số”</b></p>\n'
        '<p align="center"><b>CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN</b></p>\n'
        '<p>Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;</p>\n'
        '<p>Căn cứ Nghị định số 152/2025/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng;</p>\n'
        '<p>Xét đề nghị của Trưởng phòng Văn hóa - Xã hội.</p>\n'
        '<p align="center"><b>QUYẾT ĐỊNH:</b></p>\n'
        '<p>Điều 1. Tặng Giấy khen cho 03 tập thể và 07 cá nhân (danh sách kèm theo).</p>\n'
        '<p>Điều 2. Quyết định có hiệu lực kể từ ngày ký.</p>\n'
        '<p align="right"><b>CHỦ TỊCH</b><br><br>Phạm Thị Hồng Nhung</p>\n'
        '</body></html>\n')
    h = headers("outlook", ("UBND phường Lê Chân", "ubndlechan@haiphong.gov.vn"),
                ("Các tổ dân phố", "tdp.lechan@haiphong.gov.vn"),
                "Quyết định khen thưởng phong trào Bình dân học vụ số", date(2026, 12, 19, 16, 45), seed="a3")
    return mail(h, html(markup, "base64"))


@R.sample("Thunderbird plain QP, full text of a commune invitation with 'Số:' and the place-date on one line (Điện Biên)",
          official("giay-moi", "67/GM-UBND"),
          "'Số: 67/GM-UBND          Mường Phăng, ngày 08/12/2026' on one line; the title 'GIẤY MỜI' comes after; times '14 giờ 00' and a meeting room '2/3'")
def _():
    body = ["ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "XÃ MƯỜNG PHĂNG                           Độc lập - Tự do - Hạnh phúc",
            "Số: 67/GM-UBND                        Mường Phăng, ngày 08 tháng 12 năm 2026", "",
            "GIẤY MỜI", "Họp đánh giá tiến độ xóa nhà tạm, nhà dột nát năm 2026", "",
            "Ủy ban nhân dân xã trân trọng kính mời:",
            "- Đại diện Đảng ủy, HĐND xã;", "- Trưởng các bản: Phăng, Cang, Dôn, Yên.",
            "Thời gian: 14 giờ 00, thứ Năm ngày 10/12/2026.",
            "Địa điểm: phòng họp tầng 2/3 nhà B, trụ sở UBND xã.",
            "Đề nghị các thành phần đến dự đúng thời gian.",
            "", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Lò Văn Sướng"]
    h = headers("thunderbird", ("Văn phòng UBND xã Mường Phăng", "muongphang@dienbien.gov.vn"),
                ("Bí thư chi bộ các bản", "banphang@gmail.com"),
                "Giấy mời họp tiến độ xóa nhà tạm", date(2026, 12, 8, 9, 30), enc="q", seed="a4")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("gmail text+HTML in NFD, full text of a special zone's công điện with a 'THƯỢNG KHẨN' stamp line (Côn Đảo, TP Hồ Chí Minh)",
          official("cong-dien", "05/CĐ-UBND", urgency="thuong-khan"),
          "whole body decomposed (NFD), 'CĐ' included; the stamp line sits between the number and the title; 'khẩn trương' also in the text")
def _():
    body = ["ỦY BAN NHÂN DÂN", "ĐẶC KHU CÔN ĐẢO", "Số: 05/CĐ-UBND", "", "THƯỢNG KHẨN", "",
            "CÔNG ĐIỆN", "Về việc chủ động ứng phó áp thấp nhiệt đới trên Biển Đông", "",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU điện:",
            "- Đồn Biên phòng Côn Đảo; Cảng vụ đặc khu;", "- Các ban quản lý, doanh nghiệp du lịch.",
            "Sáng nay áp thấp nhiệt đới cách đặc khu khoảng 320 km. Yêu cầu các đơn vị khẩn trương kêu gọi tàu thuyền vào nơi tránh trú, tạm dừng tour lặn biển từ 12 giờ ngày 23/12/2026.",
            "", "CHỦ TỊCH", "Võ Thành Nhân"]
    text = nfd(txt(body))
    markup = nfd(simple_html(body))
    h = headers("gmail", ("UBND đặc khu Côn Đảo", "condao.ubnd@tphcm.gov.vn"),
                ("Đồn Biên phòng Côn Đảo", "dbp.condao@tphcm.gov.vn"),
                nfd("Công điện ứng phó áp thấp nhiệt đới"), date(2026, 12, 23, 6, 50), seed="a5")
    return mail(h, alternative(text, markup, "base64"))


@R.sample("Roundcube, full text of a Nghị quyết quy phạm of a provincial People's Council, plain lines and a long 'Căn cứ' preamble (Lâm Đồng)",
          official("nghi-quyet", "14/2026/NQ-HĐND"),
          "five cited numbers with years before the title ('63/2020/QH14', '163/2024/NĐ-CP', '08/2026/TTr-UBND'…); signer 'TM. HỘI ĐỒNG NHÂN DÂN / CHỦ TỊCH'")
def _():
    body = ["HỘI ĐỒNG NHÂN DÂN", "TỈNH LÂM ĐỒNG", "", "Số: 14/2026/NQ-HĐND",
            "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            "Lâm Đồng, ngày 10 tháng 12 năm 2026", "", "NGHỊ QUYẾT",
            "Quy định mức hỗ trợ đóng bảo hiểm y tế cho người thuộc hộ cận nghèo trên địa bàn tỉnh",
            "HỘI ĐỒNG NHÂN DÂN TỈNH LÂM ĐỒNG", "KHÓA X, KỲ HỌP THỨ 8",
            "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
            "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;",
            "Căn cứ Luật Bảo hiểm y tế số 51/2024/QH15;",
            "Căn cứ Nghị định số 188/2025/NĐ-CP của Chính phủ;",
            "Xét Tờ trình số 08/2026/TTr-UBND ngày 20 tháng 11 năm 2026 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra của Ban Văn hóa - Xã hội.",
            "QUYẾT NGHỊ:",
            "Điều 1. Hỗ trợ 30% mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo, ngoài mức ngân sách trung ương hỗ trợ.",
            "Điều 2. Nghị quyết có hiệu lực từ ngày 01 tháng 01 năm 2027.",
            "", "CHỦ TỊCH", "Hoàng Văn Bình"]
    h = headers("roundcube", ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "vp.hdnd@lamdong.gov.vn"),
                ("Sở Y tế", "syt@lamdong.gov.vn"),
                "Nghị quyết hỗ trợ BHYT hộ cận nghèo", date(2026, 12, 11, 8, 5), enc="b", seed="a6")
    return mail(h, plain(txt(body), "base64"))


@R.sample("Outlook HTML+text, full text of a university's decision (Đà Nẵng), tabs between the columns in the text part",
          official("quyet-dinh", "3015/QĐ-ĐHĐN"),
          "issuer code 'ĐHĐN' with two Đ; parent line 'BỘ GIÁO DỤC VÀ ĐÀO TẠO' above; student codes '102230145' and GPA '3,2/4'")
def _():
    head = tabs_head(["BỘ GIÁO DỤC VÀ ĐÀO TẠO", "ĐẠI HỌC ĐÀ NẴNG", "Số: 3015/QĐ-ĐHĐN"],
                     [NATIONAL, MOTTO, "Đà Nẵng, ngày 16 tháng 12 năm 2026"])
    paras = head + ["", "QUYẾT ĐỊNH", "Về việc công nhận tốt nghiệp đại học hệ chính quy đợt 2 năm 2026", "",
                    "GIÁM ĐỐC ĐẠI HỌC ĐÀ NẴNG",
                    "Căn cứ Thông tư số 08/2021/TT-BGDĐT ban hành Quy chế đào tạo trình độ đại học;",
                    "Xét đề nghị của Trưởng Ban Đào tạo,",
                    "QUYẾT ĐỊNH:",
                    "Điều 1. Công nhận tốt nghiệp cho 412 sinh viên (danh sách kèm theo, mã sinh viên từ 102230001 đến 102230145; điểm trung bình tối thiểu 2,0/4).",
                    "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
                    "", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Nguyễn Hữu Phước"]
    h = headers("outlook", ("Ban Đào tạo - ĐHĐN", "bandaotao@udn.vn"),
                ("Các trường thành viên", "daotao.ttv@udn.vn"),
                "QĐ công nhận tốt nghiệp đợt 2/2026", date(2026, 12, 16, 14, 20), seed="a7")
    return mail(h, outlook_alt(paras))


@R.sample("Zimbra plain, full text of a provincial radio-television station's contingency plan (Thanh Hóa)",
          official("phuong-an", "03/PA-ĐPTTH"),
          "issuer 'ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH' (a public service unit) with code 'ĐPTTH'; frequencies '99,6 MHz' and channel numbers")
def _():
    body = two_col(["UBND TỈNH THANH HÓA", "ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH", "", "Số: 03/PA-ĐPTTH"],
                   [NATIONAL, MOTTO, "", "Thanh Hóa, ngày 21 tháng 12 năm 2026"], 40)
    body += ["", "PHƯƠNG ÁN", "Bảo đảm an toàn phát sóng dịp Tết Nguyên đán Đinh Mùi 2027", "",
             "I. MỤC ĐÍCH, YÊU CẦU", "Bảo đảm phát sóng liên tục kênh TTV (kênh 23 DVB-T2) và tần số FM 99,6 MHz.",
             "II. NỘI DUNG", "1. Trực kỹ thuật 24/24 giờ từ ngày 10/02 đến 20/02/2027.",
             "2. Máy phát dự phòng tại trạm Hàm Rồng; nhiên liệu đủ 72 giờ.",
             "III. TỔ CHỨC THỰC HIỆN", "Phòng Kỹ thuật - Công nghệ chủ trì; báo cáo Giám đốc khi có sự cố.",
             "", "GIÁM ĐỐC", "Lê Đình Toàn"]
    h = headers("zimbra", ("Đài PT-TH Thanh Hóa", "vanthu@ttv.thanhhoa.gov.vn"),
                ("Sở Văn hóa, Thể thao và Du lịch", "svhttdl@thanhhoa.gov.vn"),
                "Phương án bảo đảm an toàn phát sóng Tết 2027", date(2026, 12, 21, 10, 0), enc="q", seed="a8")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("Outlook text+HTML, full text of a public upper-secondary school's notice, typed without diacritics (Nghệ An)",
          official("thong-bao", "38/TB-THPTNH"),
          "all text unaccented ('THONG BAO', 'So: 38/TB-THPTNH'); school code with the school's initials; exam room numbers '12/24'")
def _():
    paras = ["SO GIAO DUC VA DAO TAO NGHE AN", "TRUONG THPT NAM HOA", "So: 38/TB-THPTNH", "",
             "CONG HOA XA HOI CHU NGHIA VIET NAM", "Doc lap - Tu do - Hanh phuc",
             "Nam Hoa, ngay 11 thang 12 nam 2026", "", "THONG BAO",
             "Lich kiem tra cuoi hoc ky I nam hoc 2026-2027", "",
             "Nha truong thong bao lich kiem tra cuoi hoc ky I nhu sau:",
             "- Khoi 12: tu 28/12 den 30/12/2026, 12/24 phong thi.",
             "- Khoi 10, 11: tu 04/01 den 06/01/2027.",
             "Giao vien chu nhiem thong bao cho hoc sinh va phu huynh.",
             "", "HIEU TRUONG", "Ho Sy Dung"]
    h = headers("outlook", ("THPT Nam Hoa", "c3namhoa@nghean.edu.vn"),
                ("To chuyen mon", "tochuyenmon.namhoa@nghean.edu.vn"),
                "Thong bao lich kiem tra cuoi HK I", date(2026, 12, 11, 15, 30), seed="a9")
    return mail(h, outlook_alt(paras, cte="7bit"))


@R.sample("Thunderbird plain, full text of a provincial hospital's plan, with a 'Nơi nhận' list and 'KT. GIÁM ĐỐC' (Gia Lai)",
          official("ke-hoach", "702/KH-BVĐK"),
          "cites 'Quyết định số 1932/QĐ-BYT' and 'Kế hoạch số 56/KH-SYT' (both other documents); bed counts '650/700'")
def _():
    body = two_col(["SỞ Y TẾ GIA LAI", "BỆNH VIỆN ĐA KHOA TỈNH", "", "Số: 702/KH-BVĐK"],
                   [NATIONAL, MOTTO, "", "Gia Lai, ngày 03 tháng 12 năm 2026"], 42)
    body += ["", "KẾ HOẠCH", "Triển khai bệnh án điện tử giai đoạn 2 năm 2027", "",
             "Thực hiện Kế hoạch số 56/KH-SYT ngày 10/10/2026 của Sở Y tế và Quyết định số 1932/QĐ-BYT của Bộ Y tế, Bệnh viện xây dựng kế hoạch như sau:",
             "1. Mở rộng bệnh án điện tử ra 650/700 giường bệnh.",
             "2. Kết nối liên thông với Cổng giám định bảo hiểm y tế.",
             "3. Kinh phí: nguồn thu sự nghiệp của Bệnh viện.",
             "", "Nơi nhận:", "- Sở Y tế (b/c);", "- Các khoa, phòng;", "- Lưu: VT, CNTT.",
             "", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "BSCKII. Rơ Châm Hiền"]
    h = headers("thunderbird", ("Phòng CNTT - BVĐK tỉnh", "cntt.bvdk@gialai.gov.vn"),
                ("Sở Y tế Gia Lai", "syt@gialai.gov.vn"),
                "Ke hoach trien khai benh an dien tu GD2", date(2026, 12, 3, 11, 12), seed="a10")
    return mail(h, plain(txt(body), "quoted-printable"))


# ---------------------------------------------------------------- official: cover notes and attachments


@R.sample("Outlook cover of the State Audit's regional office + PDF '642_KTNN-TH.pdf' (Cần Thơ)",
          official("cong-van", "642/KTNN-TH"),
          "the cover says only 'công văn của Kiểm toán nhà nước' without the number; the number is in the file name and the PDF; audit period '2025-2026'")
def _():
    lines = ["KIEM TOAN NHA NUOC", "Kiem toan nha nuoc khu vuc IX", "So: 642/KTNN-TH",
             "V/v cung cap ho so, tai lieu phuc vu kiem toan ngan sach dia phuong nam 2026",
             "Kinh gui: UBND thanh pho Can Tho",
             "De nghi cung cap bao cao quyet toan ngan sach 2025-2026 truoc ngay 05/01/2027.",
             "KT. KIEM TOAN TRUONG", "PHO KIEM TOAN TRUONG"]
    paras = ["Kính gửi Văn phòng UBND thành phố,", "",
             "Kiểm toán nhà nước khu vực IX gửi công văn của Kiểm toán nhà nước về việc cung cấp hồ sơ phục vụ kiểm toán (file đính kèm).",
             "Đầu mối: đ/c Lý Thanh Phong, Trưởng đoàn.", "", "Trân trọng."]
    h = headers("outlook", ("KTNN khu vực IX", "kv9@sav.gov.vn"), ("VP UBND TP Cần Thơ", "vpubnd@cantho.gov.vn"),
                "V/v cung cấp hồ sơ phục vụ kiểm toán ngân sách năm 2026", date(2026, 12, 9, 9, 40), seed="b1")
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "642_KTNN-TH.pdf")))


@R.sample("Zimbra cover of a commune social-insurance office, rare type Phiếu báo, PDF with an RFC 2231 name (Sơn La)",
          official("phieu-bao", "14/PB-BHXH"),
          "'Phiếu báo' (PB) of Bảo hiểm xã hội cơ sở; enterprise codes 'TA0123A' and amounts; file 'Phiếu báo 14-PB-BHXH.pdf' with diacritics")
def _():
    lines = ["BAO HIEM XA HOI TINH SON LA", "BAO HIEM XA HOI CO SO MAI SON", "So: 14/PB-BHXH", "PHIEU BAO",
             "Ve viec dieu chinh muc dong bao hiem xa hoi thang 12/2026",
             "Don vi: Truong Mam non Hoa Ban (ma TA0123A)", "So tien phai dong bo sung: 12.450.000 dong."]
    text = ("Kính gửi các đơn vị sử dụng lao động,\n\nBHXH cơ sở Mai Sơn gửi phiếu báo điều chỉnh mức đóng tháng 12/2026, "
            "đề nghị đơn vị đối chiếu và nộp bổ sung trước ngày 25/12.\n\nBộ phận thu - BHXH cơ sở Mai Sơn\nĐT: 0212.3843.xxx\n")
    h = headers("zimbra", ("BHXH cơ sở Mai Sơn", "maison@sonla.vss.gov.vn"), ("MN Hoa Ban", "mnhoaban@sonla.edu.vn"),
                "Phiếu báo điều chỉnh mức đóng BHXH tháng 12", date(2026, 12, 15, 8, 20), enc="b", seed="b2")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf(lines), "Phiếu báo 14-PB-BHXH.pdf", fname="2231")))


@R.sample("gmail cover of a district-level tax office after the 2025 reform, issuer code with a digit, DOCX attached (Nghệ An)",
          official("cong-van", "418/TCS3-QLDN"),
          "'Thuế cơ sở 3' coded 'TCS3'; the subject is in capitals 'V/V ĐÔN ĐỐC NỘP HỒ SƠ QUYẾT TOÁN'; tax codes '2901234567' in the body")
def _():
    paras = ["**THUẾ TỈNH NGHỆ AN", "**THUẾ CƠ SỞ 3", "Số: 418/TCS3-QLDN",
             "V/v đôn đốc nộp hồ sơ khai quyết toán thuế thu nhập doanh nghiệp",
             "Kính gửi: Các doanh nghiệp trên địa bàn (danh sách kèm theo)",
             "Thuế cơ sở 3 đề nghị các doanh nghiệp có mã số thuế 2901234567, 2901765432 … nộp hồ sơ trước ngày 31/03/2027.",
             "KT. TRƯỞNG THUẾ CƠ SỞ", "PHÓ TRƯỞNG"]
    text = ("Thuế cơ sở 3 gửi văn bản số 418/TCS3-QLDN, đề nghị các đơn vị triển khai.\n\n--\nĐội Quản lý doanh nghiệp\n")
    h = headers("gmail", ("Thuế cơ sở 3 Nghệ An", "tcs3.nghean@gdt.gov.vn"), ("UBND xã Diễn Châu", "dienchau@nghean.gov.vn"),
                "V/V ĐÔN ĐỐC NỘP HỒ SƠ QUYẾT TOÁN THUẾ TNDN", date(2026, 12, 18, 10, 5), seed="b3")
    return mail(h, mixed(plain(text), attach(docx(paras), "CV 418 TCS3.docx", DOCX)))


@R.sample("Outlook cover of the Customs Department + PDF whose RFC 2231 name has a language tag 'UTF-8'vi'' and an unaccented fallback name (Hà Nội)",
          official("quyet-dinh", "1864/QĐ-CHQ"),
          "Content-Disposition filename*=UTF-8'vi'Quy%E1%BA%BFt… decodes to 'Quyết định 1864-QĐ-CHQ.pdf', Content-Type name is 'Quyet dinh 1864-QD-CHQ.pdf'; the cover names no number and cites '03/2026/TT-BTC'")
def _():
    lines = ["BO TAI CHINH", "CUC HAI QUAN", "So: 1864/QD-CHQ", "QUYET DINH",
             "Ve viec ban hanh Quy trinh kiem tra hai quan doi voi hang hoa xuat nhap khau thuong mai dien tu",
             "Can cu Thong tu so 03/2026/TT-BTC;", "CUC TRUONG"]
    paras = ["Kính gửi các Chi cục Hải quan khu vực,", "",
             "Cục Hải quan gửi Quyết định ban hành Quy trình kiểm tra hải quan đối với hàng hóa thương mại điện tử (căn cứ Thông tư 03/2026/TT-BTC).",
             "", "Văn phòng Cục Hải quan"]
    h = headers("outlook", ("Văn phòng Cục Hải quan", "vanphong@customs.gov.vn"), ("Các Chi cục HQKV", "chicuc@customs.gov.vn"),
                "Quyết định ban hành Quy trình kiểm tra hàng TMĐT", date(2026, 12, 22, 17, 10), seed="b4")
    return mail(h, mixed(outlook_alt(paras), lang_name("application/pdf", pdf(lines), "Quyết định 1864-QĐ-CHQ.pdf")))


@R.sample("Roundcube cover of a merged provincial construction department + PDF 'KH119-SXD.pdf' (Phú Thọ)",
          official("ke-hoach", "119/KH-SXD"),
          "the file name glues the type to the number 'KH119'; cover mentions 'sau hợp nhất 3 tỉnh' and km counts '12/45 km'")
def _():
    lines = ["UBND TINH PHU THO", "SO XAY DUNG", "So: 119/KH-SXD", "KE HOACH",
             "Kiem tra an toan cong trinh giao thong sau hop nhat", "GIAM DOC"]
    text = ("Sở Xây dựng gửi Kế hoạch kiểm tra an toàn công trình giao thông trên địa bàn tỉnh sau hợp nhất 3 tỉnh "
            "(đã hoàn thành 12/45 km đường tỉnh).\nĐề nghị UBND các xã phối hợp.\n\nPhòng Quản lý giao thông\n")
    h = headers("roundcube", ("Sở Xây dựng Phú Thọ", "sxd@phutho.gov.vn"), ("UBND xã Tam Đảo", "tamdao@phutho.gov.vn"),
                "Kế hoạch kiểm tra an toàn công trình giao thông", date(2026, 12, 4, 14, 0), enc="q", seed="b5")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf(lines), "KH119-SXD.pdf")))


@R.sample("Outlook cover of an economic-zone board + report PDF and an XLSX annex (Quảng Ninh)",
          official("bao-cao", "212/BC-BQLKKT"),
          "two attachments, one document: the XLSX is the report's appendix (no number of its own); investment figures '1.250 triệu USD'")
def _():
    lines = ["UBND TINH QUANG NINH", "BAN QUAN LY KHU KINH TE", "So: 212/BC-BQLKKT", "BAO CAO",
             "Tinh hinh thu hut dau tu vao cac khu kinh te, khu cong nghiep nam 2026", "TRUONG BAN"]
    rows = [["STT", "Khu công nghiệp", "Vốn đăng ký (triệu USD)"], ["1", "KCN Đông Mai", "410"],
            ["2", "KCN Sông Khoai", "840"], ["", "Tổng", "1.250"]]
    paras = ["Kính gửi Sở Tài chính,", "",
             "Ban Quản lý Khu kinh tế gửi Báo cáo số 212/BC-BQLKKT tình hình thu hút đầu tư năm 2026 và Phụ lục số liệu kèm theo.",
             "", "Trân trọng,", "Phòng Đầu tư"]
    h = headers("outlook", ("Ban QL Khu kinh tế", "bqlkkt@quangninh.gov.vn"), ("Sở Tài chính", "stc@quangninh.gov.vn"),
                "Báo cáo thu hút đầu tư năm 2026", date(2026, 12, 28, 9, 0), seed="b6")
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "BC 212 thu hut dau tu.pdf"),
                         attach(xlsx(rows), "Phu luc so lieu BC212.xlsx", XLSX)))


@R.sample("Zimbra, subject only 'Văn bản đến', the number only in the PDF name and text (Vĩnh Long)",
          official("to-trinh", "96/TTr-STC"),
          "subject and body say nothing but 'Văn bản đến' and 'chuyển anh xem'; file '96_TTR-STC.pdf' with 'TTR' in capitals")
def _():
    lines = ["UBND TINH VINH LONG", "SO TAI CHINH", "So: 96/TTR-STC", "TO TRINH",
             "De nghi phan bo kinh phi chuyen doi so nam 2027", "Kinh gui: UBND tinh", "GIAM DOC"]
    h = headers("zimbra", ("Văn thư Sở Tài chính", "vanthu.stc@vinhlong.gov.vn"), ("Phòng Ngân sách", "pns.stc@vinhlong.gov.vn"),
                "Văn bản đến", date(2026, 12, 7, 8, 15), enc="b", seed="b7")
    return mail(h, mixed(plain("Văn bản đến, chuyển anh xem.\n"), attach(pdf(lines), "96_TTR-STC.pdf")))


@R.sample("gmail, subject in capitals without diacritics 'CHUONG TRINH CONG TAC 04/CTR-UBND', PDF (Tuyên Quang commune)",
          official("chuong-trinh", "04/CTr-UBND"),
          "'CTR' in capitals, unaccented; canonical 'CTr'; leading zero; body 'gui cac thon'")
def _():
    lines = ["UY BAN NHAN DAN", "XA HAM YEN", "So: 04/CTr-UBND", "CHUONG TRINH",
             "Cong tac trong tam thang 01 nam 2027", "CHU TICH"]
    h = headers("gmail", ("Van phong UBND xa Ham Yen", "hamyen.tuyenquang@gmail.com"), ("Truong thon", "truongthon.hamyen@gmail.com"),
                "CHUONG TRINH CONG TAC 04/CTR-UBND THANG 01/2027", date(2026, 12, 30, 16, 5), enc="ascii", seed="b8")
    return mail(h, mixed(plain("gui cac thon chuong trinh cong tac thang 1, de nghi trien khai.\n", "7bit"),
                         attach(pdf(lines), "04 CTR UBND.pdf")))


@R.sample("Outlook cover, Quy định of a Sở typed 'QyD' unaccented in the file name, accented in the cover (Cao Bằng)",
          official("quy-dinh", "03/QyĐ-SNNMT"),
          "'QyD' in '03-QyD-SNNMT.pdf'; the cover writes 'Quy định số 03/QyĐ-SNNMT'; the cover also cites '1165/QĐ-UBND' of the province")
def _():
    lines = ["UBND TINH CAO BANG", "SO NONG NGHIEP VA MOI TRUONG", "So: 03/QyD-SNNMT", "QUY DINH",
             "Ve quan ly, su dung con dau va chu ky so tai co quan So", "GIAM DOC"]
    paras = ["Kính gửi các phòng, đơn vị thuộc Sở,", "",
             "Văn phòng Sở gửi Quy định số 03/QyĐ-SNNMT về quản lý, sử dụng con dấu và chữ ký số (thực hiện Quyết định số 1165/QĐ-UBND của UBND tỉnh).",
             "", "Văn phòng Sở"]
    h = headers("outlook", ("Văn phòng Sở NN&MT", "vanphong.snnmt@caobang.gov.vn"), ("Các phòng", "phong.snnmt@caobang.gov.vn"),
                "Quy định quản lý con dấu, chữ ký số", date(2026, 12, 10, 10, 30), seed="b9")
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "03-QyD-SNNMT.pdf")))


@R.sample("Thunderbird cover of a Sở Y tế + DOCX of a rare Bản thỏa thuận with a medical university (TP Hồ Chí Minh)",
          official("ban-thoa-thuan", "08/BTT-SYT"),
          "two parties sign; the DOCX header table has both issuers; 'thỏa' with the new accent placement; not mandatory")
def _():
    paras = ["**BẢN THỎA THUẬN", "**Hợp tác đào tạo thực hành nhân lực y tế giai đoạn 2027-2030",
             "Số: 08/BTT-SYT", "Bên A: Sở Y tế Thành phố Hồ Chí Minh", "Bên B: Trường Đại học Y khoa Phạm Ngọc Thạch",
             "Điều 1. Bên A bố trí 24 bệnh viện làm cơ sở thực hành.", "ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B"]
    text = "Gửi Phòng Tổ chức cán bộ Bản thỏa thuận hợp tác đào tạo đã ký (số 08/BTT-SYT) để lưu và triển khai.\n\nVăn phòng Sở Y tế\n"
    h = headers("thunderbird", ("Văn phòng Sở Y tế", "vpsyt@tphcm.gov.vn"), ("Phòng TCCB", "tccb.syt@tphcm.gov.vn"),
                "Bản thỏa thuận hợp tác đào tạo với ĐH Y khoa PNT", date(2026, 12, 12, 15, 40), enc="q", seed="b10")
    return mail(h, mixed(plain(text, "8bit"), attach(docx(paras, head_table=[["SỞ Y TẾ TP. HỒ CHÍ MINH", "TRƯỜNG ĐẠI HỌC Y KHOA PHẠM NGỌC THẠCH"]]),
                                                     "Ban thoa thuan 08-BTT-SYT.docx", DOCX)))


# ---------------------------------------------------------------- official: document systems


@R.sample("VNPT iOffice notification, HTML table 'Số/Ký hiệu | Ngày ban hành | Trích yếu | Độ khẩn', PDF attached (Hà Tĩnh)",
          official("huong-dan", "22/HD-SNV"),
          "'Độ khẩn: Thường' (no mark) and 'Độ mật: Thường'; the system's own document id 'VB-2026-041877' and a tracking number")
def _():
    rows = [("Số/Ký hiệu", "22/HD-SNV"), ("Ngày ban hành", "05/12/2026"), ("Cơ quan ban hành", "Sở Nội vụ tỉnh Hà Tĩnh"),
            ("Loại văn bản", "Hướng dẫn"), ("Trích yếu", "Hướng dẫn đánh giá, xếp loại chất lượng viên chức năm 2026"),
            ("Độ khẩn", "Thường"), ("Độ mật", "Thường"), ("Mã văn bản trên hệ thống", "VB-2026-041877")]
    markup = ('<html><body><p>Đơn vị của bạn vừa nhận được văn bản điện tử trên hệ thống <b>VNPT iOffice</b>:</p>\n'
              '<table border="1" cellpadding="4" style="border-collapse:collapse">\n' +
              "".join("<tr><td><b>%s</b></td><td>%s</td></tr>\n" % (html_escape(k), html_escape(v)) for k, v in rows) +
              '</table>\n<p>Vui lòng đăng nhập https://ioffice.hatinh.gov.vn để xử lý.</p>\n'
              '<p style="color:#888">Email tự động từ VNPT iOffice, không trả lời.</p></body></html>\n')
    lines = ["UBND TINH HA TINH", "SO NOI VU", "So: 22/HD-SNV", "HUONG DAN",
             "Danh gia, xep loai chat luong vien chuc nam 2026", "GIAM DOC"]
    h = sysmail(("VNPT iOffice Hà Tĩnh", "ioffice@hatinh.gov.vn"), ("Trường THCS Thạch Hà", "thcsthachha@hatinh.edu.vn"),
                "[iOffice] Văn bản đến: 22/HD-SNV", date(2026, 12, 5, 16, 1), "a12", "VNPT iOffice 5.0",
                extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, mixed(html(markup, "base64"), attach(pdf(lines), "22_HD-SNV.signed.pdf")))


@R.sample("Viettel VOffice notice of a new document in plain text, no file attached, with '=== THÔNG TIN VĂN BẢN ===' and key - value lines (Bắc Ninh)",
          NOT_OFFICIAL,
          "relabelled after the first run: the mail names the document (number, trích yếu, 'Mức độ – Khẩn') but does not carry it: no attachment, no text, 'xem trên VOffice'; a notice, like the reminder below")
def _():
    text = ("Kính gửi: Sở Giáo dục và Đào tạo\n\n"
            "=== THÔNG TIN VĂN BẢN ===\n"
            "Số hiệu – 2231/UBND-KGVX\n"
            "Ngày văn bản – 09/12/2026\n"
            "Nơi ban hành – UBND tỉnh Bắc Ninh\n"
            "Trích yếu – V/v tổ chức dạy học 2 buổi/ngày học kỳ II\n"
            "Mức độ – Khẩn\n"
            "Hạn xử lý – 16/12/2026\n"
            "=========================\n\n"
            "Tệp văn bản: xem trên VOffice (văn bản đã ký số).\n"
            "Đây là thư tự động của hệ thống Viettel VOffice.\n")
    h = sysmail(("VOffice Bắc Ninh", "no-reply.voffice@bacninh.gov.vn"), ("Sở GD&ĐT", "sgddt@bacninh.gov.vn"),
                "VOffice - Có văn bản mới: V/v tổ chức dạy học 2 buổi/ngày", date(2026, 12, 9, 17, 3), "c2", "Viettel VOffice",
                extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, plain(text, "base64"))


@R.sample("FPT eDoc notification, text+HTML, a card with 'Ký hiệu' and 'Loại VB' on separate lines and a PDF (Đồng Tháp)",
          official("thong-bao", "1522/TB-VPUB"),
          "number split: 'Số: 1522' and 'Ký hiệu: TB-VPUB' on two lines; the PDF carries '1522/TB-VPUB'; meeting conclusion notice")
def _():
    lines_ = ["Van ban moi tu FPT eDoc", "", "Số: 1522", "Ký hiệu: TB-VPUB", "Loại VB: Thông báo",
              "Trích yếu: Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về giải ngân vốn đầu tư công",
              "Ngày ký: 17/12/2026", "Người ký: Nguyễn Thanh Tâm", "", "Mở văn bản: https://edoc.dongthap.gov.vn/vb/88213"]
    lines = ["UBND TINH DONG THAP", "VAN PHONG", "So: 1522/TB-VPUB", "THONG BAO",
             "Ket luan cua Pho Chu tich UBND tinh tai cuoc hop ve giai ngan von dau tu cong", "KT. CHANH VAN PHONG"]
    h = sysmail(("eDoc Đồng Tháp", "edoc@dongthap.gov.vn"), ("Sở Tài chính", "stc@dongthap.gov.vn"),
                "[eDoc] Thông báo kết luận về giải ngân vốn đầu tư công", date(2026, 12, 17, 18, 2), "c3", "FPT.eDoc Mailer",
                enc="q")
    return mail(h, mixed(alternative(txt(lines_), simple_html(lines_)), attach(pdf(lines), "TB1522.pdf")))


@R.sample("LGSP/VDXP gateway delivery mail: English-Vietnamese field names and an edXML-like header block, PDF (Khánh Hòa to Bộ Tài chính)",
          official("bao-cao", "337/BC-UBND"),
          "fields 'DocumentId', 'Code: 337/BC-UBND', 'PromulgationDate', 'OrganId: H40' (an organ code with digits); 'Priority: 0 (Thường)'")
def _():
    text = ("Trục liên thông văn bản quốc gia (VDXP) - thông báo văn bản đến\n\n"
            "From (OrganId): H40 - UBND tỉnh Khánh Hòa\n"
            "To (OrganId): G10 - Bộ Tài chính\n"
            "DocumentId: 000.00.00.H40,2026/12/23,8841\n"
            "Code: 337/BC-UBND\n"
            "PromulgationDate: 2026-12-23\n"
            "DocumentType: Báo cáo\n"
            "Subject: Tình hình thực hiện dự toán thu, chi ngân sách nhà nước năm 2026\n"
            "Priority: 0 (Thường)\n"
            "Attachments: 1\n")
    lines = ["UBND TINH KHANH HOA", "So: 337/BC-UBND", "BAO CAO", "Tinh hinh thuc hien du toan thu chi NSNN nam 2026", "TM. UY BAN NHAN DAN"]
    h = sysmail(("LGSP Khánh Hòa", "lgsp@khanhhoa.gov.vn"), ("Văn thư Bộ Tài chính", "vanthu@mof.gov.vn"),
                "VDXP: 337/BC-UBND", date(2026, 12, 23, 20, 15), "c4", "LGSP-KHA Connector 2.3")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf(lines), "337-BC-UBND.pdf")))


@R.sample("a province's own document system (QLVB Lào Cai), raw UTF-8 subject with '[KHẨN]' and a PDF named by the system id",
          official("giay-moi", "412/GM-UBND", urgency="khan"),
          "attachment named '20261214_0412.pdf' (no symbol); the number is only in the body's 'Số văn bản' field; '[KHẨN]' in the subject")
def _():
    text = ("HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH TỈNH LÀO CAI\n\n"
            "Đơn vị gửi ....... : UBND tỉnh Lào Cai\n"
            "Số văn bản ....... : 412/GM-UBND\n"
            "Ngày ............. : 14/12/2026\n"
            "Nội dung ......... : Giấy mời dự Hội nghị tổng kết công tác năm 2026 và triển khai nhiệm vụ năm 2027\n"
            "Độ khẩn .......... : Khẩn\n\n"
            "Trân trọng thông báo.\n")
    lines = ["UY BAN NHAN DAN TINH LAO CAI", "So: 412/GM-UBND", "KHAN", "GIAY MOI", "Du Hoi nghi tong ket cong tac nam 2026"]
    h = [("Date", date(2026, 12, 14, 7, 45)), ("From", "QLVB Lao Cai <qlvb@laocai.gov.vn>"), ("To", "sxd@laocai.gov.vn"),
         ("Subject", "[KHẨN] Giấy mời dự Hội nghị tổng kết năm 2026"), ("Message-ID", msgid("c5", "laocai.gov.vn")),
         ("X-Mailer", "QLVB-LC")]
    return mail(h, mixed(plain(text, "8bit"), attach(pdf(lines), "20261214_0412.pdf")))


@R.sample("mailing-list bulletin (List-Id, List-Unsubscribe) of a provincial Department of Justice that carries one công văn in its body (Huế)",
          official("cong-van", "1742/STP-XDKTVB"),
          "mailing-list headers and footer; the công văn sends a văn bản hợp nhất whose own number '05/VBHN-UBND' is in the attachment name; labelled the công văn (the VBHN is its enclosure)")
def _():
    text = ("SỞ TƯ PHÁP THÀNH PHỐ HUẾ\nSố: 1742/STP-XDKTVB\nV/v cung cấp văn bản hợp nhất\n\n"
            "Kính gửi: Các cơ quan, đơn vị trong danh sách nhận tin pháp luật\n\n"
            "Sở Tư pháp gửi Văn bản hợp nhất số 05/VBHN-UBND hợp nhất Quyết định quy định về phân cấp quản lý "
            "tài sản công trên địa bàn thành phố, để các đơn vị sử dụng thống nhất.\n\n"
            "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Hữu Nghĩa\n\n"
            "_______________________________________________\n"
            "tinphapluat mailing list\ntinphapluat@lists.hue.gov.vn\n"
            "Hủy đăng ký: https://lists.hue.gov.vn/mailman/listinfo/tinphapluat\n")
    lines = ["UY BAN NHAN DAN THANH PHO HUE", "So: 05/VBHN-UBND", "QUYET DINH", "Quy dinh ve phan cap quan ly tai san cong", "XAC THUC VAN BAN HOP NHAT"]
    h = [("Date", date(2026, 12, 16, 9, 0)), ("From", addr("Sở Tư pháp Huế", "stp@hue.gov.vn")),
         ("To", "tinphapluat@lists.hue.gov.vn"), ("Subject", word_b("[Tin pháp luật] V/v cung cấp văn bản hợp nhất")),
         ("Message-ID", msgid("c6", "hue.gov.vn")), ("List-Id", "Tin phap luat So Tu phap <tinphapluat.lists.hue.gov.vn>"),
         ("List-Unsubscribe", "<https://lists.hue.gov.vn/mailman/options/tinphapluat>"),
         ("List-Post", "<mailto:tinphapluat@lists.hue.gov.vn>"), ("Precedence", "list"),
         ("Sender", "tinphapluat-bounces@lists.hue.gov.vn")]
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf(lines), "05-VBHN-UBND.pdf")))


# ---------------------------------------------------------------- official: replies, forwards, marks, rare types


@R.sample("Outlook 'RE:' reply whose first line sends a new report, above an English '-----Original Message-----' quote (Đắk Lắk)",
          official("bao-cao", "97/BC-SNNMT"),
          "reply subject 'RE: Đề nghị báo cáo tình hình sâu bệnh …'; the quoted request is a công văn '2188/UBND-KT'; the reply's report is the carried document")
def _():
    lines = ["UBND TINH DAK LAK", "SO NONG NGHIEP VA MOI TRUONG", "So: 97/BC-SNNMT", "BAO CAO",
             "Tinh hinh sau benh hai ca phe vu 2026-2027", "GIAM DOC"]
    paras = ["Kính gửi Văn phòng UBND tỉnh,", "",
             "Sở Nông nghiệp và Môi trường gửi Báo cáo số 97/BC-SNNMT ngày 11/12/2026 về tình hình sâu bệnh hại cà phê theo yêu cầu (file kèm).",
             "", "Trân trọng,", "Phòng Trồng trọt và BVTV", "",
             "-----Original Message-----", "From: VP UBND tinh <vpub@daklak.gov.vn>", "Sent: Monday, December 7, 2026 8:02 AM",
             "To: snnmt@daklak.gov.vn", "Subject: Đề nghị báo cáo tình hình sâu bệnh hại cà phê", "",
             "Thực hiện Công văn số 2188/UBND-KT, đề nghị Sở báo cáo trước ngày 12/12/2026."]
    h = headers("outlook", ("Sở NN&MT Đắk Lắk", "snnmt@daklak.gov.vn"), ("VP UBND tỉnh", "vpub@daklak.gov.vn"),
                "RE: Đề nghị báo cáo tình hình sâu bệnh hại cà phê", date(2026, 12, 11, 16, 20), seed="d1",
                in_reply_to=msgid("d1orig", "daklak.gov.vn"))
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "BC 97 sau benh ca phe.pdf")))


@R.sample("Apple Mail inline forward in Vietnamese ('Bắt đầu thư được chuyển tiếp:') of a provincial procuracy's plan (Thái Nguyên)",
          official("ke-hoach", "27/KH-VKSTN"),
          "Apple Mail's Vietnamese forward block with 'Từ:', 'Chủ đề:', 'Ngày:', 'Đến:'; the forwarder adds only 'Gửi anh Tuấn'; format=flowed")
def _():
    text = ("Gửi anh Tuấn.\n\n"
            "Bắt đầu thư được chuyển tiếp:\n\n"
            "Từ: Văn phòng VKSND tỉnh <vanphong@vks.thainguyen.gov.vn>\n"
            "Chủ đề: Kế hoạch kiểm sát thi hành án dân sự năm 2027\n"
            "Ngày: 29 tháng 12, 2026 lúc 10:14:05 GMT+7\n"
            "Đến: phong8@vks.thainguyen.gov.vn\n\n"
            "VIỆN KIỂM SÁT NHÂN DÂN TỈNH THÁI NGUYÊN\n"
            "Số: 27/KH-VKSTN\n"
            "KẾ HOẠCH\nKiểm sát thi hành án dân sự năm 2027\n"
            "Thực hiện Chỉ thị số 01/CT-VKSTC của Viện trưởng VKSND tối cao, VKSND tỉnh ban hành kế hoạch "
            "trực tiếp kiểm sát tại 4/9 cơ quan thi hành án dân sự khu vực.\n"
            "VIỆN TRƯỞNG\n")
    h = apple(("Hà Minh Đức", "duchm@vks.thainguyen.gov.vn"), ("Nguyễn Anh Tuấn", "tuanna@vks.thainguyen.gov.vn"),
              "Fwd: Kế hoạch kiểm sát thi hành án dân sự năm 2027", date(2026, 12, 29, 10, 31), "d2")
    body = Part("text/plain", text, "quoted-printable", params="; format=flowed; delsp=no")
    h.insert(1, ("Content-Transfer-Encoding", "quoted-printable"))
    return mail([x for x in h if x[0] != "Content-Transfer-Encoding"], body)


@R.sample("iPhone mail from a treasury accountant: a photo of a signed authorisation letter, number typed in the body (Kho bạc, Cà Mau)",
          official("giay-uy-quyen", "06/GUQ-KBNNKV20"),
          "issuer code with digits 'KBNNKV20'; the JPG has no text; 'Sent from my iPhone'; the body writes 'giay uy quyen so 06/GUQ-KBNNKV20' unaccented")
def _():
    text = "Chi gui giay uy quyen so 06/GUQ-KBNNKV20 ky chung tu chi thang 12, ban goc chi gui sau nhe.\n\nSent from my iPhone\n"
    h = phone(("Tran Thi Kim Loan", "loanttk@vst.gov.vn"), ("Phòng Kế toán", "ketoan.kv20@vst.gov.vn"),
              "Giay uy quyen ky chung tu", date(2026, 12, 24, 7, 58), "d3")
    return mail(h, mixed(plain(text, "7bit"), attach(photo("d3"), "IMG_4821.JPG", "image/jpeg")))


@R.sample("Outlook 'FW:' carrying a court's mail as message/rfc822; the outer note is only a leader's assignment (Đắk Lắk)",
          official("cong-van", "188/TA-VP"),
          "outer 'FW: V/v phối hợp tống đạt văn bản tố tụng'; inner from 'Tòa án nhân dân tỉnh'; case number '45/2026/HS-ST' cited inside is not the document's number")
def _():
    inner_text = ("TÒA ÁN NHÂN DÂN TỈNH ĐẮK LẮK\nSố: 188/TA-VP\nV/v phối hợp tống đạt văn bản tố tụng\n\n"
                  "Kính gửi: UBND phường Buôn Ma Thuột\n\nĐể giải quyết vụ án số 45/2026/HS-ST, Tòa án đề nghị "
                  "UBND phường phối hợp tống đạt giấy triệu tập cho đương sự cư trú tại tổ dân phố 7.\n\nKT. CHÁNH ÁN\nPHÓ CHÁNH ÁN\n")
    inner = mail(headers("zimbra", ("Tòa án nhân dân tỉnh Đắk Lắk", "vanphong@toaan.daklak.gov.vn"),
                         ("UBND phường Buôn Ma Thuột", "bmt@daklak.gov.vn"),
                         "V/v phối hợp tống đạt văn bản tố tụng", date(2026, 12, 8, 14, 0), seed="d4i"),
                 plain(inner_text, "quoted-printable"))
    h = headers("outlook", ("Chủ tịch UBND phường", "chutich.bmt@daklak.gov.vn"), ("Công an phường", "capbmt@daklak.gov.vn"),
                "FW: V/v phối hợp tống đạt văn bản tố tụng", date(2026, 12, 8, 15, 30), seed="d4")
    return mail(h, mixed(outlook_alt(["Chuyển Công an phường phối hợp thực hiện.", "", "Chủ tịch"]),
                         Rfc822(inner, "V-v phoi hop tong dat.eml")))


@R.sample("Zimbra, subject 'KHẨN - MẬT: Kế hoạch …' with two marks, stamp lines in the body, a police plan (Tây Ninh)",
          official("ke-hoach", "77/KH-CAT-PV01", urgency="khan", secrecy="mat"),
          "two marks in one prefix joined by ' - '; stamp lines 'MẬT' and 'KHẨN' under the number; mandatory false because secret")
def _():
    body = ["CÔNG AN TỈNH TÂY NINH", "Số: 77/KH-CAT-PV01", "MẬT", "KHẨN", "",
            "KẾ HOẠCH", "Bảo đảm an ninh, trật tự dịp Tết Dương lịch và Tết Nguyên đán 2027", "",
            "(Nội dung chi tiết kèm theo, không phổ biến.)", "", "GIÁM ĐỐC"]
    h = headers("zimbra", ("Phòng PV01 - CAT Tây Ninh", "pv01@congan.tayninh.gov.vn"), ("Công an các xã", "caxa@congan.tayninh.gov.vn"),
                "KHẨN - MẬT: Kế hoạch bảo đảm ANTT dịp Tết 2027", date(2026, 12, 26, 19, 40), enc="b", seed="d5")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("Roundcube plain, full text of a công văn with the old accent placement 'HOẢ TỐC' as a stamp line (Ninh Bình)",
          official("cong-van", "2604/UBND-NC", urgency="hoa-toc"),
          "'HOẢ TỐC' (hỏa written hoả) on its own line; 'V/v' subject; 'khẩn trương' in the text; times '17h00'")
def _():
    body = ["ỦY BAN NHÂN DÂN", "TỈNH NINH BÌNH", "Số: 2604/UBND-NC", "V/v triển khai phương án phòng cháy tại các chợ dịp Tết",
            "", "HOẢ TỐC", "", "Kính gửi: UBND các xã, phường", "",
            "Ủy ban nhân dân tỉnh yêu cầu khẩn trương kiểm tra phòng cháy tại các chợ, báo cáo trước 17h00 ngày 30/12/2026.",
            "", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    h = headers("roundcube", ("UBND tỉnh Ninh Bình", "ubnd@ninhbinh.gov.vn"), ("UBND phường Hoa Lư", "hoalu@ninhbinh.gov.vn"),
                "V/v triển khai phương án phòng cháy tại các chợ dịp Tết", date(2026, 12, 29, 11, 0), enc="b", seed="d6")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("Thunderbird cover of a commune People's Council + PDF, rare type Thông cáo (Quảng Trị)",
          official("thong-cao", "01/TC-HĐND"),
          "'Thông cáo kỳ họp' of a commune HĐND; the cover counts resolutions '9 nghị quyết' and cites 'Nghị quyết số 05/NQ-HĐND'")
def _():
    lines = ["HOI DONG NHAN DAN", "XA VINH LINH", "So: 01/TC-HDND", "THONG CAO", "Ket qua Ky hop thu 5, HDND xa khoa I"]
    text = ("Kính gửi các cơ quan báo chí, Đài truyền thanh xã,\n\nThường trực HĐND xã gửi Thông cáo số 01/TC-HĐND về kết quả Kỳ họp thứ 5 "
            "(thông qua 9 nghị quyết, trong đó có Nghị quyết số 05/NQ-HĐND về dự toán ngân sách 2027).\n\nVăn phòng HĐND và UBND xã\n")
    h = headers("thunderbird", ("HĐND xã Vĩnh Linh", "hdnd.vinhlinh@quangtri.gov.vn"), ("Đài truyền thanh xã", "dtt.vinhlinh@quangtri.gov.vn"),
                "Thông cáo kết quả Kỳ họp thứ 5 HĐND xã", date(2026, 12, 20, 17, 0), enc="q", seed="d7")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf(lines), "01-TC-HDND.pdf")))


@R.sample("Outlook cover of a provincial public-administration service centre, rare type Phiếu chuyển, DOCX (Đồng Nai)",
          official("phieu-chuyen", "21/PC-TTPVHCC"),
          "long issuer code 'TTPVHCC'; dossier code 'H19.45-261215-0007' in the body; 'phiếu chuyển hồ sơ' in lower case")
def _():
    paras = ["**UBND TỈNH ĐỒNG NAI", "**TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Số: 21/PC-TTPVHCC",
             "**PHIẾU CHUYỂN", "Hồ sơ H19.45-261215-0007 (cấp phép xây dựng)", "Chuyển: Sở Xây dựng", "GIÁM ĐỐC"]
    paras_mail = ["Kính chuyển Sở Xây dựng phiếu chuyển hồ sơ số 21/PC-TTPVHCC (mã hồ sơ H19.45-261215-0007).", "", "Bộ phận một cửa"]
    h = headers("outlook", ("TT Phục vụ hành chính công", "ttpvhcc@dongnai.gov.vn"), ("Sở Xây dựng", "sxd@dongnai.gov.vn"),
                "Phiếu chuyển hồ sơ cấp phép xây dựng", date(2026, 12, 15, 10, 45), seed="d8")
    return mail(h, mixed(outlook_alt(paras_mail), attach(docx(paras, split_runs=True), "Phieu chuyen 21.docx", DOCX)))


@R.sample("Zimbra cover, a chairman's decision coded 'QĐ-CTUBND' whose symbol contains 'CT' (Ninh Bình)",
          official("quyet-dinh", "2875/QĐ-CTUBND"),
          "'CTUBND' (Chủ tịch UBND) begins with CT, the Chỉ thị abbreviation; the subject writes 'QĐ 2875'; land parcel '12/345' in the text")
def _():
    lines = ["UY BAN NHAN DAN TINH NINH BINH", "So: 2875/QD-CTUBND", "QUYET DINH",
             "Ve viec giai quyet khieu nai cua ong Dinh Van Tuan (lan hai)", "Thua dat so 12, to ban do so 345", "CHU TICH"]
    text = ("Ban Tiếp công dân gửi QĐ 2875/QĐ-CTUBND giải quyết khiếu nại lần hai (thửa đất 12/345) để các đơn vị biết, thực hiện.\n")
    h = headers("zimbra", ("Ban Tiếp công dân tỉnh", "btcd@ninhbinh.gov.vn"), ("UBND xã Gia Viễn", "giavien@ninhbinh.gov.vn"),
                "QĐ 2875 giải quyết khiếu nại lần hai", date(2026, 12, 17, 15, 15), enc="q", seed="d9")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf(lines), "QD 2875 CTUBND.pdf")))


@R.sample("gmail text+HTML, a ministry's leadership weekly schedule as an HTML table, no number (Bộ Khoa học và Công nghệ)",
          official("lich-cong-tac"),
          "'LỊCH CÔNG TÁC TUẦN 52' of the ministry's leaders; room numbers '301/A'; a meeting cites 'Giấy mời 612' without symbol")
def _():
    rows = [("Thứ Hai 21/12", "Bộ trưởng chủ trì giao ban tháng 12, phòng 301/A"),
            ("Thứ Ba 22/12", "Thứ trưởng Lê Văn Hà làm việc tại tỉnh Bắc Ninh"),
            ("Thứ Tư 23/12", "Họp Hội đồng thẩm định đề án (theo Giấy mời 612)"),
            ("Thứ Năm 24/12", "Tiếp đoàn công tác Hàn Quốc"), ("Thứ Sáu 25/12", "Làm việc tại cơ quan")]
    text = "LỊCH CÔNG TÁC TUẦN 52 (từ 21/12 đến 25/12/2026) CỦA LÃNH ĐẠO BỘ\n\n" + "".join("%s: %s\n" % r for r in rows) + "\nVăn phòng Bộ\n"
    markup = ('<html><body><p><b>LỊCH CÔNG TÁC TUẦN 52 (từ 21/12 đến 25/12/2026) CỦA LÃNH ĐẠO BỘ</b></p><table border="1">'
              + "".join("<tr><td>%s</td><td>%s</td></tr>" % (html_escape(a), html_escape(b)) for a, b in rows)
              + "</table><p>Văn phòng Bộ</p></body></html>\n")
    h = headers("gmail", ("Văn phòng Bộ KH&CN", "vanphong@mst.gov.vn"), ("Các đơn vị thuộc Bộ", "donvi@mst.gov.vn"),
                "Lịch công tác tuần 52 của Lãnh đạo Bộ", date(2026, 12, 19, 16, 0), seed="d10")
    return mail(h, alternative(text, markup))


@R.sample("Android gmail inline forward of a Sở GD&ĐT invitation, 'Sent from my Galaxy', the original's PDF re-attached (Hưng Yên)",
          official("giay-moi", "327/GM-SGDĐT"),
          "'---------- Forwarded message ---------' block; the forwarder's line 'gui c Hoa di hop thay e' is unaccented; 'GM 327' in the inner subject without the symbol")
def _():
    text = ("gui c Hoa di hop thay e\n\nSent from my Galaxy\n\n"
            "---------- Forwarded message ---------\n"
            "From: Văn phòng Sở GD&ĐT <vanphong@hungyen.edu.vn>\n"
            "Date: Th 4, 16 thg 12, 2026 lúc 14:05\n"
            "Subject: GM 327 họp triển khai thi học sinh giỏi cấp tỉnh\n"
            "To: <c1.hungyen@hungyen.edu.vn>\n\n"
            "Sở Giáo dục và Đào tạo trân trọng kính mời lãnh đạo các trường THPT dự họp triển khai kỳ thi học sinh giỏi "
            "cấp tỉnh năm học 2026-2027 (giấy mời kèm theo).\n")
    lines = ["UBND TINH HUNG YEN", "SO GIAO DUC VA DAO TAO", "So: 327/GM-SGDDT", "GIAY MOI",
             "Hop trien khai ky thi hoc sinh gioi cap tinh", "KT. GIAM DOC"]
    h = phone(("Vu Thi Lan", "lanvt.c1@hungyen.edu.vn"), ("Nguyen Thi Hoa", "hoant.c1@hungyen.edu.vn"),
              "Fwd: GM 327 họp triển khai thi học sinh giỏi cấp tỉnh", date(2026, 12, 16, 14, 40), "e1",
              mailer="Gmail for Android")
    return mail(h, mixed(plain(text, "base64"), attach(pdf(lines), "GM 327 SGDDT.pdf")))


@R.sample("Outlook cover with a ZIP of meeting papers for the province's monthly meeting, no document number of its own (Quảng Ngãi)",
          official("tai-lieu-hop"),
          "ZIP holds four PDFs whose names carry draft numbers and a Tờ trình; the cover cites 'Giấy mời số 301/GM-UBND' (the invitation, not carried)")
def _():
    inner = [("1. To trinh 412-TTr-SNV.pdf", pdf(["To trinh so 412/TTr-SNV"])),
             ("2. Du thao Nghi quyet.pdf", pdf(["DU THAO NGHI QUYET"])),
             ("3. Bao cao tham dinh.pdf", pdf(["Bao cao tham dinh cua So Tu phap"])),
             ("4. Phu luc.pdf", pdf(["Phu luc"]))]
    paras = ["Kính gửi các đồng chí Thành viên UBND tỉnh,", "",
             "Văn phòng UBND tỉnh gửi tài liệu phiên họp thường kỳ tháng 12/2026 (theo Giấy mời số 301/GM-UBND). Tài liệu gồm 04 file nén kèm theo.",
             "", "Phòng Tổng hợp - VP UBND tỉnh"]
    h = headers("outlook", ("Phòng Tổng hợp VPUB", "tonghop.vpub@quangngai.gov.vn"), ("Thành viên UBND tỉnh", "tvubnd@quangngai.gov.vn"),
                "Tài liệu phiên họp UBND tỉnh thường kỳ tháng 12/2026", date(2026, 12, 27, 17, 20), seed="e2")
    return mail(h, mixed(outlook_alt(paras), attach(zipbytes(inner), "Tai lieu hop thang 12.zip", "application/zip")))


@R.sample("Zimbra cover + PDF of a working-session record between a Sở and a commune (Hà Tĩnh)",
          official("bien-ban", "31/BB-SCT"),
          "'Biên bản làm việc' signed by both sides; not mandatory; 'cửa hàng xăng dầu số 14' in the text")
def _():
    lines = ["UBND TINH HA TINH", "SO CONG THUONG", "So: 31/BB-SCT", "BIEN BAN LAM VIEC",
             "Ve kiem tra cua hang xang dau so 14 tai xa Ky Anh", "DAI DIEN SO CONG THUONG    DAI DIEN UBND XA"]
    text = "Phòng Quản lý thương mại gửi biên bản làm việc số 31/BB-SCT ngày 02/12/2026 để xã lưu hồ sơ.\n"
    h = headers("zimbra", ("Phòng QLTM - Sở Công Thương", "qltm.sct@hatinh.gov.vn"), ("UBND xã Kỳ Anh", "kyanh@hatinh.gov.vn"),
                "Biên bản làm việc kiểm tra cửa hàng xăng dầu", date(2026, 12, 3, 9, 10), enc="b", seed="e3")
    return mail(h, mixed(plain(text), attach(pdf(lines), "31-BB-SCT.pdf")))


@R.sample("Outlook cover + PDF of a health centre's service contract with a company, number with the year (Lai Châu)",
          official("hop-dong", "14/2026/HĐ-TTYT"),
          "the cover writes 'HĐ số 14/2026/HĐ-TTYT'; company tax code '6200112233' and account numbers; not mandatory")
def _():
    lines = ["CONG HOA XA HOI CHU NGHIA VIET NAM", "HOP DONG CUNG CAP DICH VU VE SINH CONG NGHIEP", "So: 14/2026/HD-TTYT",
             "Ben A: Trung tam Y te khu vuc Tam Duong", "Ben B: Cong ty TNHH Dich vu Sach Xanh (MST 6200112233)"]
    paras = ["Kính gửi Phòng Tài chính - Kế toán,", "", "Khoa Dược - VTYT gửi HĐ số 14/2026/HĐ-TTYT đã ký hai bên để làm thủ tục thanh toán.", "", "Trân trọng"]
    h = headers("outlook", ("Khoa Dược TTYT Tam Đường", "khoaduoc.ttyttd@laichau.gov.vn"), ("Phòng TCKT", "tckt.ttyttd@laichau.gov.vn"),
                "Hợp đồng vệ sinh công nghiệp năm 2027", date(2026, 12, 30, 10, 20), seed="e4")
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "HD 14-2026 ve sinh.pdf")))


@R.sample("gmail, a ward's directive typed all lower case without diacritics in the subject, HTML-only body with the accented full text (TP Hồ Chí Minh)",
          official("chi-thi", "13/CT-UBND"),
          "subject 'chi thi 13 ve tang cuong quan ly via he'; HTML-only gmail body; 'CHỈ THỊ' title")
def _():
    paras = ["ỦY BAN NHÂN DÂN", "PHƯỜNG SÀI GÒN", "Số: 13/CT-UBND", "Sài Gòn, ngày 22 tháng 12 năm 2026", "",
             "CHỈ THỊ", "Về tăng cường quản lý, sử dụng vỉa hè, lòng đường dịp cuối năm", "",
             "Để bảo đảm trật tự đô thị, Chủ tịch UBND phường chỉ thị các khu phố, Công an phường thực hiện nghiêm các nội dung sau: …",
             "", "CHỦ TỊCH", "Lâm Quốc Bảo"]
    h = headers("gmail", ("UBND phường Sài Gòn", "ubnd.phuongsaigon@gmail.com"), ("Khu phố 1", "kp1.saigon@gmail.com"),
                "chi thi 13 ve tang cuong quan ly via he", date(2026, 12, 22, 18, 30), seed="e5")
    return mail(h, html(simple_html(paras, "font-family:arial"), "quoted-printable"))


@R.sample("Thunderbird cover + ZIP holding the signed PDF of a commune project scheme; the number is in the cover only (Gia Lai)",
          official("de-an", "01/ĐA-UBND"),
          "'Đề án số 01/ĐA-UBND' in the cover; the ZIP's inner file 'DeAn01_ky_so.pdf' names no symbol")
def _():
    z = zipbytes([("DeAn01_ky_so.pdf", pdf(["UBND XA IA GRAI", "So: 01/DA-UBND", "DE AN", "Phat trien ca phe dac san"]))])
    text = ("Kính gửi Phòng Kinh tế,\nUBND xã Ia Grai gửi Đề án số 01/ĐA-UBND phát triển cà phê đặc sản giai đoạn 2027-2030 (file nén, bản ký số).\n")
    h = headers("thunderbird", ("UBND xã Ia Grai", "iagrai@gialai.gov.vn"), ("Phòng Kinh tế", "kinhte.iagrai@gialai.gov.vn"),
                "Đề án phát triển cà phê đặc sản", date(2026, 12, 14, 13, 0), enc="b", seed="e6")
    return mail(h, mixed(plain(text, "base64"), attach(z, "De an 01.zip", "application/zip")))


@R.sample("Roundcube cover + DOCX with an RFC 2231 continued Vietnamese name, a ward's internal regulations (Cà Mau)",
          official("quy-che", "09/QC-UBND"),
          "file 'Quy chế làm việc 09-QC-UBND phường An Xuyên.docx' split over three RFC 2231 sections; the DOCX's runs are split")
def _():
    paras = ["**ỦY BAN NHÂN DÂN PHƯỜNG AN XUYÊN", "Số: 09/QC-UBND", "**QUY CHẾ", "Làm việc của Ủy ban nhân dân phường nhiệm kỳ 2026-2031", "CHỦ TỊCH"]
    text = "UBND phường gửi Quy chế làm việc (bản ban hành) để các bộ phận thực hiện.\n"
    h = headers("roundcube", ("UBND phường An Xuyên", "anxuyen@camau.gov.vn"), ("Các bộ phận", "bophan.anxuyen@camau.gov.vn"),
                "Quy chế làm việc của UBND phường", date(2026, 12, 9, 8, 50), enc="q", seed="e7")
    return mail(h, mixed(plain(text, "8bit"), attach(docx(paras, split_runs=True), "Quy chế làm việc 09-QC-UBND phường An Xuyên.docx",
                                                      DOCX, fname="2231cont")))


@R.sample("Outlook HTML+text, a provincial office's dispatch slip (Phiếu gửi) listing three documents (Sơn La)",
          official("phieu-gui", "62/PG-VPUB"),
          "the slip lists '1190/UBND-KT', '88/KH-UBND' and '17/TB-UBND' as its contents; only the slip's number is labelled")
def _():
    paras = ["VĂN PHÒNG UBND TỈNH SƠN LA", "Số: 62/PG-VPUB", "", "PHIẾU GỬI", "",
             "Văn phòng UBND tỉnh gửi kèm theo phiếu này các văn bản sau:", ""]
    table = [["STT", "Số, ký hiệu", "Trích yếu"], ["1", "1190/UBND-KT", "V/v giao chỉ tiêu trồng rừng"],
             ["2", "88/KH-UBND", "Kế hoạch phòng chống cháy rừng"], ["3", "17/TB-UBND", "Thông báo lịch tiếp công dân"]]
    after = ["", "Đề nghị đơn vị nhận ký xác nhận và gửi lại phiếu.", "", "TL. CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG HÀNH CHÍNH - TỔ CHỨC"]
    h = headers("outlook", ("Văn thư VPUB Sơn La", "vanthu.vpub@sonla.gov.vn"), ("Sở NN&MT", "snnmt@sonla.gov.vn"),
                "Phiếu gửi văn bản ngày 18/12/2026", date(2026, 12, 18, 16, 30), seed="e8")
    return mail(h, outlook_alt(paras + after, table=table, table_after=len(paras)))


# ---------------------------------------------------------------- not official


@R.sample("Outlook plain, full text of a commune Party committee letter with Party numbering and 'ĐẢNG CỘNG SẢN VIỆT NAM' (Thanh Hóa)",
          NOT_OFFICIAL,
          "'Số 27-CV/ĐU', 'V/v' and 'Kính gửi' like a công văn, but the Party's header and numbering; 'Nơi nhận' list and 'T/M ĐẢNG ỦY'")
def _():
    body = two_col(["ĐẢNG BỘ TỈNH THANH HÓA", "ĐẢNG ỦY XÃ HOẰNG HÓA", "*", "Số 27-CV/ĐU", "V/v chuẩn bị đại hội chi bộ"],
                   ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Hoằng Hóa, ngày 05 tháng 12 năm 2026"], 40)
    body += ["", "Kính gửi: Các chi bộ trực thuộc", "",
             "Thực hiện Chỉ thị số 45-CT/TW của Bộ Chính trị, Ban Thường vụ Đảng ủy đề nghị các chi bộ chuẩn bị văn kiện đại hội nhiệm kỳ 2027-2030, gửi về Văn phòng Đảng ủy trước ngày 20/12/2026.",
             "", "Nơi nhận:", "- Như trên;", "- Lưu VP.", "", "T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Lê Văn Quang"]
    h = headers("outlook", ("Văn phòng Đảng ủy xã Hoằng Hóa", "danguy.hoanghoa@thanhhoa.gov.vn"), ("Các chi bộ", "chibo.hoanghoa@thanhhoa.gov.vn"),
                "V/v chuẩn bị đại hội chi bộ", date(2026, 12, 5, 10, 0), seed="n1")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("gmail, a village Party cell's notice without any number, sent by the cell secretary (Hà Tĩnh)",
          NOT_OFFICIAL,
          "'CHI BỘ THÔN 3' and 'THÔNG BÁO' title, 'Kính gửi: đảng viên'; no number; meeting times")
def _():
    text = ("ĐẢNG BỘ XÃ CẨM XUYÊN\nCHI BỘ THÔN 3\n\nTHÔNG BÁO\nSinh hoạt chi bộ định kỳ tháng 12/2026\n\n"
            "Kính gửi: Toàn thể đảng viên chi bộ\n\nChi bộ sinh hoạt vào 19 giờ 30 ngày 10/12/2026 tại nhà văn hóa thôn. "
            "Nội dung: kiểm điểm, đánh giá xếp loại đảng viên năm 2026.\n\nBí thư chi bộ\nPhan Văn Hùng\n")
    h = headers("gmail", ("Phan Van Hung", "hungpv.thon3@gmail.com"), ("Dang vien thon 3", "dangvien.thon3@googlegroups.com"),
                "Thông báo sinh hoạt chi bộ tháng 12", date(2026, 12, 7, 20, 10), seed="n2")
    return mail(h, plain(text))


@R.sample("Zimbra HTML+text, a ward Party committee plan numbered with a slash like a state document (Cần Thơ)",
          NOT_OFFICIAL,
          "'Số: 45/KH-ĐU' with a slash (state style) under 'ĐẢNG BỘ PHƯỜNG NINH KIỀU' and 'ĐẢNG CỘNG SẢN VIỆT NAM'; a Party document all the same")
def _():
    lines = ["ĐẢNG BỘ THÀNH PHỐ CẦN THƠ", "ĐẢNG ỦY PHƯỜNG NINH KIỀU", "Số: 45/KH-ĐU", "", "ĐẢNG CỘNG SẢN VIỆT NAM",
             "Ninh Kiều, ngày 09 tháng 12 năm 2026", "", "KẾ HOẠCH", "Học tập, quán triệt Nghị quyết Hội nghị Trung ương",
             "", "Ban Thường vụ Đảng ủy phường xây dựng kế hoạch học tập cho 1.250 đảng viên …", "", "T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    h = headers("zimbra", ("Đảng ủy phường Ninh Kiều", "danguy.ninhkieu@cantho.gov.vn"), ("Các chi bộ", "chibo.ninhkieu@cantho.gov.vn"),
                "Kế hoạch học tập Nghị quyết Trung ương", date(2026, 12, 9, 14, 30), enc="b", seed="n3")
    return mail(h, alternative(txt(lines), simple_html(lines)))


@R.sample("Outlook cover + PDF of a commune youth union plan with Đoàn numbering (Quảng Trị)",
          NOT_OFFICIAL,
          "'ĐOÀN TNCS HỒ CHÍ MINH', 'Số: 12-KH/ĐTN'; 'Chiến dịch tình nguyện mùa đông'; sent from a commune .gov.vn mailbox")
def _():
    lines = ["DOAN TNCS HO CHI MINH", "BCH DOAN XA CAM LO", "So: 12-KH/DTN", "KE HOACH", "Chien dich tinh nguyen mua dong 2026"]
    paras = ["Kính gửi các chi đoàn,", "", "BCH Đoàn xã gửi kế hoạch chiến dịch tình nguyện mùa đông 2026, đề nghị các chi đoàn triển khai.", "", "Bí thư Đoàn xã"]
    h = headers("outlook", ("Đoàn xã Cam Lộ", "doanxa.camlo@quangtri.gov.vn"), ("Các chi đoàn", "chidoan.camlo@gmail.com"),
                "Kế hoạch chiến dịch tình nguyện mùa đông 2026", date(2026, 12, 1, 9, 0), seed="n4")
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "12-KH-DTN.pdf")))


@R.sample("Thunderbird plain, a ward veterans' association invitation with 'Số: 05/GM-CCB' (Hà Nội)",
          NOT_OFFICIAL,
          "'HỘI CỰU CHIẾN BINH PHƯỜNG HOÀN KIẾM' (a mass organisation), 'GIẤY MỜI', national motto; anniversary of 22/12")
def _():
    body = two_col(["HỘI CCB VIỆT NAM", "HỘI CỰU CHIẾN BINH", "PHƯỜNG HOÀN KIẾM", "Số: 05/GM-CCB"],
                   [NATIONAL, MOTTO, "", "Hoàn Kiếm, ngày 15 tháng 12 năm 2026"], 36)
    body += ["", "GIẤY MỜI", "Gặp mặt kỷ niệm 82 năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944 - 22/12/2026)", "",
             "Trân trọng kính mời: đồng chí Chủ tịch UBND phường", "Thời gian: 8 giờ 00, ngày 21/12/2026.",
             "", "T/M BAN CHẤP HÀNH", "CHỦ TỊCH", "Đỗ Văn Thắng"]
    h = headers("thunderbird", ("Hội CCB phường Hoàn Kiếm", "ccb.hoankiem@gmail.com"), ("UBND phường Hoàn Kiếm", "hoankiem@hanoi.gov.vn"),
                "Giấy mời gặp mặt kỷ niệm 22/12", date(2026, 12, 15, 9, 20), enc="q", seed="n5")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("Roundcube, a provincial Fatherland Front committee's notice with a slash number (Đồng Tháp)",
          NOT_OFFICIAL,
          "'ỦY BAN MTTQ VIỆT NAM TỈNH ĐỒNG THÁP', 'Số: 118/TB-MTTQ-BTT'; 'Quỹ Vì người nghèo' figures; not a state agency")
def _():
    text = ("ỦY BAN MTTQ VIỆT NAM\nTỈNH ĐỒNG THÁP\nBAN THƯỜNG TRỰC\nSố: 118/TB-MTTQ-BTT\n\nTHÔNG BÁO\n"
            "Kết quả vận động Quỹ Vì người nghèo năm 2026\n\nTổng số tiền vận động: 21,4 tỷ đồng; hỗ trợ xây 312 căn nhà Đại đoàn kết.\n\n"
            "TM. BAN THƯỜNG TRỰC\nPHÓ CHỦ TỊCH\n")
    h = headers("roundcube", ("UB MTTQ tỉnh Đồng Tháp", "mttq@dongthap.gov.vn"), ("Sở Tài chính", "stc@dongthap.gov.vn"),
                "Thông báo kết quả vận động Quỹ Vì người nghèo 2026", date(2026, 12, 26, 15, 0), enc="b", seed="n6")
    return mail(h, plain(text, "base64"))


@R.sample("Outlook cover + PDF of a logistics company's letter quoting a customs decision number (Hải Phòng)",
          NOT_OFFICIAL,
          "'Căn cứ Quyết định số 1864/QĐ-CHQ', 'Số: 2612/2026/CV-ĐHL', 'Kính gửi: Chi cục Hải quan'; a company, not an agency")
def _():
    lines = ["CONG TY CO PHAN LOGISTICS DONG HAI", "So: 2612/2026/CV-DHL", "V/v de nghi huong dan thu tuc hang TMDT",
             "Kinh gui: Chi cuc Hai quan khu vuc III", "Can cu Quyet dinh so 1864/QD-CHQ cua Cuc Hai quan", "TONG GIAM DOC"]
    paras = ["Kính gửi Chi cục Hải quan khu vực III,", "",
             "Công ty CP Logistics Đông Hải gửi công văn đề nghị hướng dẫn thủ tục theo Quyết định số 1864/QĐ-CHQ.",
             "", "Trân trọng,", "Phòng Pháp chế - Đông Hải Logistics", "Hotline: 0225 3 812 812"]
    h = headers("outlook", ("Đông Hải Logistics", "phapche@donghailogistics.com.vn"), ("CCHQ KV III", "cchqkv3@customs.gov.vn"),
                "V/v đề nghị hướng dẫn thủ tục hàng TMĐT", date(2026, 12, 28, 11, 0), seed="n7")
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "CV 2612 DHL.pdf")))


@R.sample("a commercial bank's HTML notice on payroll accounts to public units, numbered (Khánh Hòa)",
          NOT_OFFICIAL,
          "'THÔNG BÁO Số: 1503/TB-NHCT.KH' of a bank branch; 'Kính gửi: Quý đơn vị hành chính sự nghiệp'; 'bảo mật' and 'mã OTP'")
def _():
    markup = ("<html><body><p><b>NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM<br>CHI NHÁNH KHÁNH HÒA</b></p>"
              "<p>Số: 1503/TB-NHCT.KH</p><p align=\"center\"><b>THÔNG BÁO</b><br>V/v nâng cấp dịch vụ chi lương qua tài khoản</p>"
              "<p>Kính gửi: Quý đơn vị hành chính sự nghiệp</p>"
              "<p>Từ ngày 01/01/2027, việc duyệt bảng lương trên eFAST yêu cầu xác thực sinh trắc học; vui lòng bảo mật mã OTP.</p>"
              "<p>Trân trọng./.</p></body></html>\n")
    h = headers("gmail", ("VietinBank Khánh Hòa", "khachhang.kh@vietinbank.vn"), ("Kế toán đơn vị", "ketoan.thcs@khanhhoa.edu.vn"),
                "Thông báo nâng cấp dịch vụ chi lương qua tài khoản", date(2026, 12, 18, 8, 0), seed="n8")
    return mail(h, html(markup, "quoted-printable"))


@R.sample("a private life insurer's renewal reminder to a civil servant, text+HTML (Bình Dương area, TP Hồ Chí Minh)",
          NOT_OFFICIAL,
          "'Thông báo đóng phí' with a contract number '0012345678/HĐBH' and 'hạn chót'; an insurer, not the social-insurance agency")
def _():
    lines = ["Kính gửi Quý khách Nguyễn Văn An,", "",
             "Hợp đồng bảo hiểm số 0012345678/HĐBH sẽ đến hạn đóng phí ngày 05/01/2027. Số phí: 12.600.000 đồng.",
             "Quý khách vui lòng thanh toán trước hạn chót để duy trì quyền lợi.", "", "Bảo Việt Nhân thọ - Hotline 1800 1234"]
    h = headers("gmail", ("Bảo Việt Nhân thọ", "thongbao@baovietnhantho.com.vn"), ("Nguyễn Văn An", "annv@tphcm.gov.vn"),
                "Thông báo đóng phí bảo hiểm kỳ tháng 01/2027", date(2026, 12, 20, 6, 0), seed="n9")
    return mail(h, alternative(txt(lines), simple_html(lines)))


@R.sample("Outlook, a software vendor sends its draft contract to a Sở, DOCX '(Dự thảo)' (Đà Nẵng)",
          NOT_OFFICIAL,
          "'HỢP ĐỒNG (Dự thảo) Số: …/2027/HĐ-CNTT' with dots for the number; cites 'Luật Đấu thầu số 22/2023/QH15'; a vendor's draft, not signed")
def _():
    paras = ["**HỢP ĐỒNG (Dự thảo)", "Số: ……/2027/HĐ-CNTT", "Gói thầu: Thuê dịch vụ hệ thống quản lý văn bản và điều hành",
             "Căn cứ Luật Đấu thầu số 22/2023/QH15;", "Bên A: Sở Khoa học và Công nghệ thành phố Đà Nẵng", "Bên B: Công ty TNHH Giải pháp số Sơn Trà"]
    paras_mail = ["Kính gửi anh Hải - Phòng Công nghệ thông tin,", "",
                  "Công ty gửi anh bản dự thảo hợp đồng thuê dịch vụ để Sở xem xét, góp ý trước khi ký.", "", "Trân trọng,", "Trần Quốc Việt - Sales Manager"]
    h = headers("outlook", ("Tran Quoc Viet", "viet.tq@sontrasoft.vn"), ("Lê Văn Hải", "hailv@danang.gov.vn"),
                "Dự thảo hợp đồng thuê dịch vụ QLVB 2027", date(2026, 12, 11, 10, 30), seed="n10")
    return mail(h, mixed(outlook_alt(paras_mail), attach(docx(paras), "Du thao HD thue dich vu.docx", DOCX)))


@R.sample("gmail, a citizen's petition (đơn kiến nghị) to a ward, 'Kính gửi' and the national motto, citing a ward decision",
          NOT_OFFICIAL,
          "'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' and 'ĐƠN KIẾN NGHỊ'; cites a construction permit 'Giấy phép số 215/GPXD'; CCCD number")
def _():
    text = (NATIONAL + "\n" + MOTTO + "\n\nĐƠN KIẾN NGHỊ\n(V/v công trình xây dựng gây lún nứt nhà liền kề)\n\n"
            "Kính gửi: Ủy ban nhân dân phường Vũng Tàu\n\n"
            "Tôi tên: Phạm Thị Thu Hà, CCCD số 077189001234, cư trú tại tổ 5, khu phố 2.\n"
            "Công trình xây dựng theo Giấy phép số 215/GPXD ngày 10/6/2026 đã làm nứt tường nhà tôi. "
            "Kính đề nghị UBND phường kiểm tra, xử lý.\n\nTôi xin chân thành cảm ơn.\nNgười làm đơn\nPhạm Thị Thu Hà\n")
    h = headers("gmail", ("Pham Thu Ha", "thuha.pham77@gmail.com"), ("UBND phường Vũng Tàu", "vungtau@tphcm.gov.vn"),
                "Đơn kiến nghị về công trình xây dựng gây lún nứt", date(2026, 12, 13, 21, 40), seed="n11")
    return mail(h, plain(text, "quoted-printable"))


@R.sample("gmail job application to a Sở with a CV PDF named like a document, 'Kính gửi' form",
          NOT_OFFICIAL,
          "'ĐƠN ĐĂNG KÝ DỰ TUYỂN' citing the Sở's recruitment notice 'Thông báo số 214/TB-SNV'; file 'Don du tuyen_TB214.pdf'")
def _():
    lines = [NATIONAL, "DON DANG KY DU TUYEN VIEN CHUC", "Kinh gui: Hoi dong tuyen dung So Noi vu", "Ho ten: Dang Minh Khoa"]
    text = ("Kính gửi Hội đồng tuyển dụng,\n\nEm là Đặng Minh Khoa, xin nộp đơn dự tuyển vị trí chuyên viên công nghệ thông tin "
            "theo Thông báo số 214/TB-SNV. Em gửi kèm đơn và sơ yếu lý lịch.\n\nEm xin cảm ơn.\nĐặng Minh Khoa - 0912 345 678\n")
    h = headers("gmail", ("Dang Minh Khoa", "khoa.dm.it@gmail.com"), ("Sở Nội vụ", "tuyendung.snv@nghean.gov.vn"),
                "Nộp hồ sơ dự tuyển vị trí CNTT", date(2026, 12, 6, 22, 15), seed="n12")
    return mail(h, mixed(plain(text), attach(pdf(lines), "Don du tuyen_TB214.pdf")))


@R.sample("a private training centre sends a certificate PDF with a certificate number (Lâm Đồng)",
          NOT_OFFICIAL,
          "'CHỨNG CHỈ ỨNG DỤNG CNTT CƠ BẢN', 'Số hiệu: 26/CC-TTTH-000415' and 'Quyết định số 88/QĐ-TTTH' of the centre; a private centre")
def _():
    lines = ["TRUNG TAM TIN HOC NGOAI NGU DA LAT STAR", "CHUNG CHI UNG DUNG CONG NGHE THONG TIN CO BAN",
             "So hieu: 26/CC-TTTH-000415", "Cap theo Quyet dinh so 88/QD-TTTH ngay 30/11/2026", "Hoc vien: Nguyen Thi My"]
    text = "Chào bạn Mỹ,\n\nTrung tâm gửi bạn bản điện tử chứng chỉ CNTT cơ bản. Bản giấy nhận tại văn phòng từ ngày 10/12.\n\nTrung tâm Đà Lạt Star\n"
    h = headers("gmail", ("Trung tâm Đà Lạt Star", "daotao@dalatstar.edu.vn"), ("Nguyễn Thị Mỹ", "mynt@lamdong.gov.vn"),
                "Gửi chứng chỉ ứng dụng CNTT cơ bản", date(2026, 12, 5, 15, 0), seed="n13")
    return mail(h, mixed(plain(text), attach(pdf(lines), "Chung chi 000415.pdf")))


@R.sample("Outlook, a Sở circulates a draft decision with '(Dự thảo)' in the title for comments, full text in the body (Phú Thọ)",
          NOT_OFFICIAL,
          "'QUYẾT ĐỊNH (Dự thảo)', 'Số:     /QĐ-UBND' blank; cover 'xin ý kiến' with a deadline; the draft cites '15/2026/NQ-HĐND'")
def _():
    paras = ["Kính gửi các Sở, ngành,", "", "Sở Tài chính xin ý kiến dự thảo Quyết định dưới đây, đề nghị góp ý trước ngày 20/12/2026.", "",
             "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "Số:      /QĐ-UBND", "",
             "QUYẾT ĐỊNH (Dự thảo)", "Ban hành định mức chi hỗ trợ chuyển đổi số cấp xã",
             "Căn cứ Nghị quyết số 15/2026/NQ-HĐND của HĐND tỉnh;", "Điều 1. …", "", "Sở Tài chính"]
    h = headers("outlook", ("Sở Tài chính Phú Thọ", "stc@phutho.gov.vn"), ("Các Sở, ngành", "soban@phutho.gov.vn"),
                "Xin ý kiến dự thảo QĐ định mức chi chuyển đổi số cấp xã", date(2026, 12, 10, 16, 0), seed="n14")
    return mail(h, outlook_alt(paras))


@R.sample("Zimbra reply 'Re: V/v góp ý dự thảo' with an XLSX comment table, no document of its own (Vĩnh Long)",
          NOT_OFFICIAL,
          "a unit's e-mail comments on a draft in a table ('Bảng tổng hợp ý kiến'); quotes the request '1780/STC-NS'; no number of its own")
def _():
    rows = [["STT", "Điều, khoản", "Nội dung góp ý", "Đơn vị"], ["1", "Điều 2", "Bổ sung định mức cho xã đảo", "Phòng KT xã Long Hồ"],
            ["2", "Điều 5", "Thống nhất", "Phòng KT xã Long Hồ"]]
    text = ("Chào chị Ngân,\nPhòng Kinh tế xã gửi bảng góp ý dự thảo theo Công văn 1780/STC-NS, chị tổng hợp giúp em.\n\n"
            "> V/v góp ý dự thảo định mức chi\n> Đề nghị góp ý trước 20/12.\n")
    h = headers("zimbra", ("Phòng Kinh tế xã Long Hồ", "kinhte.longho@vinhlong.gov.vn"), ("Ngân - Sở Tài chính", "ngantt.stc@vinhlong.gov.vn"),
                "Re: V/v góp ý dự thảo định mức chi", date(2026, 12, 18, 9, 0), enc="b", seed="n15",
                in_reply_to=msgid("n15o", "vinhlong.gov.vn"))
    return mail(h, mixed(plain(text, "quoted-printable"), attach(xlsx(rows), "Bang tong hop y kien.xlsx", XLSX)))


@R.sample("minutes of an internal chat group exported and mailed, Zalo-style lines with times (Điện Biên)",
          NOT_OFFICIAL,
          "'Biên bản' used for chat minutes without a number; 'KH 88' and 'báo cáo gấp' as chat words; times '[09:12]'")
def _():
    text = ("Nội dung trao đổi nhóm Zalo 'Phòng VHXH xã' ngày 12/12/2026 (em ghi lại làm biên bản):\n\n"
            "[09:12] Anh Tùng: mọi người nộp báo cáo gấp trước 10h nhé\n"
            "[09:15] Chị Mai: KH 88 gửi chưa anh?\n"
            "[09:16] Anh Tùng: gửi rồi, bên Sở nhận 2/3 bản\n"
            "[09:20] Chị Mai: ok em làm luôn\n\n-- Lò Thị Vân\n")
    h = headers("gmail", ("Lo Thi Van", "vanlt.vhxh@gmail.com"), ("Phong VHXH", "vhxh.muongcha@gmail.com"),
                "Bien ban trao doi nhom ngay 12/12", date(2026, 12, 12, 11, 0), seed="n16")
    return mail(h, plain(text, "8bit"))


@R.sample("Google Calendar invitation (text/calendar METHOD:REQUEST in multipart/alternative) for a meeting on a plan",
          NOT_OFFICIAL,
          "'Lời mời: Họp góp ý Kế hoạch 119/KH-SXD' with date and a Meet link; an invitation to a meeting is not a Giấy mời")
def _():
    text = ("Bạn đã được mời tham gia sự kiện sau.\n\nHọp góp ý Kế hoạch 119/KH-SXD\n"
            "Thời gian: Thứ Năm 17 thg 12, 2026 09:00 – 10:30 (GMT+07:00)\nMeet: https://meet.google.com/abc-defg-hij\n")
    ics = ("BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
           "DTSTART:20261217T020000Z\nDTEND:20261217T033000Z\nDTSTAMP:20261214T010000Z\n"
           "ORGANIZER;CN=Phạm Hùng:mailto:hungp.sxd@gmail.com\nUID:3k2h9fdl3k2@google.com\n"
           "SUMMARY:Họp góp ý Kế hoạch 119/KH-SXD\nEND:VEVENT\nEND:VCALENDAR\n")
    h = headers("gmail", ("Phạm Hùng", "hungp.sxd@gmail.com"), ("Trần Lan", "lantt@phutho.gov.vn"),
                "Lời mời: Họp góp ý Kế hoạch 119/KH-SXD @ Th 5 17 thg 12, 2026 09:00 - 10:30 (GMT+7)", date(2026, 12, 14, 8, 0), seed="n17")
    return mail(h, Multipart("alternative", [Part("text/plain", text, "quoted-printable"),
                                             Part("text/calendar", ics, "base64", params="; method=REQUEST")]))


@R.sample("Exim delivery-failure bounce returning a whole Thông báo mail inline (no multipart/report), quoted text (Hà Tĩnh)",
          NOT_OFFICIAL,
          "plain-text bounce 'This message was created automatically by mail delivery software'; the returned mail below '------ This is a copy of the message' carries '22/HD-SNV'")
def _():
    text = ("This message was created automatically by mail delivery software.\n\n"
            "A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n"
            "  thcs.kyson@hatinh.edu.vn\n    mailbox is full: retry timeout exceeded\n\n"
            "------ This is a copy of the message, including all the headers. ------\n\n"
            "Subject: [iOffice] Văn bản đến: 22/HD-SNV\nFrom: VNPT iOffice Hà Tĩnh <ioffice@hatinh.gov.vn>\n\n"
            "Đơn vị của bạn vừa nhận được văn bản điện tử: 22/HD-SNV - Hướng dẫn đánh giá, xếp loại viên chức năm 2026.\n")
    h = [("Date", date(2026, 12, 8, 16, 2)), ("From", "Mail Delivery System <Mailer-Daemon@mx.hatinh.edu.vn>"),
         ("To", "ioffice@hatinh.gov.vn"), ("Subject", "Mail delivery failed: returning message to sender"),
         ("Message-ID", msgid("n18", "mx.hatinh.edu.vn")), ("Auto-Submitted", "auto-replied"), ("X-Failed-Recipients", "thcs.kyson@hatinh.edu.vn")]
    return mail(h, plain(text, "8bit"))


@R.sample("Zimbra out-of-office auto-reply in Vietnamese to an invitation marked [KHẨN]",
          NOT_OFFICIAL,
          "subject 'Trả lời tự động: [KHẨN] Giấy mời dự Hội nghị tổng kết năm 2026'; Auto-Submitted; names the deputy to contact")
def _():
    text = ("Tôi đang nghỉ phép từ 14/12 đến 18/12/2026. Việc gấp xin liên hệ đ/c Phó Giám đốc Hoàng Anh, ĐT 0214 3 820 xxx.\n\nTrân trọng.\n")
    h = headers("zimbra", ("Giám đốc Sở Xây dựng", "giamdoc.sxd@laocai.gov.vn"), ("QLVB Lào Cai", "qlvb@laocai.gov.vn"),
                "Trả lời tự động: [KHẨN] Giấy mời dự Hội nghị tổng kết năm 2026", date(2026, 12, 14, 7, 46), enc="b", seed="n19",
                extra=[("Auto-Submitted", "auto-replied"), ("Precedence", "bulk")])
    return mail(h, plain(text))


@R.sample("phishing with a forged display name 'Cục Thuế - thue.gov.vn', a look-alike domain and an HTML button",
          NOT_OFFICIAL,
          "display name ends in '.gov.vn'; 'Thông báo số 9821/TB-CT về việc hoàn thuế'; 'KHẨN' and 'mật khẩu' in the body; a link to a foreign domain")
def _():
    markup = ("<html><body><p><b>KHẨN</b> - Thông báo số 9821/TB-CT về việc hoàn thuế thu nhập cá nhân năm 2026</p>"
              "<p>Quý khách có khoản hoàn thuế 4.860.000 đồng. Vui lòng xác thực tài khoản và mật khẩu trong 24 giờ.</p>"
              "<p><a href=\"http://thuedientu-gdt.gov-vn.top/hoanthue\" style=\"background:#c00;color:#fff;padding:8px\">NHẬN HOÀN THUẾ</a></p>"
              "</body></html>\n")
    h = [("Date", date(2026, 12, 19, 23, 11)), ("From", addr("Cục Thuế - thue.gov.vn", "no-reply@gdt-gov-vn.top")),
         ("To", "ketoan@camau.gov.vn"), ("Subject", word_b("KHẨN: Thông báo hoàn thuế TNCN năm 2026")),
         ("Message-ID", msgid("n20", "gdt-gov-vn.top"))]
    return mail(h, html(markup, "base64"))


@R.sample("Viettel VOffice reminder that a document is nearly overdue, key – value lines like the delivery notice (Bắc Ninh)",
          NOT_OFFICIAL,
          "'Nhắc việc: văn bản sắp đến hạn xử lý', 'Số hiệu – 2231/UBND-KGVX', 'Mức độ – Khẩn'; a reminder about a document already delivered")
def _():
    text = ("Kính gửi: Sở Giáo dục và Đào tạo\n\n=== NHẮC VIỆC ===\nVăn bản sắp đến hạn xử lý (còn 1 ngày):\n"
            "Số hiệu – 2231/UBND-KGVX\nTrích yếu – V/v tổ chức dạy học 2 buổi/ngày học kỳ II\nMức độ – Khẩn\nHạn xử lý – 16/12/2026\n"
            "=================\n\nĐây là thư tự động của hệ thống Viettel VOffice.\n")
    h = sysmail(("VOffice Bắc Ninh", "no-reply.voffice@bacninh.gov.vn"), ("Sở GD&ĐT", "sgddt@bacninh.gov.vn"),
                "VOffice - Nhắc việc: văn bản sắp đến hạn xử lý", date(2026, 12, 15, 7, 0), "n21", "Viettel VOffice",
                extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, plain(text, "base64"))


@R.sample("national public-service portal: account registration confirmation with a one-time code",
          NOT_OFFICIAL,
          "'Cổng Dịch vụ công quốc gia' and 'mã xác thực'; 'bảo mật' advice; a system notice, no document")
def _():
    lines = ["Chào Nguyễn Văn Bình,", "", "Bạn đã đăng ký tài khoản trên Cổng Dịch vụ công quốc gia.",
             "Mã xác thực: 482913 (hiệu lực 5 phút). Vui lòng bảo mật mã này, không cung cấp cho người khác.", "",
             "Cổng Dịch vụ công quốc gia - Tổng đài 18001096"]
    h = [("Date", date(2026, 12, 2, 20, 0)), ("From", addr("Cổng Dịch vụ công quốc gia", "no-reply@dichvucong.gov.vn")),
         ("To", "binhnv.1990@gmail.com"), ("Subject", word_b("Xác thực đăng ký tài khoản Cổng Dịch vụ công")),
         ("Message-ID", msgid("n22", "dichvucong.gov.vn")), ("Auto-Submitted", "auto-generated")]
    return mail(h, alternative(txt(lines), simple_html(lines)))


@R.sample("e-invoice notification from a supplier to a public school, XML and PDF attached (Hưng Yên)",
          NOT_OFFICIAL,
          "'Hóa đơn điện tử số 00000123, ký hiệu 1C26TAA', tax codes, 'Mã tra cứu'; a company's invoice")
def _():
    text = ("Kính gửi Quý khách hàng: Trường THCS Phố Hiến\n\nCông ty TNHH Thiết bị Giáo dục Minh Long gửi Quý khách hóa đơn điện tử:\n"
            "Ký hiệu: 1C26TAA   Số: 00000123\nTổng tiền thanh toán: 48.950.000 đồng\nMã tra cứu: ML7Q2X9\n\nTrân trọng.\n")
    xml = ('<?xml version="1.0" encoding="UTF-8"?><HDon><DLHDon><TTChung><KHHDon>C26TAA</KHHDon><SHDon>123</SHDon>'
           '</TTChung></DLHDon></HDon>').encode()
    h = headers("system", ("Minh Long - Hóa đơn điện tử", "hoadon@minhlong-edu.vn"), ("Kế toán THCS Phố Hiến", "ketoan.phohien@hungyen.edu.vn"),
                "Hóa đơn điện tử số 00000123 ký hiệu 1C26TAA", date(2026, 12, 29, 15, 0), seed="n23")
    return mail(h, mixed(plain(text), attach(xml, "1C26TAA_00000123.xml", "text/xml"),
                         attach(pdf(["HOA DON GIA TRI GIA TANG", "Ky hieu 1C26TAA So 00000123"]), "1C26TAA_00000123.pdf")))


@R.sample("unaccented 'Re:' acknowledgement from a school that quotes the hospital plan's cover with '>'",
          NOT_OFFICIAL,
          "'Re: Ke hoach trien khai benh an dien tu GD2'; one line 'Da nhan, cam on'; the quote names 'Kế hoạch số 702/KH-BVĐK'")
def _():
    text = ("Da nhan, cam on anh.\n\nOn Thu, Dec 3, 2026 at 11:12 AM Phong CNTT <cntt.bvdk@gialai.gov.vn> wrote:\n"
            "> Gui Ke hoach so 702/KH-BVDK trien khai benh an dien tu giai doan 2.\n> Tran trong.\n")
    h = headers("gmail", ("Pham Quoc Huy", "huypq.syt@gialai.gov.vn"), ("Phong CNTT", "cntt.bvdk@gialai.gov.vn"),
                "Re: Ke hoach trien khai benh an dien tu GD2", date(2026, 12, 3, 13, 2), enc="ascii", seed="n24",
                in_reply_to=msgid("a10", "gialai.gov.vn"))
    return mail(h, plain(text, "7bit"))


@R.sample("Outlook, a law firm's letter to a court with a number, PDF (Đắk Lắk)",
          NOT_OFFICIAL,
          "'CÔNG TY LUẬT TNHH …', 'Số: 15/2026/CV-LS', 'Kính gửi: Tòa án nhân dân tỉnh', cites the case '45/2026/HS-ST'; a law firm is not an agency")
def _():
    lines = ["CONG TY LUAT TNHH BUON MA THUOT", "So: 15/2026/CV-LS", "V/v de nghi sao chup tai lieu vu an 45/2026/HS-ST",
             "Kinh gui: Toa an nhan dan tinh Dak Lak", "LUAT SU"]
    paras = ["Kính gửi Văn phòng Tòa án,", "", "Công ty Luật gửi văn bản đề nghị sao chụp tài liệu vụ án số 45/2026/HS-ST.", "", "Luật sư Y Bhin Niê"]
    h = headers("outlook", ("Luật sư Y Bhin", "ybhin@luatbmt.vn"), ("VP Tòa án tỉnh", "vanphong@toaan.daklak.gov.vn"),
                "Đề nghị sao chụp tài liệu vụ án 45/2026/HS-ST", date(2026, 12, 10, 15, 0), seed="n25")
    return mail(h, mixed(outlook_alt(paras), attach(pdf(lines), "CV 15-2026 LS.pdf")))


@R.sample("Exchange 'Automatic reply:' in English to a ministry's công văn mail",
          NOT_OFFICIAL,
          "subject 'Automatic reply: V/v rà soát, cắt giảm thủ tục hành chính nội bộ năm 2027'; X-Auto-Response-Suppress; English text")
def _():
    text = "I am on a business trip until 21 December 2026 with limited access to e-mail. For urgent matters please contact the office.\n"
    h = headers("outlook", ("Nguyễn Hải Đăng", "dangnh@dienbien.gov.vn"), ("Văn phòng Chính phủ", "vanthu@chinhphu.gov.vn"),
                "Automatic reply: V/v rà soát, cắt giảm thủ tục hành chính nội bộ năm 2027", date(2026, 12, 14, 15, 3), seed="n26",
                extra=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")])
    return mail(h, plain(text, "7bit"))


@R.sample("vendor spam selling digital-signature tokens, citing ND30 and 'Công văn số …' of a ministry",
          NOT_OFFICIAL,
          "'Thực hiện Nghị định 30/2020/NĐ-CP và Công văn 2811/BTTTT-CATTT'; 'ƯU ĐÃI KHẨN'; 'Kính gửi: Quý cơ quan'")
def _():
    lines = ["Kính gửi: Quý cơ quan, đơn vị hành chính sự nghiệp", "",
             "Thực hiện Nghị định 30/2020/NĐ-CP và Công văn 2811/BTTTT-CATTT về chữ ký số chuyên dùng, "
             "Công ty CA Việt xin giới thiệu gói gia hạn chữ ký số token 3 năm chỉ 1.290.000 đồng.",
             "ƯU ĐÃI KHẨN: giảm 20% đến hết 31/12/2026.", "", "Hotline: 1900 6868 - CA Việt"]
    h = headers("roundcube", ("CA Việt", "sales@caviet.com.vn"), ("Văn thư", "vanthu@quangngai.gov.vn"),
                "ƯU ĐÃI KHẨN - Gia hạn chữ ký số cho cơ quan nhà nước", date(2026, 12, 21, 9, 0), enc="b", seed="n27")
    return mail(h, alternative(txt(lines), simple_html(lines)))


@R.sample("a civil servant asks her head of division for two days' leave by e-mail, no form attached (Cao Bằng)",
          NOT_OFFICIAL,
          "'Xin nghỉ phép' in the subject; dates '28-29/12'; a request, not a Giấy nghỉ phép issued by the agency")
def _():
    text = "Em chào anh,\nEm xin phép nghỉ 2 ngày 28-29/12/2026 để về quê giải quyết việc gia đình. Công việc em đã bàn giao cho chị Thảo.\nEm cảm ơn anh.\nNông Thị Hằng\n"
    h = headers("thunderbird", ("Nông Thị Hằng", "hangnt@caobang.gov.vn"), ("Trưởng phòng", "tp.hcth@caobang.gov.vn"),
                "Xin nghỉ phép 28-29/12", date(2026, 12, 24, 8, 30), enc="b", seed="n28")
    return mail(h, plain(text))


@R.sample("Google Groups discussion mail (List-Id) between IT staff of several communes quoting a Sở's guidance number",
          NOT_OFFICIAL,
          "List-Id and list footer like the bulletin; quotes 'Hướng dẫn số 22/HD-SNV' and asks a question; a discussion, not a transmission")
def _():
    text = ("Chào các anh chị,\nTheo Hướng dẫn số 22/HD-SNV thì phần mềm đánh giá viên chức mở đến ngày nào ạ? Xã em chưa đăng nhập được.\n\n"
            "--\nBạn nhận được thư này vì đã đăng ký nhóm \"CNTT cấp xã Hà Tĩnh\" trên Google Groups.\n"
            "Để hủy đăng ký, gửi email tới cntt-xa-hatinh+unsubscribe@googlegroups.com.\n")
    h = headers("gmail", ("Trần Đức Minh", "minhtd.kyanh@gmail.com"), ("CNTT cấp xã Hà Tĩnh", "cntt-xa-hatinh@googlegroups.com"),
                "Hỏi về thời hạn đánh giá viên chức", date(2026, 12, 9, 10, 0), seed="n29",
                extra=[("List-Id", "<cntt-xa-hatinh.googlegroups.com>"), ("Precedence", "list"),
                       ("List-Unsubscribe", "<mailto:cntt-xa-hatinh+unsubscribe@googlegroups.com>")])
    return mail(h, plain(text, "quoted-printable"))


@R.sample("Thunderbird read receipt in English (multipart/report; disposition-notification) for a Thông cáo mail",
          NOT_OFFICIAL,
          "'Return Receipt (displayed) - Thông cáo kết quả Kỳ họp thứ 5 HĐND xã'; RFC 8098 fields")
def _():
    text = ("This is a Return Receipt for the mail that you sent to dtt.vinhlinh@quangtri.gov.vn.\n\n"
            "Note: This Return Receipt only acknowledges that the message was displayed on the recipient's computer.\n")
    mdn = ("Reporting-UA: mail.quangtri.gov.vn; Thunderbird 128.5.0\nFinal-Recipient: rfc822;dtt.vinhlinh@quangtri.gov.vn\n"
           "Original-Message-ID: " + msgid("d7Thông cáo kết quả Kỳ họp thứ 5 HĐND xã", "quangtri.gov.vn") + "\n"
           "Disposition: manual-action/MDN-sent-manually; displayed\n")
    h = [("Message-ID", msgid("n30", "quangtri.gov.vn")), ("Date", date(2026, 12, 20, 17, 30)), ("User-Agent", "Mozilla Thunderbird"),
         ("From", addr("Đài truyền thanh xã", "dtt.vinhlinh@quangtri.gov.vn")), ("To", "hdnd.vinhlinh@quangtri.gov.vn"),
         ("Subject", word_b("Return Receipt (displayed) - Thông cáo kết quả Kỳ họp thứ 5 HĐND xã"))]
    return mail(h, Multipart("report", [Part("text/plain", text, "7bit"),
                                        Part("message/disposition-notification", mdn, "7bit", charset=None)],
                             params="; report-type=disposition-notification"))


# ---------------------------------------------------------------- a few more, mixed


@R.sample("Outlook HTML only: a State Audit letter of introduction for an audit team, the header as plain centred paragraphs (Kiểm toán nhà nước)",
          official("giay-gioi-thieu", "58/GGT-KTNN"),
          "'GIẤY GIỚI THIỆU' with members' names and ID card numbers; 'Trân trọng giới thiệu'; not mandatory; validity 'có giá trị đến hết ngày 31/01/2027'")
def _():
    paras = ["KIỂM TOÁN NHÀ NƯỚC", "Số: 58/GGT-KTNN", NATIONAL, MOTTO, "Hà Nội, ngày 04 tháng 12 năm 2026", "",
             "GIẤY GIỚI THIỆU", "", "Kiểm toán nhà nước trân trọng giới thiệu:",
             "Ông Lý Thanh Phong, Kiểm toán viên chính, Trưởng đoàn (CCCD 092080004567),",
             "cùng 06 thành viên đoàn kiểm toán, được cử đến: Ủy ban nhân dân thành phố Cần Thơ",
             "Về việc: kiểm toán ngân sách địa phương năm 2026.",
             "Đề nghị Quý cơ quan tạo điều kiện để đoàn hoàn thành nhiệm vụ.",
             "Giấy giới thiệu có giá trị đến hết ngày 31/01/2027.", "", "TL. TỔNG KIỂM TOÁN NHÀ NƯỚC", "CHÁNH VĂN PHÒNG"]
    markup = ('<html><body style="font-family:\'Times New Roman\'">' + "".join(
        '<p align="center" style="text-align:center;margin:0">%s</p>\n' % html_escape(p) if i < 7 else "<p>%s</p>\n" % html_escape(p)
        for i, p in enumerate(paras)) + "</body></html>\n")
    h = headers("outlook", ("Văn phòng KTNN", "vanphong@sav.gov.vn"), ("VP UBND TP Cần Thơ", "vpubnd@cantho.gov.vn"),
                "Giấy giới thiệu Đoàn kiểm toán ngân sách địa phương", date(2026, 12, 4, 11, 0), seed="f1")
    return mail(h, html(markup, "quoted-printable"))


@R.sample("gmail, unaccented capital subject 'HOA TOC - CONG DIEN …' of a ministry forwarded by a provincial officer, PDF (Bộ Nông nghiệp và Môi trường)",
          official("cong-dien", "09/CĐ-BNNMT", urgency="hoa-toc"),
          "'HOA TOC' without diacritics as the subject prefix; 'CD' unaccented in the file '09_CD-BNNMT.pdf' (canonical CĐ); the forwarder writes 'khan truong trien khai'")
def _():
    lines = ["BO NONG NGHIEP VA MOI TRUONG", "So: 09/CD-BNNMT", "HOA TOC", "CONG DIEN",
             "Ve viec chu dong phong, chong ret dam, ret hai cho cay trong, vat nuoi", "BO TRUONG dien:"]
    text = "Gui cac xa Cong dien hoa toc cua Bo, de nghi khan truong trien khai.\n-- \nPhong Trong trot, So NN&MT\n"
    h = headers("gmail", ("Phong Trong trot", "trongtrot.snnmt@laichau.gov.vn"), ("UBND cac xa", "xa@laichau.gov.vn"),
                "HOA TOC - CONG DIEN 09 VE PHONG CHONG RET DAM RET HAI", date(2026, 12, 31, 6, 15), enc="ascii", seed="f2")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf(lines), "09_CD-BNNMT.pdf")))


@R.sample("Zimbra cover + PDF of a public kindergarten's leave certificate for a teacher (Tuyên Quang)",
          official("giay-nghi-phep", "07/GNP-MNHB"),
          "'GIẤY NGHỈ PHÉP' of a school (code 'MNHB'); dates '04/01/2027 - 08/01/2027' and '05 ngày'; not mandatory")
def _():
    lines = ["UBND XA HAM YEN", "TRUONG MAM NON HOA BAN", "So: 07/GNP-MNHB", "GIAY NGHI PHEP",
             "Cap cho: co giao Ma Thi Lien", "Thoi gian nghi: 05 ngay, tu 04/01/2027 den 08/01/2027", "HIEU TRUONG"]
    text = "Nhà trường gửi giấy nghỉ phép số 07/GNP-MNHB của cô Liên để UBND xã theo dõi.\n"
    h = headers("zimbra", ("MN Hoa Ban", "mnhoaban.hamyen@tuyenquang.edu.vn"), ("Văn phòng UBND xã", "hamyen@tuyenquang.gov.vn"),
                "Giấy nghỉ phép cô Ma Thị Liên", date(2026, 12, 31, 10, 0), enc="b", seed="f3")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf(lines), "GNP 07.pdf")))


@R.sample("Thunderbird, subject ends with '(Thượng khẩn)', a provincial project board's Dự án with the mark also as a stamp line in the body (Quảng Trị)",
          official("du-an", "05/DA-BQLDA", urgency="thuong-khan"),
          "the mark is a subject suffix and a stamp line 'THƯỢNG KHẨN' after the number; 'DA' (Dự án) of a project board 'BQLDA' whose own code contains DA")
def _():
    body = ["UBND TỈNH QUẢNG TRỊ", "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG TỈNH", "Số: 05/DA-BQLDA", "THƯỢNG KHẨN", "",
            "DỰ ÁN", "Khắc phục sạt lở bờ sông Thạch Hãn đoạn qua phường Đông Hà", "",
            "Tổng mức đầu tư dự kiến: 96,5 tỷ đồng; chiều dài kè 2,4 km.", "Kính trình UBND tỉnh xem xét, phê duyệt.", "", "GIÁM ĐỐC"]
    h = headers("thunderbird", ("Ban QLDA ĐTXD tỉnh", "bqlda@quangtri.gov.vn"), ("Sở Tài chính", "stc@quangtri.gov.vn"),
                "Dự án khắc phục sạt lở bờ sông Thạch Hãn (Thượng khẩn)", date(2026, 12, 12, 17, 45), enc="q", seed="f4")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("Outlook, a university trade union's invitation numbered like a state document (Đà Nẵng)",
          NOT_OFFICIAL,
          "'CÔNG ĐOÀN ĐẠI HỌC ĐÀ NẴNG', 'Số: 41/GM-CĐ' with CĐ (here Công đoàn, not Công điện); national motto; a mass organisation")
def _():
    paras = ["CÔNG ĐOÀN GIÁO DỤC VIỆT NAM", "CÔNG ĐOÀN ĐẠI HỌC ĐÀ NẴNG", "Số: 41/GM-CĐ", "", NATIONAL, MOTTO, "",
             "GIẤY MỜI", "Dự Hội nghị tổng kết công tác công đoàn năm 2026", "",
             "Ban Thường vụ Công đoàn trân trọng kính mời Chủ tịch công đoàn các trường thành viên dự hội nghị lúc 8h00 ngày 08/01/2027.",
             "", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    h = headers("outlook", ("Công đoàn ĐHĐN", "congdoan@udn.vn"), ("Công đoàn các trường", "cd.ttv@udn.vn"),
                "Giấy mời Hội nghị tổng kết công tác công đoàn 2026", date(2026, 12, 28, 14, 0), seed="f5")
    return mail(h, outlook_alt(paras))


@R.sample("gmail forward of an online newspaper article about a provincial resolution, link card and quoted lead",
          NOT_OFFICIAL,
          "'Fwd: HĐND tỉnh Lâm Đồng thông qua Nghị quyết 14/2026/NQ-HĐND …'; the article quotes the resolution; the forwarder adds 'tham khảo'")
def _():
    text = ("tham khảo nhé\n\n---------- Forwarded message ---------\nFrom: Bao Lam Dong <tin@baolamdong.vn>\nDate: Fri, Dec 11, 2026\n"
            "Subject: HĐND tỉnh Lâm Đồng thông qua Nghị quyết 14/2026/NQ-HĐND hỗ trợ BHYT hộ cận nghèo\n\n"
            "(Báo Lâm Đồng) - Chiều 10/12, HĐND tỉnh khóa X thông qua Nghị quyết số 14/2026/NQ-HĐND quy định mức hỗ trợ 30% "
            "mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo…\nĐọc tiếp: https://baolamdong.vn/xa-hoi/nghi-quyet-14-2026\n")
    h = headers("gmail", ("Nguyễn Thảo", "thao.nguyen.bhxh@gmail.com"), ("Trần Vy", "vytran@lamdong.gov.vn"),
                "Fwd: HĐND tỉnh Lâm Đồng thông qua Nghị quyết 14/2026/NQ-HĐND hỗ trợ BHYT hộ cận nghèo", date(2026, 12, 11, 20, 0), seed="f6")
    return mail(h, plain(text, "quoted-printable"))
