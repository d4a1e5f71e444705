"""Class 2: not (yet) an issued document. Drafts, comment tables, read receipts, digests,
reminders, requests, spam, auto-replies and acknowledgements are NOT official; an issued
document that talks about a draft (a Quyết định approving one, a công văn asking for comments
on one, a Tờ trình carrying one) is."""

from common import (DOCX, NOT_OFFICIAL, Registry, alternative, attach, doc, headers, html,
                    mail, mixed, official, outlook_alt, plain)
from mime import CRLF, Multipart, Part, Rfc822, date, docx, msgid, pdf_text, simple_html

R = Registry(
    "corpus-not-issued",
    "Adversarial sample 2: not an issued document",
    """
Mail about documents that carries no issued document: drafts ("DỰ THẢO", a blank number
`Số:      /QĐ-UBND`, "bản dự thảo lần 2"), comment-summary tables, read receipts
(multipart/report; report-type=disposition-notification, RFC 8098), document-system digests
and deadline reminders, requests to send a document, spam and phishing marked KHẨN,
out-of-office replies (RFC 3834 Auto-Submitted) and acknowledgements that quote the original.
All NOT official. Counter-examples that ARE official: an issued Quyết định that approves a
draft, a numbered công văn asking for comments on a draft (the draft is its attachment), a
Tờ trình carrying a draft resolution, a Giấy mời to a meeting on a draft, and a reply that is
itself a numbered công văn.
""")


@R.sample("Outlook HTML+text, draft decision pasted in the body with 'DỰ THẢO' and a blank number (Đồng Tháp)",
          NOT_OFFICIAL,
          "'Số:      /QĐ-UBND' (blank number) and 'DỰ THẢO' stamp; full QUYẾT ĐỊNH layout with Điều 1, 2, 3")
def _():
    lines = doc("", "ỦY BAN NHÂN DÂN XÃ MỸ HIỆP", "      /QĐ-UBND",
                "Mỹ Hiệp, ngày      tháng 12 năm 2026", "**QUYẾT ĐỊNH",
                "**Về việc kiện toàn Tổ công tác chuyển đổi số cộng đồng xã Mỹ Hiệp",
                ["CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ HIỆP",
                 "Điều 1. Kiện toàn Tổ công tác chuyển đổi số cộng đồng gồm 14 thành viên.",
                 "Điều 2. Tổ công tác hoạt động theo chế độ kiêm nhiệm.",
                 "Điều 3. Quyết định có hiệu lực kể từ ngày ký."],
                ["CHỦ TỊCH", "(chưa ký)"], stamps=["", "DỰ THẢO"])
    paras = ["Chị Hạnh ơi,", "Em gửi dự thảo quyết định kiện toàn tổ CĐS, chị xem giúp em rồi em trình "
             "anh Chủ tịch ký nhé.", ""] + lines
    h = headers("outlook", ("Trần Ngọc Hân", "tnhan.myhiep@dongthap.gov.vn"),
                ("Võ Thị Hạnh", "vthanh.myhiep@dongthap.gov.vn"),
                "Dự thảo QĐ kiện toàn tổ CĐS cộng đồng", date(2026, 12, 1, 9, 20), seed="n1")
    return mail(h, outlook_alt(paras))


@R.sample("Thunderbird, 'bản dự thảo lần 2' of a plan as DOCX, informal", NOT_OFFICIAL,
          "'Kế hoạch' title and 'Số: ....../KH-SVHTTDL' with dots in the DOCX; 'dự thảo lần 2' only in the note and file name")
def _():
    text = ("Chào các anh chị phòng Quản lý văn hóa,\n\n"
            "Mình gửi bản dự thảo lần 2 Kế hoạch tổ chức Lễ hội Hoa ban 2027 đã tiếp thu ý kiến "
            "buổi họp hôm thứ Sáu. Anh chị góp ý trực tiếp vào file (track changes) trước 17h thứ "
            "Tư nhé.\n\nĐào Minh Thư\nPhòng Quản lý du lịch\n")
    d = docx(["UBND TỈNH ĐIỆN BIÊN", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Số: ....../KH-SVHTTDL",
              "DỰ THẢO LẦN 2", "**KẾ HOẠCH", "Tổ chức Lễ hội Hoa ban năm 2027",
              "1. Thời gian: từ 12/3 đến 15/3/2027."])
    h = headers("thunderbird", ("Đào Minh Thư", "dmthu.svhttdl@dienbien.gov.vn"),
                ("Phòng QLVH", "qlvh.svhttdl@dienbien.gov.vn"),
                "Góp ý bản dự thảo lần 2 KH Lễ hội Hoa ban 2027", date(2026, 11, 30, 16, 2),
                seed="n2")
    return mail(h, mixed(plain(text, "8bit", flowed=True),
                         attach(d, "Du thao lan 2 - KH Le hoi Hoa ban 2027.docx", DOCX)))


@R.sample("Zimbra, comment-summary table (bảng tổng hợp ý kiến) as DOCX", NOT_OFFICIAL,
          "'BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN' on a draft Nghị quyết; cites the số of the công văn that asked for comments ('Công văn số 2214/SNNMT-KHTC')")
def _():
    text = ("Kính gửi anh Phó Giám đốc Sở,\n\n"
            "Phòng Kế hoạch - Tài chính gửi bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý dự "
            "thảo Nghị quyết quy định mức hỗ trợ phát triển rừng sản xuất (theo Công văn số "
            "2214/SNNMT-KHTC lấy ý kiến). Đã nhận 27 ý kiến, tiếp thu 21, giải trình 6.\n\n"
            "Lý Thị Mai\n")
    d = docx(["**BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
              "Dự thảo Nghị quyết quy định mức hỗ trợ phát triển rừng sản xuất",
              "STT | Cơ quan góp ý | Nội dung | Tiếp thu/giải trình",
              "1 | UBND xã Mường Khương | Đề nghị tăng mức hỗ trợ cây giống | Tiếp thu"])
    h = headers("zimbra", ("Lý Thị Mai", "ltmai.snnmt@laocai.gov.vn"),
                ("Lãnh đạo Sở", "ldso.snnmt@laocai.gov.vn"),
                "Bảng tổng hợp ý kiến góp ý dự thảo NQ hỗ trợ rừng sản xuất",
                date(2026, 11, 27, 10, 50), enc="q", seed="n3")
    return mail(h, mixed(plain(text, "quoted-printable"),
                         attach(d, "Bang tong hop y kien du thao NQ.docx", DOCX)))


def mdn(subject, original_subject, reporter, to, when, ua, seed, text):
    mid = msgid(seed + "orig", to[1].split("@")[1])
    fields = ("Reporting-UA: " + ua + "\n"
              "Final-Recipient: rfc822;" + reporter[1] + "\n"
              "Original-Message-ID: " + mid + "\n"
              "Disposition: manual-action/MDN-sent-manually; displayed\n")
    report = Multipart("report", [
        Part("text/plain", text, "quoted-printable"),
        Part("message/disposition-notification", fields, "7bit", charset=None),
    ], params="; report-type=disposition-notification")
    h = headers("outlook", reporter, to, subject, when, seed=seed)
    return mail(h, report)


@R.sample("Outlook read receipt (multipart/report, disposition-notification) naming a công văn",
          NOT_OFFICIAL,
          "'Đã đọc: Công văn 1286/SXD-QLCL V/v kiểm tra chất lượng công trình' — RFC 8098 MDN, transmits nothing")
def _():
    text = ("Thư của bạn\n\n  Tới: Văn thư Sở Xây dựng\n  Chủ đề: Công văn 1286/SXD-QLCL V/v kiểm tra "
            "chất lượng công trình\n  Đã gửi: 24/11/2026 14:03\n\nđã được đọc lúc 24/11/2026 15:11.\n")
    return mdn("Đã đọc: Công văn 1286/SXD-QLCL V/v kiểm tra chất lượng công trình", "",
               ("Nguyễn Hữu Phước", "nhphuoc@ninhbinh.gov.vn"),
               ("Văn thư Sở Xây dựng", "vanthu.sxd@ninhbinh.gov.vn"), date(2026, 11, 24, 15, 11),
               "Microsoft Outlook 16.0", "n4", text)


@R.sample("Thunderbird read receipt in English naming a decision", NOT_OFFICIAL,
          "'Return Receipt (displayed) - Quyết định 77/QĐ-SNV' with the subject repeated in the text part")
def _():
    text = ("This is a Return Receipt for the mail that you sent to tranlinh@snv.thainguyen.gov.vn.\n\n"
            "Note: This Return Receipt only acknowledges that the message was displayed on the "
            "recipient's computer.\n\nSubject: Quyết định 77/QĐ-SNV phê duyệt danh sách tiếp nhận viên chức\n")
    fields = ("Reporting-UA: snv.thainguyen.gov.vn; Mozilla Thunderbird\n"
              "Final-Recipient: rfc822;tranlinh@snv.thainguyen.gov.vn\n"
              "Original-Message-ID: " + msgid("n5orig", "snv.thainguyen.gov.vn") + "\n"
              "Disposition: manual-action/MDN-sent-manually; displayed\n")
    report = Multipart("report", [Part("text/plain", text, "8bit"),
                                  Part("message/disposition-notification", fields, "7bit", charset=None)],
                       params="; report-type=disposition-notification")
    h = headers("thunderbird", ("Trần Linh", "tranlinh@snv.thainguyen.gov.vn"),
                ("Văn thư Sở Nội vụ", "vanthu@snv.thainguyen.gov.vn"),
                "Return Receipt (displayed) - Quyết định 77/QĐ-SNV phê duyệt danh sách tiếp nhận viên chức",
                date(2026, 11, 13, 8, 2), seed="n5")
    return mail(h, report)


@R.sample("document-system daily digest, HTML table of 6 incoming documents, one 'Hỏa tốc'", NOT_OFFICIAL,
          "six numbers (QĐ, KH, CV, GM…), one row 'Hỏa tốc' — a digest transmits no ONE document")
def _():
    rows = [["STT", "Số ký hiệu", "Ngày", "Trích yếu", "Độ khẩn"],
            ["1", "2291/QĐ-UBND", "25/11/2026", "Phê duyệt giá đất cụ thể dự án khu dân cư Bình Thủy", "Thường"],
            ["2", "318/KH-UBND", "25/11/2026", "Triển khai chiến dịch tiêm chủng sởi", "Khẩn"],
            ["3", "4410/UBND-KT", "26/11/2026", "V/v giải ngân vốn đầu tư công", "Hỏa tốc"],
            ["4", "77/GM-VP", "26/11/2026", "Họp giao ban khối nội chính", "Thường"],
            ["5", "1633/STC-QLNS", "26/11/2026", "V/v lập dự toán ngân sách 2027", "Thường"],
            ["6", "52/TB-VP", "26/11/2026", "Kết luận của Chủ tịch UBND thành phố", "Thường"]]
    cells = "".join("<tr>" + "".join("<td style='border:1px solid #999;padding:3px'>%s</td>" % c for c in r)
                    + "</tr>\n" for r in rows)
    markup = ("<html><body><p>Kính gửi: <b>Phòng Tổng hợp</b></p>\n"
              "<p>Hệ thống Quản lý văn bản và điều hành thông báo: ngày 26/11/2026 đơn vị có "
              "<b>6</b> văn bản đến chưa xử lý:</p>\n<table style='border-collapse:collapse'>\n"
              + cells + "</table>\n<p>Vui lòng đăng nhập https://qlvb.cantho.gov.vn để xử lý.</p>\n"
              "<p><i>Thư được gửi tự động, vui lòng không trả lời.</i></p></body></html>\n")
    h = headers("system", ("Hệ thống QLVB-ĐH", "noreply.qlvb@cantho.gov.vn"),
                ("Phòng Tổng hợp", "tonghop.vpub@cantho.gov.vn"),
                "[QLVB] Tổng hợp văn bản đến chưa xử lý ngày 26/11/2026", date(2026, 11, 26, 17, 30),
                seed="n6", extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, html(markup, "quoted-printable"))


@R.sample("iOffice deadline reminder, plain text key: value", NOT_OFFICIAL,
          "'Số ký hiệu: 3051/UBND-KT', 'Hạn xử lý: 30/11/2026', 'Độ khẩn: Khẩn' — a reminder about a document already delivered")
def _():
    text = ("NHẮC VIỆC - VĂN BẢN SẮP ĐẾN HẠN XỬ LÝ\n\n"
            "Đồng chí có 01 văn bản sắp đến hạn xử lý:\n"
            "Số ký hiệu: 3051/UBND-KT\n"
            "Trích yếu: V/v báo cáo tiến độ giải phóng mặt bằng dự án đường ven biển\n"
            "Độ khẩn: Khẩn\n"
            "Hạn xử lý: 30/11/2026 (còn 2 ngày)\n\n"
            "Đây là thư nhắc việc tự động từ hệ thống iOffice. Văn bản đã được chuyển đến đồng chí "
            "ngày 21/11/2026.\n")
    h = headers("system", ("iOffice Quảng Trị", "ioffice@quangtri.gov.vn"),
                ("Hồ Sỹ Nguyên", "hsnguyen.sxd@quangtri.gov.vn"),
                "Nhắc việc: văn bản 3051/UBND-KT sắp đến hạn xử lý", date(2026, 11, 28, 7, 0),
                seed="n7", extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, plain(text, "base64"))


@R.sample("gmail request to resend a decision in Word", NOT_OFFICIAL,
          "'xin bản word Quyết định 142/QĐ-UBND' — names a decision, sends nothing")
def _():
    text = ("Chi Nga oi,\n\nEm xin lai ban word Quyet dinh 142/QĐ-UBND ngay 10/11 (phan phu luc danh "
            "sach ho) de em trich xuat so lieu bao cao huyen cu nhe. Ban PDF em co roi a.\n\n"
            "Cam on chi!\nThao - van phong xa Tan Phu\n")
    h = headers("gmail", ("Thao Nguyen", "thao.nguyen.tanphu@gmail.com"),
                ("", "nga.vp.tanphu@gmail.com"), "xin ban word QD 142", date(2026, 11, 21, 11, 48),
                seed="n8")
    return mail(h, plain(text, "8bit"))


@R.sample("phishing marked KHẨN about digital-signature fees, HTML only", NOT_OFFICIAL,
          "'[KHẨN] THÔNG BÁO gia hạn chữ ký số' with a fake 'Công văn số 1215/BKHCN-CKS' and 'mật khẩu' form")
def _():
    paras = ["THÔNG BÁO KHẨN", "Chữ ký số của đơn vị sẽ bị thu hồi sau 24 giờ.",
             "Căn cứ Công văn số 1215/BKHCN-CKS, các đơn vị phải gia hạn chứng thư số trước ngày 30/11/2026.",
             "Vui lòng đăng nhập bằng tài khoản và mật khẩu thư công vụ tại: http://gia-han-cks.gov-vn.info",
             "Phí gia hạn: 1.250.000 đồng/chứng thư.", "Trung tâm chứng thực điện tử"]
    h = headers("system", ("Trung tam CKS", "support@giahan-cks-gov.info"),
                ("", "vanthu.ubnd@ninhbinh.gov.vn"), "[KHẨN] THÔNG BÁO gia hạn chữ ký số trước 30/11",
                date(2026, 11, 27, 23, 41), seed="n9")
    return mail(h, html(simple_html(paras), "base64"))


@R.sample("out-of-office auto-reply (RFC 3834) to a 'Hỏa tốc' invitation", NOT_OFFICIAL,
          "subject 'Trả lời tự động: HỎA TỐC - Giấy mời 58/GM-SYT'; Auto-Submitted: auto-replied")
def _():
    text = ("Tôi đang đi công tác tại Hà Nội từ 01/12 đến 05/12/2026, không kiểm tra thư thường xuyên.\n"
            "Việc gấp xin liên hệ đồng chí Lương Văn Bảo, Phó Trưởng phòng, ĐT 0236 3822 145.\n\n"
            "Phan Thị Thu Trang\n")
    h = headers("outlook", ("Phan Thị Thu Trang", "pttrang.syt@danang.gov.vn"),
                ("Văn thư Sở Y tế", "vanthu.syt@danang.gov.vn"),
                "Trả lời tự động: HỎA TỐC - Giấy mời 58/GM-SYT họp khẩn về dịch sốt xuất huyết",
                date(2026, 12, 2, 6, 15), seed="n10",
                extra=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")])
    return mail(h, plain(text, "quoted-printable"))


@R.sample("Outlook acknowledgement quoting the whole original cover note below", NOT_OFFICIAL,
          "'RE: Công văn 2718/STC-NS' — one line 'đã nhận' on top, the quoted original has 'Số: 2718/STC-NS', V/v and Kính gửi")
def _():
    paras = ["Phường Ba Đình đã nhận được văn bản. Trân trọng cảm ơn.", "",
             "Văn thư UBND phường Ba Đình", "",
             "From: Văn thư Sở Tài chính <vanthu_stc@hanoi.gov.vn>",
             "Sent: Tuesday, November 24, 2026 2:40 PM",
             "To: UBND phường Ba Đình <ubnd_badinh@hanoi.gov.vn>",
             "Subject: Công văn 2718/STC-NS V/v thẩm định dự toán chi thường xuyên 2027", "",
             "Kính gửi: Ủy ban nhân dân các phường, xã.",
             "Sở Tài chính gửi Công văn số 2718/STC-NS ngày 24/11/2026 V/v thẩm định dự toán chi "
             "thường xuyên năm 2027 (đính kèm). Đề nghị các đơn vị gửi hồ sơ trước 05/12/2026.",
             "Văn thư Sở Tài chính"]
    h = headers("outlook", ("Văn thư UBND phường Ba Đình", "ubnd_badinh@hanoi.gov.vn"),
                ("Văn thư Sở Tài chính", "vanthu_stc@hanoi.gov.vn"),
                "RE: Công văn 2718/STC-NS V/v thẩm định dự toán chi thường xuyên 2027",
                date(2026, 11, 24, 16, 5), seed="n11",
                in_reply_to=msgid("n11orig", "hanoi.gov.vn", "outlook"))
    return mail(h, outlook_alt(paras))


@R.sample("Zimbra, internal 'trình ký' of an unsigned Tờ trình", NOT_OFFICIAL,
          "'Kính trình anh ký' and 'Số:    /TTr-SYT' with spaces; the Tờ trình title and a Kính gửi line")
def _():
    text = "\n".join([
        "Kính trình anh Giám đốc,",
        "Phòng Nghiệp vụ Y trình anh dự thảo Tờ trình đề nghị phê duyệt danh mục kỹ thuật, nếu anh "
        "đồng ý em chuyển văn thư lấy số và phát hành.", "",
        "SỞ Y TẾ                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số:    /TTr-SYT            Độc lập - Tự do - Hạnh phúc", "",
        "TỜ TRÌNH", "Về việc phê duyệt danh mục kỹ thuật bổ sung cho Trung tâm Y tế khu vực", "",
        "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa.", "",
        "Chuyên viên Y Ka Rin"]) + "\n"
    h = headers("zimbra", ("Y Ka Rin", "ykarin.syt@thanhhoa.gov.vn"),
                ("Giám đốc Sở Y tế", "giamdoc.syt@thanhhoa.gov.vn"),
                "Trình ký tờ trình danh mục kỹ thuật", date(2026, 11, 19, 9, 33), seed="n12")
    return mail(h, plain(text, "8bit"))


@R.sample("Outlook cover + signed PDF: a decision that approves ('thông qua') a draft (An Giang)",
          official("quyet-dinh", "2231/QĐ-UBND"),
          "'phê duyệt dự thảo Phương án giá' in the title; 'dự thảo' names what is approved, the Quyết định itself is numbered and signed")
def _():
    paras = ["Kính gửi: Sở Tài chính; Sở Xây dựng; UBND các xã, phường.", "",
             "Văn phòng UBND tỉnh gửi Quyết định số 2231/QĐ-UBND ngày 27/11/2026 của UBND tỉnh An "
             "Giang về việc phê duyệt dự thảo Phương án giá dịch vụ xe buýt liên tỉnh để lấy ý kiến "
             "Hội đồng thẩm định giá (bản ký số đính kèm).", "", "Trân trọng./.",
             "Văn thư - Văn phòng UBND tỉnh An Giang"]
    h = headers("outlook", ("Văn thư VP UBND tỉnh", "vanthu.vpubnd@angiang.gov.vn"),
                ("Sở Tài chính", "stc@angiang.gov.vn"),
                "Quyết định phê duyệt dự thảo Phương án giá dịch vụ xe buýt", date(2026, 11, 27, 15, 48),
                seed="n13")
    pdf = pdf_text(["UY BAN NHAN DAN TINH AN GIANG", "So: 2231/QD-UBND", "QUYET DINH",
                    "Phe duyet du thao Phuong an gia dich vu xe buyt lien tinh"])
    return mail(h, mixed(outlook_alt(paras), attach(pdf, "2231_QD-UBND.signed.pdf")))


@R.sample("Zimbra: numbered công văn asking for comments, with the draft DOCX attached (Thái Nguyên)",
          official("cong-van", "1542/SNV-TCBC"),
          "'V/v lấy ý kiến góp ý dự thảo Quy chế' + attachment 'Du thao Quy che.docx' holding 'DỰ THẢO'; the carried document is the công văn")
def _():
    text = ("Kính gửi: Các sở, ban, ngành; UBND các xã, phường.\n\n"
            "Sở Nội vụ gửi Công văn số 1542/SNV-TCBC ngày 25/11/2026 V/v lấy ý kiến góp ý dự thảo "
            "Quy chế quản lý vị trí việc làm (công văn và dự thảo đính kèm). Ý kiến gửi về Sở trước "
            "ngày 08/12/2026; quá thời hạn được hiểu là thống nhất.\n\nVăn thư Sở Nội vụ tỉnh Thái Nguyên\n")
    d = docx(["UBND TỈNH THÁI NGUYÊN", "DỰ THẢO", "**QUY CHẾ",
              "Quản lý vị trí việc làm trong các cơ quan hành chính", "Chương I. QUY ĐỊNH CHUNG"])
    pdf = pdf_text(["UBND TINH THAI NGUYEN", "SO NOI VU", "So: 1542/SNV-TCBC",
                    "V/v lay y kien gop y du thao Quy che quan ly vi tri viec lam"])
    h = headers("zimbra", ("Văn thư Sở Nội vụ", "vanthu.snv@thainguyen.gov.vn"),
                ("Các cơ quan đơn vị", "coquan@thainguyen.gov.vn"),
                "V/v lấy ý kiến góp ý dự thảo Quy chế quản lý vị trí việc làm",
                date(2026, 11, 25, 10, 40), enc="q", seed="n14")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf, "1542-SNV-TCBC.pdf"),
                         attach(d, "Du thao Quy che VTVL.docx", DOCX)))


@R.sample("Outlook: Tờ trình to the People's Council with a draft resolution attached (Gia Lai)",
          official("to-trinh", "412/TTr-UBND"),
          "two attachments: the signed Tờ trình and 'Du thao Nghi quyet' with 'Số:    /2026/NQ-HĐND'; the draft's blank number is not the document's")
def _():
    paras = ["Kính gửi: Thường trực HĐND tỉnh; các Ban của HĐND tỉnh.", "",
             "UBND tỉnh gửi Tờ trình số 412/TTr-UBND ngày 28/11/2026 đề nghị ban hành Nghị quyết quy "
             "định chính sách hỗ trợ nhà ở cho người có công, kèm dự thảo Nghị quyết.", "",
             "Văn thư UBND tỉnh Gia Lai"]
    pdf = pdf_text(["UY BAN NHAN DAN TINH GIA LAI", "So: 412/TTr-UBND", "TO TRINH",
                    "De nghi ban hanh Nghi quyet ho tro nha o cho nguoi co cong"])
    d = docx(["HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI", "Số:     /2026/NQ-HĐND", "DỰ THẢO", "**NGHỊ QUYẾT",
              "Quy định chính sách hỗ trợ nhà ở cho người có công"])
    h = headers("outlook", ("Văn thư UBND tỉnh Gia Lai", "vanthu@gialai.gov.vn"),
                ("Thường trực HĐND tỉnh", "hdnd@gialai.gov.vn"),
                "Tờ trình đề nghị ban hành NQ hỗ trợ nhà ở người có công", date(2026, 11, 28, 9, 5),
                seed="n15")
    return mail(h, mixed(outlook_alt(paras), attach(pdf, "412-TTr-UBND.pdf"),
                         attach(d, "Du thao Nghi quyet.docx", DOCX)))


@R.sample("Roundcube: invitation to a meeting that comments on a draft law (Hải Phòng)",
          official("giay-moi", "71/GM-STP"),
          "'họp góp ý dự thảo Luật' — the word dự thảo in an issued invitation's subject and body")
def _():
    text = ("Kính gửi: Các cơ quan, đơn vị có tên trong danh sách.\n\n"
            "Sở Tư pháp thành phố Hải Phòng gửi Giấy mời số 71/GM-STP ngày 30/11/2026 dự cuộc họp "
            "góp ý dự thảo Luật Hộ tịch (sửa đổi).\nThời gian: 14h00 ngày 04/12/2026.\n"
            "Địa điểm: Phòng họp tầng 3, Sở Tư pháp.\n\nTrân trọng.\nVăn thư Sở Tư pháp\n")
    h = headers("roundcube", ("Văn thư Sở Tư pháp", "vanthu.stp@haiphong.gov.vn"),
                ("", "phapche@haiphong.gov.vn"), "Giấy mời họp góp ý dự thảo Luật Hộ tịch (sửa đổi)",
                date(2026, 11, 30, 14, 20), seed="n16")
    return mail(h, mixed(plain(text, "8bit", flowed=True),
                         attach(pdf_text(["SO TU PHAP", "So: 71/GM-STP", "GIAY MOI"]), "71-GM-STP.pdf")))


@R.sample("Outlook 'RE:' reply that is itself a numbered công văn (Hà Tĩnh)",
          official("cong-van", "415/UBND-VP"),
          "'RE:' subject and a quoted original like an acknowledgement, but the reply carries the commune's own 'Công văn số 415/UBND-VP' answering the request")
def _():
    paras = ["Kính gửi: Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh.", "",
             "UBND xã Thạch Hà gửi Công văn số 415/UBND-VP ngày 02/12/2026 V/v báo cáo diện tích "
             "lúa bị ngập úng (trả lời công văn của Sở ngày 27/11). Bản ký số đính kèm.", "",
             "Văn thư UBND xã Thạch Hà", "",
             "From: Văn thư Sở NN&MT <vanthu.snnmt@hatinh.gov.vn>",
             "Sent: Friday, November 27, 2026 8:15 AM",
             "Subject: Đề nghị báo cáo diện tích lúa bị ngập úng", "",
             "Đề nghị UBND các xã báo cáo trước 03/12/2026."]
    h = headers("outlook", ("Văn thư UBND xã Thạch Hà", "ubnd.thachha@hatinh.gov.vn"),
                ("Văn thư Sở NN&MT", "vanthu.snnmt@hatinh.gov.vn"),
                "RE: Đề nghị báo cáo diện tích lúa bị ngập úng", date(2026, 12, 2, 10, 30), seed="n17",
                in_reply_to=msgid("n17orig", "hatinh.gov.vn", "outlook"))
    return mail(h, mixed(outlook_alt(paras), attach(pdf_text(["UBND XA THACH HA", "So: 415/UBND-VP"]),
                                                    "415-UBND-VP.pdf")))
