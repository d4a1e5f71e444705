"""A held-out sample: mail written by other hands than the ones the recogniser was tuned on.

Not one class of trap but everything at once, as an agency's mailbox receives it in a month:
full texts laid out three ways (a Word table in HTML, two flattened columns, plain lines),
cover notes with PDF/DOCX named every which way, subjects with prefixes, unaccented and NFD
text, every transfer encoding, RFC 2047/2231, forwards as message/rfc822 and inline (Outlook
and gmail blocks), replies that add a document, and about thirty messages that carry none
(Party, union, company, association and citizens' papers, drafts, reminders, digests,
acknowledgements, auto-replies, newsletters, phishing, a meeting request, a read receipt,
delivery-failure reports, chats that quote numbers). Agencies are real kinds of institution
after the 2025 reorganisation (34 provinces, communes and wards under the province, merged
ministries); every person, number and content is invented.
"""

from common import (DOCX, MOTTO, NATIONAL, NOT_OFFICIAL, Registry, alternative, attach, headers,
                    html, mail, mixed, official, outlook_alt, plain, two_col)
from mime import (Multipart, Part, Rfc822, date, docx, html_escape, msgid, nfd, pdf_scan, photo,
                  simple_html, word_b, xlsx_free_zip)

R = Registry(
    "corpus-heldout",
    "Held-out sample: mail the recogniser was not tuned on",
    """
Eighty-two messages written after the recogniser passed every other corpus, by someone who
did not read its code: a month of an agency mailbox in all the styles above, labelled by the
rules of `../corpus/README.md` alone. It measures how the recogniser does on mail it has never
seen; a mismatch here is a finding, not a sample to special-case. Where a convention is
unclear the trap column says so.
""")


# ---------------------------------------------------------------- helpers


def nd30_html(left, right, paras, stamp=None, font="Times New Roman"):
    """A full text as Word pastes it into Outlook/Zimbra: the ND30 header as a borderless
    two-column table (issuer and number left, national motto and place/date right), then the
    paragraphs. stamp puts a bordered box (KHẨN, MẬT…) under the number cell."""
    def cell(lines):
        return "<br>\n".join(
            ("<b>%s</b>" % html_escape(t[2:])) if t.startswith("**") else
            ("<i>%s</i>" % html_escape(t[2:])) if t.startswith("__") else html_escape(t)
            for t in lines)
    rows = ['<table border="0" cellspacing="0" cellpadding="0" width="640" style="border-collapse:collapse">',
            '<tr><td width="260" valign="top" style="padding:0 5pt"><p align="center" style="text-align:center">%s</p></td>'
            '<td width="380" valign="top" style="padding:0 5pt"><p align="center" style="text-align:center">%s</p></td></tr>'
            % (cell(left), cell(right))]
    if stamp:
        rows.append('<tr><td valign="top" style="padding:4pt 5pt"><p align="center"><span style="border:solid black 1.5pt;padding:1pt 6pt">'
                    '<b>%s</b></span></p></td><td></td></tr>' % html_escape(stamp))
    rows.append("</table>")
    body = []
    for p in paras:
        if p == "":
            body.append("<p>&nbsp;</p>")
        elif p.startswith("**"):
            body.append('<p align="center" style="text-align:center"><b>%s</b></p>' % html_escape(p[2:]))
        else:
            body.append('<p style="text-align:justify;text-indent:36pt">%s</p>' % html_escape(p))
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n'
            '<body style="font-family:\'%s\',serif;font-size:13pt">\n%s\n%s\n</body></html>\n'
            % (font, "\n".join(rows), "\n".join(body)))


def flat_text(left, right, paras, width=46):
    """The same full text as its text/plain alternative: two columns flattened."""
    strip = [t[2:] if t[:2] in ("**", "__") else t for t in left]
    rstrip = [t[2:] if t[:2] in ("**", "__") else t for t in right]
    return "\n".join(two_col(strip, rstrip, width) + [""] + [p[2:] if p.startswith("**") else p for p in paras]) + "\n"


def outlook_fwd(frm, sent, to, subject, cc=None, vi=False):
    """The header block Outlook puts above a forwarded or replied message."""
    if vi:
        lines = ["Từ: " + frm, "Đã gửi: " + sent, "Đến: " + to]
        if cc:
            lines.append("Cc: " + cc)
        lines.append("Chủ đề: " + subject)
    else:
        lines = ["From: " + frm, "Sent: " + sent, "To: " + to]
        if cc:
            lines.append("Cc: " + cc)
        lines.append("Subject: " + subject)
    return ["________________________________"] + lines + [""]


def gmail_fwd(frm, when, subject, to):
    return ["---------- Forwarded message ---------", "From: " + frm, "Date: " + when,
            "Subject: " + subject, "To: " + to, ""]


def ds_fields(mta, arrival, recipient, status, diag, remote=None):
    """A message/delivery-status body (RFC 3464 2.2 and 2.3): per-message then per-recipient."""
    per_msg = "Reporting-MTA: dns; %s\nArrival-Date: %s\n" % (mta, arrival)
    per_rcpt = ("Final-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\nAction: failed\n"
                "Status: %s\n" % (recipient, recipient, status))
    if remote:
        per_rcpt += "Remote-MTA: dns; %s\n" % remote
    per_rcpt += "Diagnostic-Code: smtp; %s\n" % diag
    return per_msg + "\n" + per_rcpt


def report(parts, kind):
    return Multipart("report", parts, params="; report-type=" + kind)


NOTIF_FOOT = "\n--\nThư được gửi tự động từ hệ thống, vui lòng không trả lời thư này.\n"


# ---------------------------------------------------------------- official, full texts


@R.sample("Zimbra text+HTML, full text of a normative decision; the header is a Word table in the HTML and two flattened columns in the text (Tây Ninh)",
          official("quyet-dinh", "07/2026/QĐ-UBND"),
          "year in the number; subject 'Gửi QĐ số 07/2026' without the symbol; the decision issues a 'Quy định' and replaces '31/2022/QĐ-UBND' of Long An; cites '72/2025/QH15'")
def _():
    left = ["**ỦY BAN NHÂN DÂN", "**TỈNH TÂY NINH", "", "Số: 07/2026/QĐ-UBND"]
    right = ["**" + NATIONAL, "**" + MOTTO, "", "__Tây Ninh, ngày 04 tháng 01 năm 2027"]
    paras = ["**QUYẾT ĐỊNH",
             "**Ban hành Quy định giá dịch vụ thu gom, vận chuyển chất thải rắn sinh hoạt trên địa bàn tỉnh Tây Ninh",
             "**ỦY BAN NHÂN DÂN TỈNH TÂY NINH",
             "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
             "Căn cứ Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020;",
             "Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường tại Tờ trình số 611/TTr-SNNMT ngày 22 tháng 12 năm 2026.",
             "**QUYẾT ĐỊNH:",
             "Điều 1. Ban hành kèm theo Quyết định này Quy định giá dịch vụ thu gom, vận chuyển chất thải rắn sinh hoạt: hộ gia đình ở phường 38.000 đồng/tháng, ở xã 25.000 đồng/tháng; hộ kinh doanh từ 90.000 đến 450.000 đồng/tháng.",
             "Điều 2. Quyết định có hiệu lực từ ngày 15 tháng 01 năm 2027 và thay thế Quyết định số 31/2022/QĐ-UBND của UBND tỉnh Long An (trước hợp nhất).",
             "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở, Chủ tịch UBND các xã, phường chịu trách nhiệm thi hành Quyết định này.",
             "", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Hồng Thanh (đã ký)"]
    note = ["Văn phòng UBND tỉnh gửi Quyết định ban hành Quy định giá dịch vụ thu gom rác (bản điện tử).", ""]
    text = "\n".join(note) + flat_text(left, right, paras)
    markup = nd30_html(left, right, paras).replace("<body style", "<body><p>%s</p>\n<div style" % html_escape(note[0]), 1).replace("</body>", "</div></body>")
    h = headers("zimbra", ("Văn thư Văn phòng UBND tỉnh", "vanthu.vpub@tayninh.gov.vn"),
                [("Sở Nông nghiệp và Môi trường", "snnmt@tayninh.gov.vn"), ("UBND các xã, phường", "xaphuong@tayninh.gov.vn")],
                "Gửi QĐ số 07/2026 ban hành quy định giá dịch vụ thu gom rác", date(2027, 1, 4, 16, 40),
                enc="q", seed="h1")
    return mail(h, alternative(text, markup))


@R.sample("gmail cover note of a commune clerk + PDF named 'NQ_18_HDND_signed.pdf' (Lai Châu)",
          official("nghi-quyet", "18/NQ-HĐND"),
          "file name unaccented 'HDND' while the cover writes '18/NQ-HĐND'; budget figures '42.615 triệu đồng'; subject says only 'NQ dự toán'")
def _():
    text = ("Kính gửi: Sở Tài chính tỉnh Lai Châu\n\n"
            "Văn phòng HĐND và UBND xã Tà Tổng gửi Nghị quyết số 18/NQ-HĐND ngày 10/12/2026 của "
            "Hội đồng nhân dân xã về dự toán thu, chi ngân sách xã năm 2027 (tổng chi 42.615 triệu đồng).\n\n"
            "Trân trọng./.\n\nLò Thị Pằng - văn thư xã Tà Tổng\nSĐT 0913.204.577\n")
    h = headers("gmail", ("Văn phòng xã Tà Tổng", "vanphong.xatatong@gmail.com"),
                ("Sở Tài chính Lai Châu", "stc@laichau.gov.vn"), "Gửi NQ dự toán NS 2027 xã Tà Tổng",
                date(2026, 12, 12, 10, 3), seed="h2")
    return mail(h, mixed(alternative(text, simple_html(text.split("\n")), "base64"),
                         attach(pdf_scan("h2"), "NQ_18_HDND_signed.pdf")))


@R.sample("Outlook HTML only, full text of a directive with the header as a Word table (Hải Phòng)",
          official("chi-thi", "11/CT-UBND"),
          "no text/plain part; the number is in a table cell; 'khẩn trương' and 'cấp bách' in prose; cites 'Chỉ thị số 45/CT-TTg'")
def _():
    left = ["**ỦY BAN NHÂN DÂN", "**THÀNH PHỐ HẢI PHÒNG", "", "Số: 11/CT-UBND"]
    right = ["**" + NATIONAL, "**" + MOTTO, "", "__Hải Phòng, ngày 18 tháng 12 năm 2026"]
    paras = ["**CHỈ THỊ", "**Về tăng cường quản lý hoạt động khai thác cát, sỏi lòng sông",
             "Thời gian qua, tình trạng khai thác cát trái phép trên sông Thái Bình, sông Kinh Thầy vẫn diễn biến phức tạp, gây sạt lở bờ sông tại nhiều xã.",
             "Thực hiện Chỉ thị số 45/CT-TTg của Thủ tướng Chính phủ, Chủ tịch UBND thành phố yêu cầu:",
             "1. Chủ tịch UBND các xã, phường ven sông khẩn trương rà soát các bến bãi tập kết cát, xử lý dứt điểm các bến không phép trước ngày 31/01/2027.",
             "2. Công an thành phố chủ trì tuần tra trên sông, xử lý nghiêm các phương tiện vi phạm; đây là nhiệm vụ cấp bách.",
             "3. Sở Nông nghiệp và Môi trường cập nhật số liệu trữ lượng các mỏ cát đã cấp phép (14 mỏ, 2,1 triệu m3).",
             "", "CHỦ TỊCH", "Lê Văn Quân"]
    h = headers("outlook", ("Văn phòng UBND thành phố", "vanthu@haiphong.gov.vn"),
                ("Các sở, ngành; UBND các xã, phường", "donvi@haiphong.gov.vn"),
                "Chỉ thị về tăng cường quản lý khai thác cát, sỏi lòng sông", date(2026, 12, 18, 15, 2),
                seed="h3")
    return mail(h, html(nd30_html(left, right, paras), "quoted-printable"))


@R.sample("Thunderbird plain text in NFD, full text of a ward plan with the header as plain lines (TP Hồ Chí Minh)",
          official("ke-hoach", "214/KH-UBND"),
          "whole text decomposed (NFD) including 'Số: 214/KH-UBND'; header lines one under the other, not in columns; many dates and counts")
def _():
    lines = ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN THÀNH", "Số: 214/KH-UBND", "",
             NATIONAL, MOTTO, "Phường Bến Thành, ngày 09 tháng 12 năm 2026", "",
             "KẾ HOẠCH", "Tổ chức các hoạt động chào mừng năm mới 2027 trên địa bàn phường", "",
             "I. MỤC ĐÍCH, YÊU CẦU",
             "Bảo đảm an ninh trật tự, an toàn giao thông tại khu vực trung tâm; phục vụ khoảng 120.000 lượt khách.", "",
             "II. NỘI DUNG",
             "1. Trang trí đường hoa tại 03 tuyến đường từ ngày 25/12/2026 đến 05/01/2027.",
             "2. Tổ chức đêm nhạc đón giao thừa lúc 21 giờ 00 ngày 31/12/2026.",
             "3. Phân luồng giao thông: cấm xe từ 19 giờ đến 01 giờ sáng.", "",
             "III. TỔ CHỨC THỰC HIỆN",
             "Công an phường chủ trì phương án bảo đảm an ninh; Văn phòng HĐND và UBND phường tổng hợp, báo cáo kết quả trước ngày 08/01/2027.", "",
             "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trương Minh Nhựt"]
    text = nfd("Kính gửi các đơn vị,\n\nUBND phường gửi kế hoạch, đề nghị các đơn vị triển khai.\n\n" + "\n".join(lines) + "\n")
    h = headers("thunderbird", ("UBND phuong Ben Thanh", "ubnd.benthanh@tphcm.gov.vn"),
                ("Các đơn vị phối hợp", "phoihop.benthanh@tphcm.gov.vn"),
                nfd("Kế hoạch tổ chức hoạt động chào mừng năm mới 2027"), date(2026, 12, 9, 11, 20),
                seed="h4")
    return mail(h, plain(text, "quoted-printable", flowed=True))


@R.sample("Roundcube, unaccented ASCII full text of a công văn of a ministry, header as plain lines, 7bit",
          official("cong-van", "5120/BNV-CCVC"),
          "no diacritics anywhere ('So: 5120/BNV-CCVC', 'V/v'); the ministry after the 2025 merger (Bo Noi vu); cites '170/2025/ND-CP'; staff counts")
def _():
    text = ("BO NOI VU\n"
            "So: 5120/BNV-CCVC\n"
            "V/v huong dan danh gia, xep loai cong chuc nam 2026\n\n"
            "CONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc\n\n"
            "Ha Noi, ngay 07 thang 12 nam 2026\n\n"
            "Kinh gui:\n- Cac Bo, co quan ngang Bo;\n- UBND cac tinh, thanh pho truc thuoc Trung uong.\n\n"
            "Thuc hien Nghi dinh so 335/2025/ND-CP, Bo Noi vu de nghi cac co quan, don vi to chuc "
            "danh gia, xep loai chat luong cong chuc nam 2026 theo cac tieu chi luong hoa; ty le "
            "cong chuc xep loai 'Hoan thanh xuat sac nhiem vu' khong qua 20% so duoc xep loai "
            "'Hoan thanh tot nhiem vu'.\n\n"
            "Ket qua gui ve Bo Noi vu (Cuc Cong chuc, vien chuc) truoc ngay 15/02/2027.\n\n"
            "KT. BO TRUONG\nTHU TRUONG\nVu Dang Minh\n")
    h = headers("roundcube", ("Bo Noi vu", "vanthu@moha.gov.vn"), ("", "snv@thanhhoa.gov.vn"),
                "V/v huong dan danh gia, xep loai cong chuc nam 2026", date(2026, 12, 7, 17, 30),
                seed="h5")
    return mail(h, plain(text, "7bit"))


@R.sample("Zimbra plain 8bit, full text of a notice of a regional court, two flattened columns (Cần Thơ)",
          official("thong-bao", "45/TB-TA"),
          "issuer is a court (Tòa án nhân dân khu vực 2); case numbers '12/2026/DS-ST' and hearing room numbers look like document numbers; two columns flattened with spaces")
def _():
    left = ["TÒA ÁN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ", "TÒA ÁN NHÂN DÂN KHU VỰC 2", "", "Số: 45/TB-TA"]
    right = [NATIONAL, MOTTO, "", "Cần Thơ, ngày 02 tháng 12 năm 2026"]
    paras = ["THÔNG BÁO", "Lịch tiếp công dân và lịch xét xử tháng 12 năm 2026", "",
             "1. Tiếp công dân: thứ Ba và thứ Năm hằng tuần, tại Phòng tiếp công dân số 1.",
             "2. Lịch xét xử các vụ án dân sự: vụ án số 12/2026/DS-ST ngày 14/12; vụ án số 19/2026/DS-ST ngày 16/12, phòng xử án số 3.",
             "3. Công dân liên hệ số điện thoại 0292.3812.664 trong giờ hành chính.", "",
             "CHÁNH ÁN", "Đặng Thị Kim Loan"]
    text = "\n".join(two_col(left, right, 46)) + "\n\n" + "\n".join(paras) + "\n"
    h = headers("zimbra", ("TAND khu vực 2 Cần Thơ", "tandkv2@cantho.toaan.gov.vn"),
                ("Văn phòng UBND phường", "vanphong.phuongtanan@cantho.gov.vn"),
                "Thông báo lịch tiếp công dân, lịch xét xử tháng 12/2026", date(2026, 12, 2, 8, 5),
                seed="h6")
    return mail(h, plain(text, "8bit"))


@R.sample("HTML+text gmail-style, full text of a press release of a city People's Council (Đà Nẵng)",
          official("thong-cao", "03/TC-HĐND"),
          "issuer HĐND with Đ; 'Kỳ họp thứ 6' and counts of resolutions (19 nghị quyết) look like numbers; press wording")
def _():
    left = ["**HỘI ĐỒNG NHÂN DÂN", "**THÀNH PHỐ ĐÀ NẴNG", "", "Số: 03/TC-HĐND"]
    right = ["**" + NATIONAL, "**" + MOTTO, "", "__Đà Nẵng, ngày 11 tháng 12 năm 2026"]
    paras = ["**THÔNG CÁO BÁO CHÍ", "**Kết quả Kỳ họp thứ 6, Hội đồng nhân dân thành phố khóa X",
             "Sau 03 ngày làm việc khẩn trương, nghiêm túc, Kỳ họp thứ 6 HĐND thành phố đã hoàn thành toàn bộ chương trình đề ra.",
             "Kỳ họp đã thông qua 19 nghị quyết, trong đó có nghị quyết về dự toán ngân sách năm 2027 với tổng thu 41.280 tỷ đồng và kế hoạch đầu tư công năm 2027.",
             "Các đại biểu đã chất vấn 04 nhóm vấn đề về ngập úng đô thị, quản lý đất đai sau hợp nhất và bảo tồn phố cổ Hội An.",
             "", "TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH", "Ngô Xuân Thắng"]
    h = headers("gmail", ("Văn phòng Đoàn ĐBQH và HĐND TP", "vpdbqhhdnd.danang@gmail.com"),
                ("Báo Đà Nẵng", "toasoan@baodanang.vn"), "Thông cáo báo chí kết quả Kỳ họp thứ 6",
                date(2026, 12, 11, 18, 12), seed="h7")
    return mail(h, alternative(flat_text(left, right, paras), nd30_html(left, right, paras, font="Arial"), "base64"))


@R.sample("Outlook HTML+text, full text of a guidance of a provincial police department with a two-group symbol (Nghệ An)",
          official("huong-dan", "17/HD-CAT-PC06"),
          "symbol 'HD-CAT-PC06' has a unit with digits after the agency; 'bảo mật' and 'mật khẩu' in prose about VNeID; HD is Hướng dẫn")
def _():
    paras = ["CÔNG AN TỈNH NGHỆ AN", "Số: 17/HD-CAT-PC06", "", NATIONAL, MOTTO,
             "Nghệ An, ngày 15 tháng 12 năm 2026", "",
             "**HƯỚNG DẪN", "**Thu thập, cập nhật dữ liệu dân cư cho công dân thường trú tại các xã sau sắp xếp",
             "1. Công an xã rà soát 100% hồ sơ cư trú, cập nhật địa chỉ theo tên xã mới.",
             "2. Hướng dẫn công dân đổi mật khẩu tài khoản định danh điện tử mức 2 và bảo mật thông tin cá nhân; không cung cấp mã OTP cho người khác.",
             "3. Thời hạn hoàn thành: trước ngày 20/01/2027; báo cáo kết quả về Phòng PC06.", "",
             "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đại tá Hồ Văn Tứ"]
    h = headers("outlook", ("Phòng PC06 Công an tỉnh", "pc06@congan.nghean.gov.vn"),
                ("Công an các xã, phường", "caxa@congan.nghean.gov.vn"),
                "Hướng dẫn thu thập, cập nhật dữ liệu dân cư", date(2026, 12, 15, 9, 44), seed="h8")
    return mail(h, outlook_alt(paras, cte="base64"))


@R.sample("Zimbra plain text, full text of a Tờ trình with an en dash in the number and 'V/v'-less title (Tuyên Quang)",
          official("to-trinh", "112/TTr-UBND"),
          "'Số: 112/TTr–UBND' with U+2013 from Word autocorrect; the Tờ trình proposes a Nghị quyết (cited as 'dự thảo'); hectares and household counts")
def _():
    text = "\n".join(two_col(["ỦY BAN NHÂN DÂN", "TỈNH TUYÊN QUANG", "", "Số: 112/TTr–UBND"],
                             [NATIONAL, MOTTO, "", "Tuyên Quang, ngày 24 tháng 11 năm 2026"], 44)) + (
        "\n\nTỜ TRÌNH\nDự thảo Nghị quyết quy định chính sách hỗ trợ trồng rừng gỗ lớn giai đoạn 2027 - 2030\n\n"
        "Kính gửi: Hội đồng nhân dân tỉnh Tuyên Quang.\n\n"
        "Ủy ban nhân dân tỉnh kính trình HĐND tỉnh xem xét, thông qua Nghị quyết quy định chính sách "
        "hỗ trợ trồng rừng gỗ lớn: mức hỗ trợ 8 triệu đồng/ha, quy mô dự kiến 12.500 ha, khoảng 4.300 hộ "
        "tham gia tại 41 xã vùng cao (bao gồm địa bàn tỉnh Hà Giang cũ).\n\n"
        "(Gửi kèm: dự thảo Nghị quyết; báo cáo thẩm định của Sở Tư pháp.)\n\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nHầu Văn Lý\n")
    h = headers("zimbra", ("Văn thư UBND tỉnh Tuyên Quang", "vanthu@tuyenquang.gov.vn"),
                ("Ban Kinh tế - Ngân sách HĐND tỉnh", "bankt.hdnd@tuyenquang.gov.vn"),
                "Tờ trình dự thảo NQ chính sách hỗ trợ trồng rừng gỗ lớn", date(2026, 11, 24, 14, 8),
                seed="h9")
    return mail(h, plain(text, "8bit"))


@R.sample("Outlook HTML+text, full text of a Công điện with a 'KHẨN' box under the number in the Word table (Quảng Ngãi)",
          official("cong-dien", "03/CĐ-UBND", urgency="khan"),
          "the mark is only a bordered box in a table cell and its text line; subject has no mark; wind 'cấp 9, giật cấp 11' and coordinates")
def _():
    left = ["**ỦY BAN NHÂN DÂN", "**TỈNH QUẢNG NGÃI", "", "Số: 03/CĐ-UBND"]
    right = ["**" + NATIONAL, "**" + MOTTO, "", "__Quảng Ngãi, ngày 27 tháng 11 năm 2026"]
    paras = ["**CÔNG ĐIỆN", "**Về việc chủ động ứng phó với bão số 15",
             "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:",
             "- Chủ tịch UBND các xã, phường, đặc khu Lý Sơn;",
             "- Giám đốc các Sở: Nông nghiệp và Môi trường, Xây dựng, Y tế;",
             "- Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh.",
             "Hồi 13 giờ ngày 27/11, vị trí tâm bão ở khoảng 14,2 độ Vĩ Bắc; 112,8 độ Kinh Đông; sức gió mạnh nhất cấp 9, giật cấp 11.",
             "1. Kêu gọi 100% tàu thuyền vào nơi tránh trú an toàn trước 17 giờ ngày 28/11.",
             "2. Sơ tán dân ở vùng trũng thấp, ven biển Bình Sơn, Đức Phổ.",
             "", "CHỦ TỊCH", "Trần Phước Hiền"]
    text = flat_text(left + ["", "KHẨN"], right, paras)
    h = headers("outlook", ("Văn thư UBND tỉnh", "vanthu@quangngai.gov.vn"),
                ("Ban CH PTDS tỉnh", "bchptds@quangngai.gov.vn"),
                "Công điện chủ động ứng phó bão số 15", date(2026, 11, 27, 14, 20), enc="q", seed="h10")
    return mail(h, alternative(text, nd30_html(left, right, paras, stamp="KHẨN")))


@R.sample("Outlook HTML+text, full text of a Giấy nghỉ phép with a year-less leading-zero number (Cần Thơ hospital)",
          official("giay-nghi-phep", "09/GNP-BVĐK"),
          "public hospital (Bệnh viện Đa khoa thành phố) with Đ in its code; leave abroad with flight dates; not mandatory")
def _():
    paras = ["SỞ Y TẾ THÀNH PHỐ CẦN THƠ", "BỆNH VIỆN ĐA KHOA THÀNH PHỐ", "Số: 09/GNP-BVĐK", "",
             NATIONAL, MOTTO, "Cần Thơ, ngày 14 tháng 12 năm 2026", "",
             "**GIẤY NGHỈ PHÉP", "",
             "Xét Đơn xin nghỉ phép ngày 08/12/2026 của bà Thạch Thị Sô Phia,",
             "Giám đốc Bệnh viện Đa khoa thành phố cấp giấy nghỉ phép cho:",
             "Bà Thạch Thị Sô Phia, chức vụ: Điều dưỡng trưởng Khoa Nội tim mạch.",
             "Thời gian nghỉ: 10 ngày, từ ngày 20/12/2026 đến hết ngày 29/12/2026.",
             "Nơi nghỉ: Phnôm Pênh, Vương quốc Campuchia (thăm thân nhân).", "",
             "GIÁM ĐỐC", "BS.CKII Lâm Văn Hậu"]
    h = headers("outlook", ("Phòng Tổ chức cán bộ - BVĐK TP", "tccb@bvdkcantho.vn"),
                ("Khoa Nội tim mạch", "noitm@bvdkcantho.vn"), "Giấy nghỉ phép bà Thạch Thị Sô Phia",
                date(2026, 12, 14, 10, 30), seed="h11")
    return mail(h, outlook_alt(paras))


# ---------------------------------------------------------------- official, cover notes


@R.sample("Roundcube cover + DOCX with an RFC 2231 Vietnamese name '…(04-QC-TTYT).docx' (Lâm Đồng)",
          official("quy-che", "04/QC-TTYT"),
          "issuer a public health centre (Trung tâm Y tế khu vực Bảo Lộc); the cover calls it 'quy chế chi tiêu nội bộ' in lower case; per-diem amounts look like numbers")
def _():
    text = ("Kính gửi các khoa, phòng và trạm y tế,\n\n"
            "Trung tâm gửi Quy chế chi tiêu nội bộ năm 2027 (số 04/QC-TTYT ngày 16/12/2026) đã được "
            "Hội nghị viên chức thông qua. Mức công tác phí: 200.000 đồng/ngày; khoán xăng xe 1.500.000 "
            "đồng/tháng. Các đơn vị phổ biến đến toàn thể viên chức.\n\n"
            "Phòng Tổ chức - Hành chính\nTrung tâm Y tế khu vực Bảo Lộc\n")
    d = docx(["SỞ Y TẾ TỈNH LÂM ĐỒNG", "TRUNG TÂM Y TẾ KHU VỰC BẢO LỘC", "Số: 04/QC-TTYT",
              NATIONAL, MOTTO, "**QUY CHẾ", "**Chi tiêu nội bộ năm 2027",
              "Chương I. QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh"])
    h = headers("roundcube", ("TCHC TTYT Bảo Lộc", "tchc.ttytbaoloc@lamdong.gov.vn"),
                ("Các khoa phòng", "khoaphong.ttytbaoloc@lamdong.gov.vn"),
                "Gửi quy chế chi tiêu nội bộ 2027", date(2026, 12, 16, 15, 45), seed="h12")
    return mail(h, mixed(plain(text, "quoted-printable"),
                         attach(d, "Quy chế chi tiêu nội bộ 2027 (04-QC-TTYT).docx", DOCX, "2231")))


@R.sample("Outlook, subject in capitals 'QUY ĐỊNH 05/QYĐ-SGDĐT …', PDF '05-QyD-SGDDT.pdf' (An Giang)",
          official("quy-dinh", "05/QyĐ-SGDĐT"),
          "'QYĐ' all in capitals in the subject (canonical QyĐ); the PDF name unaccented 'QyD' and 'SGDDT'; the cover writes '05/QyĐ-SGDĐT'")
def _():
    paras = ["Kính gửi: Hiệu trưởng các trường THPT, Giám đốc các trung tâm GDNN-GDTX.", "",
             "Sở Giáo dục và Đào tạo gửi Quy định số 05/QyĐ-SGDĐT ngày 10/12/2026 về dạy thêm, học thêm "
             "trên địa bàn tỉnh An Giang (thay thế các văn bản của tỉnh Kiên Giang cũ).", "",
             "Đề nghị các đơn vị niêm yết công khai trước ngày 20/12/2026.", "",
             "Văn phòng Sở GD&ĐT An Giang", "ĐT: 0296.3852.118"]
    h = headers("outlook", ("Văn phòng Sở GD&ĐT", "vanphong.sgddt@angiang.gov.vn"),
                ("Các trường THPT", "thpt@angiang.edu.vn"),
                "QUY ĐỊNH 05/QYĐ-SGDĐT VỀ DẠY THÊM, HỌC THÊM", date(2026, 12, 10, 16, 5), seed="h13")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h13"), "05-QyD-SGDDT.pdf")))


@R.sample("Outlook cover of a provincial tax office + PDF 'TB 1184 (ky so).pdf' (Khánh Hòa)",
          official("thong-bao", "1184/TB-TKH"),
          "tax office after the 2025 reform (Thuế tỉnh Khánh Hòa); tax codes 'MST 4201234567' and debt amounts; the file name has no symbol")
def _():
    paras = ["Kính gửi: UBND các xã, phường trên địa bàn tỉnh,", "",
             "Thuế tỉnh Khánh Hòa gửi Thông báo số 1184/TB-TKH ngày 03/12/2026 công khai danh sách 37 "
             "người nộp thuế nợ thuế, tiền phạt chậm nộp trên 90 ngày (tổng nợ 18,4 tỷ đồng), "
             "trong đó có Công ty TNHH Hải sản Bình Ba (MST 4201234567).", "",
             "Đề nghị UBND các xã, phường phối hợp đôn đốc.", "",
             "Trân trọng,", "Phòng Quản lý nợ và cưỡng chế nợ thuế", "Thuế tỉnh Khánh Hòa"]
    h = headers("outlook", ("Thuế tỉnh Khánh Hòa", "vanthu.khh@gdt.gov.vn"),
                ("UBND các xã, phường", "xaphuong@khanhhoa.gov.vn"),
                "Thông báo công khai người nộp thuế nợ thuế", date(2026, 12, 3, 9, 30), seed="h14")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h14"), "TB 1184 (ky so).pdf")))


@R.sample("gmail, ALL-CAPS unaccented subject 'CHUONG TRINH SO 09/CTR-BVHTTDL', unaccented body, PDF",
          official("chuong-trinh", "09/CTr-BVHTTDL"),
          "'CTR' in capitals and no diacritics (canonical CTr); ministry code BVHTTDL; the cover cites '57-NQ/TW' and the year '2026-2030'")
def _():
    text = ("Kinh gui cac Vu, Cuc truc thuoc Bo,\n\n"
            "Van phong Bo gui Chuong trinh so 09/CTr-BVHTTDL ngay 12/12/2026 cua Bo VHTTDL ve chuyen doi so "
            "trong linh vuc di san van hoa giai doan 2026-2030, thuc hien Nghi quyet 57-NQ/TW.\n\n"
            "De nghi cac don vi xay dung ke hoach chi tiet, gui ve Van phong Bo truoc 10/01/2027.\n\n"
            "Van thu Van phong Bo\n")
    h = headers("gmail", ("Van thu Bo VHTTDL", "vanthu.bvhttdl@gmail.com"),
                ("", "cacdonvi.bvhttdl@gmail.com"),
                "CHUONG TRINH SO 09/CTR-BVHTTDL CHUYEN DOI SO DI SAN", date(2026, 12, 12, 17, 1),
                seed="h15")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf_scan("h15"), "CTr09-BVHTTDL.pdf")))


@R.sample("document-system notification with 'Mức độ khẩn: Thượng khẩn' and 'Mức độ mật: Tối mật', ZIP attached (Quảng Trị military command)",
          official("ke-hoach", "48/KH-BCH", urgency="thuong-khan", secrecy="toi-mat"),
          "field names 'Mức độ khẩn'/'Mức độ mật' (not 'Độ khẩn'); 'mật khẩu giải nén' prose; secret -> not mandatory")
def _():
    text = ("HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH - BỘ CHQS TỈNH QUẢNG TRỊ\n\n"
            "Đồng chí có 01 văn bản đến cần xử lý:\n\n"
            "Số, ký hiệu: 48/KH-BCH\n"
            "Ngày văn bản: 05/12/2026\n"
            "Loại văn bản: Kế hoạch\n"
            "Trích yếu: Diễn tập khu vực phòng thủ cấp xã năm 2027\n"
            "Mức độ khẩn: Thượng khẩn\n"
            "Mức độ mật: Tối mật\n"
            "Người ký: Đại tá Lê Hữu Thạch\n\n"
            "Tệp đính kèm nén có mật khẩu; mật khẩu giải nén nhận trực tiếp tại Ban Tác chiến.\n"
            + NOTIF_FOOT)
    h = headers("system", ("QLVB Bo CHQS tinh", "qlvb@bchqs.quangtri.gov.vn"),
                ("Ban CHQS xã Vĩnh Linh", "bchqs.vinhlinh@quangtri.gov.vn"),
                "[QLVB] Văn bản đến: 48/KH-BCH", date(2026, 12, 5, 7, 50), seed="h16")
    return mail(h, mixed(plain(text, "base64"),
                         attach(xlsx_free_zip([("48-KH-BCH.pdf", pdf_scan("h16"))]), "48-KH-BCH.zip", "application/zip")))


@R.sample("Outlook cover with a 'HỎA TỐC' stamp line and '(Hỏa tốc)' subject + PDF '07-PA-BCH (ký số).pdf' (Cà Mau)",
          official("phuong-an", "07/PA-BCH", urgency="hoa-toc"),
          "mark both as subject prefix in parentheses and as a stamp line in capitals; RFC 2231 file name with 'ký số'; evacuation counts")
def _():
    paras = ["HỎA TỐC", "",
             "Kính gửi: Chủ tịch UBND các xã ven biển,", "",
             "Ban Chỉ huy Phòng thủ dân sự tỉnh gửi Phương án số 07/PA-BCH sơ tán dân khỏi vùng nguy hiểm do "
             "triều cường kết hợp gió chướng: dự kiến 2.860 hộ, 9.415 người tại 11 xã ven biển Tây.", "",
             "Đề nghị tổ chức thực hiện ngay khi có lệnh.", "",
             "Văn phòng thường trực BCH PTDS tỉnh Cà Mau"]
    h = headers("outlook", ("VP thường trực BCH PTDS", "vptt.ptds@camau.gov.vn"),
                ("UBND các xã ven biển", "xavenbien@camau.gov.vn"),
                "(Hỏa tốc) Phương án sơ tán dân vùng triều cường", date(2026, 11, 3, 21, 14),
                enc="q", seed="h17")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h17"), "07-PA-BCH (ký số).pdf", fname="2231")))


@R.sample("Zimbra cover, subject '[MẬT] PA bảo vệ …', a commune police plan, PDF (Đồng Nai)",
          official("phuong-an", "12/PA-CAX", secrecy="mat"),
          "'[MẬT]' subject tag only; 'mật khẩu mở file gửi qua Zalo' in prose; commune police (Công an xã) as issuer; secret -> not mandatory")
def _():
    text = ("Kính gửi đồng chí Chủ tịch UBND xã,\n\n"
            "Công an xã Tân Hiệp gửi Phương án số 12/PA-CAX bảo vệ an ninh, trật tự dịp Tết Nguyên đán "
            "Đinh Mùi 2027. File PDF có đặt mật khẩu, mật khẩu mở file em gửi qua Zalo.\n\n"
            "Thượng úy Nguyễn Văn Lộc\nCông an xã Tân Hiệp, tỉnh Đồng Nai\n")
    h = headers("zimbra", ("Công an xã Tân Hiệp", "caxa.tanhiep@congan.dongnai.gov.vn"),
                ("Chủ tịch UBND xã Tân Hiệp", "chutich.tanhiep@dongnai.gov.vn"),
                "[MẬT] PA bảo vệ ANTT dịp Tết Đinh Mùi 2027", date(2026, 12, 22, 10, 12), seed="h18")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("h18"), "PA12-CAX.pdf")))


@R.sample("Thunderbird cover + DOCX with an RFC 2231 continued name 'Đề án 02-ĐA-SKHCN …docx' (Hà Tĩnh)",
          official("de-an", "02/ĐA-SKHCN"),
          "ĐA (Đề án) only in the file name and the DOCX; cover says 'đề án' in lower case and cites 'Quyết định 1131/QĐ-TTg'")
def _():
    text = ("Kính gửi Văn phòng UBND tỉnh,\n\n"
            "Sở Khoa học và Công nghệ gửi đề án phát triển hạ tầng dữ liệu số tỉnh Hà Tĩnh đến năm 2030 "
            "(bản đã ký số) để trình UBND tỉnh. Đề án cụ thể hóa Quyết định 1131/QĐ-TTg của Thủ tướng.\n\n"
            "Trân trọng,\nPhòng Chuyển đổi số - Sở KH&CN Hà Tĩnh\n")
    d = docx(["UBND TỈNH HÀ TĨNH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 02/ĐA-SKHCN", NATIONAL, MOTTO,
              "**ĐỀ ÁN", "**Phát triển hạ tầng dữ liệu số tỉnh Hà Tĩnh đến năm 2030",
              "Tổng kinh phí dự kiến: 312 tỷ đồng."])
    h = headers("thunderbird", ("Phòng CĐS - Sở KH&CN", "cds.skhcn@hatinh.gov.vn"),
                ("Văn phòng UBND tỉnh", "vpubnd@hatinh.gov.vn"),
                "Đề án phát triển hạ tầng dữ liệu số đến 2030", date(2026, 12, 1, 14, 37), seed="h19")
    return mail(h, mixed(plain(text, "8bit", flowed=True),
                         attach(d, "Đề án 02-ĐA-SKHCN hạ tầng dữ liệu số (ký số).docx", DOCX, "2231cont")))


@R.sample("gmail, special zone (đặc khu) cover in lower case + PDF '14-DA-UBND dac khu Phu Quoc.pdf' (An Giang)",
          official("du-an", "14/DA-UBND"),
          "issuer UBND đặc khu Phú Quốc (a new kind of commune-level unit, 2025); number only as 'số 14' in the body and in the file name with dashes")
def _():
    text = ("chào anh chị phòng kinh tế sở,\n\n"
            "đặc khu gửi dự án số 14 về phục hồi rạn san hô khu vực Nam đảo (4 khu, 186 ha), kinh phí "
            "27,5 tỷ đồng. bản ký số trong file đính kèm ạ.\n\n"
            "Vân - VP HĐND&UBND đặc khu Phú Quốc\n")
    h = headers("gmail", ("VP dac khu Phu Quoc", "vanphong.dkphuquoc@gmail.com"),
                ("", "kinhte.snnmt@angiang.gov.vn"), "gửi dự án 14 phục hồi san hô",
                date(2026, 12, 8, 11, 2), seed="h20")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("h20"), "14-DA-UBND dac khu Phu Quoc.pdf")))


@R.sample("Outlook 'FW:' with an English Outlook header block quoting a procuracy's cover note, PDF re-attached (Đồng Nai)",
          official("bao-cao", "63/BC-VKSKV4"),
          "forwarder's line names no number; the number only in the quoted cover; symbol 'VKSKV4' ends in a digit; case counts")
def _():
    paras = ["Chị Thu xem giúp em báo cáo của VKS khu vực 4 nhé, có phần liên quan thi hành án của mình.", "",
             "Em Khoa", ""] + outlook_fwd(
        "Văn phòng VKSND khu vực 4 <vanphong.vkskv4@vks.dongnai.gov.vn>",
        "Wednesday, December 16, 2026 3:21 PM",
        "Chi cục THADS khu vực 4 <thads.kv4@moj.gov.vn>",
        "Báo cáo kết quả kiểm sát thi hành án dân sự năm 2026") + [
        "Kính gửi Chi cục Thi hành án dân sự khu vực 4,", "",
        "Viện KSND khu vực 4 gửi Báo cáo số 63/BC-VKSKV4 ngày 16/12/2026 kết quả kiểm sát thi hành án "
        "dân sự năm 2026: kiểm sát 1.214 việc, ban hành 06 kiến nghị.", "", "Trân trọng."]
    h = headers("outlook", ("Trần Đăng Khoa", "tdkhoa.thads@moj.gov.vn"),
                ("Lê Thị Minh Thu", "ltmthu.thads@moj.gov.vn"),
                "FW: Báo cáo kết quả kiểm sát thi hành án dân sự năm 2026", date(2026, 12, 17, 8, 3),
                seed="h21")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h21"), "BC63-VKSKV4.pdf")))


@R.sample("gmail '[KHẨN]' subject, unaccented body of a commune quick report (Lào Cai)",
          official("bao-cao", "09/BC-UBND", urgency="khan"),
          "'[KHẨN]' in accented capitals but the body typed without diacritics ('Bao cao nhanh so 09/BC-UBND'); damage counts and 'khan truong' in prose")
def _():
    text = ("Kinh gui: Ban Chi huy PCTT va TKCN tinh Lao Cai\n\n"
            "UBND xa Ban Ho gui Bao cao nhanh so 09/BC-UBND ngay 21/11/2026 ve thiet hai do mua lu:\n"
            "- 03 nha bi sap hoan toan, 17 nha bi ngap;\n"
            "- 42 ha lua, ngo bi vui lap;\n"
            "- Duong lien thon Ta Trung Ho sat lo 300 m.\n\n"
            "Xa dang khan truong di doi 26 ho ra khoi vung nguy hiem.\n\n"
            "Giang A Chu - Chu tich UBND xa\n")
    h = headers("gmail", ("UBND xa Ban Ho", "ubndxabanho@gmail.com"), ("", "bchpctt@laocai.gov.vn"),
                "[KHẨN] Báo cáo nhanh thiệt hại mưa lũ xã Bản Hồ", date(2026, 11, 21, 19, 44), seed="h22")
    return mail(h, mixed(plain(text, "7bit"), attach(photo("h22"), "IMG_4417.jpg", "image/jpeg")))


@R.sample("Zimbra 'Chuyển:' forward carrying the original as message/rfc822; a Biên bản of a Sở's inspection (Ninh Bình)",
          official("bien-ban", "16/BB-STP"),
          "Zimbra's Vietnamese forward prefix 'Chuyển:'; outer note is one line; number inside the attached message; not mandatory")
def _():
    inner_text = ("Kính gửi UBND xã Gia Viễn,\n\n"
                  "Sở Tư pháp gửi Biên bản số 16/BB-STP ngày 11/12/2026 làm việc với UBND xã về kiểm tra "
                  "công tác chứng thực và hộ tịch (kiểm tra 312 hồ sơ, phát hiện 9 hồ sơ thiếu thành phần).\n\n"
                  "Phòng Hành chính tư pháp - Sở Tư pháp Ninh Bình\n")
    inner = mail(headers("outlook", ("Phòng HCTP - Sở Tư pháp", "hctp.stp@ninhbinh.gov.vn"),
                         ("UBND xã Gia Viễn", "ubnd.giavien@ninhbinh.gov.vn"),
                         "Biên bản kiểm tra công tác chứng thực, hộ tịch", date(2026, 12, 11, 16, 0),
                         seed="h23in"),
                 mixed(plain(inner_text, "quoted-printable"), attach(pdf_scan("h23"), "BB16-STP.pdf")))
    h = headers("zimbra", ("Đinh Thị Huế", "dthue.giavien@ninhbinh.gov.vn"),
                ("Công chức Tư pháp - Hộ tịch", "tuphap.giavien@ninhbinh.gov.vn"),
                "Chuyển: Biên bản kiểm tra công tác chứng thực, hộ tịch", date(2026, 12, 12, 7, 31),
                seed="h23")
    return mail(h, mixed(plain("Chuyển bộ phận tư pháp khắc phục.\n", "8bit"), Rfc822(inner, "Bien ban kiem tra.eml")))


@R.sample("Outlook cover + PDF 'HD 11-2026 bao tri thang may.pdf'; a public hospital's maintenance contract (Quảng Ninh)",
          official("hop-dong", "11/2026/HĐ-BVBC"),
          "the file name's unaccented 'HD' is Hợp đồng (looks like Hướng dẫn); year in the number; company tax code and contract value; not mandatory")
def _():
    paras = ["Kính gửi Phòng Tài chính - Kế toán,", "",
             "Phòng Vật tư - Thiết bị gửi Hợp đồng số 11/2026/HĐ-BVBC ngày 01/12/2026 giữa Bệnh viện Bãi Cháy "
             "và Công ty TNHH Thang máy Hạ Long (MST 5701987654) về bảo trì 06 thang máy năm 2027, giá trị "
             "384.000.000 đồng, để làm thủ tục tạm ứng.", "",
             "Trân trọng,", "Phòng VT-TB Bệnh viện Bãi Cháy"]
    h = headers("outlook", ("Phòng VT-TB", "vttb@benhvienbaichay.vn"), ("Phòng TC-KT", "tckt@benhvienbaichay.vn"),
                "Hợp đồng bảo trì thang máy 2027", date(2026, 12, 2, 13, 50), seed="h24")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h24"), "HD 11-2026 bao tri thang may.pdf")))


@R.sample("Outlook cover (V/v subject) + PDF 'CV1408-HQKV11-NV-ky so.pdf' of a regional customs branch (Lạng Sơn)",
          official("cong-van", "1408/HQKV11-NV"),
          "issuer code with a Roman-numbered region written in digits 'HQKV11'; container and declaration numbers ('TK 106512345890', 'TCLU 4417320') look like document numbers")
def _():
    paras = ["Kính gửi: Các doanh nghiệp xuất nhập khẩu qua cửa khẩu Hữu Nghị,", "",
             "Chi cục Hải quan khu vực XI gửi Công văn số 1408/HQKV11-NV ngày 08/12/2026 về việc phân luồng "
             "hàng nông sản xuất khẩu mùa cao điểm. Các tờ khai (ví dụ TK 106512345890) và container "
             "(TCLU 4417320) đăng ký trước 16 giờ được thông quan trong ngày.", "",
             "Trân trọng./.", "Đội Nghiệp vụ - Chi cục Hải quan khu vực XI"]
    h = headers("outlook", ("Đội Nghiệp vụ HQ KV XI", "nghiepvu.hqkv11@customs.gov.vn"),
                ("Hiệp hội doanh nghiệp Lạng Sơn", "hiephoi.dn@langson.vn"),
                "V/v phân luồng hàng nông sản xuất khẩu mùa cao điểm", date(2026, 12, 8, 10, 20), seed="h25")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h25"), "CV1408-HQKV11-NV-ky so.pdf")))


@R.sample("gmail of a public lower-secondary school, unaccented, file 'QD_12_THCSNT_signed.pdf' (Hưng Yên)",
          official("quyet-dinh", "12/QĐ-THCSNT"),
          "the body says only 'quyet dinh so 12 ngay 5/12'; the full symbol is only in the file name 'QD_12_THCSNT' (type first, underscores, unaccented QD)")
def _():
    text = ("Kinh gui Phong Van hoa - Xa hoi xa,\n\n"
            "Truong THCS Nguyen Trai gui quyet dinh so 12 ngay 5/12 ve viec khen thuong hoc sinh dat giai "
            "hoc sinh gioi cap tinh (08 giai nhat, 15 giai nhi).\n\n"
            "Thay Hieu - Van thu truong\n")
    h = headers("gmail", ("THCS Nguyen Trai", "thcsnguyentrai.hy@gmail.com"), ("", "vhxh.xatienlu@hungyen.gov.vn"),
                "gui QD khen thuong HSG", date(2026, 12, 6, 9, 15), seed="h26")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf_scan("h26"), "QD_12_THCSNT_signed.pdf")))


@R.sample("Outlook 'RE:' reply with a Vietnamese Outlook quote block ('Từ:', 'Đã gửi:'); the reply sends the commune's own công văn (Huế)",
          official("cong-van", "156/UBND-ĐC"),
          "looks like an acknowledgement ('RE:' and a quoted request citing '2231/STC-QLCS'), but the reply carries its own number; unit code ĐC with Đ, unaccented 'DC' in the file name")
def _():
    paras = ["Kính gửi Sở Tài chính,", "",
             "UBND xã Phong Điền gửi Công văn số 156/UBND-ĐC ngày 19/12/2026 báo cáo kết quả rà soát đất công "
             "(23 thửa, 4,7 ha) theo đề nghị của Sở. Bản ký số đính kèm.", "",
             "Trân trọng,", "Hồ Thị Mến - công chức Địa chính xã", ""] + outlook_fwd(
        "Phòng Quản lý công sản - Sở Tài chính <qlcs.stc@hue.gov.vn>",
        "Thứ Hai, 14 tháng 12, 2026 8:40 SA", "UBND các xã, phường <xaphuong@hue.gov.vn>",
        "V/v rà soát, báo cáo quỹ đất công trên địa bàn", vi=True) + [
        "Thực hiện Công văn số 2231/STC-QLCS, đề nghị UBND các xã, phường rà soát quỹ đất công, "
        "báo cáo trước ngày 20/12/2026."]
    h = headers("outlook", ("UBND xã Phong Điền", "ubnd.phongdien@hue.gov.vn"),
                ("Phòng Quản lý công sản", "qlcs.stc@hue.gov.vn"),
                "RE: V/v rà soát, báo cáo quỹ đất công trên địa bàn", date(2026, 12, 19, 15, 12),
                seed="h27", in_reply_to=msgid("h27orig", "hue.gov.vn"))
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h27"), "156-UBND-DC.pdf")))


@R.sample("gmail inline forward ('---------- Forwarded message ---------') of the Prime Minister's công điện, 'HỎA TỐC' in the inner subject and text (Gia Lai)",
          official("cong-dien", "21/CĐ-TTg", urgency="hoa-toc"),
          "outer subject 'Fwd: HỎA TỐC - …'; the forwarder's note cites the province's own 'Kế hoạch 355/KH-UBND'; the document is the Prime Minister's")
def _():
    text = "\n".join([
        "Các đồng chí Chủ tịch xã nghiên cứu, triển khai ngay, kết hợp Kế hoạch 355/KH-UBND của tỉnh.", "",
        "Phan Văn Thuận - Văn phòng UBND tỉnh Gia Lai", ""] + gmail_fwd(
        "Văn thư Văn phòng Chính phủ <vanthu@chinhphu.vn>", "Th 6, 4 thg 12, 2026 vào lúc 22:05",
        "HỎA TỐC - Công điện 21/CĐ-TTg về ứng phó mưa lũ tại Nam Trung Bộ và Tây Nguyên",
        "UBND tỉnh Gia Lai <vanthu@gialai.gov.vn>") + [
        "HỎA TỐC", "",
        "CÔNG ĐIỆN", "Về tập trung ứng phó mưa lũ tại khu vực Nam Trung Bộ và Tây Nguyên", "",
        "THỦ TƯỚNG CHÍNH PHỦ điện: Chủ tịch UBND các tỉnh Gia Lai, Đắk Lắk, Khánh Hòa, Quảng Ngãi, Lâm Đồng.",
        "Lượng mưa 24 giờ qua phổ biến 200-400 mm, có nơi trên 600 mm; mực nước sông Kôn vượt báo động 3 là 0,8 m.",
        "Yêu cầu sơ tán ngay người dân khỏi khu vực nguy hiểm, bảo đảm an toàn hồ đập.", "",
        "Văn phòng Chính phủ gửi Công điện số 21/CĐ-TTg ngày 04/12/2026 (bản ký số đính kèm)."]) + "\n"
    h = headers("gmail", ("Phan Van Thuan", "phanvanthuan.vpub@gmail.com"),
                ("", "chutichxa.gialai@gmail.com"),
                "Fwd: HỎA TỐC - Công điện 21/CĐ-TTg về ứng phó mưa lũ tại Nam Trung Bộ và Tây Nguyên",
                date(2026, 12, 4, 22, 41), seed="h28")
    return mail(h, mixed(alternative(text, simple_html(text.split("\n"))),
                         attach(pdf_scan("h28"), "21-CĐ-TTg.pdf", fname="2231")))


@R.sample("Thunderbird, bilingual cover + PDF 'MOU_SVHTTDL_07_2026.pdf'; MoU with a Korean travel association (Khánh Hòa)",
          official("ban-ghi-nho", "07/BGN-SVHTTDL"),
          "English words 'Memorandum of Understanding'; the file name splits the number ('MOU_SVHTTDL_07_2026'); the partner is not a state body; not mandatory")
def _():
    text = ("Kính gửi Ban Giám đốc Sở / Dear partners,\n\n"
            "Phòng Quản lý du lịch gửi Bản ghi nhớ số 07/BGN-SVHTTDL ký ngày 28/11/2026 giữa Sở Văn hóa, "
            "Thể thao và Du lịch tỉnh Khánh Hòa và Hiệp hội Du lịch Busan về hợp tác xúc tiến du lịch "
            "giai đoạn 2027-2029 (Memorandum of Understanding, signed copy attached).\n\n"
            "Best regards / Trân trọng,\nNguyễn Thị Ngọc Hân\n")
    h = headers("thunderbird", ("Nguyen Thi Ngoc Han", "nnhan.svhttdl@khanhhoa.gov.vn"),
                [("Ban Giám đốc Sở", "bgd.svhttdl@khanhhoa.gov.vn"), ("Busan Tourism Association", "intl@busantour.or.kr")],
                "Bản ghi nhớ hợp tác du lịch Khánh Hòa - Busan / MoU on tourism cooperation",
                date(2026, 11, 30, 10, 0), seed="h29")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf_scan("h29"), "MOU_SVHTTDL_07_2026.pdf")))


@R.sample("Roundcube cover + PDF 'Ban thoa thuan so 02.pdf' between two communes (Lào Cai)",
          official("ban-thoa-thuan", "02/BTT-UBND"),
          "two issuers; the file name has the number without symbol; body 'Bản thỏa thuận số 02/BTT-UBND'; border-marker numbers 'mốc 92'")
def _():
    text = ("Kính gửi: Phòng Kinh tế xã Y Tý,\n\n"
            "UBND xã Bát Xát gửi Bản thỏa thuận số 02/BTT-UBND ngày 25/11/2026 giữa UBND xã Bát Xát và UBND xã "
            "Y Tý về phối hợp quản lý, bảo vệ rừng giáp ranh (khu vực từ mốc 92 đến mốc 98, 1.150 ha).\n\n"
            "Văn phòng HĐND và UBND xã Bát Xát\n")
    h = headers("roundcube", ("VP xa Bat Xat", "vanphong.batxat@laocai.gov.vn"), ("", "kinhte.yty@laocai.gov.vn"),
                "Bản thỏa thuận phối hợp bảo vệ rừng giáp ranh", date(2026, 11, 25, 16, 22), seed="h30")
    return mail(h, mixed(plain(text, "base64"), attach(pdf_scan("h30"), "Ban thoa thuan so 02.pdf")))


@R.sample("Zimbra, subject 'Gửi giấy UQ ký chứng từ', old spelling 'Giấy uỷ quyền', PDF 'GUQ so 15.pdf' (State Treasury region)",
          official("giay-uy-quyen", "15/GUQ-KBNN"),
          "'uỷ' with the old tone placement; subject abbreviates 'UQ'; bank account numbers and ID numbers in the text; the State Treasury is a state body")
def _():
    text = ("Kính gửi Phòng Kế toán nhà nước,\n\n"
            "Kho bạc Nhà nước khu vực VIII gửi Giấy uỷ quyền số 15/GUQ-KBNN ngày 07/12/2026: Giám đốc uỷ quyền "
            "cho bà Vũ Thị Lan (CCCD 037186004512), Phó Giám đốc, ký duyệt chứng từ chi ngân sách trên tài "
            "khoản 3713.1.1055123 từ ngày 07/12/2026 đến 31/12/2026.\n\n"
            "Văn phòng KBNN khu vực VIII\n")
    h = headers("zimbra", ("Văn phòng KBNN KV VIII", "vanphong.kbkv8@vst.gov.vn"),
                ("Phòng Kế toán nhà nước", "ktnn.kbkv8@vst.gov.vn"), "Gửi giấy UQ ký chứng từ",
                date(2026, 12, 7, 8, 20), seed="h31")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("h31"), "GUQ so 15.pdf")))


@R.sample("Zimbra cover + DOCX: an invitation of the provincial Inspectorate, whose own code is 'TTr' (Hưng Yên)",
          official("giay-moi", "27/GM-TTr"),
          "'27/GM-TTr': TTr here is the issuer (Thanh tra tỉnh), not Tờ trình; the DOCX name 'Giay moi hop 27.docx'; the meeting cites 'Kết luận thanh tra số 88/KL-TTr'")
def _():
    text = ("Kính mời các đồng chí dự họp theo Giấy mời số 27/GM-TTr ngày 15/12/2026 của Thanh tra tỉnh "
            "về công bố Kết luận thanh tra số 88/KL-TTr tại UBND xã Tiên Lữ.\n"
            "Thời gian: 14 giờ 00, thứ Sáu 18/12/2026. Địa điểm: Phòng họp tầng 3, Thanh tra tỉnh.\n\n"
            "Văn phòng Thanh tra tỉnh Hưng Yên\n")
    d = docx(["UBND TỈNH HƯNG YÊN", "THANH TRA TỈNH", "Số: 27/GM-TTr", NATIONAL, MOTTO,
              "**GIẤY MỜI", "Dự họp công bố Kết luận thanh tra"])
    h = headers("zimbra", ("Văn phòng Thanh tra tỉnh", "vanphong.ttr@hungyen.gov.vn"),
                ("UBND xã Tiên Lữ", "ubnd.tienlu@hungyen.gov.vn"), "Giấy mời họp công bố kết luận thanh tra",
                date(2026, 12, 15, 14, 2), seed="h32")
    return mail(h, mixed(plain(text, "8bit"), attach(d, "Giay moi hop 27.docx", DOCX)))


@R.sample("Outlook, Q-encoded subject 'Hỏa tốc - Giấy mời họp …', HTML+text cover + PDF (Đà Nẵng)",
          official("giay-moi", "488/GM-VP", urgency="hoa-toc"),
          "mark as a subject prefix with a dash; meeting ID '815 2026 1207' and times; 'Hội An' and 'Tam Kỳ' wards after the merger")
def _():
    paras = ["Kính gửi: Chủ tịch UBND các phường Hội An, Tam Kỳ, Điện Bàn,", "",
             "Văn phòng UBND thành phố gửi Giấy mời số 488/GM-VP: họp trực tuyến về phương án phòng chống "
             "ngập úng đô thị, lúc 07 giờ 30 ngày 08/12/2026.", "Mã cuộc họp: 815 2026 1207 - mật mã: 4412.", "",
             "Đề nghị các đồng chí dự đúng giờ.", "", "Văn thư VP UBND thành phố Đà Nẵng"]
    h = headers("outlook", ("Văn thư VP UBND TP", "vanthu.vpub@danang.gov.vn"),
                ("Chủ tịch các phường", "chutichphuong@danang.gov.vn"),
                "Hỏa tốc - Giấy mời họp trực tuyến phòng chống ngập úng", date(2026, 12, 7, 20, 30),
                enc="q", seed="h33")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h33"), "GM 488-VP.pdf")))


@R.sample("gmail, phone photo (JPG) of a ward police letter of introduction, number in the body only (Đà Nẵng)",
          official("giay-gioi-thieu", "52/GGT-CAP"),
          "issuer Công an phường; 'Giấy giới thiệu số 52/GGT-CAP' in a one-line note; plate number '43A-512.77' and phone numbers; not mandatory")
def _():
    text = ("Anh ơi em gửi ảnh Giấy giới thiệu số 52/GGT-CAP của Công an phường Hòa Khánh, giới thiệu đồng chí "
            "Thiếu úy Lê Văn Nhật đến làm việc về vụ va chạm xe 43A-512.77. Bản gốc đồng chí mang theo.\n"
            "SĐT: 0905 118 240\n")
    h = headers("gmail", ("Le Van Nhat", "levannhat.cap@gmail.com"), ("", "bquanly.kcnhoakhanh@danang.gov.vn"),
                "giấy giới thiệu CA phường", date(2026, 12, 9, 7, 12), seed="h34")
    return mail(h, mixed(plain(text, "8bit"), attach(photo("h34"), "20261209_071022.jpg", "image/jpeg")))


@R.sample("Outlook HTML+text cover + DOCX of a Phiếu gửi (Thái Nguyên), Outlook attachment order before the text",
          official("phieu-gui", "33/PG-VP"),
          "the cover calls it 'phiếu gửi' and lists 3 documents sent by post with their own numbers ('1022/QĐ-UBND', '415/UBND-KT'...)")
def _():
    paras = ["Kính gửi: Văn phòng UBND xã Chợ Mới,", "",
             "Văn phòng UBND tỉnh gửi Phiếu gửi số 33/PG-VP kèm bản giấy các văn bản sau (gửi qua bưu điện):",
             "- Quyết định số 1022/QĐ-UBND ngày 02/12/2026;", "- Công văn số 415/UBND-KT ngày 03/12/2026;",
             "- Bản đồ quy hoạch tỷ lệ 1/10.000 (02 tờ).", "",
             "Đề nghị đơn vị ký xác nhận vào phiếu và gửi lại trước ngày 12/12/2026.", "", "Phòng Hành chính - Tổ chức"]
    d = docx(["UBND TỈNH THÁI NGUYÊN", "VĂN PHÒNG", "Số: 33/PG-VP", "**PHIẾU GỬI",
              "Kính gửi: Văn phòng UBND xã Chợ Mới", "1. Quyết định số 1022/QĐ-UBND", "2. Công văn số 415/UBND-KT"])
    h = headers("outlook", ("Phòng HC-TC VP UBND tỉnh", "hctc.vpub@thainguyen.gov.vn"),
                ("Văn phòng UBND xã Chợ Mới", "vanphong.chomoi@thainguyen.gov.vn"),
                "Phiếu gửi văn bản (bản giấy qua bưu điện)", date(2026, 12, 4, 10, 10), seed="h35")
    return mail(h, mixed(attach(d, "Phieu gui 33.docx", DOCX), outlook_alt(paras)))


@R.sample("gmail-style unaccented subject 'Phieu chuyen don …', accented cover + PDF (Gia Lai citizen reception board)",
          official("phieu-chuyen", "118/PC-BTCD"),
          "the citizen's petition is only mentioned (name, CCCD, land parcel 'thửa số 214, tờ bản đồ 17'); the sent document is the Phiếu chuyển")
def _():
    text = ("Kính gửi: Chủ tịch UBND phường An Nhơn,\n\n"
            "Ban Tiếp công dân tỉnh gửi Phiếu chuyển đơn số 118/PC-BTCD ngày 10/12/2026, chuyển đơn kiến nghị "
            "của ông Đinh Văn Rớt (CCCD 052071003398) về tranh chấp ranh giới thửa số 214, tờ bản đồ 17 "
            "để xem xét, giải quyết theo thẩm quyền.\n\n"
            "Ban Tiếp công dân tỉnh Gia Lai\n")
    h = headers("roundcube", ("Ban Tiep cong dan tinh", "btcd@gialai.gov.vn"), ("", "ubnd.annhon@gialai.gov.vn"),
                "Phieu chuyen don kien nghi cua ong Dinh Van Rot", date(2026, 12, 10, 15, 0), seed="h36")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf_scan("h36"), "PC118-BTCD.pdf")))


@R.sample("Outlook HTML only, full text of a Phiếu báo with the header as a Word table (Hà Tĩnh)",
          official("phieu-bao", "07/PB-VP"),
          "no text/plain; leading-zero number in a table cell; cites 'Tờ trình số 402/TTr-SXD' whose number looks like the document's")
def _():
    left = ["**UBND TỈNH HÀ TĨNH", "**VĂN PHÒNG", "", "Số: 07/PB-VP"]
    right = ["**" + NATIONAL, "**" + MOTTO, "", "__Hà Tĩnh, ngày 26 tháng 11 năm 2026"]
    paras = ["**PHIẾU BÁO", "**Ý kiến của Phó Chủ tịch UBND tỉnh",
             "Kính gửi: Sở Xây dựng.",
             "Về Tờ trình số 402/TTr-SXD ngày 20/11/2026 của Sở Xây dựng đề nghị điều chỉnh giá vé xe buýt tuyến Hà Tĩnh - Kỳ Anh, Phó Chủ tịch UBND tỉnh Nguyễn Hồng Lĩnh có ý kiến: đồng ý về chủ trương; giao Sở Xây dựng lấy ý kiến Sở Tài chính trước khi trình.",
             "Văn phòng UBND tỉnh báo để Sở Xây dựng biết, thực hiện./.", "",
             "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Trần Quang Tuấn"]
    h = headers("outlook", ("Văn phòng UBND tỉnh Hà Tĩnh", "vpubnd@hatinh.gov.vn"),
                ("Sở Xây dựng", "sxd@hatinh.gov.vn"), "Phiếu báo ý kiến của Phó Chủ tịch UBND tỉnh",
                date(2026, 11, 26, 16, 45), seed="h37")
    return mail(h, html(nd30_html(left, right, paras), "base64"))


@R.sample("Zimbra HTML+text, a chairman's appeal letter without a number (Gia Lai)",
          official("thu-cong"),
          "'THƯ KÊU GỌI' under the issuer, no 'Số:' line; account numbers for donations; looks like a charity appeal; not mandatory. Label judgement: the Chairman's appeal letter is taken as a thư công (ND30's letter form signed as head of the agency), the README's examples being thanks and greetings")
def _():
    paras = ["**ỦY BAN NHÂN DÂN TỈNH GIA LAI", "**CHỦ TỊCH", "",
             "**THƯ KÊU GỌI", "**Ủng hộ đồng bào bị thiệt hại do mưa lũ cuối năm 2026",
             "Kính gửi: Cán bộ, công chức, viên chức, doanh nghiệp và Nhân dân trong và ngoài tỉnh,",
             "Đợt mưa lũ lịch sử từ ngày 02 đến 06/12/2026 đã làm 14 người chết, hơn 8.900 ngôi nhà bị ngập, thiệt hại ước 2.150 tỷ đồng.",
             "Tôi tha thiết kêu gọi các cơ quan, đơn vị, doanh nghiệp và mọi người dân chung tay giúp đỡ đồng bào sớm ổn định cuộc sống.",
             "Mọi sự ủng hộ xin gửi về Ban Vận động cứu trợ tỉnh, tài khoản 3761.0.1088321 tại Kho bạc Nhà nước khu vực XIV.",
             "", "Gia Lai, ngày 08 tháng 12 năm 2026", "CHỦ TỊCH", "Phạm Anh Tuấn"]
    text = "\n".join(p[2:] if p.startswith("**") else p for p in paras) + "\n"
    markup = ('<html><body><div style="font-family: \'Times New Roman\'; font-size: 14pt">\n' + "".join(
        ('<div style="text-align:center"><strong>%s</strong></div>\n' % html_escape(p[2:])) if p.startswith("**")
        else "<div>%s</div>\n" % (html_escape(p) or "<br>") for p in paras) + "</div></body></html>\n")
    h = headers("zimbra", ("Văn phòng UBND tỉnh Gia Lai", "vanthu@gialai.gov.vn"),
                ("Toàn thể CBCCVC", "toanthe@gialai.gov.vn"), "Thư kêu gọi ủng hộ đồng bào bị thiệt hại do mưa lũ",
                date(2026, 12, 8, 17, 20), seed="h38")
    return mail(h, alternative(text, markup))


@R.sample("Outlook forward by a specialist, subject 'Chuyển: KHẨN - Tài liệu phiên họp …', English Outlook header block, 3 PDFs (Phú Thọ)",
          official("tai-lieu-hop", urgency="khan"),
          "'Chuyển:' prefix before the mark; 'theo Giấy mời số 1102/GM-VP' is a citation; files named 'To trinh 611-SNV.pdf', 'Du thao QD.pdf' are other documents' names")
def _():
    paras = ["Kính chuyển anh Giám đốc tài liệu phiên họp, anh nghiên cứu trước ạ.", "", "Hoa", ""] + outlook_fwd(
        "Văn phòng UBND tỉnh <vanthu@phutho.gov.vn>", "Monday, December 21, 2026 4:02 PM",
        "Thành viên UBND tỉnh <thanhvien.ubnd@phutho.gov.vn>",
        "KHẨN - Tài liệu phiên họp UBND tỉnh thường kỳ tháng 12/2026") + [
        "Văn phòng UBND tỉnh gửi tài liệu phiên họp UBND tỉnh thường kỳ tháng 12/2026 (theo Giấy mời số "
        "1102/GM-VP ngày 18/12/2026), gồm 03 nội dung. Đề nghị các đồng chí nghiên cứu trước."]
    h = headers("outlook", ("Nguyễn Thị Hoa", "nthoa.snv@phutho.gov.vn"), ("Giám đốc Sở Nội vụ", "giamdoc.snv@phutho.gov.vn"),
                "Chuyển: KHẨN - Tài liệu phiên họp UBND tỉnh thường kỳ tháng 12/2026",
                date(2026, 12, 21, 16, 30), seed="h39")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h39a"), "To trinh 611-SNV.pdf"),
                         attach(pdf_scan("h39b"), "Du thao QD.pdf"), attach(pdf_scan("h39c"), "Bao cao tom tat.pdf")))


@R.sample("Thunderbird, ward People's Council office sends a ZIP of session papers, NFC subject, cover cites the invitation (Hà Nội)",
          official("tai-lieu-hop"),
          "'Giấy mời số 77/GM-HĐND' is cited, not sent; the ZIP holds drafts ('Du thao NQ …'); 'Kỳ họp thứ 4' and seat counts; no number of its own")
def _():
    text = ("Kính gửi các vị đại biểu HĐND phường Hoàn Kiếm,\n\n"
            "Văn phòng HĐND và UBND phường gửi tài liệu Kỳ họp thứ 4 HĐND phường khóa I (theo Giấy mời số "
            "77/GM-HĐND ngày 14/12/2026), gồm 09 tờ trình và dự thảo nghị quyết. Đại biểu tải file nén "
            "đính kèm; 28/30 đại biểu đã xác nhận dự họp.\n\n"
            "Văn phòng HĐND và UBND phường Hoàn Kiếm\n")
    z = xlsx_free_zip([("Du thao NQ du toan 2027.pdf", pdf_scan("h40a")),
                       ("To trinh du toan 2027.pdf", pdf_scan("h40b"))])
    h = headers("thunderbird", ("VP HĐND-UBND phường Hoàn Kiếm", "vanphong.hoankiem@hanoi.gov.vn"),
                ("Đại biểu HĐND phường", "daibieu.hoankiem@hanoi.gov.vn"), "Tài liệu Kỳ họp thứ 4 HĐND phường",
                date(2026, 12, 16, 9, 0), seed="h40")
    return mail(h, mixed(plain(text, "8bit"), attach(z, "Tai lieu ky hop thu 4.zip", "application/zip")))


@R.sample("Zimbra plain text, weekly schedule of a provincial People's Council standing committee in a text table (Phú Thọ)",
          official("lich-cong-tac"),
          "'LỊCH CÔNG TÁC TUẦN' with times '08h00', rooms and names; 'Tuần 51 (từ 14/12 đến 20/12/2026)'; no number; the sender is the office, not a person")
def _():
    text = ("HĐND TỈNH PHÚ THỌ\nTHƯỜNG TRỰC HĐND\n\n"
            "LỊCH CÔNG TÁC TUẦN 51 CỦA THƯỜNG TRỰC HĐND TỈNH\n(Từ ngày 14/12 đến ngày 20/12/2026)\n\n"
            "Thứ Hai 14/12\n  08h00  Chủ tịch HĐND tỉnh dự giao ban Thường trực Tỉnh ủy (Phòng họp số 1)\n"
            "  14h00  Phó Chủ tịch Hà Văn Kiên làm việc với Ban Kinh tế - Ngân sách\n"
            "Thứ Ba 15/12\n  07h30  Khai mạc Kỳ họp thứ 7 HĐND tỉnh (Hội trường tỉnh)\n"
            "Thứ Tư 16/12\n  08h00  Kỳ họp thứ 7 (tiếp), chất vấn và trả lời chất vấn\n"
            "Thứ Năm 17/12\n  09h00  Tiếp công dân định kỳ (Trụ sở Tiếp công dân tỉnh)\n"
            "Thứ Sáu 18/12\n  14h00  Giám sát việc sắp xếp trụ sở dôi dư tại xã Thanh Sơn\n\n"
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh\n")
    h = headers("zimbra", ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "vanphong.hdnd@phutho.gov.vn"),
                ("Lãnh đạo các ban HĐND", "lanhdaoban.hdnd@phutho.gov.vn"), "Lịch công tác tuần 51 của Thường trực HĐND tỉnh",
                date(2026, 12, 11, 16, 50), enc="q", seed="h41")
    return mail(h, plain(text, "quoted-printable"))


@R.sample("Roundcube short note + DOCX 'Lich lam viec thang 01-2027.docx', a Sở's monthly leadership schedule (Vĩnh Long)",
          official("lich-cong-tac"),
          "'Lịch làm việc tháng 01/2027 của Ban Giám đốc Sở Tư pháp' only in the DOCX; the note says 'gửi lịch tháng'; dates '05/01' and '12/01' like numbers")
def _():
    d = docx(["SỞ TƯ PHÁP TỈNH VĨNH LONG", "**LỊCH LÀM VIỆC THÁNG 01/2027 CỦA BAN GIÁM ĐỐC SỞ",
              "05/01 - 08h00: Giám đốc dự Hội nghị triển khai nhiệm vụ năm 2027 của UBND tỉnh",
              "12/01 - 14h00: Phó Giám đốc Thạch Sa Rết kiểm tra công tác hộ tịch tại xã Cầu Ngang",
              "20/01 - 08h00: Tổng kết công tác tư pháp năm 2026"])
    text = "Văn phòng Sở gửi lịch tháng 01/2027 của Ban Giám đốc, các phòng bố trí công việc phù hợp.\n\nVăn phòng Sở Tư pháp\n"
    h = headers("roundcube", ("Văn phòng Sở Tư pháp", "vanphong.stp@vinhlong.gov.vn"),
                ("Các phòng thuộc Sở", "cacphong.stp@vinhlong.gov.vn"), "Gửi lịch tháng 01/2027",
                date(2026, 12, 30, 15, 5), seed="h42")
    return mail(h, mixed(plain(text, "8bit"), attach(d, "Lich lam viec thang 01-2027.docx", DOCX)))


@R.sample("Outlook cover of a provincial police department with a 'TUYỆT MẬT' stamp line, password ZIP (Lâm Đồng)",
          official("quyet-dinh", "318/QĐ-CAT", secrecy="tuyet-mat"),
          "'TUYỆT MẬT' as a stamp line in the cover; 'khẩn trương' in prose is no mark; 'mật khẩu' prose; secret -> not mandatory")
def _():
    paras = ["TUYỆT MẬT", "",
             "Kính gửi: Đồng chí Trưởng Công an xã Đam Rông,", "",
             "Văn phòng Công an tỉnh gửi Quyết định số 318/QĐ-CAT ngày 29/11/2026 của Giám đốc Công an tỉnh. "
             "Đề nghị đồng chí khẩn trương triển khai; tệp nén có mật khẩu, nhận trực tiếp tại Phòng PV01.", "",
             "Văn phòng Công an tỉnh Lâm Đồng"]
    h = headers("outlook", ("Văn phòng Công an tỉnh", "vanphong@congan.lamdong.gov.vn"),
                ("Công an xã Đam Rông", "caxa.damrong@congan.lamdong.gov.vn"),
                "Gửi Quyết định 318/QĐ-CAT", date(2026, 11, 29, 18, 15), seed="h43")
    z = xlsx_free_zip([("318-QD-CAT.pdf", pdf_scan("h43"))])
    return mail(h, mixed(outlook_alt(paras), attach(z, "318_QD-CAT.zip", "application/zip")))


@R.sample("Outlook 'Fw:' carrying the military command's mail as message/rfc822; outer body asks the chairman to sign off (Sơn La)",
          official("quyet-dinh", "205/QĐ-BCH"),
          "outer subject 'Fw: QĐ giao chỉ tiêu gọi công dân nhập ngũ 2027' has no number; the inner cover has '205/QĐ-BCH' and 'Độ khẩn: Thường'; quotas '38 công dân'")
def _():
    inner_text = ("Kính gửi: Ban Chỉ huy Quân sự các xã, phường,\n\n"
                  "Bộ Chỉ huy Quân sự tỉnh gửi Quyết định số 205/QĐ-BCH ngày 01/12/2026 giao chỉ tiêu gọi công dân "
                  "nhập ngũ năm 2027. Xã Mộc Châu: 38 công dân (nam 36, nữ 02).\n\n"
                  "Độ khẩn: Thường\n\nBan Tham mưu - Bộ CHQS tỉnh Sơn La\n")
    inner = mail(headers("zimbra", ("Ban Tham mưu Bộ CHQS tỉnh", "bthammuu@bchqs.sonla.gov.vn"),
                         ("Ban CHQS các xã", "bchqsxa@sonla.gov.vn"), "Quyết định giao chỉ tiêu gọi công dân nhập ngũ 2027",
                         date(2026, 12, 1, 15, 40), seed="h44in"),
                 mixed(plain(inner_text, "8bit"), attach(pdf_scan("h44"), "205-QD-BCH.pdf")))
    paras = ["Kính gửi anh Chủ tịch,", "Em chuyển QĐ của Bộ CHQS tỉnh, anh cho ý kiến để xã triển khai.", "",
             "Lò Văn Tươi - Chỉ huy trưởng Ban CHQS xã Mộc Châu"]
    h = headers("outlook", ("Lò Văn Tươi", "lvtuoi.mocchau@sonla.gov.vn"), ("Chủ tịch UBND xã", "chutich.mocchau@sonla.gov.vn"),
                "Fw: QĐ giao chỉ tiêu gọi công dân nhập ngũ 2027", date(2026, 12, 2, 7, 20), seed="h44")
    return mail(h, mixed(outlook_alt(paras), Rfc822(inner, "Quyet dinh giao chi tieu.eml")))


@R.sample("ministry document system, HTML-only notification table with 'Độ khẩn' = 'Hỏa tốc' and a QĐ with its year-less number (Bộ Nông nghiệp và Môi trường)",
          official("quyet-dinh", "4512/QĐ-BNNMT", urgency="hoa-toc"),
          "the mark only in a table cell; 'Số đến: 9921' register number and 'Mã định danh: 000.00.00.G19' codes; ministry merged in 2025")
def _():
    rows = [("Số, ký hiệu", "4512/QĐ-BNNMT"), ("Ngày ban hành", "03/12/2026"), ("Loại văn bản", "Quyết định"),
            ("Trích yếu", "Công bố dịch cúm gia cầm A/H5N1 tại tỉnh Thanh Hóa"), ("Độ khẩn", "Hỏa tốc"),
            ("Độ mật", "Bình thường"), ("Số đến", "9921"), ("Mã định danh nơi gửi", "000.00.00.G19")]
    cells = "".join('<tr><td style="background:#eef3f8;padding:4px 8px;font-weight:bold">%s</td>'
                    '<td style="padding:4px 8px">%s</td></tr>\n' % (html_escape(a), html_escape(b)) for a, b in rows)
    markup = ('<html><body style="font-family:Arial;font-size:10pt">\n<h3 style="color:#1a5276">Văn bản đến mới</h3>\n'
              '<table border="1" cellspacing="0" style="border-collapse:collapse">\n' + cells +
              '</table>\n<p>Đăng nhập <a href="https://qlvb.thanhhoa.gov.vn">hệ thống</a> để xử lý.</p>\n</body></html>\n')
    h = headers("system", ("He thong QLVB Thanh Hoa", "noreply.qlvb@thanhhoa.gov.vn"),
                ("Chi cục Chăn nuôi và Thú y", "ccctt.snnmt@thanhhoa.gov.vn"), "Văn bản đến mới: 4512/QĐ-BNNMT",
                date(2026, 12, 3, 19, 2), seed="h45")
    return mail(h, mixed(html(markup, "quoted-printable"), attach(pdf_scan("h45"), "4512_QD-BNNMT.pdf")))


# ---------------------------------------------------------------- not official

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


@R.sample("Outlook HTML+text, full text of a ward Party committee letter with the Party header as a Word table (Hà Nội)",
          NOT_OFFICIAL,
          "'ĐẢNG ỦY PHƯỜNG LONG BIÊN', 'Số 145-CV/ĐU', 'V/v' and 'Kính gửi' like a công văn; sent from a .gov.vn mailbox")
def _():
    left = ["**ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "**ĐẢNG ỦY PHƯỜNG LONG BIÊN", "*", "Số 145-CV/ĐU",
            "__V/v chuẩn bị đại hội chi bộ nhiệm kỳ 2027 - 2029"]
    right = ["**" + PARTY, "", "__Long Biên, ngày 03 tháng 12 năm 2026"]
    paras = ["Kính gửi: Các chi bộ trực thuộc.",
             "Ban Thường vụ Đảng ủy phường đề nghị các chi bộ xây dựng báo cáo chính trị, dự kiến nhân sự cấp ủy và hoàn thành đại hội trước ngày 31/3/2027.",
             "Đảng ủy phường đề nghị các chi bộ khẩn trương triển khai thực hiện.", "",
             "T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Đỗ Thị Thu Hằng"]
    h = headers("outlook", ("Văn phòng Đảng ủy phường", "vpdu.longbien@hanoi.gov.vn"),
                ("Bí thư các chi bộ", "bithu.chibo.longbien@hanoi.gov.vn"),
                "V/v chuẩn bị đại hội chi bộ nhiệm kỳ 2027 - 2029", date(2026, 12, 3, 9, 0), seed="x1")
    return mail(h, alternative(flat_text(left, right, paras), nd30_html(left, right, paras)))


@R.sample("gmail '[KHẨN]' subject, PDF of a Party inspection committee's decision (Đắk Lắk)",
          NOT_OFFICIAL,
          "'Quyết định số 12-QĐ/UBKTĐU' with a QĐ; 'KHẨN' in the subject is not labelled because a Party document is not official")
def _():
    text = ("Kính gửi đồng chí Bí thư chi bộ thôn 4,\n\n"
            "Ủy ban Kiểm tra Đảng ủy xã Ea Kar gửi Quyết định số 12-QĐ/UBKTĐU ngày 09/12/2026 về kiểm tra "
            "khi có dấu hiệu vi phạm đối với đảng viên. Đề nghị chi bộ chuẩn bị hồ sơ, tài liệu trước 18/12.\n\n"
            "UBKT Đảng ủy xã Ea Kar\n")
    h = headers("gmail", ("UBKT Dang uy xa Ea Kar", "ubkt.eakar@gmail.com"), ("", "chibothon4.eakar@gmail.com"),
                "[KHẨN] QĐ 12-QĐ/UBKTĐU kiểm tra khi có dấu hiệu vi phạm", date(2026, 12, 9, 16, 40), seed="x2")
    return mail(h, mixed(plain(text, "base64"), attach(pdf_scan("x2"), "12-QD-UBKTDU.pdf")))


@R.sample("Zimbra HTML only, an association's invitation laid out as a state document (Thanh Hóa)",
          NOT_OFFICIAL,
          "'HỘI LUẬT GIA TỈNH THANH HÓA', 'Số: 15/GM-HLG' with a slash and the national motto; 'Trân trọng kính mời'")
def _():
    left = ["**HỘI LUẬT GIA VIỆT NAM", "**HỘI LUẬT GIA TỈNH THANH HÓA", "", "Số: 15/GM-HLG"]
    right = ["**" + NATIONAL, "**" + MOTTO, "", "__Thanh Hóa, ngày 07 tháng 12 năm 2026"]
    paras = ["**GIẤY MỜI",
             "Ban Thường vụ Hội Luật gia tỉnh trân trọng kính mời hội viên dự Hội nghị tổng kết công tác Hội năm 2026.",
             "Thời gian: 08 giờ 00, ngày 22/12/2026. Địa điểm: Hội trường Trường Chính trị tỉnh.", "",
             "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lê Sỹ Hoàn"]
    h = headers("zimbra", ("Hội Luật gia tỉnh", "hoiluatgia@thanhhoa.gov.vn"), ("Hội viên", "hoivien.hlg@thanhhoa.gov.vn"),
                "Giấy mời dự Hội nghị tổng kết công tác Hội năm 2026", date(2026, 12, 7, 10, 30), seed="x3")
    return mail(h, html(nd30_html(left, right, paras), "quoted-printable"))


@R.sample("Roundcube plain text, a commune Fatherland Front notice with a slash number (Cao Bằng)",
          NOT_OFFICIAL,
          "'ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ HÒA AN', 'Số: 11/TB-MTTQ'; 'Thông báo' title; the Front is a political organisation")
def _():
    text = "\n".join(two_col(["ỦY BAN MTTQ VIỆT NAM", "XÃ HÒA AN", "", "Số: 11/TB-MTTQ"],
                             [NATIONAL, MOTTO, "", "Hòa An, ngày 02 tháng 12 năm 2026"], 40)) + (
        "\n\nTHÔNG BÁO\nKết quả vận động Quỹ \"Vì người nghèo\" năm 2026\n\n"
        "Tổng số tiền vận động: 214.500.000 đồng; đã hỗ trợ xây mới 05 nhà Đại đoàn kết.\n"
        "Ban Thường trực Ủy ban MTTQ xã trân trọng cảm ơn các tổ chức, cá nhân.\n\n"
        "TM. BAN THƯỜNG TRỰC\nCHỦ TỊCH\nNông Thị Mai\n")
    h = headers("roundcube", ("MTTQ xa Hoa An", "mttq.hoaan@caobang.gov.vn"), ("", "ubnd.hoaan@caobang.gov.vn"),
                "Thông báo kết quả vận động Quỹ Vì người nghèo 2026", date(2026, 12, 2, 15, 15), seed="x4")
    return mail(h, plain(text, "8bit"))


@R.sample("Outlook cover + PDF of a construction company's letter to a state project board (Đồng Nai)",
          NOT_OFFICIAL,
          "'Công văn số 27/2026/CV-HTC', 'V/v đề nghị thanh toán' and 'Kính gửi: Ban QLDA' — a company writing to an agency; contract number cited")
def _():
    paras = ["Kính gửi: Ban Quản lý dự án đầu tư xây dựng tỉnh Đồng Nai,", "",
             "Công ty Cổ phần Xây dựng Hòa Thuận Cường gửi Công văn số 27/2026/CV-HTC V/v đề nghị thanh toán khối "
             "lượng hoàn thành đợt 3 gói thầu XL-05 (Hợp đồng số 45/2025/HĐXD), giá trị 6.812.450.000 đồng.", "",
             "Trân trọng,", "Phòng Kế hoạch - Kỹ thuật", "Công ty CP Xây dựng Hòa Thuận Cường", "Hotline: 0251 3996 118"]
    h = headers("outlook", ("Phòng KHKT HTC", "khkt@hoathuancuong.com.vn"), ("Ban QLDA tỉnh", "bqlda@dongnai.gov.vn"),
                "V/v đề nghị thanh toán khối lượng đợt 3 gói thầu XL-05", date(2026, 12, 11, 14, 0), seed="x5")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("x5"), "CV 27-2026 HTC.pdf")))


@R.sample("commercial bank branch HTML notice with its own number to agencies' payroll accountants (Huế)",
          NOT_OFFICIAL,
          "'THÔNG BÁO Số: 318/2026/TB-SH.HUE' of a joint-stock bank; 'bảo mật' and 'mật khẩu OTP' in prose; fee amounts")
def _():
    paras = ["NGÂN HÀNG TMCP SÔNG HÀN - CHI NHÁNH HUẾ", "Số: 318/2026/TB-SH.HUE", "",
             "THÔNG BÁO", "V/v điều chỉnh biểu phí dịch vụ chi lương qua tài khoản",
             "Kính gửi: Quý cơ quan, đơn vị trả lương qua Ngân hàng Sông Hàn,",
             "Từ ngày 01/01/2027, phí chi lương là 2.200 đồng/giao dịch (đã gồm VAT). Để bảo mật, Quý khách tuyệt đối không cung cấp mật khẩu OTP cho bất kỳ ai.",
             "Trân trọng thông báo.", "Giám đốc Chi nhánh", "Hoàng Thị Diệu Linh"]
    h = headers("gmail", ("Song Han Bank Hue", "cskh.hue@songhanbank.com.vn"), ("", "ketoan.stc@hue.gov.vn"),
                "Thông báo điều chỉnh biểu phí chi lương 2027", date(2026, 12, 14, 9, 5), seed="x6")
    return mail(h, html(simple_html(paras), "base64"))


@R.sample("private clinic's holiday notice with a number, gmail plain (Vĩnh Long)",
          NOT_OFFICIAL,
          "'Thông báo số 02/TB-PKTA' of a private clinic; dates '26/01 - 03/02/2027' and hotline numbers")
def _():
    text = ("PHÒNG KHÁM ĐA KHOA TÂM AN\nSố: 02/TB-PKTA\n\nTHÔNG BÁO\nLịch nghỉ Tết Nguyên đán Đinh Mùi 2027\n\n"
            "Phòng khám nghỉ từ 26/01 đến hết 03/02/2027; khám cấp cứu vẫn trực 24/24, hotline 0270 3827 115.\n\n"
            "Giám đốc: BS. Trần Thiện Tâm\n")
    h = headers("gmail", ("Phong kham Tam An", "phongkhamtaman@gmail.com"), ("", "yte.xalongho@vinhlong.gov.vn"),
                "Thông báo lịch nghỉ Tết 2027", date(2026, 12, 28, 8, 0), seed="x7")
    return mail(h, plain(text, "8bit"))


@R.sample("apartment owners' board notice about a water cut, Outlook, sent to a ward (TP Hồ Chí Minh)",
          NOT_OFFICIAL,
          "'BAN QUẢN TRỊ NHÀ CHUNG CƯ', 'Số: 05/TB-BQT', 'Kính gửi: UBND phường' — a residents' board, not an agency")
def _():
    paras = ["BAN QUẢN TRỊ NHÀ CHUNG CƯ SKY RIVER", "Số: 05/TB-BQT", "",
             "THÔNG BÁO", "V/v tạm ngừng cấp nước để vệ sinh bể ngầm", "",
             "Kính gửi: Cư dân toà A, B, C; đồng gửi UBND phường An Khánh.", "",
             "Ngày 19/12/2026 từ 08h00 đến 17h00 tạm ngừng cấp nước toàn bộ 612 căn hộ.", "",
             "TM. Ban quản trị", "Trưởng ban Vũ Đình Phong"]
    h = headers("outlook", ("BQT Sky River", "bqt@skyriver.vn"), ("UBND phường An Khánh", "ubnd.ankhanh@tphcm.gov.vn"),
                "Thông báo tạm ngừng cấp nước ngày 19/12", date(2026, 12, 15, 17, 45), seed="x8")
    return mail(h, outlook_alt(paras))


@R.sample("citizen's petition by gmail, 'Kính gửi … Trân trọng' form, citing a land recovery decision (Quảng Trị)",
          NOT_OFFICIAL,
          "cites 'Quyết định số 1234/QĐ-UBND' and a CCCD number; an application (đơn) of a citizen, not an agency's document")
def _():
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "ĐƠN KIẾN NGHỊ\n\nKính gửi: Chủ tịch UBND xã Gio Linh\n\n"
            "Tôi là Nguyễn Văn Trị, sinh năm 1968, CCCD 045068001213, thường trú thôn Hà Thanh.\n"
            "Gia đình tôi bị thu hồi 1.240 m2 đất theo Quyết định số 1234/QĐ-UBND nhưng đến nay chưa nhận đủ "
            "tiền bồi thường cây cối. Kính đề nghị UBND xã xem xét, giải quyết.\n\n"
            "Tôi xin chân thành cảm ơn.\nNgười làm đơn\nNguyễn Văn Trị\n")
    h = headers("gmail", ("Nguyen Van Tri", "nguyenvantri1968@gmail.com"), ("", "motcua.giolinh@quangtri.gov.vn"),
                "Đơn kiến nghị về bồi thường thu hồi đất", date(2026, 12, 10, 20, 33), seed="x9")
    return mail(h, plain(text, "quoted-printable"))


@R.sample("Zalo-style citizen mail with a scanned private power of attorney, to a ward's one-stop desk (Cần Thơ)",
          NOT_OFFICIAL,
          "'Giấy ủy quyền' between two citizens (no agency, no number); 'công chứng số 4127, quyển số 12/2026' looks like a number")
def _():
    text = ("Chào anh chị bộ phận một cửa,\n\nEm gửi giấy ủy quyền của mẹ em (bà Lâm Thị Bé) cho em làm thủ tục "
            "đăng ký biến động đất đai, đã công chứng số 4127, quyển số 12/2026 TP/CC-SCC/HĐGD. Mai em lên nộp bản gốc.\n\n"
            "Cảm ơn anh chị.\nLâm Văn Tèo - 0939 412 006\n")
    h = headers("gmail", ("Lam Van Teo", "lamvanteo.ct@gmail.com"), ("", "motcua.ninhkieu@cantho.gov.vn"),
                "gửi giấy ủy quyền", date(2026, 12, 17, 21, 5), seed="x10")
    return mail(h, mixed(plain(text, "8bit"), attach(photo("x10"), "giay uy quyen.jpg", "image/jpeg")))


@R.sample("Outlook HTML only: a draft Tờ trình pasted with the Word header table, blank number and 'DỰ THẢO' (Bắc Ninh)",
          NOT_OFFICIAL,
          "'Số:      /TTr-SXD' and a 'DỰ THẢO' box in the header table; 'anh cho ý kiến' above; full TỜ TRÌNH layout")
def _():
    left = ["**UBND TỈNH BẮC NINH", "**SỞ XÂY DỰNG", "", "Số:       /TTr-SXD"]
    right = ["**" + NATIONAL, "**" + MOTTO, "", "__Bắc Ninh, ngày      tháng 12 năm 2026"]
    paras = ["Anh Quang cho ý kiến dự thảo tờ trình giúp em ạ.", "",
             "**TỜ TRÌNH", "**Phê duyệt quy hoạch chi tiết khu nhà ở xã hội Quế Võ",
             "Kính gửi: UBND tỉnh Bắc Ninh.",
             "Sở Xây dựng kính trình UBND tỉnh phê duyệt quy hoạch chi tiết tỷ lệ 1/500 khu nhà ở xã hội Quế Võ, diện tích 18,6 ha, khoảng 3.200 căn.",
             "", "GIÁM ĐỐC"]
    h = headers("outlook", ("Ngô Thị Vân", "ntvan.sxd@bacninh.gov.vn"), ("Đặng Văn Quang", "dvquang.sxd@bacninh.gov.vn"),
                "Dự thảo TTr QHCT khu NOXH Quế Võ - xin ý kiến", date(2026, 12, 12, 11, 11), seed="x11")
    return mail(h, html(nd30_html(left, right, paras, stamp="DỰ THẢO"), "quoted-printable"))


@R.sample("gmail, commune asks the Sở for comments on a draft decision, DOCX 'Du thao QD ...docx' (Điện Biên)",
          NOT_OFFICIAL,
          "'Xin ý kiến dự thảo QĐ'; the DOCX reads 'DỰ THẢO' and 'Số: ......./QĐ-UBND'; the cover itself is an informal e-mail without a number")
def _():
    text = ("Kính gửi Phòng Văn bản - Sở Tư pháp,\n\nXã Mường Nhé gửi dự thảo Quyết định ban hành Quy chế phối hợp "
            "quản lý cụm dân cư biên giới, kính nhờ Sở góp ý về thể thức trước 20/12.\n\nEm Thào - công chức Tư pháp xã\n")
    d = docx(["UBND XÃ MƯỜNG NHÉ", "Số: ......./QĐ-UBND", "DỰ THẢO", "**QUYẾT ĐỊNH",
              "Ban hành Quy chế phối hợp quản lý cụm dân cư biên giới"])
    h = headers("gmail", ("Thao A Chinh", "thaoachinh.muongnhe@gmail.com"), ("", "vanban.stp@dienbien.gov.vn"),
                "Xin ý kiến dự thảo QĐ quy chế phối hợp cụm dân cư", date(2026, 12, 11, 10, 48), seed="x12")
    return mail(h, mixed(plain(text, "8bit"), attach(d, "Du thao QD quy che phoi hop.docx", DOCX)))


@R.sample("document-system task reminder, key: value text with 'Độ khẩn: Hỏa tốc' (Hải Phòng)",
          NOT_OFFICIAL,
          "'Nhắc việc' about a document already delivered: 'Số ký hiệu: 2045/UBND-KT', 'Hạn xử lý', 'Độ khẩn: Hỏa tốc' — transmits nothing")
def _():
    text = ("NHẮC VIỆC - HỆ THỐNG QUẢN LÝ VĂN BẢN THÀNH PHỐ HẢI PHÒNG\n\n"
            "Văn bản sau đã quá hạn xử lý 2 ngày:\n"
            "Số ký hiệu: 2045/UBND-KT\nTrích yếu: V/v báo cáo tiến độ giải ngân vốn đầu tư công\n"
            "Độ khẩn: Hỏa tốc\nHạn xử lý: 11/12/2026\nNgười xử lý chính: Phạm Thị Ngân\n\n"
            "Vui lòng cập nhật kết quả trên hệ thống." + NOTIF_FOOT)
    h = headers("system", ("QLVB Hai Phong", "noreply.qlvb@haiphong.gov.vn"), ("Phạm Thị Ngân", "ptngan.stc@haiphong.gov.vn"),
                "[Nhắc việc] Văn bản 2045/UBND-KT quá hạn xử lý", date(2026, 12, 13, 7, 0), seed="x13",
                extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, plain(text, "quoted-printable"))


@R.sample("provincial portal weekly digest of newly issued documents, text+HTML (Nghệ An)",
          NOT_OFFICIAL,
          "five numbers ('19/2026/QĐ-UBND', '402/KH-UBND', '7751/UBND-NN' …) in a list; a digest transmits no ONE document")
def _():
    items = [("19/2026/QĐ-UBND", "Quy định bồi thường khi Nhà nước thu hồi đất"),
             ("402/KH-UBND", "Kế hoạch phòng chống dịch bệnh mùa đông xuân"),
             ("7751/UBND-NN", "V/v chăm sóc cây trồng vụ đông"),
             ("88/TB-UBND", "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với xã Con Cuông"),
             ("15/CT-UBND", "Chỉ thị về tổ chức Tết Đinh Mùi 2027")]
    lines = ["BẢN TIN VĂN BẢN MỚI - TUẦN 50/2026", "Cổng thông tin điện tử tỉnh Nghệ An", ""] + [
        "%d. %s - %s" % (i + 1, n, t) for i, (n, t) in enumerate(items)] + ["", "Xem toàn văn tại https://nghean.gov.vn/van-ban",
                                                                         "Hủy nhận bản tin: https://nghean.gov.vn/unsubscribe"]
    h = headers("system", ("Cổng TTĐT Nghệ An", "bantin@nghean.gov.vn"), ("", "ccvc.snv@nghean.gov.vn"),
                "Bản tin văn bản mới tuần 50/2026", date(2026, 12, 14, 6, 0), seed="x14",
                extra=[("List-Unsubscribe", "<https://nghean.gov.vn/unsubscribe>"), ("Precedence", "bulk")])
    return mail(h, alternative("\n".join(lines) + "\n", simple_html(lines)))


@R.sample("Outlook 'TL:' reply that only acknowledges, quoting the ward plan's cover (TP Hồ Chí Minh)",
          NOT_OFFICIAL,
          "'TL:' (Trả lời) prefix of Vietnamese Outlook; one line 'Đã nhận'; the quoted original names 'Kế hoạch số 214/KH-UBND'")
def _():
    paras = ["Công an phường đã nhận kế hoạch, cảm ơn.", "", "Thiếu tá Võ Hữu Đức", ""] + outlook_fwd(
        "UBND phường Bến Thành <ubnd.benthanh@tphcm.gov.vn>", "Thứ Tư, 9 tháng 12, 2026 11:20 SA",
        "Các đơn vị phối hợp <phoihop.benthanh@tphcm.gov.vn>", "Kế hoạch tổ chức các hoạt động chào mừng năm mới 2027", vi=True) + [
        "Kính gửi các đơn vị,", "UBND phường gửi Kế hoạch số 214/KH-UBND, đề nghị các đơn vị triển khai."]
    h = headers("outlook", ("Võ Hữu Đức", "vhduc.cap.benthanh@congan.tphcm.gov.vn"),
                ("UBND phường Bến Thành", "ubnd.benthanh@tphcm.gov.vn"),
                "TL: Kế hoạch tổ chức các hoạt động chào mừng năm mới 2027", date(2026, 12, 9, 13, 2), seed="x15",
                in_reply_to=msgid("h4", "tphcm.gov.vn"))
    return mail(h, outlook_alt(paras))


@R.sample("bilingual out-of-office auto-reply (RFC 3834) to a customs công văn mail marked KHẨN",
          NOT_OFFICIAL,
          "subject 'Tự động trả lời: [KHẨN] V/v phân luồng … 1408/HQKV11-NV'; Auto-Submitted: auto-replied; 'Out of Office' English text")
def _():
    text = ("Tôi đang đi công tác nước ngoài từ 07/12 đến 18/12/2026, việc khẩn xin liên hệ chị Hạnh (0205 3870 221).\n\n"
            "I am out of the office until 18 December 2026 with limited access to e-mail.\n")
    h = headers("outlook", ("Hoàng Minh Châu", "hmchau@langsonfood.vn"), ("Đội Nghiệp vụ HQ KV XI", "nghiepvu.hqkv11@customs.gov.vn"),
                "Tự động trả lời: [KHẨN] V/v phân luồng hàng nông sản xuất khẩu - Công văn 1408/HQKV11-NV",
                date(2026, 12, 8, 10, 21), seed="x16",
                extra=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")])
    return mail(h, outlook_alt(text.strip().split("\n")))


@R.sample("HTML newsletter of a provincial justice department with an issue number (Vĩnh Long)",
          NOT_OFFICIAL,
          "'Bản tin Tư pháp số 11/2026' and article titles citing 'Nghị định 120/2025/NĐ-CP' and a decision number; bulk mail")
def _():
    paras = ["BẢN TIN TƯ PHÁP VĨNH LONG - SỐ 11/2026", "",
             "1. Những điểm mới của Nghị định 120/2025/NĐ-CP về phân cấp trong lĩnh vực tư pháp",
             "2. Quyết định 2210/QĐ-UBND công bố thủ tục hành chính mới: những điều cần biết",
             "3. Gương sáng hòa giải viên cơ sở ở xã Cầu Kè", "",
             "Ban biên tập - Sở Tư pháp tỉnh Vĩnh Long"]
    h = headers("zimbra", ("Bản tin Tư pháp", "bantin.stp@vinhlong.gov.vn"), ("", "hoagiaivien@vinhlong.gov.vn"),
                "Bản tin Tư pháp số 11/2026", date(2026, 12, 1, 6, 30), seed="x17", extra=[("Precedence", "bulk")])
    return mail(h, html(simple_html(paras), "quoted-printable"))


@R.sample("phishing impersonating the Ministry of Public Security (VNeID), HTML, look-alike domain",
          NOT_OFFICIAL,
          "'[KHẨN] Bộ Công an thông báo' and a fake 'Công văn số 3317/BCA-C06'; 'mật khẩu' form; sender domain bocongan-gov.vn.cc")
def _():
    paras = ["BỘ CÔNG AN - CỤC C06", "",
             "THÔNG BÁO KHẨN: Tài khoản định danh điện tử VNeID của Quý vị sẽ bị khóa trong 24 giờ theo Công văn số 3317/BCA-C06.",
             "Vui lòng xác thực lại bằng cách nhập số CCCD và mật khẩu tại đường dẫn: http://vneid-xacthuc.bocongan-gov.vn.cc",
             "", "Trân trọng."]
    h = headers("gmail", ("Bo Cong an", "thongbao@bocongan-gov.vn.cc"), ("", "canbo.xa@quangngai.gov.vn"),
                "[KHẨN] Bộ Công an thông báo khóa tài khoản định danh điện tử", date(2026, 12, 5, 2, 14), seed="x18")
    return mail(h, html(simple_html(paras), "base64"))


@R.sample("Outlook meeting request: text/plain + text/calendar (METHOD:REQUEST) to discuss a plan",
          NOT_OFFICIAL,
          "'Họp triển khai Kế hoạch 214/KH-UBND' as a calendar invitation; 'mời' wording, times and a room; no document attached")
def _():
    text = ("Mời các anh chị họp triển khai Kế hoạch 214/KH-UBND (đêm nhạc giao thừa).\n"
            "Thời gian: 15:00 - 16:00, thứ Năm 17/12/2026\nĐịa điểm: Phòng họp 2, trụ sở UBND phường\n")
    ics = ("BEGIN:VCALENDAR\nMETHOD:REQUEST\nPRODID:Microsoft Exchange Server 2019\nVERSION:2.0\n"
           "BEGIN:VEVENT\nORGANIZER;CN=Nguyễn Thị Kiều Oanh:mailto:ntkoanh.benthanh@tphcm.gov.vn\n"
           "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:phoihop.benthanh@tphcm.gov.vn\n"
           "DESCRIPTION;LANGUAGE=vi-VN:Mời các anh chị họp triển khai Kế hoạch 214/KH-UBND.\n"
           "UID:040000008200E00074C5B7101A82E00800000000B04F8A2C\n"
           "SUMMARY;LANGUAGE=vi-VN:Họp triển khai KH 214 đêm nhạc giao thừa\n"
           "DTSTART;TZID=SE Asia Standard Time:20261217T150000\nDTEND;TZID=SE Asia Standard Time:20261217T160000\n"
           "DTSTAMP:20261214T020000Z\nLOCATION;LANGUAGE=vi-VN:Phòng họp 2\nSEQUENCE:0\nSTATUS:CONFIRMED\n"
           "END:VEVENT\nEND:VCALENDAR\n")
    body = Multipart("alternative", [Part("text/plain", text, "quoted-printable"),
                                     Part("text/calendar", ics, "base64", params="; method=REQUEST")])
    h = headers("outlook", ("Nguyễn Thị Kiều Oanh", "ntkoanh.benthanh@tphcm.gov.vn"),
                ("Các đơn vị phối hợp", "phoihop.benthanh@tphcm.gov.vn"),
                "Họp triển khai KH 214 đêm nhạc giao thừa", date(2026, 12, 14, 9, 0), seed="x19")
    return mail(h, body)


@R.sample("Vietnamese Outlook read receipt (multipart/report; disposition-notification) for the normative decision",
          NOT_OFFICIAL,
          "'Đã đọc: Gửi QĐ số 07/2026 …'; the text part repeats the subject; RFC 8098 MDN transmits nothing")
def _():
    text = ("Thư của bạn\n\n  Đến: Sở Nông nghiệp và Môi trường\n  Chủ đề: Gửi QĐ số 07/2026 ban hành quy định giá dịch vụ thu gom rác\n"
            "  Đã gửi: 04/01/2027 16:40\n\nđã được đọc vào 05/01/2027 07:58.\n")
    fields = ("Reporting-UA: snnmt.tayninh.gov.vn; Microsoft Outlook 16.0\n"
              "Final-Recipient: rfc822;snnmt@tayninh.gov.vn\n"
              "Original-Message-ID: " + msgid("h1Gửi QĐ số 07/2026 ban hành quy định giá dịch vụ thu gom rác", "tayninh.gov.vn") + "\n"
              "Disposition: manual-action/MDN-sent-manually; displayed\n")
    h = headers("outlook", ("Sở Nông nghiệp và Môi trường", "snnmt@tayninh.gov.vn"),
                ("Văn thư Văn phòng UBND tỉnh", "vanthu.vpub@tayninh.gov.vn"),
                "Đã đọc: Gửi QĐ số 07/2026 ban hành quy định giá dịch vụ thu gom rác", date(2027, 1, 5, 7, 58), seed="x20")
    return mail(h, report([Part("text/plain", text, "quoted-printable"),
                           Part("message/disposition-notification", fields, "7bit", charset=None)],
                          "disposition-notification"))


@R.sample("Postfix delivery-failure report (multipart/report; delivery-status) with only the headers of a công văn mail",
          NOT_OFFICIAL,
          "text/rfc822-headers of the returned mail carry 'Subject: V/v hướng dẫn đánh giá … 5120/BNV-CCVC'; an automatic notice, no document")
def _():
    text = ("This is the mail system at host mx1.thanhhoa.gov.vn.\n\n"
            "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n"
            "<snv.cu@thanhhoa.gov.vn>: host mail.thanhhoa.gov.vn said: 550 5.1.1\n    Recipient address rejected: User unknown\n")
    fields = ds_fields("mx1.thanhhoa.gov.vn", "Mon, 7 Dec 2026 17:30:12 +0700", "snv.cu@thanhhoa.gov.vn",
                       "5.1.1", "550 5.1.1 <snv.cu@thanhhoa.gov.vn>: Recipient address rejected: User unknown",
                       "mail.thanhhoa.gov.vn")
    orig = ("From: Bo Noi vu <vanthu@moha.gov.vn>\nTo: snv.cu@thanhhoa.gov.vn\n"
            "Subject: V/v huong dan danh gia, xep loai cong chuc nam 2026 - CV 5120/BNV-CCVC\n"
            "Date: Mon, 07 Dec 2026 17:30:00 +0700\nMessage-ID: " + msgid("x21orig", "moha.gov.vn") + "\n")
    h = [("Date", date(2026, 12, 7, 17, 30, 13)), ("From", "MAILER-DAEMON@mx1.thanhhoa.gov.vn (Mail Delivery System)"),
         ("To", "vanthu@moha.gov.vn"), ("Subject", "Undelivered Mail Returned to Sender"),
         ("Message-ID", msgid("x21", "mx1.thanhhoa.gov.vn")), ("Auto-Submitted", "auto-replied")]
    return mail(h, report([Part("text/plain", text, "7bit", charset="us-ascii"),
                           Part("message/delivery-status", fields, "7bit", charset=None),
                           Part("text/rfc822-headers", orig, "7bit", charset=None)], "delivery-status"))


@R.sample("Exchange non-delivery report in Vietnamese returning the whole invitation mail (message/rfc822 with its PDF)",
          NOT_OFFICIAL,
          "the returned message inside is an official Giấy mời (488/GM-VP, 'Hỏa tốc'); a bounce returns it to its own sender and delivers nothing, so NOT official (a judgement: the README names automatic notices, not this case)")
def _():
    inner = mail(headers("outlook", ("Văn thư VP UBND TP", "vanthu.vpub@danang.gov.vn"),
                         ("Chủ tịch phường Hội An", "chutich.hoian@danang.gov.vn"),
                         "Hỏa tốc - Giấy mời họp trực tuyến phòng chống ngập úng", date(2026, 12, 7, 20, 30), seed="x22in"),
                 mixed(plain("Văn phòng UBND thành phố gửi Giấy mời số 488/GM-VP họp trực tuyến lúc 07 giờ 30 ngày 08/12/2026.\n", "8bit"),
                       attach(pdf_scan("x22"), "GM 488-VP.pdf")))
    text = ("Không thể gửi thư đến những người nhận hoặc nhóm sau:\n\n"
            "chutich.hoian@danang.gov.vn\nHộp thư của người nhận đã đầy và không thể nhận thư. Hãy thử gửi lại sau.\n\n"
            "Thông tin chẩn đoán cho người quản trị:\nMáy chủ báo cáo: EXMB02.danang.gov.vn\n"
            "Remote Server returned '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException'\n")
    fields = ds_fields("EXMB02.danang.gov.vn", "Mon, 7 Dec 2026 13:30:02 +0000", "chutich.hoian@danang.gov.vn",
                       "5.2.2", "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException")
    h = [("From", "Microsoft Outlook <postmaster@danang.gov.vn>"), ("To", "vanthu.vpub@danang.gov.vn"),
         ("Date", date(2026, 12, 7, 20, 30, 5)),
         ("Subject", word_b("Không gửi được: Hỏa tốc - Giấy mời họp trực tuyến phòng chống ngập úng")),
         ("Message-ID", msgid("x22", "danang.gov.vn")), ("Auto-Submitted", "auto-replied"),
         ("Content-Language", "vi-VN")]
    return mail(h, report([Part("text/plain", text, "quoted-printable"),
                           Part("message/delivery-status", fields, "7bit", charset=None),
                           Rfc822(inner)], "delivery-status"))


@R.sample("gmail chat between two clerks quoting document numbers, unaccented with slang",
          NOT_OFFICIAL,
          "'QD 318 hay 381', 'CV 2045/UBND-KT', 'gui gap' and 'khan' as chat words; no document carried")
def _():
    text = ("oi Linh, cai QD hom qua so 318 hay 381 the? so van thu ghi 381 ma ban scan lai la 318/QD-UBND :(\n"
            "con CV 2045/UBND-KT thi anh Ngan bao chua tra loi, khan lam roi, em nhac giup c nhe.\n"
            "chieu nay c gui gap cho so Tai chinh nha\n\nThanks e!\nHa\n")
    h = headers("gmail", ("Bui Thu Ha", "buithuha.vpub@gmail.com"), ("", "linh.vanthu.hp@gmail.com"),
                "so QD hom qua", date(2026, 12, 13, 11, 47), seed="x23")
    return mail(h, plain(text, "7bit"))


@R.sample("Outlook 'FW: RE:' forwarding a commune's acknowledgement, which quotes the Inspectorate's invitation cover",
          NOT_OFFICIAL,
          "forwarded reply: 'Đã nhận, xã cử đ/c PCT dự' above a quoted cover with 'Giấy mời số 27/GM-TTr'; the invitation itself is not attached")
def _():
    paras = ["Anh xem, xã Tiên Lữ đã xác nhận dự họp.", "", "Minh - VP Thanh tra", ""] + outlook_fwd(
        "UBND xã Tiên Lữ <ubnd.tienlu@hungyen.gov.vn>", "Tuesday, December 15, 2026 4:30 PM",
        "Văn phòng Thanh tra tỉnh <vanphong.ttr@hungyen.gov.vn>", "RE: Giấy mời họp công bố kết luận thanh tra") + [
        "Đã nhận, xã cử đ/c Phó Chủ tịch Trần Văn Hòe dự họp.", ""] + outlook_fwd(
        "Văn phòng Thanh tra tỉnh <vanphong.ttr@hungyen.gov.vn>", "Tuesday, December 15, 2026 2:02 PM",
        "UBND xã Tiên Lữ <ubnd.tienlu@hungyen.gov.vn>", "Giấy mời họp công bố kết luận thanh tra") + [
        "Kính mời các đồng chí dự họp theo Giấy mời số 27/GM-TTr ngày 15/12/2026 của Thanh tra tỉnh."]
    h = headers("outlook", ("Phan Đức Minh", "pdminh.ttr@hungyen.gov.vn"), ("Chánh Thanh tra", "chanhthanhtra@hungyen.gov.vn"),
                "FW: RE: Giấy mời họp công bố kết luận thanh tra", date(2026, 12, 15, 17, 5), seed="x24")
    return mail(h, outlook_alt(paras))


@R.sample("a Sở's daily press review (điểm báo) quoting a trial over 'Tối mật' documents, HTML+text",
          NOT_OFFICIAL,
          "'TỐI MẬT' in capitals inside a news quote and 'HỎA TỐC' in a headline; press summary, not a document")
def _():
    paras = ["ĐIỂM BÁO NGÀY 10/12/2026", "",
             "1. Báo Nhân Dân: Xét xử vụ làm lộ tài liệu \"TỐI MẬT\" tại một ban quản lý dự án - bị cáo khai đã chụp ảnh tài liệu gửi qua Zalo.",
             "2. VnExpress: Thủ tướng gửi công điện HỎA TỐC chỉ đạo ứng phó mưa lũ miền Trung.",
             "3. Báo Đồng Tháp: Tỉnh đẩy nhanh giải ngân vốn đầu tư công, đạt 71,3% kế hoạch.", "",
             "Phòng Thông tin - Báo chí, Sở Văn hóa, Thể thao và Du lịch Đồng Tháp"]
    h = headers("zimbra", ("Phòng TT-BC Sở VHTTDL", "ttbc.svhttdl@dongthap.gov.vn"), ("Lãnh đạo Sở", "ldso.svhttdl@dongthap.gov.vn"),
                "Điểm báo ngày 10/12/2026", date(2026, 12, 10, 7, 30), seed="x25")
    return mail(h, alternative("\n".join(paras) + "\n", simple_html(paras)))


@R.sample("gmail 'Fwd:' of a government news-site article about a công điện, HTML link card",
          NOT_OFFICIAL,
          "'Fwd: [Báo Điện tử Chính phủ] Thủ tướng ra Công điện hỏa tốc số 21/CĐ-TTg' — an article about the document, not the document")
def _():
    text = "\n".join(["Mọi người đọc tham khảo nhé.", ""] + gmail_fwd(
        "Báo Điện tử Chính phủ <newsletter@baochinhphu.vn>", "Th 7, 5 thg 12, 2026 vào lúc 06:00",
        "[Báo Điện tử Chính phủ] Thủ tướng ra Công điện hỏa tốc số 21/CĐ-TTg ứng phó mưa lũ", "Bạn đọc <reader@example.vn>") + [
        "(Chinhphu.vn) - Tối 04/12, Thủ tướng Chính phủ đã ký Công điện hỏa tốc số 21/CĐ-TTg yêu cầu các tỉnh Nam Trung Bộ và Tây Nguyên tập trung ứng phó mưa lũ...",
        "Đọc tiếp: https://baochinhphu.vn/thu-tuong-cong-dien-hoa-toc-21-cd-ttg.htm"]) + "\n"
    h = headers("gmail", ("Tran My Le", "tranmyle1990@gmail.com"), ("", "nhom.vpub.gialai@googlegroups.com"),
                "Fwd: [Báo Điện tử Chính phủ] Thủ tướng ra Công điện hỏa tốc số 21/CĐ-TTg ứng phó mưa lũ",
                date(2026, 12, 5, 7, 12), seed="x26")
    return mail(h, alternative(text, simple_html(text.split("\n"))))


@R.sample("software vendor's webinar invitation numbered like a document, HTML with a PDF brochure",
          NOT_OFFICIAL,
          "'THƯ MỜI Số: 12/2026/TM-APS', 'Kính gửi: Lãnh đạo UBND xã' and citing 'Nghị định 30/2020/NĐ-CP'; a company's marketing")
def _():
    paras = ["CÔNG TY CỔ PHẦN GIẢI PHÁP PHẦN MỀM AN PHÁT", "Số: 12/2026/TM-APS", "",
             "THƯ MỜI", "Hội thảo trực tuyến: Số hóa văn bản theo Nghị định 30/2020/NĐ-CP cho cấp xã sau sáp nhập",
             "Kính gửi: Lãnh đạo UBND xã, phường",
             "Thời gian: 09h00 ngày 16/12/2026 qua Zoom (ID 842 1166 2026). Miễn phí, tặng 03 tháng dùng thử.",
             "Hotline: 1900 6868 12"]
    h = headers("gmail", ("An Phat Software", "marketing@anphatsoft.vn"), ("", "ubnd.xa@laichau.gov.vn"),
                "Thư mời hội thảo: Số hóa văn bản theo Nghị định 30 cho cấp xã", date(2026, 12, 9, 9, 9), seed="x27",
                extra=[("List-Unsubscribe", "<mailto:unsubscribe@anphatsoft.vn>")])
    return mail(h, mixed(html(simple_html(paras), "quoted-printable"), attach(pdf_scan("x27"), "Brochure APS eOffice.pdf")))


@R.sample("unaccented scam mail in capitals: prize notice 'THONG BAO KHAN' with a 'Quyet dinh trao giai' number",
          NOT_OFFICIAL,
          "'KHAN', 'QUYET DINH SO 2026/QD-TT' and 'mat khau' in an unaccented scam; sender a free-mail address")
def _():
    text = ("THONG BAO KHAN!!!\n\nCHUC MUNG QUY KHACH DA TRUNG THUONG 01 XE SH 150I THEO QUYET DINH SO 2026/QD-TT "
            "CUA BAN TO CHUC CHUONG TRINH TRI AN KHACH HANG.\n"
            "VUI LONG DANG NHAP TAI KHOAN NGAN HANG VA MAT KHAU TAI http://nhanqua-tet2027.top DE NHAN GIAI TRUOC 24H.\n")
    h = headers("gmail", ("BTC Tri An", "btc.trian2027@gmail.com"), ("", "ketoan.xa@camau.gov.vn"),
                "THONG BAO KHAN: QUY KHACH TRUNG THUONG XE SH", date(2026, 12, 20, 23, 58), seed="x28")
    return mail(h, plain(text, "7bit"))


@R.sample("Zimbra internal meeting call by a head of division, subject 'KHẨN: họp …' (Tuyên Quang)",
          NOT_OFFICIAL,
          "'KHẨN:' prefix on an internal e-mail with no document; cites 'Tờ trình 112/TTr-UBND'; 'mời' wording")
def _():
    text = ("Mời các anh chị phòng Kinh tế - Ngân sách họp lúc 14h00 chiều nay tại phòng 305 để chuẩn bị báo cáo "
            "thẩm tra Tờ trình 112/TTr-UBND về chính sách trồng rừng gỗ lớn. Mang theo số liệu diện tích.\n\n"
            "Đào Quang Vinh - Trưởng ban\n")
    h = headers("zimbra", ("Đào Quang Vinh", "dqvinh.hdnd@tuyenquang.gov.vn"), ("Ban KT-NS", "bankt.hdnd@tuyenquang.gov.vn"),
                "KHẨN: họp chuẩn bị thẩm tra tờ trình trồng rừng gỗ lớn", date(2026, 11, 26, 10, 5), seed="x29")
    return mail(h, plain(text, "8bit"))


@R.sample("IT staff reminder about password changes with 'bảo mật' and 'mật khẩu', Outlook (Bắc Ninh)",
          NOT_OFFICIAL,
          "'[Quan trọng] Đổi mật khẩu … để bảo mật hộp thư', 'mã xác thực 2 lớp'; a staff e-mail, no document, no mark")
def _():
    paras = ["Kính gửi toàn thể cán bộ, công chức Sở,", "",
             "Để bảo mật hộp thư công vụ, đề nghị anh chị đổi mật khẩu trước 31/12/2026 (tối thiểu 12 ký tự) và bật mã xác thực 2 lớp.",
             "Tuyệt đối không bấm vào đường dẫn lạ yêu cầu nhập mật khẩu.", "",
             "Tổ CNTT - Văn phòng Sở Xây dựng"]
    h = headers("outlook", ("Tổ CNTT", "cntt.sxd@bacninh.gov.vn"), ("Toàn thể CBCC", "toanthe.sxd@bacninh.gov.vn"),
                "[Quan trọng] Đổi mật khẩu hộp thư công vụ trước 31/12", date(2026, 12, 18, 8, 30), seed="x30")
    return mail(h, outlook_alt(paras))


# ---------------------------------------------------------------- a second round, both kinds


@R.sample("Thunderbird, raw UTF-8 subject (RFC 6532), PDF named with a dot '1937.QD-UBND.pdf' (Quảng Ninh)",
          official("quyet-dinh", "1937/QĐ-UBND"),
          "number only in a file name whose separator is a dot and whose QĐ is unaccented; the cover says 'quyết định giao đất' and cites '1520/QĐ-UBND' of 2025")
def _():
    text = ("Kính gửi Phòng Kinh tế phường Hạ Long,\n\n"
            "Văn phòng UBND tỉnh gửi quyết định giao đất cho Công ty CP Cảng Cái Lân mở rộng bến số 8 (3,42 ha), "
            "điều chỉnh Quyết định số 1520/QĐ-UBND năm 2025. Bản ký số đính kèm.\n\n"
            "Văn thư Văn phòng UBND tỉnh Quảng Ninh\n")
    h = headers("thunderbird", ("Văn thư VP UBND tỉnh", "vanthu.vpub@quangninh.gov.vn"),
                ("Phòng Kinh tế phường Hạ Long", "kinhte.halong@quangninh.gov.vn"),
                "Gửi quyết định giao đất mở rộng bến số 8 cảng Cái Lân", date(2026, 12, 23, 9, 41),
                enc="raw", seed="h46")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("h46"), "1937.QD-UBND.pdf")))


@R.sample("document-system text notification with 'Độ khẩn: Khẩn' and 'Độ mật: Không', a Sở's công văn (Lâm Đồng)",
          official("cong-van", "812/SDTTG-CSDT", urgency="khan"),
          "urgency only as a key: value field; 'Độ mật: Không' is no mark; issuer the Sở Dân tộc và Tôn giáo (new in 2025) with a long code")
def _():
    text = ("[iOffice] Văn bản đến mới\n\n"
            "Số/Ký hiệu: 812/SDTTG-CSDT\n"
            "Ngày ký: 17/12/2026\n"
            "Cơ quan ban hành: Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng\n"
            "Trích yếu: V/v rà soát hộ đồng bào dân tộc thiểu số thiếu đất sản xuất\n"
            "Độ khẩn: Khẩn\n"
            "Độ mật: Không\n"
            "Hạn trả lời: 05/01/2027\n"
            "Tệp: 812_SDTTG-CSDT.pdf\n" + NOTIF_FOOT)
    h = headers("system", ("iOffice Lam Dong", "ioffice@lamdong.gov.vn"), ("UBND xã Đam Rông", "ubnd.damrong@lamdong.gov.vn"),
                "[iOffice] Văn bản đến mới", date(2026, 12, 17, 15, 3), seed="h47")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf_scan("h47"), "812_SDTTG-CSDT.pdf")))


@R.sample("Zimbra inline forward in Vietnamese ('----- Thư chuyển tiếp -----', 'Từ:', 'Tới:', 'Đã gửi:', 'Chủ đề:') of a public university's invitation (Cần Thơ)",
          official("giay-moi", "215/GM-ĐHCT"),
          "Zimbra's Vietnamese forward block; the issuer is a public university (đơn vị sự nghiệp công lập) with Đ in its code; outer note cites nothing")
def _():
    lines = ["Anh chị phòng nào đi được thì báo em nhé.", "", "Tuyết", "",
             "----- Thư chuyển tiếp -----", "Từ: \"Phòng Hợp tác Đối ngoại\" <htdn@ctu.edu.vn>",
             "Tới: \"Sở Khoa học và Công nghệ\" <skhcn@cantho.gov.vn>",
             "Đã gửi: Thứ Năm, 10 Tháng Mười Hai 2026 14:22:10", "Chủ đề: Giấy mời dự Hội thảo khoa học về nông nghiệp sinh thái", "",
             "Kính gửi Sở Khoa học và Công nghệ,",
             "Trường Đại học Cần Thơ trân trọng gửi Giấy mời số 215/GM-ĐHCT dự Hội thảo khoa học \"Nông nghiệp sinh thái "
             "vùng Đồng bằng sông Cửu Long\", 08h00 ngày 22/12/2026, Hội trường Rùa.", "",
             "Phòng Hợp tác Đối ngoại - Trường Đại học Cần Thơ"]
    h = headers("zimbra", ("Lê Ánh Tuyết", "latuyet.skhcn@cantho.gov.vn"), ("Các phòng chuyên môn", "phong.skhcn@cantho.gov.vn"),
                "Fwd: Giấy mời dự Hội thảo khoa học về nông nghiệp sinh thái", date(2026, 12, 10, 15, 0), seed="h48")
    return mail(h, mixed(plain("\n".join(lines) + "\n", "8bit"), attach(pdf_scan("h48"), "GM215-DHCT.pdf")))


@R.sample("Outlook, a director's assignment on top of the document: 'Chuyển phòng Nghiệp vụ xử lý' with the PDF re-attached (Đắk Lắk)",
          official("ke-hoach", "163/KH-SYT"),
          "the e-mail is a leader's note (bút phê) without a number; the document is the attached 'KH 163-SYT tiem chung.pdf'; a forward of an official document is that document")
def _():
    paras = ["Chuyển phòng Nghiệp vụ Y xử lý, tham mưu triển khai trước 25/12.", "", "Giám đốc", "Y Ngông Niê"]
    h = headers("outlook", ("Giám đốc Trung tâm Y tế khu vực Krông Pắc", "giamdoc.ttytkp@daklak.gov.vn"),
                ("Phòng Nghiệp vụ Y", "nvy.ttytkp@daklak.gov.vn"), "FW: Kế hoạch tiêm chủng sởi - rubella đợt bổ sung",
                date(2026, 12, 18, 7, 5), seed="h49")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("h49"), "KH 163-SYT tiem chung.pdf")))


@R.sample("Zimbra cover + DOCX: a commune Farmers' Association plan from a .gov.vn mailbox (Thái Nguyên)",
          NOT_OFFICIAL,
          "'HỘI NÔNG DÂN XÃ PHÚ BÌNH', 'Số: 08/KH-HND' with a slash and the national motto; sent from the commune's .gov.vn server")
def _():
    text = ("Kính gửi các Chi hội nông dân,\n\nHội Nông dân xã gửi Kế hoạch số 08/KH-HND tổ chức Hội thi \"Nhà nông "
            "giỏi\" năm 2027. Các chi hội đăng ký thí sinh trước 30/12/2026.\n\nVăn phòng Hội Nông dân xã Phú Bình\n")
    d = docx(["HỘI NÔNG DÂN TỈNH THÁI NGUYÊN", "HỘI NÔNG DÂN XÃ PHÚ BÌNH", "Số: 08/KH-HND", NATIONAL, MOTTO,
              "**KẾ HOẠCH", "Tổ chức Hội thi Nhà nông giỏi năm 2027"])
    h = headers("zimbra", ("Hội Nông dân xã Phú Bình", "hoinongdan.phubinh@thainguyen.gov.vn"),
                ("Các chi hội", "chihoi.phubinh@thainguyen.gov.vn"), "Kế hoạch Hội thi Nhà nông giỏi 2027",
                date(2026, 12, 14, 8, 45), seed="x31")
    return mail(h, mixed(plain(text, "8bit"), attach(d, "KH 08-HND.docx", DOCX)))


@R.sample("company's thank-you letter to a provincial office after a trade fair, HTML, no number",
          NOT_OFFICIAL,
          "'THƯ CẢM ƠN' with 'Kính gửi: Sở Công Thương' like a thư công, signed by a company director; not a state agency")
def _():
    paras = ["CÔNG TY TNHH CÀ PHÊ BUÔN ĐÔN XANH", "", "THƯ CẢM ƠN", "",
             "Kính gửi: Sở Công Thương tỉnh Đắk Lắk,",
             "Công ty chân thành cảm ơn Sở đã hỗ trợ gian hàng tại Hội chợ Cà phê Buôn Ma Thuột 2026; doanh thu ký kết đạt 4,6 tỷ đồng.",
             "", "Giám đốc", "H'Hen Niê"]
    h = headers("gmail", ("Buon Don Xanh Coffee", "info@buondonxanh.vn"), ("", "sct@daklak.gov.vn"),
                "Thư cảm ơn Sở Công Thương", date(2026, 12, 21, 10, 10), seed="x32")
    return mail(h, html(simple_html(paras), "quoted-printable"))


@R.sample("public-service portal automatic receipt of a citizen's dossier, dossier code and appointment date (Quảng Trị)",
          NOT_OFFICIAL,
          "'Cổng Dịch vụ công: hồ sơ số 000.00.20.H56-261210-0001 đã được tiếp nhận'; codes look like numbers; automatic notice")
def _():
    text = ("CỔNG DỊCH VỤ CÔNG TỈNH QUẢNG TRỊ\n\n"
            "Hồ sơ của ông/bà NGUYỄN VĂN TRỊ đã được tiếp nhận.\n"
            "Mã hồ sơ: 000.00.20.H56-261210-0001\n"
            "Thủ tục: Giải quyết khiếu nại lần đầu cấp xã\n"
            "Ngày hẹn trả kết quả: 08/01/2027\n"
            "Tra cứu tại https://dichvucong.quangtri.gov.vn\n" + NOTIF_FOOT)
    h = headers("system", ("Cổng DVC Quảng Trị", "no-reply@dichvucong.quangtri.gov.vn"), ("", "nguyenvantri1968@gmail.com"),
                "Thông báo tiếp nhận hồ sơ 000.00.20.H56-261210-0001", date(2026, 12, 11, 8, 2), seed="x33",
                extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, plain(text, "base64"))
