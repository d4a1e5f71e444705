"""A fourth held-out sample (issue 19): the southern provinces and the central ministries,
written in the southern clerks' habits by yet other hands.

TP Hồ Chí Minh, Cần Thơ, An Giang, Cà Mau, Đồng Nai and Vĩnh Long (as merged in 2025), Bộ Tài
chính, Bộ Nội vụ, Bộ Nông nghiệp và Môi trường, Bộ Khoa học và Công nghệ, Thanh tra Chính phủ
and Văn phòng Quốc hội: long documents (one to three pages in the body, tables of figures, five
to ten cited numbers), documents that legitimately hold two numbers (a Quyết định issuing a Quy
chế, a Tờ trình proposing a Nghị quyết), Office 365 HTML whose ND30 header is a borderless
two-column table, text only inside a PDF text layer or a DOCX under an empty cover, forwards of
forwards, and lookalikes that are no agency's document. Every person, number and content is
invented.
"""

from common import (compressed_pdf, headers_seeded, lines_text, DOCX, MOTTO, NATIONAL, NOT_OFFICIAL, XLSX, Registry, alternative, attach,
                    headers, html, mail, mixed, official, outlook_alt, plain, two_col)
from mime import (Multipart, Part, Rfc822, date, docx, html_escape, nfd, odt, pdf_scan, pdf_text,
                  photo, simple_html, xlsx_free_zip)

R = Registry(
    "corpus-heldout4",
    "Fourth held-out sample: the southern provinces and the central ministries",
    """
Eighty messages written after the recogniser passed every other corpus (corpus-heldout3
included), by hands that read neither its code nor the other generators' samples beyond their
README tables (to avoid repeating them): the southern provinces after the 2025 mergers (TP Hồ
Chí Minh, Cần Thơ, An Giang, Cà Mau, Đồng Nai, Vĩnh Long) and six central bodies (Bộ Tài chính,
Bộ Nội vụ, Bộ Nông nghiệp và Môi trường, Bộ Khoa học và Công nghệ, Thanh tra Chính phủ, Văn
phòng Quốc hội), March-April 2027, in the southern clerks' habits ('Kính gửi' lists, 'Đính
kèm', 'Trân trọng kính chuyển', 'TL. CHÁNH VĂN PHÒNG'). Long documents whose own number must be
told from five to ten citations, documents that legitimately carry two numbers, Office 365
HTML with the ND30 header as a borderless table, text only in a PDF text layer or a DOCX,
forwards of forwards, and lookalikes. Labelled by the rules of `../corpus/README.md` alone; a
mismatch here is a finding, not a sample to special-case. DOUBT marks a debatable label.
""")

# ---------------------------------------------------------------- mailboxes

HCM_VP = ("Văn thư Văn phòng UBND Thành phố", "vanthu.vpub@tphcm.gov.vn")
HCM_SNV = ("Sở Nội vụ TP.HCM", "vanthu.snv@tphcm.gov.vn")
HCM_STC = ("Sở Tài chính TP.HCM", "vanthu.stc@tphcm.gov.vn")
HCM_SKHCN = ("Sở Khoa học và Công nghệ TP.HCM", "skhcn@tphcm.gov.vn")
HCM_PH = ("UBND phường Thủ Dầu Một", "ubnd.thudaumot@tphcm.gov.vn")
HCM_XA = ("UBND xã Long Hải", "ubnd.longhai@tphcm.gov.vn")
CT_VP = ("Văn phòng UBND thành phố Cần Thơ", "vanphong@cantho.gov.vn")
CT_STC = ("Sở Tài chính Cần Thơ", "stc@cantho.gov.vn")
CT_SNV = ("Sở Nội vụ thành phố Cần Thơ", "snv@cantho.gov.vn")
CT_HDND = ("Văn phòng Đoàn ĐBQH và HĐND TP Cần Thơ", "vpdbqh-hdnd@cantho.gov.vn")
AG_VP = ("Văn thư UBND tỉnh An Giang", "vanthu@angiang.gov.vn")
AG_SNNMT = ("Sở Nông nghiệp và Môi trường An Giang", "snnmt@angiang.gov.vn")
AG_XA = ("UBND xã Phú Quốc", "ubnd.phuquoc@angiang.gov.vn")
CM_VP = ("VP UBND tỉnh Cà Mau", "vpubnd@camau.gov.vn")
CM_SNNMT = ("Sở NN&MT Cà Mau", "snnmt@camau.gov.vn")
CM_HDND = ("HĐND tỉnh Cà Mau", "hdnd@camau.gov.vn")
DN_VP = ("Văn phòng UBND tỉnh Đồng Nai", "vpubnd@dongnai.gov.vn")
DN_SNV = ("Sở Nội vụ Đồng Nai", "sonoivu@dongnai.gov.vn")
DN_CA = ("Văn thư Sở Tài chính Đồng Nai", "vanthu.stc@dongnai.gov.vn")
VL_VP = ("Văn thư VP UBND tỉnh Vĩnh Long", "vanthu.vp@vinhlong.gov.vn")
VL_XA = ("UBND xã Ba Tri", "ubnd.batri@vinhlong.gov.vn")
VL_STC = ("Sở Tài chính Vĩnh Long", "stc@vinhlong.gov.vn")
BTC = ("Văn thư Bộ Tài chính", "vanthu@mof.gov.vn")
BNV = ("Văn phòng Bộ Nội vụ", "vanthu@moha.gov.vn")
BNNMT = ("Bộ Nông nghiệp và Môi trường", "vanthu@mae.gov.vn")
BKHCN = ("Văn thư Bộ KH&CN", "vanthu@most.gov.vn")
TTCP = ("Văn thư Thanh tra Chính phủ", "vanthu@thanhtra.gov.vn")
VPQH = ("Văn phòng Quốc hội", "vanthu@quochoi.vn")

# people
THAO = ("Nguyễn Thị Thu Thảo", "ntthao.vpub@tphcm.gov.vn")
LOC = ("Trần Văn Lộc", "tvloc.snv@tphcm.gov.vn")
NGOC = ("Lê Bảo Ngọc", "lbngoc@cantho.gov.vn")
TUNG = ("Huỳnh Thanh Tùng", "httung@angiang.gov.vn")
DIEM = ("Võ Thị Diễm", "vtdiem@camau.gov.vn")
PHUC = ("Phan Hoàng Phúc", "phphuc@dongnai.gov.vn")
KHOA = ("Đặng Minh Khoa", "dmkhoa@vinhlong.gov.vn")
HAU = ("Lâm Ngọc Hậu", "lnhau@mof.gov.vn")


txt = lines_text


pdf = compressed_pdf


H = headers_seeded


def d(mo, day, h=8, mi=0):
    return date(2027, mo, day, h, mi)


def head(left, number, place_date, extra_left=(), stamps=()):
    """ND30 header in text: issuer lines left, motto right, 'Số:' and V/v below."""
    return two_col(list(left) + ["", "Số: " + number] + list(extra_left),
                   [NATIONAL, MOTTO, "", place_date]) + list(stamps)


def table(rows, widths=None):
    """A plain-text table of figures, columns separated by ' | '."""
    widths = widths or [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for k, r in enumerate(rows):
        out.append(" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if k == 0:
            out.append("-+-".join("-" * w for w in widths))
    return out


def o365(before, head_rows, paragraphs, trows=None, after=()):
    """Office 365 / Outlook web HTML: a cover, the ND30 header as a borderless two-column table,
    the document's paragraphs, an optional bordered table of figures, a signature."""
    def p(t):
        if not t:
            return '<div style="font-family:Calibri,Arial,Helvetica,sans-serif;font-size:12pt"><br></div>\n'
        b = t.startswith("**")
        t = html_escape(t.strip("*"))
        if b:
            t = "<b>" + t + "</b>"
        return ('<div style="font-family:&quot;Times New Roman&quot;,serif;font-size:13pt;'
                'color:rgb(0,0,0)">%s</div>\n' % t)
    out = ['<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
           '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\n'
           '</head>\n<body dir="ltr">\n']
    out += [p(t) for t in before]
    out.append('<table border="0" cellspacing="0" cellpadding="0" width="640" '
               'style="border-collapse:collapse;border:none">\n<tbody>\n')
    for l, r in head_rows:
        out.append('<tr><td width="260" valign="top" style="border:none;text-align:center">'
                   '<span style="font-size:12pt">%s</span></td>\n'
                   '<td width="380" valign="top" style="border:none;text-align:center">'
                   '<span style="font-size:12pt">%s</span></td></tr>\n' % (html_escape(l), html_escape(r)))
    out.append("</tbody></table>\n")
    out += [p(t) for t in paragraphs]
    if trows:
        out.append('<table border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse">\n')
        for row in trows:
            out.append("<tr>" + "".join('<td style="border:1px solid #000">%s</td>' % html_escape(c)
                                        for c in row) + "</tr>\n")
        out.append("</table>\n")
    out += [p(t) for t in after]
    out.append('<div id="Signature"><div style="font-family:Calibri;font-size:11pt;color:#1F3864">'
               "-- <br>Bộ phận Văn thư</div></div>\n</body></html>\n")
    return "".join(out)


def o365_text(before, head_rows, paragraphs, trows=None, after=()):
    """The text/plain half Outlook writes beside o365(): table cells become lines."""
    lines = list(before)
    for l, r in head_rows:
        lines.append((l + "\t" + r).strip())
    lines += [t.strip("*") for t in paragraphs]
    for row in trows or []:
        lines.append("\t".join(row))
    lines += [t.strip("*") for t in after]
    return txt(lines + ["", "--", "Bộ phận Văn thư"])


def outlook_fwd(frm, sent, to, subject, cc=None):
    out = ["", "From: " + frm, "Sent: " + sent, "To: " + to]
    if cc:
        out.append("Cc: " + cc)
    return out + ["Subject: " + subject, ""]


def outlook_fwd_vi(frm, sent, to, subject):
    return ["", "________________________________", "Từ: " + frm, "Đã gửi: " + sent, "Đến: " + to,
            "Chủ đề: " + subject, ""]


def gmail_fwd(frm, when, subject, to):
    return ["---------- Forwarded message ---------", "From: " + frm, "Date: " + when,
            "Subject: " + subject, "To: " + to, ""]


# ================================================================ official (and long)

QD1846_HEAD = [("ỦY BAN NHÂN DÂN", NATIONAL), ("THÀNH PHỐ HỒ CHÍ MINH", MOTTO),
               ("", ""), ("Số: 1846/QĐ-UBND", "Thành phố Hồ Chí Minh, ngày 09 tháng 3 năm 2027")]
QD1846 = [
    "", "**QUYẾT ĐỊNH", "**Ban hành Quy chế tiếp nhận, xử lý văn bản điện tử liên thông",
    "**giữa các cơ quan hành chính trên địa bàn Thành phố Hồ Chí Minh", "",
    "**ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "",
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Giao dịch điện tử số 20/2023/QH15 ngày 22 tháng 6 năm 2023;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Nghị định số 137/2024/NĐ-CP ngày 23 tháng 10 năm 2024 của Chính phủ quy định về giao dịch điện tử của cơ quan nhà nước;",
    "Căn cứ Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của Thủ tướng Chính phủ về gửi, nhận văn bản điện tử;",
    "Thực hiện Chỉ thị số 04/CT-UBND ngày 14 tháng 01 năm 2027 của Chủ tịch UBND Thành phố;",
    "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 512/TTr-SNV ngày 02 tháng 3 năm 2027.", "",
    "**QUYẾT ĐỊNH:", "",
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế tiếp nhận, xử lý văn bản điện tử liên thông giữa",
    "các cơ quan hành chính trên địa bàn Thành phố Hồ Chí Minh.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 2270/QĐ-UBND ngày",
    "18 tháng 7 năm 2024 của Ủy ban nhân dân Thành phố Hồ Chí Minh.",
    "Điều 3. Chánh Văn phòng UBND Thành phố, Giám đốc Sở Nội vụ, Thủ trưởng các sở, ban, ngành,",
    "Chủ tịch UBND các phường, xã, đặc khu chịu trách nhiệm thi hành Quyết định này.", "",
    "Nơi nhận:", "- Như Điều 3;", "- Văn phòng Chính phủ (Cục Kiểm soát TTHC);", "- TTUB: CT, các PCT;",
    "- Lưu: VT, (HCTC/Tr).", "", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Võ Hoàng Duy", "",
    "**QUY CHẾ", "**Tiếp nhận, xử lý văn bản điện tử liên thông", "**(Ban hành kèm theo Quyết định số 1846/QĐ-UBND ngày 09 tháng 3 năm 2027",
    "**của Ủy ban nhân dân Thành phố Hồ Chí Minh)", "",
    "Chương I. QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh: Quy chế này quy định việc tiếp nhận, phân phối, xử lý văn bản điện tử",
    "đến qua Trục liên thông văn bản quốc gia và Nền tảng tích hợp, chia sẻ dữ liệu Thành phố (LGSP).",
    "Điều 2. Thời hạn xử lý: văn bản đến được phân phối trong ngày làm việc; văn bản có dấu Hỏa tốc",
    "được trình ngay khi nhận; văn bản có dấu mật không tiếp nhận qua hệ thống mà theo Luật Bảo vệ",
    "bí mật nhà nước số 29/2018/QH14.",
    "Điều 3. Chỉ tiêu năm 2027 (phụ lục):",
]
QD1846_T = [["Chỉ tiêu", "Năm 2026", "Năm 2027"], ["Tỷ lệ văn bản đi ký số", "96,4%", "99%"],
            ["Văn bản đến qua Trục liên thông", "418.255", "500.000"],
            ["Hồ sơ công việc xử lý trên môi trường mạng", "82,1%", "95%"]]


@R.sample("Office 365 HTML+text, full text of a Quyết định with the ND30 header as a borderless two-column table, followed by the Quy chế it issues",
          official("quyet-dinh", "1846/QĐ-UBND"),
          "two numbers legitimately present: the Quy chế repeats 'ban hành kèm theo Quyết định số 1846/QĐ-UBND' and the type word QUY CHẾ; seven citations (72/2025/QH15, 30/2020/NĐ-CP, 28/2018/QĐ-TTg, 04/CT-UBND, 512/TTr-SNV, the replaced 2270/QĐ-UBND, 29/2018/QH14); table of figures")
def _():
    before = ["Kính gửi:", "- Các sở, ban, ngành Thành phố;", "- UBND các phường, xã, đặc khu.", "",
              "Văn phòng UBND Thành phố trân trọng kính chuyển Quyết định sau (bản ký số đính kèm trên hệ thống):", ""]
    h = H("outlook", HCM_VP, [HCM_SNV, HCM_STC], "Quyết định ban hành Quy chế tiếp nhận, xử lý văn bản điện tử liên thông",
          d(3, 9, 16, 40), "h001")
    return mail(h, Multipart("alternative", [
        Part("text/plain", o365_text(before, QD1846_HEAD, QD1846, QD1846_T), "quoted-printable"),
        Part("text/html", o365(before, QD1846_HEAD, QD1846, QD1846_T), "quoted-printable")]))


TTR94 = head(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ"], "94/TTr-UBND", "Cần Thơ, ngày 12 tháng 3 năm 2027") + [
    "", "TỜ TRÌNH", "Dự thảo Nghị quyết quy định mức chi hỗ trợ người làm công tác chuyển đổi số",
    "ở xã, phường trên địa bàn thành phố Cần Thơ", "",
    "Kính gửi: Hội đồng nhân dân thành phố Cần Thơ khóa X, kỳ họp thứ tư (chuyên đề).", "",
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;",
    "Căn cứ Luật Ngân sách nhà nước số 89/2025/QH15;",
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
    "Căn cứ Thông tư số 03/2026/TT-BTC ngày 15/01/2026 của Bộ Tài chính;",
    "Ủy ban nhân dân thành phố kính trình Hội đồng nhân dân thành phố dự thảo Nghị quyết như sau:", "",
    "I. SỰ CẦN THIẾT",
    "Sau sắp xếp đơn vị hành chính (Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025), thành phố có 103",
    "xã, phường; mỗi đơn vị bố trí 01 công chức phụ trách chuyển đổi số kiêm nhiệm, chưa có chế độ hỗ trợ.",
    "", "II. NỘI DUNG DỰ THẢO NGHỊ QUYẾT",
    "1. Đối tượng: công chức, người hoạt động không chuyên trách làm chuyển đổi số ở xã, phường.",
    "2. Mức chi:",
] + table([["Đối tượng", "Mức hỗ trợ/tháng", "Số người", "Kinh phí/năm (đồng)"],
           ["Công chức phụ trách", "1.200.000", "103", "1.483.200.000"],
           ["Tổ công nghệ số cộng đồng", "300.000", "2.884", "10.382.400.000"],
           ["Cộng", "", "2.987", "11.865.600.000"]]) + [
    "3. Hiệu lực: từ ngày 01/5/2027.", "",
    "III. HỒ SƠ KÈM THEO",
    "- Dự thảo Nghị quyết (Số: /2027/NQ-HĐND);", "- Báo cáo thẩm định số 41/BC-STP ngày 05/3/2027 của Sở Tư pháp;",
    "- Bảng tổng hợp ý kiến góp ý.", "",
    "Ủy ban nhân dân thành phố kính trình Hội đồng nhân dân thành phố xem xét, quyết định./.", "",
    "Nơi nhận:", "- Như trên;", "- TT.TU, TT.HĐND TP;", "- Ban Pháp chế HĐND TP;", "- Lưu: VT, NC.", "",
    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trương Cảnh Tuyên", "", "",
    "DỰ THẢO", "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ CẦN THƠ", "Số: /2027/NQ-HĐND", "NGHỊ QUYẾT",
    "Quy định mức chi hỗ trợ người làm công tác chuyển đổi số ở xã, phường",
    "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng ...", "Điều 2. Mức hỗ trợ ...",
]


@R.sample("Zimbra plain text 8bit, full text of a Tờ trình followed by the draft Nghị quyết it proposes",
          official("to-trinh", "94/TTr-UBND"),
          "two documents in one body: the draft 'NGHỊ QUYẾT … Số: /2027/NQ-HĐND' (blank) follows the Tờ trình; cites 72/2025/QH15, 64/2025/QH15, 89/2025/QH15, 57-NQ/TW, 03/2026/TT-BTC, 1668/NQ-UBTVQH15, 41/BC-STP; table of amounts")
def _():
    body = ["Kính gửi: Thường trực HĐND thành phố", "", "Văn phòng UBND thành phố gửi Tờ trình và dự thảo Nghị quyết",
            "trình kỳ họp chuyên đề (nội dung bên dưới, bản ký số đính kèm trên phần mềm).", ""] + TTR94 + [
            "", "Trân trọng.", "Lê Bảo Ngọc - Phòng Nội chính, VP UBND TP Cần Thơ"]
    h = H("zimbra", CT_VP, CT_HDND, "Tờ trình dự thảo Nghị quyết mức chi hỗ trợ người làm chuyển đổi số xã, phường",
          d(3, 12, 10, 5), "h002")
    return mail(h, plain(txt(body), "8bit"))


CV2315 = head(["BỘ TÀI CHÍNH"], "2315/BTC-NSNN", "Hà Nội, ngày 16 tháng 3 năm 2027",
              ["V/v bổ sung có mục tiêu từ ngân sách", "trung ương khắc phục sạt lở bờ sông"]) + [
    "", "Kính gửi:", "- Ủy ban nhân dân tỉnh An Giang;", "- Ủy ban nhân dân tỉnh Vĩnh Long;",
    "- Ủy ban nhân dân tỉnh Cà Mau;", "- Ủy ban nhân dân thành phố Cần Thơ.", "",
    "Thực hiện Quyết định số 512/QĐ-TTg ngày 10/3/2027 của Thủ tướng Chính phủ về việc hỗ trợ kinh phí",
    "khắc phục sạt lở bờ sông, bờ biển khu vực Đồng bằng sông Cửu Long; căn cứ Nghị quyết số",
    "158/2026/QH15 của Quốc hội về dự toán ngân sách nhà nước năm 2027 và Nghị định số 73/2026/NĐ-CP",
    "của Chính phủ; theo đề nghị của các địa phương tại Công văn số 1120/UBND-KT ngày 28/02/2027 (An",
    "Giang), Công văn số 684/UBND-KTN ngày 02/3/2027 (Vĩnh Long), Tờ trình số 33/TTr-UBND ngày",
    "27/02/2027 (Cà Mau) và Công văn số 905/UBND-KT ngày 03/3/2027 (Cần Thơ), Bộ Tài chính thông báo:", "",
    "1. Bổ sung có mục tiêu năm 2027 từ nguồn dự phòng ngân sách trung ương như sau:",
] + table([["Địa phương", "Đề nghị (triệu đồng)", "Bổ sung (triệu đồng)", "Ghi chú"],
           ["An Giang", "420.000", "300.000", "kè Vàm Nao, rạch Cái Sắn"],
           ["Vĩnh Long", "385.500", "250.000", "sông Hàm Luông"],
           ["Cà Mau", "512.000", "350.000", "bờ biển Tây"],
           ["Cần Thơ", "190.000", "100.000", "sông Cần Thơ"],
           ["Tổng cộng", "1.507.500", "1.000.000", ""]]) + [
    "", "2. Các địa phương quản lý, sử dụng kinh phí đúng mục đích, quyết toán theo quy định; báo cáo",
    "kết quả thực hiện về Bộ Tài chính trước ngày 31/10/2027 (mẫu số 03 kèm theo Thông tư số",
    "76/2025/TT-BTC).", "3. Kho bạc Nhà nước khu vực XIX, XX kiểm soát chi theo quy định.", "",
    "Bộ Tài chính thông báo để Ủy ban nhân dân các tỉnh, thành phố biết, thực hiện./.", "",
    "Nơi nhận:", "- Như trên;", "- Thủ tướng Chính phủ (để b/c);", "- Văn phòng Chính phủ;",
    "- Kho bạc Nhà nước;", "- Lưu: VT, NSNN (12b).", "",
    "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "", "Bùi Văn Khắng",
]


@R.sample("Outlook plain text (quoted-printable), a ministry's công văn in full with a 'Kính gửi' list of four provinces",
          official("cong-van", "2315/BTC-NSNN"),
          "eight citations of which four are the provinces' own công văn / tờ trình numbers (1120/UBND-KT, 684/UBND-KTN, 33/TTr-UBND, 905/UBND-KT), plus 512/QĐ-TTg, 158/2026/QH15, 73/2026/NĐ-CP, 76/2025/TT-BTC; table of millions of đồng")
def _():
    body = ["Văn thư Bộ Tài chính trân trọng gửi văn bản. Đề nghị đơn vị nhận xác nhận trên Trục liên thông.", ""] + CV2315
    h = H("outlook", BTC, [AG_VP, VL_VP, CM_VP, CT_VP], "V/v bổ sung có mục tiêu từ NSTW khắc phục sạt lở bờ sông",
          d(3, 16, 17, 12), "h003")
    return mail(h, plain(txt(body), "quoted-printable"))


BC147 = head(["UBND TỈNH AN GIANG", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], "147/BC-SNNMT",
             "An Giang, ngày 18 tháng 3 năm 2027") + [
    "", "BÁO CÁO", "Tình hình sản xuất lúa vụ Đông Xuân 2026-2027 và kế hoạch vụ Hè Thu 2027", "",
    "Thực hiện Công văn số 1310/BNNMT-TT ngày 02/3/2027 của Bộ Nông nghiệp và Môi trường và Kế hoạch",
    "số 22/KH-UBND ngày 20/01/2027 của UBND tỉnh, Sở báo cáo như sau:",
    "1. Diện tích xuống giống 628.410 ha, thu hoạch 71,2%; năng suất bình quân 7,14 tấn/ha.",
    "2. Lúa chất lượng cao chiếm 86%; diện tích tham gia Đề án 1 triệu ha (Quyết định số 1490/QĐ-TTg)",
    "là 142.300 ha.", "3. Giá lúa tươi tại ruộng: IR 50404: 6.100 đ/kg; OM 18: 6.800 đ/kg; ST25: 9.200 đ/kg.",
    "4. Vụ Hè Thu 2027: dự kiến 612.000 ha, xuống giống tập trung từ 25/4 đến 15/5/2027.", "",
    "Nơi nhận:", "- Bộ NN&MT (Cục Trồng trọt);", "- UBND tỉnh;", "- Lưu: VT, TT.", "",
    "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Trần Thanh Hiệp"]


@R.sample("empty text/plain cover (a single blank line), the whole report only in a compressed PDF text layer",
          official("bao-cao", "147/BC-SNNMT"),
          "nothing but the PDF: 'BC-147.pdf' and its text; the text cites 1310/BNNMT-TT, 22/KH-UBND and 1490/QĐ-TTg; rice variety codes 'IR 50404', 'OM 18', 'ST25' and prices")
def _():
    h = H("thunderbird", AG_SNNMT, [AG_VP, BNNMT], "Báo cáo sản xuất lúa Đông Xuân 2026-2027", d(3, 18, 14, 22), "h004")
    return mail(h, mixed(plain("\n", "7bit"), attach(pdf(BC147), "BC-147.pdf")))


KH63 = ["**KẾ HOẠCH", "**Ứng phó triều cường, sạt lở bờ biển mùa khô năm 2027",
        "Căn cứ Luật Phòng, chống thiên tai số 33/2013/QH13 (sửa đổi bởi Luật số 60/2020/QH14);",
        "Căn cứ Nghị định số 66/2021/NĐ-CP của Chính phủ;",
        "Thực hiện Công điện số 08/CĐ-TTg ngày 01/3/2027 của Thủ tướng Chính phủ,",
        "UBND tỉnh Cà Mau ban hành Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU: chủ động bảo vệ 254 km đê biển; không để thiệt hại về người.",
        "II. NHIỆM VỤ", "1. Di dời 1.126 hộ khỏi khu vực sạt lở nguy hiểm (xã Đất Mũi 418 hộ, xã Tân Ân 309 hộ,",
        "xã Khánh Bình Tây 399 hộ) trước ngày 30/4/2027.",
        "2. Gia cố khẩn cấp 12 đoạn xung yếu, tổng chiều dài 8,6 km, kinh phí 214 tỷ đồng.",
        "3. Sở Nông nghiệp và Môi trường chủ trì, báo cáo UBND tỉnh định kỳ ngày 25 hằng tháng.",
        "Nơi nhận: - Bộ NN&MT; - TT.TU, TT.HĐND tỉnh; - Các sở, ngành; - UBND các xã ven biển; - Lưu: VT.",
        "**KT. CHỦ TỊCH", "**PHÓ CHỦ TỊCH", "Lâm Văn Bi"]


@R.sample("gmail-like cover 'Gửi anh/chị.' only; the text only in a DOCX whose borderless header table holds 'Số:'",
          official("ke-hoach", "63/KH-UBND"),
          "cover says nothing; file name 'KH ung pho trieu cuong.docx' carries no number; the DOCX cites 33/2013/QH13, 60/2020/QH14, 66/2021/NĐ-CP and Công điện 08/CĐ-TTg (a Công điện as citation)")
def _():
    dx = docx(KH63, head_table=[["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", NATIONAL], ["", MOTTO],
                                ["Số: 63/KH-UBND", "Cà Mau, ngày 05 tháng 3 năm 2027"]])
    h = H("gmail", DIEM, [("Phòng NN - Sở NN&MT", "phongnn.snnmt@camau.gov.vn")], "KH ung pho trieu cuong",
          d(3, 5, 20, 14), "h005", enc="raw")
    return mail(h, mixed(plain("Gửi anh/chị.\n", "base64"), attach(dx, "KH ung pho trieu cuong.docx", DOCX)))


def _tb27_orig():
    body = ["Kính gửi:", "- Ủy ban nhân dân tỉnh Đồng Nai;", "- Thanh tra tỉnh Đồng Nai.", "",
            "Thanh tra Chính phủ gửi Thông báo số 27/TB-TTCP ngày 19/3/2027 kết luận của Tổng Thanh tra",
            "Chính phủ về việc giải quyết khiếu nại của bà Trịnh Thị Hoa (khu phố 4, phường Trấn Biên),",
            "liên quan đến Quyết định thu hồi đất số 3021/QĐ-UBND ngày 11/9/2019 của UBND thành phố Biên Hòa (cũ)",
            "và Quyết định giải quyết khiếu nại lần hai số 418/QĐ-UBND ngày 06/02/2023 của UBND tỉnh.",
            "Đính kèm: 27-TB-TTCP.pdf", "", "Trân trọng./.", "Văn thư Thanh tra Chính phủ"]
    return body


@R.sample("Outlook 'FW: FW:' inline forward of a forward: a ward's vice-chairman, then the provincial inspectorate, then the Government Inspectorate's clerk",
          official("thong-bao", "27/TB-TTCP"),
          "three Outlook 'From/Sent/To/Subject' blocks; the outer notes cite the provincial inspectorate's 'Báo cáo số 156/BC-TTr' and the two quyết định the complaint concerns (3021/QĐ-UBND, 418/QĐ-UBND); the carried document is the Thông báo")
def _():
    body = ["Anh Phúc,", "Chuyển anh nghiên cứu, tham mưu UBND phường thực hiện phần việc liên quan (mục 3 Thông báo).", "",
            "Trân trọng,", "Hậu"] + outlook_fwd(
        "Thanh tra tỉnh Đồng Nai <thanhtra@dongnai.gov.vn>", "Friday, March 19, 2027 3:48 PM",
        "UBND phường Trấn Biên <ubnd.tranbien@dongnai.gov.vn>",
        "FW: Thông báo kết luận giải quyết khiếu nại của bà Trịnh Thị Hoa") + [
        "Kính gửi UBND phường Trấn Biên,", "Thanh tra tỉnh trân trọng kính chuyển Thông báo của Thanh tra Chính phủ;",
        "kết quả xác minh trước đây tại Báo cáo số 156/BC-TTr ngày 10/12/2026 của Thanh tra tỉnh.", "",
        "TL. CHÁNH THANH TRA", "CHÁNH VĂN PHÒNG", "Ngô Hữu Tài"] + outlook_fwd(
        "Văn thư Thanh tra Chính phủ <vanthu@thanhtra.gov.vn>", "Friday, March 19, 2027 10:02 AM",
        "UBND tỉnh Đồng Nai; Thanh tra tỉnh Đồng Nai",
        "Thông báo kết luận giải quyết khiếu nại của bà Trịnh Thị Hoa") + _tb27_orig()
    h = H("outlook", ("Lâm Thị Hậu - UBND phường Trấn Biên", "lthau.tranbien@dongnai.gov.vn"), PHUC,
          "FW: FW: Thông báo kết luận giải quyết khiếu nại của bà Trịnh Thị Hoa", d(3, 20, 8, 11), "h006")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(pdf_scan("h006"), "27-TB-TTCP.pdf")))


KH211 = head(["UBND TỈNH ĐỒNG NAI", "BAN CHỈ ĐẠO 389 TỈNH"], "211/KH-BCĐ389", "Đồng Nai, ngày 22 tháng 3 năm 2027",
             stamps=["", "                         MẬT"]) + [
    "", "KẾ HOẠCH", "Cao điểm đấu tranh chống buôn lậu xăng dầu qua tuyến biên giới Bình Phước (cũ)", "",
    "1. Thời gian: 01/4 - 30/6/2027.", "2. Lực lượng: 14 tổ công tác liên ngành; 06 chốt cố định tại các cửa khẩu",
    "Hoa Lư, Hoàng Diệu và lối mở L.12, L.17.", "3. Chỉ tiêu: bắt giữ, xử lý không thấp hơn 120% cùng kỳ 2026 (248 vụ).", "",
    "TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH", "", "Dương Minh Dũng"]


@R.sample("Thunderbird plain cover in the southern style + PDF; stamp line 'MẬT' centred under the header, the subject without mark",
          official("ke-hoach", "211/KH-BCĐ389", secrecy="mat"),
          "secret plan sent anyway: keeps type/number/mark, mandatory=false; issuer code BCĐ389 with digits; checkpoint codes 'L.12', 'L.17'; the cover says 'tài liệu có độ mật, đề nghị quản lý theo quy định'")
def _():
    body = ["Kính gửi: Các thành viên Ban Chỉ đạo 389 tỉnh", "",
            "Văn phòng thường trực BCĐ 389 tỉnh gửi Kế hoạch số 211/KH-BCĐ389 (file kèm). Tài liệu có độ mật,",
            "đề nghị quản lý theo quy định.", "", "Đính kèm: 211-KH-BCD389.pdf", "", "Trân trọng kính chuyển.",
            "Văn phòng thường trực BCĐ 389 tỉnh Đồng Nai"]
    h = H("thunderbird", ("VP thường trực BCĐ 389 Đồng Nai", "bcd389@dongnai.gov.vn"), DN_VP,
          "Kế hoạch cao điểm chống buôn lậu xăng dầu qua biên giới", d(3, 22, 15, 30), "h007")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(KH211), "211-KH-BCD389.pdf")))


CD05 = ["                    HỎA TỐC"] + head(["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"], "05/CĐ-UBND", "Cà Mau, ngày 27 tháng 3 năm 2027") + [
    "", "CÔNG ĐIỆN", "Về việc khẩn trương ứng phó sạt lở bờ biển Tây do gió chướng, triều cường", "",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:", "- Giám đốc các Sở: Nông nghiệp và Môi trường, Xây dựng, Tài chính;",
    "- Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh, Bộ đội Biên phòng tỉnh;", "- Chủ tịch UBND các xã: Khánh Bình Tây, Khánh Hội, Sông Đốc, Đá Bạc.", "",
    "Theo Đài Khí tượng Thủy văn tỉnh, từ ngày 27/3 đến 31/3/2027 triều cường đạt đỉnh 1,05 m (trạm Sông Đốc),",
    "gió chướng cấp 5, giật cấp 7. Đoạn đê Tây từ km 12+400 đến km 14+150 đã sạt lở 3 điểm, dài 640 m.",
    "1. Sơ tán ngay 86 hộ/312 nhân khẩu ra khỏi khu vực nguy hiểm trước 17 giờ ngày 27/3/2027.",
    "2. Sở NN&MT huy động 4.000 bao cát, 1.200 cọc tràm; báo cáo nhanh về UBND tỉnh trước 07 giờ hằng ngày.", "",
    "Nơi nhận:", "- Như trên;", "- Ban Chỉ đạo PCTT Trung ương (b/c);", "- Lưu: VT.", "", "CHỦ TỊCH", "", "Phạm Thành Ngại"]


@R.sample("Zimbra HTML+text, subject 'HOẢ TỐC - …' (old tone placement) and the stamp line 'HỎA TỐC' above the header",
          official("cong-dien", "05/CĐ-UBND", urgency="hoa-toc"),
          "'khẩn trương' in the title is prose; wind 'cấp 5, giật cấp 7', dyke chainages 'km 12+400', tide 1,05 m; leading-zero number")
def _():
    body = ["Kính gửi các đơn vị, địa phương có tên tại Công điện.", ""] + CD05
    h = H("zimbra", CM_VP, [CM_SNNMT, ("UBND xã Sông Đốc", "ubnd.songdoc@camau.gov.vn")],
          "HOẢ TỐC - Công điện ứng phó sạt lở bờ biển Tây", d(3, 27, 11, 5), "h008", enc="q")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("Văn phòng Quốc hội Outlook cover + signed PDF; the cover names the giấy mời and a prior meeting's papers",
          official("giay-moi", "219/GM-VPQH"),
          "cover cites the Ủy ban's plan 'Kế hoạch số 88/KH-UBKHCNMT' and the previous session's 'Báo cáo số 1432/BC-UBKHCNMT'; room 'Phòng họp D1-02, Nhà Quốc hội'; invitee numbers")
def _():
    body = ["Kính gửi:", "- Bộ Khoa học và Công nghệ;", "- Bộ Tài chính;", "- Sở KH&CN TP. Hồ Chí Minh.", "",
            "Thực hiện Kế hoạch số 88/KH-UBKHCNMT của Ủy ban Khoa học, Công nghệ và Môi trường, Văn phòng Quốc hội",
            "trân trọng gửi Giấy mời số 219/GM-VPQH dự Phiên giải trình về thực hiện chính sách phát triển",
            "khu công nghệ cao, 08 giờ 30 ngày 08/4/2027 tại Phòng họp D1-02, Nhà Quốc hội.",
            "Tài liệu tham khảo: Báo cáo số 1432/BC-UBKHCNMT ngày 14/11/2026 (phiên giám sát trước).", "",
            "Đề nghị gửi danh sách đại biểu (tối đa 03 người/đơn vị) trước ngày 03/4/2027.", "",
            "Trân trọng./.", "Vụ Hành chính - Văn phòng Quốc hội", "ĐT: 080.4xxxx"]
    h = H("outlook", VPQH, [BKHCN, BTC, HCM_SKHCN], "Giấy mời dự Phiên giải trình về chính sách khu công nghệ cao",
          d(3, 29, 9, 40), "h009")
    return mail(h, mixed(outlook_alt(body), attach(pdf(["VAN PHONG QUOC HOI", "So: 219/GM-VPQH", "GIAY MOI"]),
                                                   "219-GM-VPQH.signed.pdf")))


BC36 = head(["ỦY BAN NHÂN DÂN", "TỈNH VĨNH LONG"], "36/BC-UBND", "Vĩnh Long, ngày 31 tháng 3 năm 2027") + [
    "", "BÁO CÁO", "Tình hình kinh tế - xã hội quý I năm 2027", "",
    "Kính gửi:", "- Văn phòng Chính phủ;", "- Bộ Tài chính;", "- Bộ Nội vụ.", "",
    "Thực hiện Nghị quyết số 01/NQ-CP ngày 08/01/2027 của Chính phủ và Nghị quyết số 15/NQ-HĐND ngày",
    "11/12/2026 của HĐND tỉnh, UBND tỉnh Vĩnh Long (sau hợp nhất Vĩnh Long, Bến Tre, Trà Vinh) báo cáo:", "",
] + table([["Chỉ tiêu", "Quý I/2026", "Quý I/2027", "So sánh"],
           ["GRDP (tỷ đồng, giá so sánh)", "41.208", "44.037", "106,87%"],
           ["Thu NSNN (tỷ đồng)", "6.912", "7.640", "110,53%"],
           ["Kim ngạch xuất khẩu (triệu USD)", "1.184", "1.302", "109,97%"],
           ["Giải ngân đầu tư công (%)", "14,2", "19,8", "+5,6 điểm"]]) + [
    "", "Khó khăn: xâm nhập mặn sâu 58 km trên sông Cổ Chiên; 2.140 ha dừa thiếu nước.",
    "Kiến nghị: Bộ Tài chính xem xét bổ sung vốn theo Công văn số 684/UBND-KTN ngày 02/3/2027.", "",
    "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Quỳnh Thiện"]


@R.sample("Roundcube, document text pasted in a text/plain body sent base64; signature 'TL. CHÁNH VĂN PHÒNG'",
          official("bao-cao", "36/BC-UBND"),
          "table of GRDP and budget figures with percentages; cites 01/NQ-CP, 15/NQ-HĐND and the province's earlier 684/UBND-KTN; the merged province's former names")
def _():
    body = ["Kính gửi Quý cơ quan,", "", "UBND tỉnh Vĩnh Long kính gửi Báo cáo tình hình KT-XH quý I/2027 (toàn văn bên dưới).", ""] + BC36 + [
        "", "TL. CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG HÀNH CHÍNH - TỔ CHỨC", "Đặng Minh Khoa"]
    h = H("roundcube", VL_VP, [BTC, BNV], "Bao cao KT-XH quy I/2027 - UBND tinh Vinh Long", d(3, 31, 16, 50), "h010")
    return mail(h, plain(txt(body), "base64"))


HD09_HEAD = [("BỘ NỘI VỤ", NATIONAL), ("", MOTTO), ("Số: 09/HD-BNV", "Hà Nội, ngày 02 tháng 4 năm 2027")]
HD09 = [
    "", "**HƯỚNG DẪN", "**Xác định vị trí việc làm công chức xã, phường, đặc khu sau sắp xếp", "",
    "Căn cứ Luật Cán bộ, công chức số 80/2025/QH15; căn cứ Nghị định số 170/2025/NĐ-CP và Nghị định số",
    "361/2025/NĐ-CP của Chính phủ; thực hiện Kết luận số 183-KL/TW của Bộ Chính trị và Công điện số",
    "112/CĐ-TTg của Thủ tướng Chính phủ, Bộ Nội vụ hướng dẫn như sau:", "",
    "1. Khung số lượng vị trí việc làm theo quy mô dân số:",
]
HD09_T = [["Loại đơn vị", "Dân số", "Số vị trí", "Biên chế tối đa"],
          ["Xã loại I", "trên 50.000", "38", "40"], ["Xã loại II", "từ 30.000 đến 50.000", "32", "35"],
          ["Phường loại I", "trên 80.000", "42", "45"], ["Đặc khu", "-", "45", "50"]]
HD09_AFTER = [
    "2. Hồ sơ đề nghị gửi về Bộ Nội vụ (Vụ Tổ chức - Biên chế) trước ngày 30/5/2027; bản điện tử gửi qua",
    "Trục liên thông văn bản quốc gia, không gửi bản giấy.", "3. Hướng dẫn này thay thế Hướng dẫn số 04/HD-BNV ngày 21/7/2025.", "",
    "Nơi nhận:", "- UBND các tỉnh, thành phố;", "- Sở Nội vụ các tỉnh, thành phố;", "- Lưu: VT, TCBC.", "",
    "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "", "Trương Hải Long"]


@R.sample("Office 365 HTML only (no text/plain), the Hướng dẫn in full: the ND30 header a borderless table, a bordered table of staff quotas",
          official("huong-dan", "09/HD-BNV"),
          "HTML only; it replaces 'Hướng dẫn số 04/HD-BNV' (same type, other number); cites 80/2025/QH15, 170/2025/NĐ-CP, 361/2025/NĐ-CP, 183-KL/TW, 112/CĐ-TTg; population thresholds")
def _():
    before = ["Kính gửi: Sở Nội vụ các tỉnh, thành phố", "", "Văn phòng Bộ Nội vụ trân trọng gửi văn bản dưới đây.", ""]
    h = H("outlook", BNV, [HCM_SNV, CT_SNV, DN_SNV], "Hướng dẫn xác định vị trí việc làm công chức cấp xã sau sắp xếp",
          d(4, 2, 10, 12), "h011")
    return mail(h, html(o365(before, HD09_HEAD, HD09, HD09_T, HD09_AFTER), "base64"))


QD702 = head(["BỘ KHOA HỌC VÀ CÔNG NGHỆ"], "702/QĐ-BKHCN", "Hà Nội, ngày 24 tháng 3 năm 2027") + [
    "", "QUYẾT ĐỊNH", "Phê duyệt Danh mục nhiệm vụ khoa học và công nghệ cấp quốc gia",
    "đặt hàng để tuyển chọn, thực hiện từ năm 2028", "", "BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ", "",
    "Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15;",
    "Căn cứ Nghị định số 55/2025/NĐ-CP quy định chức năng, nhiệm vụ của Bộ KH&CN;",
    "Căn cứ Thông tư số 07/2026/TT-BKHCN về xác định nhiệm vụ KH&CN cấp quốc gia;",
    "Xét kết quả họp Hội đồng tư vấn (Biên bản số 12/BB-HĐTV ngày 10/3/2027);", "",
    "QUYẾT ĐỊNH:", "Điều 1. Phê duyệt Danh mục 14 nhiệm vụ (Phụ lục kèm theo), tổng kinh phí dự kiến 186,4 tỷ đồng.",
    "Điều 2. Giao Vụ Kế hoạch - Tài chính thông báo tuyển chọn trên Cổng thông tin điện tử của Bộ.",
    "Điều 3. Quyết định có hiệu lực kể từ ngày ký.", "", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "", "Hoàng Minh",
    "", "PHỤ LỤC: DANH MỤC NHIỆM VỤ", "(Kèm theo Quyết định số 702/QĐ-BKHCN ngày 24/3/2027)",
] + table([["TT", "Tên nhiệm vụ", "Mã số", "Kinh phí (tr.đ)"],
           ["1", "Chip cảm biến độ mặn cho ĐBSCL", "ĐTĐL.CN-21/28", "18.500"],
           ["2", "Nền tảng định danh dữ liệu nông sản", "ĐTĐL.CN-22/28", "12.900"],
           ["3", "Vật liệu kè mềm chống sạt lở", "KC.08.14/28", "21.300"]])


@R.sample("Outlook HTML+text cover 'Trân trọng kính chuyển' + PDF text layer of a Quyết định with its Phụ lục (list of tasks with codes)",
          official("quyet-dinh", "702/QĐ-BKHCN"),
          "the Phụ lục repeats the number; task codes 'ĐTĐL.CN-21/28', 'KC.08.14/28' look like numbers; cites 93/2025/QH15, 55/2025/NĐ-CP, 07/2026/TT-BKHCN and a council's 'Biên bản số 12/BB-HĐTV'")
def _():
    body = ["Kính gửi:", "- Sở KH&CN các tỉnh, thành phố;", "- Các viện, trường đại học.", "",
            "Văn thư Bộ trân trọng kính chuyển Quyết định phê duyệt danh mục nhiệm vụ KH&CN cấp quốc gia",
            "đặt hàng từ năm 2028 (file ký số đính kèm).", "", "Trân trọng kính chuyển.", "Văn thư Bộ Khoa học và Công nghệ"]
    h = H("outlook", BKHCN, HCM_SKHCN, "Quyết định phê duyệt Danh mục nhiệm vụ KH&CN cấp quốc gia đặt hàng",
          d(3, 24, 17, 3), "h012")
    return mail(h, mixed(outlook_alt(body), attach(pdf(QD702), "QD 702 phe duyet danh muc.pdf")))


@R.sample("Zimbra plain cover + PDF of a Phiếu chuyển đơn of the Government Inspectorate; the citizen's own 'Đơn số 03/ĐKN' is cited",
          official("phieu-chuyen", "21/PC-TTCP"),
          "two numbers: the citizen's 'Đơn số 03/ĐKN ngày 01/3/2027' (looks like a document number) and the Phiếu chuyển's own; the đơn's subject matter (land) and CCCD digits")
def _():
    body = ["Kính gửi: Chủ tịch UBND tỉnh An Giang", "",
            "Thanh tra Chính phủ nhận được Đơn số 03/ĐKN ngày 01/3/2027 của ông Danh Sóc (CCCD 091078xxxxxx, ấp",
            "Hòa Thuận, xã Hòn Đất) kiến nghị về việc bồi thường khi thu hồi đất xây dựng tuyến tránh QL80.",
            "Căn cứ Điều 7 Luật Tiếp công dân và Thông tư số 05/2021/TT-TTCP, Thanh tra Chính phủ chuyển đơn",
            "đến Chủ tịch UBND tỉnh giải quyết theo thẩm quyền (Phiếu chuyển số 21/PC-TTCP kèm theo).", "",
            "Đính kèm: Phiếu chuyển, bản sao đơn.", "", "Văn thư Thanh tra Chính phủ"]
    pc = head(["THANH TRA CHÍNH PHỦ"], "21/PC-TTCP", "Hà Nội, ngày 15 tháng 3 năm 2027") + [
        "", "PHIẾU CHUYỂN ĐƠN", "Kính gửi: Chủ tịch UBND tỉnh An Giang", "Đơn số 03/ĐKN ngày 01/3/2027 của ông Danh Sóc."]
    h = H("zimbra", TTCP, AG_VP, "Phiếu chuyển đơn của ông Danh Sóc, xã Hòn Đất", d(3, 15, 9, 30), "h013")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(pc), "PC21-TTCP.pdf"),
                         attach(pdf_scan("h013"), "Don 03 ong Danh Soc.pdf")))


CTR04 = ["**CHƯƠNG TRÌNH", "**Hành động thực hiện Nghị quyết số 98/2023/QH15 về cơ chế đặc thù phát triển Thành phố Hồ Chí Minh năm 2027",
         "Căn cứ Nghị quyết số 98/2023/QH15 và Nghị quyết số 260/2025/QH15 sửa đổi, bổ sung;",
         "Căn cứ Nghị quyết số 02/NQ-HĐND ngày 10/01/2027 của HĐND Thành phố;",
         "UBND Thành phố ban hành Chương trình hành động như sau:",
         "1. Hoàn thành 12 dự án TOD dọc tuyến Metro số 1 và số 2; giải phóng mặt bằng 318 ha.",
         "2. Thu hút 4,2 tỷ USD vốn FDI vào Khu công nghệ cao và khu công nghiệp Bàu Bàng (Bình Dương cũ).",
         "3. Thí điểm 05 dự án PPP lĩnh vực y tế, giáo dục theo Điều 8 Nghị quyết số 98/2023/QH15.",
         "**TM. ỦY BAN NHÂN DÂN", "**CHỦ TỊCH", "Nguyễn Văn Được"]


@R.sample("Thunderbird one-line cover 'Gửi anh/chị file CTr.' + DOCX whose runs are split by Word's edits",
          official("chuong-trinh", "04/CTr-UBND"),
          "split runs in the DOCX (no run holds the whole number); the title itself names 'Nghị quyết số 98/2023/QH15' before any own number; 'Metro số 1', 'tuyến số 2'")
def _():
    dx = docx(CTR04, split_runs=True, head_table=[["ỦY BAN NHÂN DÂN", NATIONAL], ["THÀNH PHỐ HỒ CHÍ MINH", MOTTO],
                                                  ["Số: 04/CTr-UBND", "TP. Hồ Chí Minh, ngày 30 tháng 3 năm 2027"]])
    h = H("thunderbird", THAO, [HCM_SKHCN, HCM_STC], "Chương trình hành động NQ 98 năm 2027", d(3, 30, 18, 2), "h014")
    return mail(h, mixed(plain("Gửi anh/chị file CTr.\n", "8bit"), attach(dx, "CTr hanh dong NQ98.docx", DOCX)))


@R.sample("gmail-style commune-level cover in southern wording + PDF of an Đề án; file name carries the number without Đ",
          official("de-an", "08/ĐA-UBND"),
          "file name '08-DA-UBND.pdf' writes DA for ĐA (the text layer says 'So: 08/DA-UBND' too, WinAnsi drops Đ; DOUBT for the convention of ../corpus/README.md that ĐA never appears unaccented: here the file name does, the body's 'Đề án số 08/ĐA-UBND' decides); the body says 'Đề án số 08/ĐA-UBND'; cites Quyết định 1490/QĐ-TTg; hectares")
def _():
    body = ["Kính gửi: Văn phòng UBND tỉnh An Giang", "",
            "UBND đặc khu Phú Quốc gửi Đề án số 08/ĐA-UBND ngày 25/3/2027 phát triển du lịch biển đảo gắn với",
            "bảo tồn rừng ngập mặn, giai đoạn 2027-2030 (theo Quyết định số 1490/QĐ-TTg và Nghị quyết số",
            "07/NQ-HĐND của HĐND tỉnh). Tổng diện tích 1.846 ha, vốn dự kiến 2.350 tỷ đồng.", "",
            "Đính kèm: Đề án (bản ký số).", "", "Trân trọng.", "Văn phòng HĐND và UBND đặc khu Phú Quốc"]
    lines = head(["UBND TỈNH AN GIANG", "UBND ĐẶC KHU PHÚ QUỐC"], "08/ĐA-UBND", "Phú Quốc, ngày 25 tháng 3 năm 2027") + [
        "", "ĐỀ ÁN", "Phát triển du lịch biển đảo gắn với bảo tồn rừng ngập mặn 2027-2030"]
    h = H("gmail", ("UBND đặc khu Phú Quốc", "ubnd.dkphuquoc@angiang.gov.vn"), AG_VP,
          "Đề án phát triển du lịch biển đảo 2027-2030 (đặc khu Phú Quốc)", d(3, 25, 21, 47), "h015")
    return mail(h, mixed(alternative(txt(body), simple_html(body), "base64"), attach(pdf(lines), "08-DA-UBND.pdf")))


@R.sample("Zimbra cover with 'Đính kèm:' list + DOCX of a standalone Quy chế (not issued by a Quyết định)",
          official("quy-che", "02/QC-SNV"),
          "Quy chế phối hợp with its own number; the cover cites the Quyết định that created the unit (215/QĐ-UBND) and the merger resolution; 'bảo mật' in prose is no mark")
def _():
    body = ["Kính gửi:", "- Công an thành phố Cần Thơ;", "- Sở Tài chính;", "- Thanh tra thành phố.", "",
            "Sở Nội vụ gửi Quy chế phối hợp số 02/QC-SNV trong quản lý hồ sơ cán bộ, công chức sau hợp nhất",
            "(Sở được thành lập theo Quyết định số 215/QĐ-UBND ngày 01/7/2025 trên cơ sở hợp nhất Sở Nội vụ và",
            "Sở Lao động - Thương binh và Xã hội). Hồ sơ cán bộ phải được bảo mật theo quy định.", "",
            "Đính kèm:", "1. Quy chế phối hợp (bản ký số) - QC02.docx", "", "Trân trọng kính chuyển.",
            "Văn thư Sở Nội vụ thành phố Cần Thơ"]
    dx = docx(["**QUY CHẾ PHỐI HỢP", "**Quản lý hồ sơ cán bộ, công chức sau hợp nhất",
               "Điều 1. Phạm vi: 14.208 hồ sơ cán bộ, công chức của 103 xã, phường.",
               "Điều 2. Hồ sơ điện tử được bảo mật, phân quyền truy cập theo Điều 5."],
              head_table=[["UBND THÀNH PHỐ CẦN THƠ", NATIONAL], ["SỞ NỘI VỤ", MOTTO],
                          ["Số: 02/QC-SNV", "Cần Thơ, ngày 19 tháng 3 năm 2027"]])
    h = H("zimbra", CT_SNV, [CT_STC, ("Thanh tra TP Cần Thơ", "thanhtra@cantho.gov.vn")],
          "Quy chế phối hợp quản lý hồ sơ CBCC sau hợp nhất", d(3, 19, 15, 2), "h016")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(dx, "QC02.docx", DOCX)))


CV1542 = ["THƯỢNG KHẨN", ""] + head(["BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"], "1542/BNNMT-QLĐĐ", "Hà Nội, ngày 04 tháng 4 năm 2027",
                                   ["V/v rà soát, báo cáo số liệu", "kiểm kê đất đai năm 2026"]) + [
    "", "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.", "",
    "Thực hiện Chỉ thị số 21/CT-TTg ngày 15/11/2026 của Thủ tướng Chính phủ về kiểm kê đất đai và lập bản",
    "đồ hiện trạng sử dụng đất năm 2026 và Thông tư số 08/2024/TT-BTNMT, Bộ Nông nghiệp và Môi trường đề",
    "nghị các địa phương rà soát, hoàn thiện số liệu, gửi về Bộ (qua Cục Quản lý đất đai) trước ngày",
    "10/4/2027. Đến nay 19/34 địa phương chưa gửi biểu 01/TKĐĐ, 02/TKĐĐ. Đề nghị khẩn trương thực hiện.", "",
    "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "", "Lê Minh Ngân"]


@R.sample("Outlook text+HTML, subject '[THƯỢNG KHẨN] …' and the stamp line, full text of a ministry công văn with a Đ-bearing unit code",
          official("cong-van", "1542/BNNMT-QLĐĐ", urgency="thuong-khan"),
          "issuer code 'BNNMT-QLĐĐ' with Đ; form codes '01/TKĐĐ', '02/TKĐĐ' and '19/34 địa phương' look like numbers; cites 21/CT-TTg and 08/2024/TT-BTNMT; 'khẩn trương' in prose")
def _():
    h = H("outlook", BNNMT, [HCM_VP, CT_VP, AG_VP, CM_VP, DN_VP, VL_VP],
          "[THƯỢNG KHẨN] V/v rà soát, báo cáo số liệu kiểm kê đất đai năm 2026", d(4, 4, 19, 20), "h017")
    return mail(h, outlook_alt(["Kính gửi UBND các tỉnh, thành phố,", ""] + CV1542))


@R.sample("Roundcube cover + PDF of a Biên bản bàn giao between two Sở of Cần Thơ after the merger",
          official("bien-ban", "07/BB-STC"),
          "asset counts and values (1.284 tài sản, 46,7 tỷ đồng); cites the transfer decision '318/QĐ-UBND'; not mandatory")
def _():
    body = ["Kính gửi: Văn phòng UBND thành phố", "",
            "Sở Tài chính gửi Biên bản số 07/BB-STC ngày 20/3/2027 bàn giao tài sản công (1.284 tài sản, nguyên",
            "giá 46,7 tỷ đồng) từ trụ sở cũ tại Vị Thanh (Hậu Giang cũ) theo Quyết định số 318/QĐ-UBND.", "",
            "Trân trọng!", "Văn thư Sở Tài chính"]
    bb = head(["UBND THÀNH PHỐ CẦN THƠ", "SỞ TÀI CHÍNH"], "07/BB-STC", "Cần Thơ, ngày 20 tháng 3 năm 2027") + [
        "", "BIÊN BẢN", "Bàn giao tài sản công tại trụ sở Vị Thanh"]
    h = H("roundcube", CT_STC, CT_VP, "Biên bản bàn giao tài sản trụ sở Vị Thanh", d(3, 20, 16, 15), "h018")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(bb), "BB 07 ban giao.pdf")))


@R.sample("Office 365 HTML+text weekly schedule of the city's leaders, a bordered table of days, times and rooms",
          official("lich-cong-tac"),
          "no number; times '14g00' and rooms 'Phòng họp số 2'; each row cites the meeting's giấy mời or tờ trình ('GM 212/GM-VP', 'TTr 512/TTr-SNV') which are not this document's number")
def _():
    rows = [["Ngày", "Giờ", "Nội dung", "Chủ trì", "Địa điểm"],
            ["Thứ Hai 05/4", "08g00", "Giao ban lãnh đạo UBND Thành phố", "Chủ tịch", "Phòng họp số 1"],
            ["Thứ Hai 05/4", "14g00", "Nghe báo cáo Quy chế liên thông văn bản (TTr 512/TTr-SNV)", "PCT Võ Hoàng Duy", "Phòng họp số 2"],
            ["Thứ Ba 06/4", "09g00", "Làm việc với Bộ Tài chính về NSNN (GM 212/GM-VP)", "Chủ tịch", "Hội trường A"],
            ["Thứ Tư 07/4", "Cả ngày", "Kiểm tra tuyến Metro số 2", "PCT Bùi Xuân Cường", "Hiện trường"]]
    before = ["**LỊCH CÔNG TÁC TUẦN 15 (từ 05/4 đến 09/4/2027)", "**của Thường trực Ủy ban nhân dân Thành phố", ""]
    after = ["", "Lịch có thể thay đổi; đề nghị theo dõi trên Cổng thông tin nội bộ.", "VĂN PHÒNG UBND THÀNH PHỐ"]
    markup = o365(before, [], [], rows, after).replace(
        '<table border="0" cellspacing="0" cellpadding="0" width="640" style="border-collapse:collapse;border:none">\n<tbody>\n</tbody></table>\n', "")
    h = H("outlook", HCM_VP, [HCM_SNV, HCM_STC, HCM_SKHCN], "Lịch công tác tuần 15 của Thường trực UBND Thành phố",
          d(4, 3, 11, 0), "h019")
    return mail(h, Multipart("alternative", [Part("text/plain", o365_text(before, [], [], rows, after), "quoted-printable"),
                                             Part("text/html", markup, "quoted-printable")]))


@R.sample("Văn phòng Quốc hội Zimbra cover + ZIP-less set of three PDFs of meeting papers, 'theo Giấy mời số 219/GM-VPQH'",
          official("tai-lieu-hop"),
          "meeting papers cite the giấy mời's number (not theirs); one paper is a 'Báo cáo số 1432/BC-UBKHCNMT' file name and one a 'Dự thảo Nghị quyết'; no own number (DOUBT: one attachment is an earlier numbered Báo cáo sent as reference; the label follows the mail's purpose, meeting papers, as ../corpus2 0018 does)")
def _():
    body = ["Kính gửi các đại biểu dự Phiên giải trình ngày 08/4/2027,", "",
            "Theo Giấy mời số 219/GM-VPQH, Văn phòng Quốc hội gửi tài liệu phục vụ phiên giải trình:",
            "1. Báo cáo giám sát số 1432/BC-UBKHCNMT (tham khảo);", "2. Báo cáo của Bộ KH&CN về khu công nghệ cao;",
            "3. Dự thảo Nghị quyết phiên giải trình.", "", "Đề nghị đại biểu nghiên cứu trước.", "",
            "Vụ Hành chính - Văn phòng Quốc hội"]
    h = H("zimbra", VPQH, [BKHCN, HCM_SKHCN], "Tài liệu Phiên giải trình chính sách khu công nghệ cao ngày 08/4/2027",
          d(4, 6, 14, 0), "h020")
    return mail(h, mixed(plain(txt(body), "8bit"),
                         attach(pdf(["BAO CAO GIAM SAT", "So: 1432/BC-UBKHCNMT"]), "1432-BC-UBKHCNMT.pdf"),
                         attach(pdf(["BAO CAO CUA BO KH&CN VE KHU CONG NGHE CAO"]), "BC Bo KHCN.pdf"),
                         attach(pdf(["DU THAO NGHI QUYET PHIEN GIAI TRINH"]), "Du thao NQ.pdf")))


NQ12_HEAD = [("HỘI ĐỒNG NHÂN DÂN", NATIONAL), ("TỈNH CÀ MAU", MOTTO), ("", ""),
             ("Số: 12/2027/NQ-HĐND", "Cà Mau, ngày 26 tháng 3 năm 2027")]
NQ12 = ["", "**NGHỊ QUYẾT", "**Quy định chính sách hỗ trợ nuôi tôm - rừng đạt chứng nhận quốc tế", "",
        "**HỘI ĐỒNG NHÂN DÂN TỈNH CÀ MAU", "**KHÓA X, KỲ HỌP THỨ NĂM", "",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;",
        "Căn cứ Nghị định số 116/2024/NĐ-CP của Chính phủ;",
        "Xét Tờ trình số 55/TTr-UBND ngày 09 tháng 3 năm 2027 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra số",
        "19/BC-HĐND của Ban Kinh tế - Ngân sách; ý kiến thảo luận của đại biểu tại kỳ họp.", "",
        "**QUYẾT NGHỊ:", "Điều 1. Hỗ trợ 5.000.000 đồng/ha/lần chứng nhận ASC, Naturland; tối đa 3 ha/hộ.",
        "Điều 2. Kinh phí dự kiến 2027-2030: 96 tỷ đồng (khoảng 4.800 hộ, 19.200 ha).",
        "Điều 3. Nghị quyết có hiệu lực từ ngày 06 tháng 4 năm 2027.", "", "CHỦ TỊCH", "", "Huỳnh Quốc Việt"]


@R.sample("Outlook HTML+text, a provincial council's normative Nghị quyết in full, header as a borderless table",
          official("nghi-quyet", "12/2027/NQ-HĐND"),
          "the reverse of a Tờ trình proposing a Nghị quyết: the Nghị quyết cites the 'Tờ trình số 55/TTr-UBND' that proposed it and 'Báo cáo thẩm tra số 19/BC-HĐND'; year in the number; certificates ASC, Naturland")
def _():
    before = ["Kính gửi: UBND tỉnh; các sở, ngành; UBND các xã, phường", "",
              "Văn phòng Đoàn ĐBQH và HĐND tỉnh gửi Nghị quyết (toàn văn bên dưới, bản ký số trên hệ thống).", ""]
    h = H("outlook", CM_HDND, [CM_VP, CM_SNNMT], "Nghị quyết chính sách hỗ trợ nuôi tôm - rừng đạt chứng nhận quốc tế",
          d(3, 29, 8, 45), "h021")
    return mail(h, Multipart("alternative", [Part("text/plain", o365_text(before, NQ12_HEAD, NQ12), "base64"),
                                             Part("text/html", o365(before, NQ12_HEAD, NQ12), "base64")]))


@R.sample("Outlook cover + signed PDF of a Giấy ủy quyền; the cover names the contract it authorises",
          official("giay-uy-quyen", "03/GUQ-STC"),
          "the authorised act is signing 'Hợp đồng số 27/2027/HĐ-STC' (another type and number); CCCD and bank account digits")
def _():
    body = ["Kính gửi: Kho bạc Nhà nước khu vực II", "",
            "Sở Tài chính TP.HCM gửi Giấy ủy quyền số 03/GUQ-STC ngày 01/4/2027: Giám đốc Sở ủy quyền Phó Giám đốc",
            "Lý Thị Hồng (CCCD 079185xxxxxx) ký Hợp đồng số 27/2027/HĐ-STC và chứng từ chi tài khoản 9523.1.1051873.", "",
            "Đính kèm: GUQ 03.pdf", "Trân trọng."]
    h = H("outlook", HCM_STC, ("Kho bạc Nhà nước khu vực II", "kbnn.kv2@vst.gov.vn"), "Giấy ủy quyền ký hợp đồng và chứng từ chi",
          d(4, 1, 9, 10), "h022")
    return mail(h, mixed(outlook_alt(body), attach(pdf(["SO TAI CHINH", "So: 03/GUQ-STC", "GIAY UY QUYEN"]), "GUQ 03.pdf")))


@R.sample("Zimbra HTML+text, the city chairman's open letter to overseas Vietnamese for the Mekong festival, no number",
          official("thu-cong"),
          "no number; 'Thư ngỏ' with 'Trân trọng kính mời' reads like an event invitation; cites the festival plan '17/KH-UBND' in prose")
def _():
    body = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ", "", "THƯ NGỎ", "của Chủ tịch UBND thành phố Cần Thơ gửi kiều bào",
            "", "Kính gửi: Quý kiều bào, doanh nhân người Việt Nam ở nước ngoài,", "",
            "Nhân dịp Lễ hội Bánh dân gian Nam Bộ lần thứ X (tổ chức theo Kế hoạch số 17/KH-UBND), thành phố Cần",
            "Thơ trân trọng kính mời Quý vị về thăm quê, tìm hiểu cơ hội đầu tư tại 04 khu công nghiệp.", "",
            "Chúc Quý vị sức khỏe, thành công.", "", "CHỦ TỊCH", "Trương Cảnh Tuyên"]
    h = H("zimbra", CT_VP, ("Ban liên lạc kiều bào", "kieubao@cantho.gov.vn"), "Thư ngỏ của Chủ tịch UBND thành phố gửi kiều bào",
          d(4, 5, 10, 30), "h023")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("Outlook cover with the two-line spelled marks 'Độ mật: TỐI MẬT' / 'Độ khẩn: KHẨN' + password-protected ZIP",
          official("cong-van", "96/TTCP-C.I", urgency="khan", secrecy="toi-mat"),
          "unit code 'C.I' with a dot (Cục I); 'mật khẩu giải nén gửi qua điện thoại' next to the real mark; secret -> mandatory=false")
def _():
    body = ["Kính gửi: Đồng chí Chủ tịch UBND tỉnh Vĩnh Long", "",
            "Độ mật: TỐI MẬT", "Độ khẩn: KHẨN", "",
            "Thanh tra Chính phủ gửi Công văn số 96/TTCP-C.I ngày 07/4/2027 về việc cung cấp hồ sơ phục vụ thanh tra",
            "việc quản lý đất công tại khu vực Cồn Phụng. Tệp nén có mật khẩu; mật khẩu giải nén gửi qua điện thoại",
            "cho đồng chí Chánh Văn phòng.", "", "Trân trọng./.", "Cục Thanh tra khu vực I"]
    h = H("outlook", TTCP, VL_VP, "V/v cung cấp hồ sơ phục vụ thanh tra", d(4, 7, 16, 0), "h024")
    return mail(h, mixed(outlook_alt(body), attach(xlsx_free_zip([("96-TTCP.pdf", pdf_scan("h024"))]), "96-TTCP.zip",
                                                   "application/zip")))


@R.sample("Zimbra cover, subject '[Mật] …', Quyết định thanh tra as a scan; the only marks are the subject tag and a line 'Văn bản MẬT - không phổ biến'",
          official("quyet-dinh", "318/QĐ-TTCP", secrecy="mat"),
          "mark written in mixed case '[Mật]' and in a sentence; the scan has no text; cites 'Kế hoạch thanh tra năm 2027 số 1211/KH-TTCP'")
def _():
    body = ["Kính gửi: Sở Tài chính Đồng Nai", "",
            "Văn bản MẬT - không phổ biến.", "Thanh tra Chính phủ gửi Quyết định số 318/QĐ-TTCP ngày 08/4/2027 về thanh tra việc",
            "quản lý, sử dụng vốn đầu tư công tại dự án sân bay Long Thành (hạng mục kết nối), theo Kế hoạch thanh tra",
            "năm 2027 số 1211/KH-TTCP.", "", "Văn thư Thanh tra Chính phủ"]
    h = H("zimbra", TTCP, DN_CA, "[Mật] Quyết định thanh tra vốn đầu tư công hạng mục kết nối sân bay Long Thành",
          d(4, 8, 10, 20), "h025")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf_scan("h025"), "QD318.pdf")))


@R.sample("Roundcube commune cover, Phiếu gửi in full text with a table of enclosed dossiers",
          official("phieu-gui", "09/PG-UBND"),
          "enclosed items carry their own numbers (hồ sơ 'HS.2027.0142', 'Tờ khai số 15'); 'Phiếu gửi' words vs a post office's 'phiếu gửi hàng'")
def _():
    doc_ = head(["UBND TỈNH VĨNH LONG", "UBND XÃ BA TRI"], "09/PG-UBND", "Ba Tri, ngày 06 tháng 4 năm 2027") + [
        "", "PHIẾU GỬI", "Kính gửi: Sở Tài chính tỉnh Vĩnh Long", ""] + table([
        ["TT", "Tên tài liệu", "Số lượng"], ["1", "Hồ sơ đất đai HS.2027.0142 (ông Trần Văn Ba)", "01 bộ"],
        ["2", "Tờ khai số 15 lệ phí trước bạ", "02 bản"], ["3", "Biên lai thu 0004518", "01 bản"]]) + [
        "", "Đề nghị ký nhận và gửi lại Phiếu này.", "", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Nguyễn Văn Nhân"]
    h = H("roundcube", VL_XA, VL_STC, "Phieu gui ho so dat dai - xa Ba Tri", d(4, 6, 14, 30), "h026")
    return mail(h, plain(txt(["Kính gửi Sở Tài chính,", ""] + doc_), "quoted-printable"))


@R.sample("Office 365 HTML only, a Giấy giới thiệu in full with the header table; a staffer's CCCD and phone",
          official("giay-gioi-thieu", "44/GGT-SNV"),
          "HTML only, the number only inside a table cell; personal numbers (CCCD, phone 0913 xxx 248); not mandatory")
def _():
    head_rows = [("UBND TỈNH ĐỒNG NAI", NATIONAL), ("SỞ NỘI VỤ", MOTTO), ("Số: 44/GGT-SNV", "Đồng Nai, ngày 09 tháng 4 năm 2027")]
    paras = ["", "**GIẤY GIỚI THIỆU", "", "Sở Nội vụ tỉnh Đồng Nai trân trọng giới thiệu:",
             "Ông Phan Hoàng Phúc, chức vụ: Chuyên viên Phòng Tổ chức - Biên chế, CCCD 075090xxxxxx, ĐT 0913 xxx 248,",
             "được cử đến: Bộ Nội vụ (Vụ Tổ chức - Biên chế).", "Về việc: trao đổi hồ sơ đề án vị trí việc làm cấp xã.",
             "Giấy này có giá trị đến hết ngày 30/4/2027.", "", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Bùi Thị Mỹ"]
    h = H("outlook", DN_SNV, BNV, "Giấy giới thiệu công tác", d(4, 9, 8, 5), "h027")
    return mail(h, html(o365([], head_rows, paras), "quoted-printable"))


@R.sample("Văn phòng Quốc hội plain text Thông cáo báo chí in full, numbered lists of laws passed with their numbers",
          official("thong-cao", "03/TC-VPQH"),
          "lists six law numbers (96/2027/QH15 … 101/2027/QH15) passed at the session — a digest-like list inside ONE thông cáo; 'số 1', 'số 2' items")
def _():
    doc_ = head(["VĂN PHÒNG QUỐC HỘI"], "03/TC-VPQH", "Hà Nội, ngày 10 tháng 4 năm 2027") + [
        "", "THÔNG CÁO BÁO CHÍ", "Về kỳ họp bất thường lần thứ hai, Quốc hội khóa XVI", "",
        "Ngày 10/4/2027, Quốc hội đã thông qua 06 luật và 02 nghị quyết:",
        "1. Luật Đất đai (sửa đổi) số 96/2027/QH15;", "2. Luật Thuế thu nhập cá nhân (sửa đổi) số 97/2027/QH15;",
        "3. Luật Cán bộ, công chức (sửa đổi) số 98/2027/QH15;", "4. Luật Đường sắt tốc độ cao số 99/2027/QH15;",
        "5. Luật Dữ liệu (sửa đổi) số 100/2027/QH15;", "6. Luật Thủ đô (sửa đổi) số 101/2027/QH15;",
        "và Nghị quyết số 302/2027/QH15, Nghị quyết số 303/2027/QH15.", "",
        "Văn phòng Quốc hội trân trọng thông báo."]
    h = H("thunderbird", VPQH, [("Ban Biên tập Báo Đại biểu Nhân dân", "bbt@daibieunhandan.vn")],
          "Thông cáo báo chí kỳ họp bất thường lần thứ hai", d(4, 10, 19, 30), "h028")
    return mail(h, plain(txt(doc_), "8bit"))


@R.sample("unaccented 7bit cover 'Tran trong kinh chuyen' + PDF whose name writes the normative number with dashes and QD",
          official("quyet-dinh", "09/2027/QĐ-UBND"),
          "number only as 'QD 09-2027-UBND' in the cover and '09-2027-QD-UBND.pdf'; the cover also cites the Tờ trình '77/TTr-SNNMT' and the Quy định it issues")
def _():
    body = ["Kinh gui: Cac so, ban, nganh; UBND cac xa, phuong, dac khu", "",
            "Van phong UBND tinh tran trong kinh chuyen QD 09-2027-UBND ngay 02/4/2027 ban hanh Quy dinh ve",
            "quan ly cat, soi long song tren dia ban tinh An Giang (theo de nghi tai To trinh so 77/TTr-SNNMT).",
            "Quyet dinh co hieu luc tu 15/4/2027.", "", "Dinh kem: 09-2027-QD-UBND.pdf", "", "Tran trong kinh chuyen.",
            "Van thu VP UBND tinh An Giang"]
    h = H("thunderbird", AG_VP, [AG_SNNMT, AG_XA], "QD 09-2027-UBND quy dinh quan ly cat soi long song", d(4, 2, 16, 40), "h029")
    return mail(h, mixed(plain(txt(body), "7bit"), attach(pdf_scan("h029"), "09-2027-QD-UBND.pdf")))


TTR41_HEAD = [("BỘ NỘI VỤ", NATIONAL), ("", MOTTO), ("Số: 41/TTr-BNV", "Hà Nội, ngày 29 tháng 3 năm 2027")]
TTR41 = ["", "**TỜ TRÌNH", "**Dự thảo Nghị định sửa đổi, bổ sung Nghị định số 33/2023/NĐ-CP quy định về cán bộ,",
         "**công chức cấp xã và người hoạt động không chuyên trách", "", "Kính gửi: Chính phủ.", "",
         "Thực hiện Nghị quyết số 76/2025/UBTVQH15 và Chương trình công tác năm 2027 của Chính phủ (Quyết định số",
         "2602/QĐ-TTg), Bộ Nội vụ kính trình Chính phủ dự thảo Nghị định như sau:",
         "1. Tên gọi: Nghị định sửa đổi, bổ sung một số điều của Nghị định số 33/2023/NĐ-CP.",
         "2. Bố cục: 03 điều; bãi bỏ Điều 34, Điều 35 về người hoạt động không chuyên trách ở thôn, tổ dân phố.",
         "3. Tác động: giảm 12.840 người hoạt động không chuyên trách; tiết kiệm 1.118 tỷ đồng/năm.",
         "Hồ sơ gồm: dự thảo Nghị định; Báo cáo thẩm định số 88/BCTĐ-BTP của Bộ Tư pháp; Báo cáo đánh giá tác động.", "",
         "Bộ Nội vụ kính trình Chính phủ xem xét, quyết định./.", "", "BỘ TRƯỞNG", "", "Phạm Thị Thanh Trà"]


@R.sample("Outlook HTML+text forwarded by a ministry's secretary 'FW:' with the Tờ trình in full; header as borderless table",
          official("to-trinh", "41/TTr-BNV"),
          "a Tờ trình proposing a Nghị định that amends 33/2023/NĐ-CP: the title names another number first; also 76/2025/UBTVQH15, 2602/QĐ-TTg, 88/BCTĐ-BTP; 'Kính gửi: Chính phủ'")
def _():
    before = ["Chị Thảo ơi, gửi chị Tờ trình của Bộ để Sở tham khảo khi góp ý dự thảo.", "", "Trân trọng,", "Lộc"] + outlook_fwd(
        "Văn phòng Bộ Nội vụ <vanthu@moha.gov.vn>", "Tuesday, March 30, 2027 9:15 AM", "Sở Nội vụ các tỉnh, thành phố",
        "Tờ trình dự thảo Nghị định sửa đổi Nghị định 33/2023/NĐ-CP")
    h = H("outlook", LOC, THAO, "FW: Tờ trình dự thảo Nghị định sửa đổi Nghị định 33/2023/NĐ-CP", d(3, 30, 14, 0), "h030")
    return mail(h, Multipart("alternative", [Part("text/plain", o365_text(before, TTR41_HEAD, TTR41), "quoted-printable"),
                                             Part("text/html", o365(before, TTR41_HEAD, TTR41), "quoted-printable")]))


@R.sample("Outlook plain cover '(Khẩn)' in the subject + DOCX and signed PDF of a Báo cáo of the Ministry of Finance",
          official("bao-cao", "188/BC-BTC", urgency="khan"),
          "mark only in the subject '(Khẩn)'; two attachments of one document; cover cites the Government's request '2741/VPCP-KTTH'; tỷ đồng figures")
def _():
    body = ["Kính gửi: Văn phòng Chính phủ", "",
            "Thực hiện Công văn số 2741/VPCP-KTTH ngày 01/4/2027, Bộ Tài chính gửi Báo cáo số 188/BC-BTC về tình hình",
            "giải ngân vốn đầu tư công quý I/2027 (đạt 96.420 tỷ đồng, 11,3% kế hoạch).", "",
            "Đính kèm: 188_BC-BTC.docx; 188_BC-BTC_signed.pdf", "", "Trân trọng./.", "Lâm Ngọc Hậu - Văn phòng Bộ"]
    dx = docx(["**BÁO CÁO", "Tình hình giải ngân vốn đầu tư công quý I/2027", "Đạt 96.420 tỷ đồng."],
              head_table=[["BỘ TÀI CHÍNH", NATIONAL], ["Số: 188/BC-BTC", "Hà Nội, ngày 05 tháng 4 năm 2027"]])
    h = H("outlook", HAU, ("Văn phòng Chính phủ", "vanthu@chinhphu.gov.vn"), "(Khẩn) Báo cáo giải ngân vốn đầu tư công quý I/2027",
          d(4, 5, 18, 10), "h031")
    return mail(h, mixed(outlook_alt(body), attach(dx, "188_BC-BTC.docx", DOCX), attach(pdf_scan("h031"), "188_BC-BTC_signed.pdf")))


CV852 = ["UY BAN NHAN DAN              CONG HOA XA HOI CHU NGHIA VIET NAM", "TINH VINH LONG                   Doc lap - Tu do - Hanh phuc",
         "", "So: 852/UBND-KTN             Vinh Long, ngay 08 thang 4 nam 2027",
         "V/v tang cuong tru nuoc ngot", "mua kho 2026-2027", "",
         "Kinh gui:", "- So Nong nghiep va Moi truong;", "- UBND cac xa ven bien (Ba Tri, Thanh Phu, Cau Ngang).", "",
         "Thuc hien Cong dien so 08/CD-TTg ngay 01/3/2027 cua Thu tuong Chinh phu va Ke hoach so 51/KH-UBND",
         "ngay 12/12/2026 cua UBND tinh; do man 4 g/l da vao sau 58 km song Co Chien, UBND tinh yeu cau:",
         "1. Van hanh cong Ben Rong, Tan Phu dong hoan toan tu 10/4/2027.", "2. Cap nuoc mien phi cho 3.250 ho.", "",
         "KT. CHU TICH", "PHO CHU TICH", "", "Nguyen Quynh Thien"]


@R.sample("unaccented ASCII 7bit full text of a công văn (old Outlook Express habit), header in two columns by spaces",
          official("cong-van", "852/UBND-KTN"),
          "everything unaccented; cites 'Cong dien so 08/CD-TTg' (CD = CĐ, a citation) and 51/KH-UBND; salinity '4 g/l', '58 km'")
def _():
    h = H("thunderbird", VL_VP, [("So NN&MT Vinh Long", "snnmt@vinhlong.gov.vn"), VL_XA],
          "V/v tang cuong tru nuoc ngot mua kho 2026-2027", d(4, 8, 10, 0), "h032", enc="ascii")
    return mail(h, plain(txt(CV852), "7bit"))


PA11 = head(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ"], "11/PA-UBND", "Cần Thơ, ngày 14 tháng 3 năm 2027") + [
    "", "PHƯƠNG ÁN", "Cấp nước sinh hoạt cho người dân vùng ảnh hưởng hạn mặn (Sóc Trăng, Hậu Giang cũ)", "",
    "Căn cứ Kế hoạch số 42/KH-UBND ngày 05/02/2027; Quyết định số 388/QĐ-UBND ngày 20/02/2027.",
] + table([["Khu vực", "Số hộ", "Nguồn nước", "Kinh phí (tr.đ)"], ["Xã Trần Đề", "1.240", "xe bồn", "1.860"],
           ["Xã Vĩnh Hải", "980", "giếng khoan", "2.450"], ["Phường Vĩnh Châu", "2.115", "trạm RO", "6.900"]]) + [
    "", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Thực Hiện"]


@R.sample("Outlook cover 'Gửi anh/chị phương án (file kèm)' + PDF text layer with a table of households",
          official("phuong-an", "11/PA-UBND"),
          "the number only in the PDF; the PDF cites 42/KH-UBND and 388/QĐ-UBND; household counts")
def _():
    h = H("outlook", NGOC, [CT_STC, ("Cấp nước Cần Thơ", "capnuoc@cantho.gov.vn")], "Phương án cấp nước vùng hạn mặn",
          d(3, 14, 17, 0), "h033")
    return mail(h, mixed(outlook_alt(["Gửi anh/chị phương án (file kèm).", "", "Ngọc"]), attach(pdf(PA11), "PA cap nuoc han man.pdf")))


@R.sample("Zimbra, empty body, subject 'Fwd: CT 05', DOCX of a Chỉ thị; the DOCX puts the header in paragraphs, not a table",
          official("chi-thi", "05/CT-UBND"),
          "subject gives 'CT 05' only; cover empty; the DOCX cites 'Chỉ thị số 20/CT-TTg' and 'Luật số 36/2024/QH15'")
def _():
    dx = docx(["ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Số: 05/CT-UBND", "TP. Hồ Chí Minh, ngày 11 tháng 3 năm 2027",
               "**CHỈ THỊ", "**Về tăng cường bảo đảm trật tự an toàn giao thông đường thủy nội địa",
               "Thực hiện Chỉ thị số 20/CT-TTg của Thủ tướng Chính phủ và Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15,",
               "Chủ tịch UBND Thành phố chỉ thị: kiểm tra 100% phương tiện chở khách tuyến Cần Giờ - Vũng Tàu.",
               "**CHỦ TỊCH", "Nguyễn Văn Được"], split_runs=True)
    h = H("zimbra", THAO, [("Sở Xây dựng TP.HCM", "sxd@tphcm.gov.vn")], "Fwd: CT 05", d(3, 11, 19, 0), "h034")
    return mail(h, mixed(plain("\n", "7bit"), attach(dx, "CT05.docx", DOCX)))


@R.sample("gmail-style cover of a Sở + PDF of a Dự án with coordinates and budget lines",
          official("du-an", "03/DA-SNNMT"),
          "'DA' = Dự án; coordinates 'X: 1012345, Y: 0512345' and budget codes; cites Đề án 'số 02/ĐA-UBND' (another type with Đ)")
def _():
    body = ["Kính gửi: UBND tỉnh Cà Mau", "",
            "Sở NN&MT gửi Dự án số 03/DA-SNNMT trồng mới 1.250 ha rừng ngập mặn ven biển Đông (thuộc Đề án số",
            "02/ĐA-UBND), tọa độ điểm đầu X: 1012345, Y: 0512345 (VN-2000). Tổng mức 187,5 tỷ đồng.", "",
            "Đính kèm: Dự án (PDF).", "Trân trọng."]
    h = H("gmail", CM_SNNMT, CM_VP, "Dự án trồng rừng ngập mặn ven biển Đông", d(3, 23, 9, 0), "h035")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(pdf(["SO NN&MT CA MAU", "So: 03/DA-SNNMT", "DU AN"]), "DuAn-rung-ngap-man.pdf")))


@R.sample("Văn phòng Quốc hội Outlook cover + ODT of a Quy định on press access to the House",
          official("quy-dinh", "01/QyĐ-VPQH"),
          "mixed-case QyĐ; the cover says 'Quy định số 01/QyĐ-VPQH' and also 'Quyết định số 412/QĐ-VPQH' that it replaces")
def _():
    body = ["Kính gửi: Các cơ quan báo chí", "",
            "Văn phòng Quốc hội gửi Quy định số 01/QyĐ-VPQH ngày 05/4/2027 về việc cấp thẻ tác nghiệp tại Nhà Quốc hội,",
            "thay thế các nội dung tương ứng tại Quyết định số 412/QĐ-VPQH năm 2022.", "", "Trân trọng./."]
    od = odt(["VĂN PHÒNG QUỐC HỘI", "Số: 01/QyĐ-VPQH", "QUY ĐỊNH", "Cấp thẻ tác nghiệp tại Nhà Quốc hội"])
    h = H("outlook", VPQH, [("Báo Tuổi Trẻ", "toasoan@tuoitre.vn")], "Quy định cấp thẻ tác nghiệp tại Nhà Quốc hội", d(4, 5, 15, 0), "h036")
    return mail(h, mixed(outlook_alt(body), attach(od, "QyD-01.odt", "application/vnd.oasis.opendocument.text")))


@R.sample("Roundcube cover + PDF of a Giấy nghỉ phép issued to a Sở's official for travel abroad",
          official("giay-nghi-phep", "15/GNP-STC"),
          "dates and destination (Singapore); the cover cites the staffer's own 'đơn xin nghỉ phép ngày 25/3/2027'; not mandatory")
def _():
    body = ["Kính gửi: Phòng Tổ chức - Hành chính", "",
            "Sở Tài chính gửi Giấy nghỉ phép số 15/GNP-STC cấp cho bà Trần Mỹ Linh, nghỉ phép năm từ 12/4 đến",
            "18/4/2027 tại Singapore (theo đơn xin nghỉ phép ngày 25/3/2027).", "", "Trân trọng."]
    h = H("roundcube", HCM_STC, ("Phòng TC-HC Sở Tài chính", "tchc.stc@tphcm.gov.vn"), "Giay nghi phep ba Tran My Linh",
          d(4, 2, 9, 20), "h037")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(["SO TAI CHINH TP HCM", "So: 15/GNP-STC", "GIAY NGHI PHEP"]), "GNP15.pdf")))


@R.sample("Outlook HTML+text bilingual cover + PDF of a Memorandum with a Japanese prefecture",
          official("ban-ghi-nho", "02/BGN-UBND"),
          "English 'MoU No. 02' and Japanese partner's own reference 'OSK-2027-114'; not mandatory")
def _():
    body = ["Kính gửi: Sở Ngoại vụ; Sở Công Thương", "Dear colleagues,", "",
            "Văn phòng UBND Thành phố gửi Bản ghi nhớ số 02/BGN-UBND về hợp tác phát triển đô thị thông minh giữa",
            "UBND TP. Hồ Chí Minh và Chính quyền tỉnh Osaka (ref. OSK-2027-114), ký ngày 03/4/2027.",
            "Please find attached the signed MoU No. 02.", "", "Trân trọng./ Best regards,", "Văn thư VP UBND Thành phố"]
    h = H("outlook", HCM_VP, [("Sở Ngoại vụ TP.HCM", "songoaivu@tphcm.gov.vn")], "Bản ghi nhớ hợp tác với tỉnh Osaka / MoU with Osaka Prefecture",
          d(4, 4, 10, 0), "h038")
    return mail(h, mixed(outlook_alt(body), attach(pdf(["BAN GHI NHO", "So: 02/BGN-UBND", "MEMORANDUM OF UNDERSTANDING"]), "MoU-Osaka-02.pdf")))


@R.sample("Zimbra cover of a corrected công văn that replaces an earlier one of the same unit",
          official("cong-van", "2288/STC-QLG"),
          "two numbers of the same form in the subject and body: 'thay thế Công văn số 2210/STC-QLG'; the own number is the replacing one; land price table")
def _():
    body = ["Kính gửi: UBND các xã, phường", "",
            "Sở Tài chính gửi Công văn số 2288/STC-QLG ngày 09/4/2027 về việc áp dụng hệ số điều chỉnh giá đất năm 2027;",
            "Công văn này thay thế Công văn số 2210/STC-QLG ngày 03/4/2027 (có sai sót tại phụ lục).", ""] + table([
        ["Khu vực", "Hệ số K (cũ)", "Hệ số K (mới)"], ["Phường Trấn Biên", "1,25", "1,30"],
        ["Xã Long Thành", "1,15", "1,20"], ["Phường Đồng Xoài", "1,10", "1,10"]]) + [
        "", "Đính kèm: 2288-STC-QLG.pdf", "", "Trân trọng kính chuyển.", "Văn thư Sở Tài chính Đồng Nai"]
    h = H("zimbra", DN_CA, [("UBND phường Trấn Biên", "ubnd.tranbien@dongnai.gov.vn")],
          "Công văn 2288/STC-QLG thay thế Công văn 2210/STC-QLG về hệ số điều chỉnh giá đất", d(4, 9, 15, 0), "h039")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf_scan("h039"), "2288-STC-QLG.pdf")))


def _qd988():
    body = ["Kính gửi: UBND các tỉnh An Giang, Cà Mau, Cần Thơ", "",
            "Bộ Nông nghiệp và Môi trường gửi Quyết định số 988/QĐ-BNNMT ngày 26/3/2027 công bố hiện trạng sạt lở",
            "bờ sông, bờ biển khu vực ĐBSCL (412 điểm, tổng chiều dài 894 km).", "", "Văn thư Bộ NN&MT"]
    h = H("outlook", BNNMT, [AG_VP, CM_VP, CT_VP], "Quyết định công bố hiện trạng sạt lở bờ sông, bờ biển ĐBSCL",
          d(3, 26, 16, 0), "h040a")
    return mail(h, mixed(outlook_alt(body), attach(pdf(["BO NONG NGHIEP VA MOI TRUONG", "So: 988/QD-BNNMT", "QUYET DINH"]),
                                                   "988-QD-BNNMT.pdf")))


@R.sample("Thunderbird forward of a forward: two nested message/rfc822 levels, outer notes 'Chuyển Phòng Thủy lợi' and 'Trân trọng kính chuyển'",
          official("quyet-dinh", "988/QĐ-BNNMT"),
          "the number only inside the innermost message; the middle note cites the province's 'Kế hoạch 63/KH-UBND'")
def _():
    lvl1 = mail(H("zimbra", CM_VP, CM_SNNMT, "Fwd: Quyết định công bố hiện trạng sạt lở bờ sông, bờ biển ĐBSCL", d(3, 27, 8, 0), "h040b"),
                mixed(plain("Trân trọng kính chuyển Sở NN&MT tham mưu, lồng ghép Kế hoạch 63/KH-UBND.\n", "8bit"),
                      Rfc822(_qd988(), "QD sat lo.eml")))
    h = H("thunderbird", ("Trịnh Văn Hiếu - Sở NN&MT", "tvhieu.snnmt@camau.gov.vn"), ("Phòng Thủy lợi", "thuyloi.snnmt@camau.gov.vn"),
          "Fwd: Fwd: Quyết định công bố hiện trạng sạt lở bờ sông, bờ biển ĐBSCL", d(3, 27, 9, 30), "h040")
    return mail(h, mixed(plain("Chuyển Phòng Thủy lợi.\n", "8bit"), Rfc822(lvl1, "Fwd QD sat lo.eml")))


@R.sample("DMS-style text notification with spelled-out 'Độ khẩn: Khẩn', 'Độ mật: Thường' lines + PDF of a Thông báo",
          official("thong-bao", "52/TB-UBND", urgency="khan"),
          "'Độ mật: Thường' is the spelled absence of secrecy; 'Số đến: 1877', 'Hạn xử lý: 15/4/2027'; the Thông báo announces the conclusion of a meeting ('kết luận') citing 'Giấy mời 71/GM-UBND'")
def _():
    body = ["HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH TỈNH ĐỒNG NAI", "Văn bản đến mới", "",
            "Số, ký hiệu: 52/TB-UBND", "Ngày văn bản: 10/4/2027", "Cơ quan ban hành: UBND tỉnh Đồng Nai",
            "Trích yếu: Kết luận của Chủ tịch UBND tỉnh tại cuộc họp theo Giấy mời 71/GM-UBND về tiến độ cao tốc Biên Hòa - Vũng Tàu",
            "Độ khẩn: Khẩn", "Độ mật: Thường", "Số đến: 1877", "Hạn xử lý: 15/4/2027", "",
            "Đây là thư tự động, vui lòng không trả lời."]
    h = H("system", ("QLVB tỉnh Đồng Nai", "qlvb@dongnai.gov.vn"), DN_SNV, "[QLVB] Văn bản đến: 52/TB-UBND", d(4, 10, 17, 2), "h041")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(pdf(["UBND TINH DONG NAI", "So: 52/TB-UBND", "THONG BAO"]), "52-TB-UBND.pdf")))


@R.sample("Outlook cover + DOCX (split runs) of a ministry plan; the cover lists the plan and two related decisions",
          official("ke-hoach", "35/KH-BKHCN"),
          "the cover names three numbers: the plan sent and the decisions it implements (702/QĐ-BKHCN, 1131/QĐ-TTg); split runs")
def _():
    body = ["Kính gửi: Sở KH&CN các tỉnh, thành phố phía Nam", "",
            "Bộ KH&CN gửi Kế hoạch số 35/KH-BKHCN triển khai Quyết định số 702/QĐ-BKHCN và Quyết định số",
            "1131/QĐ-TTg (Danh mục công nghệ chiến lược) tại khu vực phía Nam năm 2027.", "",
            "Đính kèm: KH35.docx", "", "Trân trọng kính chuyển."]
    dx = docx(["**KẾ HOẠCH", "Triển khai Danh mục công nghệ chiến lược khu vực phía Nam năm 2027",
               "Tổ chức 06 hội thảo tại TP.HCM, Cần Thơ, Đồng Nai."], split_runs=True,
              head_table=[["BỘ KHOA HỌC VÀ CÔNG NGHỆ", NATIONAL], ["Số: 35/KH-BKHCN", "Hà Nội, ngày 07 tháng 4 năm 2027"]])
    h = H("outlook", BKHCN, [HCM_SKHCN, ("Sở KH&CN Cần Thơ", "skhcn@cantho.gov.vn")], "Kế hoạch triển khai Danh mục công nghệ chiến lược phía Nam",
          d(4, 7, 9, 0), "h042")
    return mail(h, mixed(outlook_alt(body), attach(dx, "KH35.docx", DOCX)))


@R.sample("ward Thunderbird cover in NFD (decomposed diacritics) + scanned PDF, number only in the NFD body",
          official("giay-moi", "14/GM-UBND"),
          "NFD text; meeting with 'khu phố 3, 4' residents (numbers); the body also cites 'Kế hoạch 09/KH-UBND' of the ward")
def _():
    body = nfd("Kính gửi: Ban điều hành các khu phố 3, 4\n\nUBND phường Thủ Dầu Một gửi Giấy mời số 14/GM-UBND dự họp dân "
               "triển khai Kế hoạch 09/KH-UBND\nvề chỉnh trang đô thị, 19 giờ 00 ngày 12/4/2027 tại Nhà văn hóa khu phố 3.\n\n"
               "Trân trọng.\n")
    h = H("thunderbird", HCM_PH, [("Khu phố 3", "kp3.thudaumot@gmail.com")], nfd("Giấy mời họp dân chỉnh trang đô thị"),
          d(4, 9, 16, 0), "h043")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf_scan("h043"), "GM.pdf")))


@R.sample("special zone's Roundcube cover, spelled-out 'Độ khẩn: Thường - Độ mật: Không' line, PDF",
          official("cong-van", "118/UBND-VP"),
          "the spelled absence of both marks; số đến and phone numbers; the công văn answers the province's '1120/UBND-KT'")
def _():
    body = ["Kính gửi: Văn phòng UBND tỉnh An Giang", "",
            "Số/ký hiệu: 118/UBND-VP - Ngày: 08/4/2027", "Độ khẩn: Thường - Độ mật: Không", "",
            "UBND đặc khu Phú Quốc báo cáo việc thực hiện Công văn số 1120/UBND-KT của UBND tỉnh (kè biển Dương Đông).",
            "Liên hệ: 0297.38xx.xxx", "", "Trân trọng!"]
    h = H("roundcube", ("UBND đặc khu Phú Quốc", "ubnd.dkphuquoc@angiang.gov.vn"), AG_VP,
          "CV 118/UBND-VP v/v thực hiện kè biển Dương Đông", d(4, 8, 11, 0), "h044", enc="q")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(pdf_scan("h044"), "118.pdf")))


@R.sample("Outlook cover, stamp lines 'HỎA TỐC' and 'TUYỆT MẬT' in the body, nothing in the subject, scan attached",
          official("bao-cao", "64/BC-TTCP", urgency="hoa-toc", secrecy="tuyet-mat"),
          "both highest marks only as stamp lines; secret -> mandatory=false; the cover cites 'Chỉ thị 02/CT-TTg' on state secrets in prose")
def _():
    body = ["HỎA TỐC", "TUYỆT MẬT", "", "Kính gửi: Văn phòng Quốc hội (Vụ Tư pháp)", "",
            "Thanh tra Chính phủ gửi Báo cáo số 64/BC-TTCP. Đề nghị quản lý theo Chỉ thị 02/CT-TTg về bảo vệ bí mật nhà nước.",
            "", "Văn thư Thanh tra Chính phủ"]
    h = H("outlook", TTCP, VPQH, "Báo cáo của Thanh tra Chính phủ", d(4, 10, 20, 0), "h045")
    return mail(h, mixed(outlook_alt(body), attach(pdf_scan("h045"), "scan_0410.pdf")))


# ================================================================ not official

@R.sample("law firm's weekly legal newsletter (HTML+text) listing new documents with their numbers and effective dates",
          NOT_OFFICIAL,
          "a table of nine numbers (Nghị định, Thông tư, Quyết định of the city); 'Kính gửi Quý khách hàng'; a law firm is no agency")
def _():
    rows = [["Số hiệu", "Cơ quan", "Trích yếu", "Hiệu lực"],
            ["96/2027/QH15", "Quốc hội", "Luật Đất đai (sửa đổi)", "01/01/2028"],
            ["58/2027/NĐ-CP", "Chính phủ", "Thuế TNCN đối với hộ kinh doanh", "15/5/2027"],
            ["12/2027/TT-BTC", "Bộ Tài chính", "Hóa đơn điện tử", "20/5/2027"],
            ["09/2027/QĐ-UBND", "UBND tỉnh An Giang", "Quản lý cát, sỏi lòng sông", "15/4/2027"],
            ["1846/QĐ-UBND", "UBND TP.HCM", "Quy chế liên thông văn bản", "09/3/2027"]]
    paras = ["Kính gửi Quý khách hàng,", "", "BẢN TIN PHÁP LUẬT TUẦN 14/2027 - Công ty Luật TNHH Phương Nam Legal", "",
             "Dưới đây là các văn bản mới ban hành đáng chú ý:"]
    after = ["", "Để đăng ký tư vấn, vui lòng gọi hotline 1900 6xxx.", "Hủy đăng ký nhận bản tin: bấm vào đây."]
    text = txt(paras + ["\t".join(r) for r in rows] + after)
    markup = o365([], [], paras, rows, after).replace(
        '<table border="0" cellspacing="0" cellpadding="0" width="640" style="border-collapse:collapse;border:none">\n<tbody>\n</tbody></table>\n', "")
    h = H("gmail", ("Phương Nam Legal", "bantin@phuongnamlegal.vn"), [THAO], "Bản tin pháp luật tuần 14/2027: Luật Đất đai (sửa đổi), QĐ 1846/QĐ-UBND",
          d(4, 5, 7, 0), "n001")
    return mail(h, alternative(text, markup))


@R.sample("law firm's numbered letter to a Sở on behalf of a client, full ND30-like layout with 'Số: 27/2027/CV-PNL'",
          NOT_OFFICIAL,
          "company letterhead copying the ND30 header (Quốc hiệu, Số, V/v, Kính gửi, Nơi nhận); cites the Sở's 2288/STC-QLG; a law firm is no agency")
def _():
    body = two_col(["CÔNG TY LUẬT TNHH", "PHƯƠNG NAM LEGAL", "", "Số: 27/2027/CV-PNL", "V/v đề nghị giải thích hệ số K"],
                   [NATIONAL, MOTTO, "", "TP. Hồ Chí Minh, ngày 12 tháng 4 năm 2027"]) + [
        "", "Kính gửi: Sở Tài chính tỉnh Đồng Nai", "",
        "Chúng tôi là đại diện theo ủy quyền của Công ty CP Địa ốc Long Thành (MST 3603xxxxxx). Liên quan đến Công văn",
        "số 2288/STC-QLG ngày 09/4/2027, đề nghị Quý Sở giải thích cơ sở điều chỉnh hệ số K tại xã Long Thành.", "",
        "Nơi nhận:", "- Như trên;", "- Lưu.", "", "GIÁM ĐỐC", "Luật sư Trần Quang Vinh"]
    h = H("outlook", ("Phương Nam Legal", "lienhe@phuongnamlegal.vn"), DN_CA, "V/v đề nghị giải thích hệ số K - Công văn 27/2027/CV-PNL",
          d(4, 12, 10, 0), "n002")
    return mail(h, outlook_alt(body))


@R.sample("private education company (a university's partner) sends a 'Công văn' proposing a training programme to a Sở Nội vụ",
          NOT_OFFICIAL,
          "'Số: 45/2027/CV-EDUVN' and 'V/v'; cites the university's cooperation agreement and Nghị định 89/2021/NĐ-CP on training; the partner is a company")
def _():
    body = ["CÔNG TY CP GIÁO DỤC EDUVIỆT", "(Đối tác tuyển sinh của Trường Đại học Tây Đô)", "Số: 45/2027/CV-EDUVN",
            "V/v đề xuất lớp bồi dưỡng ngạch chuyên viên chính", "", "Kính gửi: Sở Nội vụ thành phố Cần Thơ", "",
            "Căn cứ Nghị định số 89/2021/NĐ-CP và Thỏa thuận hợp tác số 12/2026/TTHT giữa Công ty và Trường Đại học Tây Đô,",
            "Công ty đề xuất mở 03 lớp bồi dưỡng (mỗi lớp 60 học viên), học phí 4.500.000 đồng/học viên.", "",
            "Trân trọng.", "TỔNG GIÁM ĐỐC", "Lý Minh Triết"]
    h = H("gmail", ("EduViệt", "hoptac@eduviet.edu.vn"), CT_SNV, "Công văn 45/2027/CV-EDUVN đề xuất lớp bồi dưỡng CVC",
          d(4, 1, 9, 0), "n003")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("commercial bank's numbered notice to civil servants about salary-account loans (HTML only)",
          NOT_OFFICIAL,
          "'Thông báo số 318/2027/TB-PNAB' with 'Kính gửi: Cán bộ, công chức, viên chức'; interest '6,5%/năm'; cites Thông tư 39/2016/TT-NHNN; a bank is no agency")
def _():
    paras = ["NGÂN HÀNG TMCP PHƯƠNG NAM Á - CHI NHÁNH CẦN THƠ", "Số: 318/2027/TB-PNAB", "", "THÔNG BÁO",
             "V/v ưu đãi vay tiêu dùng dành cho cán bộ, công chức, viên chức", "",
             "Kính gửi: Cán bộ, công chức, viên chức các cơ quan nhà nước thành phố Cần Thơ", "",
             "Căn cứ Thông tư 39/2016/TT-NHNN, Ngân hàng triển khai gói vay tín chấp lãi suất 6,5%/năm, hạn mức đến 500 triệu đồng.",
             "Hotline: 1800 5xxx.", "", "GIÁM ĐỐC CHI NHÁNH"]
    h = H("outlook", ("PNAB Cần Thơ", "khachhang@pnab.com.vn"), [NGOC, CT_SNV], "Thông báo số 318/2027/TB-PNAB ưu đãi vay dành cho CBCCVC",
          d(4, 3, 8, 30), "n004")
    return mail(h, html(simple_html(paras), "base64"))


@R.sample("Party cell's resolution in full (chi bộ of a Sở), plain text, 'ĐẢNG BỘ … CHI BỘ …' header",
          NOT_OFFICIAL,
          "'Số 05-NQ/CB' Party numbering, 'NGHỊ QUYẾT' title and 'T/M CHI BỘ BÍ THƯ'; cites the Sở's own 147/BC-SNNMT; Party documents are not administrative ones")
def _():
    body = two_col(["ĐẢNG BỘ SỞ NN&MT", "CHI BỘ PHÒNG TRỒNG TRỌT", "*", "Số 05-NQ/CB"],
                   ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "", "An Giang, ngày 03 tháng 4 năm 2027"]) + [
        "", "NGHỊ QUYẾT", "Lãnh đạo thực hiện nhiệm vụ quý II năm 2027", "",
        "Căn cứ Báo cáo số 147/BC-SNNMT của Sở về sản xuất lúa vụ Đông Xuân, Chi bộ quyết nghị:",
        "1. 100% đảng viên hoàn thành nhiệm vụ hướng dẫn vụ Hè Thu.", "2. Kết nạp 01 quần chúng ưu tú.", "",
        "T/M CHI BỘ", "BÍ THƯ", "Huỳnh Thanh Tùng"]
    h = H("zimbra", TUNG, [("Đảng viên Chi bộ Trồng trọt", "chibo.tt@angiang.gov.vn")], "Nghị quyết Chi bộ quý II/2027",
          d(4, 3, 17, 0), "n005")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("grassroots trade union's notice of a sports day, 'Số: 14/TB-CĐCS', with a union header",
          NOT_OFFICIAL,
          "union document in ND30 form: 'CÔNG ĐOÀN …', 'THÔNG BÁO', a number with TB; 'KHẨN' nowhere but 'khẩn trương đăng ký'")
def _():
    body = two_col(["CÔNG ĐOÀN VIÊN CHỨC TỈNH", "CĐCS SỞ TÀI CHÍNH", "", "Số: 14/TB-CĐCS"],
                   [NATIONAL, MOTTO, "", "Vĩnh Long, ngày 05 tháng 4 năm 2027"]) + [
        "", "THÔNG BÁO", "Tổ chức Hội thao chào mừng 30/4 và 1/5", "",
        "Các tổ công đoàn khẩn trương đăng ký vận động viên (bóng đá 7 người, cầu lông, kéo co) trước ngày 15/4/2027.",
        "Kinh phí: 25.000.000 đồng từ quỹ công đoàn.", "", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Võ Thị Kim Thoa"]
    h = H("roundcube", ("Công đoàn Sở Tài chính", "congdoan.stc@vinhlong.gov.vn"), VL_STC, "Thông báo Hội thao 30/4 - 1/5",
          d(4, 5, 9, 0), "n006")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("citizen's complaint by gmail with her own numbering 'Đơn số 03/ĐKN', formal 'Kính gửi' and 'Trân trọng'",
          NOT_OFFICIAL,
          "a citizen numbers her complaint like a document; cites the province's '418/QĐ-UBND' and the Government Inspectorate's '27/TB-TTCP'; CCCD")
def _():
    body = [NATIONAL, MOTTO, "", "ĐƠN KHIẾU NẠI (Đơn số 03/ĐKN)", "",
            "Kính gửi:", "- Thanh tra Chính phủ;", "- Chủ tịch UBND tỉnh Đồng Nai.", "",
            "Tôi tên Trịnh Thị Hoa, CCCD 075162xxxxxx, thường trú khu phố 4, phường Trấn Biên.",
            "Tôi không đồng ý với Quyết định số 418/QĐ-UBND và Thông báo số 27/TB-TTCP. Kính đề nghị xem xét lại.", "",
            "Trân trọng.", "Người làm đơn", "Trịnh Thị Hoa"]
    h = H("gmail", ("Hoa Trinh", "trinhthihoa1962@gmail.com"), [TTCP], "Đơn số 03/ĐKN khiếu nại", d(4, 11, 21, 0), "n007")
    return mail(h, plain(txt(body), "base64"))


@R.sample("Office 365 automatic reply (Vietnamese and English) quoting a HỎA TỐC công điện's subject",
          NOT_OFFICIAL,
          "'Trả lời tự động: HOẢ TỐC - Công điện …' with Auto-Submitted; no document")
def _():
    body = ["Tôi đang đi công tác đến hết ngày 30/3/2027. Việc gấp xin liên hệ chị Diễm (0290.38xx.xxx).",
            "", "I am out of office until 30 March 2027."]
    h = H("outlook", ("Tô Thanh Bình", "ttbinh@camau.gov.vn"), CM_VP, "Trả lời tự động: HOẢ TỐC - Công điện ứng phó sạt lở bờ biển Tây",
          d(3, 27, 11, 6), "n008", extra=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")])
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("internal chat-like e-mail pasting a document's header lines to ask which number is right",
          NOT_OFFICIAL,
          "pastes 'ỦY BAN NHÂN DÂN / Số: 45/QĐ-UBND / CỘNG HÒA XÃ HỘI…' and asks 'ở đây là số mới hay cũ?'; a question, no document")
def _():
    body = ["Anh Khoa ơi,", "", "Em copy đầu văn bản bên dưới:", "",
            "ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ BA TRI                  Độc lập - Tự do - Hạnh phúc",
            "Số: 45/QĐ-UBND             Ba Tri, ngày 02 tháng 4 năm 2027", "",
            "Số: 45/QĐ-UBND ở đây là số mới hay cũ anh? Xã mới sáp nhập nên em sợ trùng sổ với huyện Ba Tri cũ.",
            "", "Em Nhân"]
    h = H("gmail", ("Nguyễn Văn Nhân", "nvnhan.batri@vinhlong.gov.vn"), KHOA, "hỏi số QĐ 45", d(4, 3, 10, 12), "n009")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("staff question: may a document stamped MẬT be e-mailed? quotes the stamp words",
          NOT_OFFICIAL,
          "'MẬT', 'TỐI MẬT' and 'HỎA TỐC' quoted as words in a question; cites Luật 29/2018/QH14")
def _():
    body = ["Chị Thảo,", "", "Văn bản có đóng dấu MẬT hoặc TỐI MẬT thì mình có được gửi qua mail công vụ không chị?",
            "Bên Sở mới hỏi vì có cái Kế hoạch HỎA TỐC cần gửi gấp. Em đọc Luật 29/2018/QH14 thì thấy không được.", "", "Lộc"]
    h = H("outlook", LOC, THAO, "hỏi gửi văn bản MẬT qua email", d(4, 6, 15, 30), "n010")
    return mail(h, outlook_alt(body))


@R.sample("Microsoft Teams meeting invitation (text/calendar) for an internal briefing 'Mời họp'",
          NOT_OFFICIAL,
          "'Mời họp: rà soát Quy chế 1846' with meeting ID numbers; calendar invitation, no giấy mời")
def _():
    text = ["Mời họp rà soát việc triển khai Quy chế theo QĐ 1846/QĐ-UBND.", "",
            "Cuộc họp Microsoft Teams", "ID cuộc họp: 412 887 905 331", "Mật mã: Xy7kQ2", ""]
    cal = "\n".join(["BEGIN:VCALENDAR", "METHOD:REQUEST", "PRODID:Microsoft Exchange Server 2019", "VERSION:2.0",
                     "BEGIN:VEVENT", "UID:040000008200E00074C5B7101A82E0080000000012345", "DTSTART:20270407T020000Z",
                     "DTEND:20270407T030000Z", "SUMMARY:Mời họp: rà soát Quy chế 1846", "LOCATION:Microsoft Teams",
                     "END:VEVENT", "END:VCALENDAR"]) + "\n"
    h = H("outlook", THAO, [LOC, ("Trần Ngọc Ánh", "tnanh.vpub@tphcm.gov.vn")], "Mời họp: rà soát Quy chế 1846", d(4, 5, 16, 0), "n011")
    return mail(h, Multipart("alternative", [Part("text/plain", txt(text), "quoted-printable"),
                                             Part("text/calendar", cal, "quoted-printable", params="; method=REQUEST")]))


@R.sample("draft Quyết định with blank number sent for comments, DOCX 'Du thao QD' and 'DỰ THẢO' stamp",
          NOT_OFFICIAL,
          "'Số:      /QĐ-UBND' blank, 'DỰ THẢO lần 2'; cites 1846/QĐ-UBND that it would amend; not issued")
def _():
    dx = docx(["DỰ THẢO lần 2", "**QUYẾT ĐỊNH", "Sửa đổi Quy chế ban hành kèm theo Quyết định số 1846/QĐ-UBND",
               "Điều 1. Sửa đổi Điều 2 Quy chế ..."],
              head_table=[["ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", NATIONAL], ["Số:      /QĐ-UBND", "TP. Hồ Chí Minh, ngày     tháng 4 năm 2027"]])
    body = ["Kính gửi các Sở,", "", "Sở Nội vụ xin ý kiến dự thảo Quyết định (file kèm) trước ngày 20/4/2027.", "", "Trân trọng."]
    h = H("outlook", HCM_SNV, [HCM_STC, HCM_SKHCN], "Xin ý kiến dự thảo QĐ sửa đổi Quy chế liên thông văn bản", d(4, 12, 9, 0), "n012")
    return mail(h, mixed(outlook_alt(body), attach(dx, "Du thao QD sua doi QC.docx", DOCX)))


@R.sample("document system's daily digest of six incoming documents in a pipe table",
          NOT_OFFICIAL,
          "six numbers and trích yếu, 'Độ khẩn' column with 'Hỏa tốc' for one — a digest, not one document")
def _():
    rows = [["STT", "Số, ký hiệu", "Cơ quan", "Trích yếu", "Độ khẩn"],
            ["1", "2315/BTC-NSNN", "Bộ Tài chính", "Bổ sung có mục tiêu", "Thường"],
            ["2", "1542/BNNMT-QLĐĐ", "Bộ NN&MT", "Kiểm kê đất đai", "Thượng khẩn"],
            ["3", "05/CĐ-UBND", "UBND tỉnh Cà Mau", "Sạt lở bờ biển Tây", "Hỏa tốc"],
            ["4", "09/HD-BNV", "Bộ Nội vụ", "Vị trí việc làm", "Thường"],
            ["5", "27/TB-TTCP", "Thanh tra CP", "Kết luận khiếu nại", "Thường"],
            ["6", "702/QĐ-BKHCN", "Bộ KH&CN", "Danh mục nhiệm vụ", "Thường"]]
    body = ["TỔNG HỢP VĂN BẢN ĐẾN NGÀY 05/4/2027 - chưa xử lý", ""] + ["| " + " | ".join(r) + " |" for r in rows] + [
        "", "Thư tự động từ hệ thống QLVB-ĐH. Không trả lời thư này."]
    h = H("system", ("QLVB-ĐH Cà Mau", "qlvb@camau.gov.vn"), DIEM, "[QLVB] Tổng hợp văn bản đến chưa xử lý ngày 05/4/2027",
          d(4, 5, 6, 0), "n013")
    return mail(h, plain(txt(body), "base64"))


@R.sample("Fatherland Front committee's công văn (Ủy ban MTTQ) to the province, ND30-like form",
          NOT_OFFICIAL,
          "'Số: 88/MTTQ-BTT' and 'V/v', Kính gửi UBND tỉnh; the Front is a political alliance, not a state agency (as the corpus-issuer rule says)")
def _():
    body = two_col(["ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM", "TỈNH CÀ MAU", "BAN THƯỜNG TRỰC", "Số: 88/MTTQ-BTT",
                    "V/v vận động ủng hộ người dân", "vùng sạt lở"], [NATIONAL, MOTTO, "", "Cà Mau, ngày 29 tháng 3 năm 2027"]) + [
        "", "Kính gửi: Ủy ban nhân dân tỉnh", "", "Thực hiện Công điện số 05/CĐ-UBND, Ban Thường trực đề nghị phối hợp vận động",
        "ủng hộ 86 hộ bị sạt lở; tài khoản tiếp nhận 3761.0.1055xxx.", "", "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Lê Thị Ái Nam"]
    h = H("zimbra", ("UBMTTQ tỉnh Cà Mau", "mttq@camau.gov.vn"), CM_VP, "V/v vận động ủng hộ người dân vùng sạt lở", d(3, 29, 10, 0), "n014")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("Youth Union plan 'Số 40-KH/TĐTN-BTG' forwarded to a Sở's youth branch, PDF",
          NOT_OFFICIAL,
          "Party-style number with hyphen before the type; 'KẾ HOẠCH' title; 'Tháng Thanh niên'")
def _():
    body = ["Gửi các chi đoàn,", "", "Thành đoàn gửi Kế hoạch số 40-KH/TĐTN-BTG tổ chức Tháng Thanh niên 2027 (file kèm).", "", "BCH Đoàn Sở"]
    h = H("gmail", ("Đoàn TN Sở Tài chính", "doantn.stc@tphcm.gov.vn"), [("Chi đoàn 1", "chidoan1.stc@tphcm.gov.vn")],
          "KH 40-KH/TĐTN-BTG Tháng Thanh niên 2027", d(3, 3, 8, 0), "n015")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(["THANH DOAN TP HO CHI MINH", "So 40-KH/TDTN-BTG", "KE HOACH"]), "40-KH-TDTN.pdf")))


@R.sample("IT vendor's quotation to a Sở with a 'Báo giá số BG-2027/0412' and a table of prices",
          NOT_OFFICIAL,
          "'Kính gửi: Sở KH&CN', 'Báo giá', licence prices and VAT; cites Thông tư 03/2020/TT-BTTTT; a company")
def _():
    rows = [["Hạng mục", "SL", "Đơn giá (đ)", "Thành tiền (đ)"], ["Chữ ký số máy chủ (HSM)", "2", "185.000.000", "370.000.000"],
            ["Bản quyền QLVB 3 năm", "1", "240.000.000", "240.000.000"]]
    body = ["Kính gửi: Sở Khoa học và Công nghệ TP.HCM", "", "Công ty TNHH Giải pháp Số Sài Gòn xin gửi Báo giá số BG-2027/0412:", ""] + table(rows) + [
        "", "Giá chưa gồm VAT 10%. Đáp ứng Thông tư 03/2020/TT-BTTTT.", "", "Trân trọng,", "Phòng Kinh doanh"]
    h = H("gmail", ("Sài Gòn Digital", "sales@saigondigital.com.vn"), HCM_SKHCN, "Báo giá số BG-2027/0412 giải pháp chữ ký số",
          d(4, 8, 14, 0), "n016")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("ministry's e-newsletter 'Bản tin Tài chính số 14' with summaries of new circulars",
          NOT_OFFICIAL,
          "issue number and a list of 'Thông tư số 12/2027/TT-BTC', 'Công văn 2315/BTC-NSNN'; news, not a document")
def _():
    body = ["BẢN TIN TÀI CHÍNH - Số 14 (tháng 4/2027)", "", "1. Bộ Tài chính ban hành Thông tư số 12/2027/TT-BTC về hóa đơn điện tử.",
            "2. Bổ sung 1.000 tỷ đồng khắc phục sạt lở ĐBSCL (Công văn 2315/BTC-NSNN).", "3. Giải ngân đầu tư công quý I đạt 11,3%.",
            "", "Xem chi tiết tại mof.gov.vn. Để ngừng nhận, trả lời 'HUY'."]
    h = H("system", ("Bản tin Bộ Tài chính", "bantin@mof.gov.vn"), [VL_STC], "Bản tin Tài chính số 14 - tháng 4/2027", d(4, 11, 6, 0), "n017")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("acknowledgement reply quoting the Tờ trình's subject and the original mail below",
          NOT_OFFICIAL,
          "'Re: Tờ trình … ' and 'Đã nhận Tờ trình 94/TTr-UBND, cảm ơn'; the quoted original carries text of the Tờ trình")
def _():
    body = ["Đã nhận Tờ trình 94/TTr-UBND và dự thảo Nghị quyết. Cảm ơn chị.", "", "Văn phòng Đoàn ĐBQH và HĐND TP", "",
            "----- Tin nhắn gốc -----", "Từ: \"Văn phòng UBND thành phố Cần Thơ\" <vanphong@cantho.gov.vn>",
            "Gửi: Thứ Sáu, 12 Tháng Ba 2027 10:05", "Chủ đề: Tờ trình dự thảo Nghị quyết mức chi hỗ trợ người làm chuyển đổi số xã, phường", "",
            "> Kính gửi: Thường trực HĐND thành phố", "> Văn phòng UBND thành phố gửi Tờ trình và dự thảo Nghị quyết trình kỳ họp chuyên đề."]
    h = H("zimbra", CT_HDND, CT_VP, "Re: Tờ trình dự thảo Nghị quyết mức chi hỗ trợ người làm chuyển đổi số xã, phường",
          d(3, 12, 11, 0), "n018", in_reply_to="<a1b2c3d4e5f6.0011aa22@cantho.gov.vn>")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("forward of a newspaper article about the National Assembly passing laws (gmail-style inline forward)",
          NOT_OFFICIAL,
          "'Fwd:' of a news site's mail; law numbers 96/2027/QH15 … and 'Thông cáo báo chí' named in the article")
def _():
    body = ["Cả nhà đọc tham khảo nhé.", ""] + gmail_fwd("Tin nhanh Đại biểu <tinnhanh@daibieu.news>", "Sat, Apr 10, 2027 at 8:40 PM",
                                                       "Quốc hội thông qua 6 luật tại kỳ họp bất thường", "Lâm Ngọc Hậu <lnhau@mof.gov.vn>") + [
        "Theo Thông cáo báo chí của Văn phòng Quốc hội, chiều 10/4 Quốc hội thông qua Luật Đất đai (sửa đổi) số 96/2027/QH15",
        "và Luật Thuế thu nhập cá nhân (sửa đổi) số 97/2027/QH15 ...", "Đọc tiếp: https://daibieu.news/quoc-hoi-thong-qua-6-luat"]
    h = H("gmail", HAU, [("Nhóm Vụ NSNN", "nhom.nsnn@mof.gov.vn")], "Fwd: Quốc hội thông qua 6 luật tại kỳ họp bất thường",
          d(4, 10, 21, 0), "n019")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("private training centre's advertisement of a course on Nghị định 30 with 'Giấy mời' in the subject",
          NOT_OFFICIAL,
          "'GIẤY MỜI tham dự khóa học' and 'Số: 112/2027/GM-TTĐT' of a company; cites 30/2020/NĐ-CP and 137/2024/NĐ-CP; fee")
def _():
    body = ["TRUNG TÂM ĐÀO TẠO KỸ NĂNG HÀNH CHÍNH VIỆT (Công ty TNHH)", "Số: 112/2027/GM-TTĐT", "", "GIẤY MỜI",
            "Tham dự khóa học 'Soạn thảo văn bản theo Nghị định 30/2020/NĐ-CP và Nghị định 137/2024/NĐ-CP'",
            "Thời gian: 24-25/4/2027 tại Khách sạn Ninh Kiều, Cần Thơ. Học phí: 3.200.000 đồng.", "Đăng ký: 0909 xxx 112."]
    h = H("gmail", ("Trung tâm Hành chính Việt", "daotao@hanhchinhviet.vn"), [NGOC], "GIẤY MỜI tham dự khóa học soạn thảo văn bản theo NĐ 30",
          d(4, 2, 7, 30), "n020")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("citizen's petition by gmail about flooding of her street, numbered 'Đơn số 05/2027' by her, addressed to a ward",
          NOT_OFFICIAL,
          "'Đơn kiến nghị số 05/2027' and 'Kính gửi: UBND phường'; cites Kế hoạch 09/KH-UBND of the ward")
def _():
    body = ["Kính gửi: UBND phường Thủ Dầu Một", "", "ĐƠN KIẾN NGHỊ (số 05/2027)", "",
            "Tôi là Võ Thị Lan, khu phố 3. Theo Kế hoạch 09/KH-UBND chỉnh trang đô thị, đường hẻm 42 chưa có cống thoát nước,",
            "mỗi lần mưa ngập 30-40 cm. Kính đề nghị phường xem xét.", "", "Trân trọng,", "Võ Thị Lan - ĐT 0903 xxx 415"]
    h = H("gmail", ("Lan Vo", "vothilan.kp3@gmail.com"), HCM_PH, "Đơn kiến nghị số 05/2027 về ngập hẻm 42", d(4, 11, 20, 30), "n021")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("colleague sends an XLSX of figures for the quarterly report, no document",
          NOT_OFFICIAL,
          "'số liệu báo cáo quý I' and a file named 'BC quy I - so lieu.xlsx'; cites the report 36/BC-UBND of last quarter")
def _():
    body = ["Anh Khoa,", "Em gửi số liệu thu NSNN để anh tổng hợp vào báo cáo quý I (mẫu như BC 36/BC-UBND).", "Em Nhân"]
    xl = xlsx_free_zip([("[Content_Types].xml", b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
                        ("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst><si><t>Thu NSNN quý I/2027</t></si><si><t>7.640 tỷ đồng</t></si></sst>'.encode())])
    h = H("gmail", ("Nguyễn Văn Nhân", "nvnhan.batri@vinhlong.gov.vn"), KHOA, "so lieu bao cao quy I", d(3, 29, 16, 0), "n022")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(xl, "BC quy I - so lieu.xlsx", XLSX)))


@R.sample("staff asks the office where to find a decision, quoting its number and title",
          NOT_OFFICIAL,
          "'cho em xin file QĐ 702/QĐ-BKHCN' — a request for a document, not the document")
def _():
    body = ["Chào chị,", "", "Chị cho em xin file Quyết định 702/QĐ-BKHCN phê duyệt danh mục nhiệm vụ nhé, em tìm trên hệ thống không thấy.", "",
            "Cảm ơn chị."]
    h = H("outlook", ("Ngô Minh Tâm", "nmtam@skhcn.tphcm.gov.vn"), ("Văn thư Sở KH&CN", "vanthu@skhcn.tphcm.gov.vn"),
          "xin file QĐ 702/QĐ-BKHCN", d(3, 25, 9, 12), "n023")
    return mail(h, outlook_alt(body))


@R.sample("business association's numbered công văn to the city (Hiệp hội Doanh nghiệp), ND30-like layout",
          NOT_OFFICIAL,
          "'Số: 88/2027/CV-HHDN', 'V/v kiến nghị tháo gỡ' and 'Kính gửi: UBND Thành phố'; an association is not a state agency")
def _():
    body = two_col(["HIỆP HỘI DOANH NGHIỆP", "TP. HỒ CHÍ MINH", "", "Số: 88/2027/CV-HHDN", "V/v kiến nghị tháo gỡ thủ tục"],
                   [NATIONAL, MOTTO, "", "TP. Hồ Chí Minh, ngày 07 tháng 4 năm 2027"]) + [
        "", "Kính gửi: Ủy ban nhân dân Thành phố Hồ Chí Minh", "",
        "Hiệp hội tổng hợp 46 kiến nghị của 312 doanh nghiệp liên quan đến Quy chế ban hành kèm theo Quyết định số",
        "1846/QĐ-UBND và thủ tục hoàn thuế GTGT.", "", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn Ngọc Hòa"]
    h = H("outlook", ("Hiệp hội Doanh nghiệp TP.HCM", "vanphong@hawa-hcm.org.vn"), HCM_VP, "V/v kiến nghị tháo gỡ thủ tục - CV 88/2027/CV-HHDN",
          d(4, 7, 10, 0), "n024")
    return mail(h, outlook_alt(body))


@R.sample("phishing mail impersonating the Ministry of Finance with a 'Quyết định hoàn thuế' link",
          NOT_OFFICIAL,
          "'[KHẨN] Bộ Tài chính - Quyết định hoàn thuế TNCN số 4471/QĐ-BTC'; look-alike domain mof-gov.vn.cc; 'mật khẩu'")
def _():
    body = ["Kính gửi Quý cán bộ,", "", "Bộ Tài chính ban hành Quyết định số 4471/QĐ-BTC hoàn thuế TNCN năm 2026. Quý vị được hoàn 3.480.000 đồng.",
            "Vui lòng đăng nhập bằng tên và mật khẩu hộp thư công vụ tại: http://mof-gov.vn.cc/hoanthue trong 24 giờ.", "", "Bộ Tài chính"]
    h = H("gmail", ("Bo Tai Chinh", "hoanthue@mof-gov.vn.cc"), [PHUC], "[KHẨN] Bộ Tài chính - Quyết định hoàn thuế TNCN số 4471/QĐ-BTC",
          d(4, 9, 2, 14), "n025")
    return mail(h, html(simple_html(body), "base64"))


@R.sample("Exchange quarantine notice in English and Vietnamese listing a held message whose subject names a document",
          NOT_OFFICIAL,
          "system notice; the held message's subject 'Kế hoạch 211/KH-BCĐ389 (MẬT)' appears in a table")
def _():
    body = ["Thư bị giữ / Messages held for review", "",
            "From: unknown@bcd389-dongnai.net", "Subject: Kế hoạch 211/KH-BCĐ389 (MẬT)", "Received: 23/03/2027 02:14",
            "Reason: Phishing", "", "Quản trị hệ thống thư điện tử công vụ tỉnh Đồng Nai"]
    h = H("system", ("Microsoft 365 Quarantine", "quarantine@dongnai.gov.vn"), DN_VP, "Thông báo thư bị cách ly / Quarantine notification",
          d(3, 23, 8, 0), "n026")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("Outlook read receipt (multipart/report) for the giấy mời of the National Assembly Office",
          NOT_OFFICIAL,
          "'Đã đọc: Giấy mời dự Phiên giải trình …' and the number in the human part; a receipt")
def _():
    human = "Thư của bạn\n  Tới: Văn phòng Quốc hội\n  Chủ đề: Giấy mời dự Phiên giải trình về chính sách khu công nghệ cao (219/GM-VPQH)\nđã được đọc vào 29/03/2027 10:02.\n"
    fields = "Reporting-UA: Microsoft Outlook 16.0\nFinal-Recipient: rfc822;skhcn@tphcm.gov.vn\nDisposition: manual-action/MDN-sent-manually; displayed\n"
    h = H("outlook", HCM_SKHCN, VPQH, "Đã đọc: Giấy mời dự Phiên giải trình về chính sách khu công nghệ cao", d(3, 29, 10, 2), "n027")
    return mail(h, Multipart("report", [Part("text/plain", human, "quoted-printable"),
                                        Part("message/disposition-notification", fields, "7bit", charset=None)],
                             params="; report-type=disposition-notification"))


@R.sample("Party committee's công văn (Đảng ủy) to Party cells, 'Số 215-CV/ĐU', sent from an agency mailbox",
          NOT_OFFICIAL,
          "Party 'CV' numbering with hyphen, 'V/v' line; sent from the Sở's mailbox; cites the Sở's own 02/QC-SNV")
def _():
    body = two_col(["ĐẢNG BỘ UBND THÀNH PHỐ CẦN THƠ", "ĐẢNG ỦY SỞ NỘI VỤ", "*", "Số 215-CV/ĐU", "V/v kiểm điểm cuối quý"],
                   ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "", "Cần Thơ, ngày 02 tháng 4 năm 2027"]) + [
        "", "Kính gửi: Các chi bộ trực thuộc", "", "Đề nghị các chi bộ tổ chức kiểm điểm quý I, gắn với việc thực hiện Quy chế số 02/QC-SNV.",
        "", "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Hoàng Nam"]
    h = H("zimbra", CT_SNV, [("Các chi bộ Sở Nội vụ", "chibo.snv@cantho.gov.vn")], "CV 215-CV/ĐU kiểm điểm cuối quý", d(4, 2, 14, 0), "n028")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("cooperative's numbered report to a commune (Hợp tác xã), full ND30-like form",
          NOT_OFFICIAL,
          "'Số: 05/BC-HTX', 'BÁO CÁO' and 'Kính gửi: UBND xã Ba Tri'; a cooperative is an economic organisation, not an agency (DOUBT: ND30 does not name cooperatives; the label follows the corpus-issuer rule for non-state organisations)")
def _():
    body = two_col(["HTX DỪA XIÊM BA TRI", "", "Số: 05/BC-HTX"], [NATIONAL, MOTTO, "", "Ba Tri, ngày 04 tháng 4 năm 2027"]) + [
        "", "BÁO CÁO", "Tình hình sản xuất, tiêu thụ dừa quý I/2027", "", "Kính gửi: UBND xã Ba Tri", "",
        "Sản lượng 1,84 triệu trái, giá bình quân 95.000 đồng/chục; 212 thành viên.", "", "GIÁM ĐỐC", "Trần Văn Út"]
    h = H("gmail", ("HTX Dừa Xiêm Ba Tri", "htxduaxiembatri@gmail.com"), VL_XA, "Báo cáo số 05/BC-HTX quý I/2027", d(4, 4, 9, 0), "n029")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("reply-chat about a scan: 'số 63 hay 68?' with a phone photo of the number",
          NOT_OFFICIAL,
          "asks about 'KH 63/KH-UBND hay 68/KH-UBND'; JPG attachment; no document is transmitted")
def _():
    body = ["Chị Diễm ơi, bản scan bị mờ, số kế hoạch là 63/KH-UBND hay 68/KH-UBND vậy chị? Em chụp lại đoạn đầu gửi chị xem.", "", "Hiếu"]
    h = H("gmail", ("Trịnh Văn Hiếu - Sở NN&MT", "tvhieu.snnmt@camau.gov.vn"), DIEM, "Re: KH ung pho trieu cuong", d(3, 6, 8, 10), "n030",
          in_reply_to="<CAJ1234ABCD5678EF90AB+cd12ef34ab56@mail.gmail.com>")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(photo("n030"), "IMG_20270306_0805.jpg", "image/jpeg")))


@R.sample("staff's own leave application ('Đơn xin nghỉ phép') e-mailed to the head of division",
          NOT_OFFICIAL,
          "an application, not the issued Giấy nghỉ phép (compare 15/GNP-STC); dates and destination")
def _():
    body = [NATIONAL, MOTTO, "", "ĐƠN XIN NGHỈ PHÉP", "", "Kính gửi: Giám đốc Sở Tài chính TP.HCM",
            "Tôi là Trần Mỹ Linh, chuyên viên Phòng Quản lý giá. Tôi xin nghỉ phép năm từ 12/4 đến 18/4/2027 để đi Singapore.",
            "Trân trọng.", "Người làm đơn", "Trần Mỹ Linh"]
    h = H("outlook", ("Trần Mỹ Linh", "tmlinh.stc@tphcm.gov.vn"), ("Phòng TC-HC Sở Tài chính", "tchc.stc@tphcm.gov.vn"),
          "Đơn xin nghỉ phép", d(3, 25, 15, 0), "n031")
    return mail(h, outlook_alt(body))


@R.sample("provincial portal's automated list 'Văn bản mới ban hành tuần 13' with links",
          NOT_OFFICIAL,
          "five documents with numbers and links, from the portal's no-reply address; a digest")
def _():
    body = ["CỔNG THÔNG TIN ĐIỆN TỬ TỈNH AN GIANG - VĂN BẢN MỚI TUẦN 13/2027", "",
            "- 09/2027/QĐ-UBND: Quy định quản lý cát, sỏi lòng sông (https://angiang.gov.vn/vb/9021)",
            "- 147/BC-SNNMT: Sản xuất lúa Đông Xuân (https://angiang.gov.vn/vb/9018)",
            "- 08/ĐA-UBND: Du lịch biển đảo Phú Quốc (https://angiang.gov.vn/vb/9015)",
            "- 22/KH-UBND: Sản xuất vụ Hè Thu", "- 1120/UBND-KT: Kè Vàm Nao", "", "Bạn nhận thư này vì đã đăng ký nhận tin."]
    h = H("system", ("Cổng TTĐT An Giang", "noreply@angiang.gov.vn"), TUNG, "Văn bản mới ban hành tuần 13/2027", d(4, 4, 6, 0), "n032")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("internal Outlook chat-like thread on a Tờ trình proposing a Nghị quyết, quoting both numbers",
          NOT_OFFICIAL,
          "'TTr 94 trình NQ mức chi, số NQ để trống /2027/NQ-HĐND' — talk about documents, none sent")
def _():
    body = ["Ngọc ơi,", "Tờ trình 94/TTr-UBND trình NQ mức chi chuyển đổi số, dự thảo NQ số để trống /2027/NQ-HĐND đúng không em?",
            "Chị cần số để ghi vào báo cáo thẩm tra.", "", "Chị Hương - Ban Pháp chế HĐND"]
    h = H("outlook", ("Phạm Thu Hương", "pthuong.hdnd@cantho.gov.vn"), NGOC, "hỏi về TTr 94 và NQ mức chi", d(3, 13, 9, 0), "n033")
    return mail(h, outlook_alt(body))


@R.sample("mail-system password expiry notice in Vietnamese with 'khẩn' in the subject",
          NOT_OFFICIAL,
          "'[Khẩn] Mật khẩu hộp thư sẽ hết hạn sau 3 ngày' — 'mật khẩu' and 'khẩn' words, system notice")
def _():
    body = ["Mật khẩu hộp thư công vụ của bạn sẽ hết hạn sau 3 ngày (14/4/2027).", "Đổi mật khẩu tại https://mail.vinhlong.gov.vn/account.",
            "", "Trung tâm Chuyển đổi số tỉnh Vĩnh Long"]
    h = H("system", ("Quản trị thư công vụ", "postmaster@vinhlong.gov.vn"), KHOA, "[Khẩn] Mật khẩu hộp thư sẽ hết hạn sau 3 ngày",
          d(4, 11, 7, 0), "n034")
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("university's (public) faculty sends a private partner company's seminar invitation on its behalf",
          NOT_OFFICIAL,
          "'Thư mời hội thảo' of a company co-hosted with a university lab, 'Số: 07/2027/TM-AGRITECH'; cites Quyết định 702/QĐ-BKHCN; the inviter is the company (DOUBT: a public university is an đơn vị sự nghiệp; here it only forwards the company's letter)")
def _():
    body = ["Kính gửi Quý Sở,", "", "Phòng thí nghiệm Công nghệ sinh học (Trường Đại học Cần Thơ) chuyển Thư mời của đối tác:", "",
            "CÔNG TY CP AGRITECH MIỀN TÂY", "Số: 07/2027/TM-AGRITECH", "THƯ MỜI HỘI THẢO",
            "Ứng dụng cảm biến độ mặn (nhiệm vụ thuộc Danh mục tại Quyết định 702/QĐ-BKHCN), 8g00 ngày 20/4/2027, Hội trường Rùa.",
            "Trân trọng kính mời.", "", "Nguyễn Hữu Tâm - PTN CNSH"]
    h = H("gmail", ("Nguyễn Hữu Tâm", "nhtam@ctu.edu.vn"), [("Sở KH&CN Cần Thơ", "skhcn@cantho.gov.vn")],
          "Thư mời hội thảo cảm biến độ mặn", d(4, 9, 11, 0), "n035")
    return mail(h, plain(txt(body), "8bit"))
