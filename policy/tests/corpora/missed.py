"""Class 3: issued documents that are easy to miss. Work schedules without a number, phone
photos, document-system notifications in many layouts, attachment names that give type and
number in words, nested forwards."""

from common import (DOCX, NOT_OFFICIAL, Registry, alternative, attach, doc, headers, html,
                    mail, mixed, official, outlook_alt, plain)
from mime import Multipart, Part, Rfc822, date, docx, outlook_html, pdf_scan, pdf_text, photo, simple_html

R = Registry(
    "corpus-missed",
    "Adversarial sample 3: issued documents that are easy to miss",
    """
Official documents in forms a recogniser tuned on cover notes overlooks: weekly and monthly
work schedules (lịch công tác, no number) in Outlook HTML tables with `<o:p>` or as a DOCX,
a phone photo of a signed paper with the number only in the body, document-system
notifications in several layouts (pipe tables, a "Phiếu trình xử lý", key: value lines such as
"Số ký hiệu:", "Trích yếu:", "Độ khẩn: Hỏa tốc"), attachment names that carry the type and
the number in words ("Giay moi 62-SXD.docx", "Ke hoach so 134 UBND.pdf"), a thư công and
meeting papers without a number, and a forward of a notification as message/rfc822.
""")


def schedule_rows(week):
    return [["Thứ, ngày", "Buổi", "Nội dung", "Chủ trì", "Địa điểm"]] + week


@R.sample("Outlook HTML only: weekly schedule of provincial leaders in a Word table with <o:p> (Phú Thọ)",
          official("lich-cong-tac"),
          "no number, no 'Số:'; the only signal is 'LỊCH CÔNG TÁC TUẦN 49' over an HTML table; times and room numbers")
def _():
    week = [["Thứ Hai 30/11", "Sáng", "Họp giao ban Thường trực UBND tỉnh", "Chủ tịch", "Phòng họp số 1"],
            ["Thứ Hai 30/11", "Chiều", "Làm việc với Sở Xây dựng về dự án đường vành đai 5", "PCT Đinh Công Sứ", "Phòng họp số 2"],
            ["Thứ Ba 01/12", "Cả ngày", "Kiểm tra tiến độ khu tái định cư xã Thanh Ba", "PCT Hà Thị Loan", "Xã Thanh Ba"],
            ["Thứ Tư 02/12", "8h00", "Hội nghị trực tuyến với Chính phủ", "Chủ tịch", "Điểm cầu tỉnh"],
            ["Thứ Năm 03/12", "14h00", "Tiếp công dân định kỳ", "Chủ tịch", "Trụ sở Tiếp công dân tỉnh"],
            ["Thứ Sáu 04/12", "Sáng", "Phiên họp UBND tỉnh thường kỳ tháng 12", "Chủ tịch", "Hội trường A"]]
    paras = ["**ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "**VĂN PHÒNG", "",
             "**LỊCH CÔNG TÁC TUẦN 49 CỦA LÃNH ĐẠO UBND TỈNH", "(Từ ngày 30/11 đến ngày 04/12/2026)", "",
             "", "Ghi chú: Lịch có thể thay đổi, Văn phòng sẽ thông báo bổ sung.",
             "Phòng Hành chính - Tổ chức"]
    h = headers("outlook", ("Văn phòng UBND tỉnh Phú Thọ", "vanphong@phutho.gov.vn"),
                ("Các sở, ban, ngành", "soban@phutho.gov.vn"),
                "Lịch công tác tuần 49 của Lãnh đạo UBND tỉnh", date(2026, 11, 28, 16, 40), seed="m1")
    return mail(h, html(outlook_html(paras, schedule_rows(week), 6), "quoted-printable"))


@R.sample("Outlook multipart/alternative, monthly schedule of a Sở, base64 (Thái Nguyên)",
          official("lich-cong-tac"),
          "'Lịch làm việc tháng 12/2026 của Ban Giám đốc' (lịch làm việc, not the words 'lịch công tác'); dates like 12/2026 and 05/12")
def _():
    week = [["05/12", "Sáng", "Giao ban Ban Giám đốc", "Giám đốc Hoàng Văn Lục", "Phòng họp Sở"],
            ["10/12", "Cả ngày", "Kiểm tra công tác chứng thực tại xã Phú Lương", "PGĐ Ma Thị Nguyệt", "Xã Phú Lương"],
            ["18/12", "14h00", "Hội nghị tổng kết công tác tư pháp năm 2026", "Giám đốc", "Hội trường tỉnh"]]
    paras = ["**SỞ TƯ PHÁP TỈNH THÁI NGUYÊN", "",
             "**LỊCH LÀM VIỆC THÁNG 12/2026 CỦA BAN GIÁM ĐỐC SỞ", "", "",
             "Văn phòng Sở thông báo để các phòng, đơn vị biết, chuẩn bị nội dung."]
    h = headers("outlook", ("Văn phòng Sở Tư pháp", "vanphong.stp@thainguyen.gov.vn"),
                ("Các phòng đơn vị", "phongban.stp@thainguyen.gov.vn"),
                "Lịch làm việc tháng 12/2026 của Ban Giám đốc Sở", date(2026, 11, 30, 17, 5), seed="m2")
    return mail(h, outlook_alt(paras, schedule_rows(week), 4, cte="base64"))


@R.sample("Zimbra, short note + DOCX weekly schedule of a ward (TP Hồ Chí Minh)",
          official("lich-cong-tac"),
          "schedule only in the DOCX 'Lich cong tac tuan 49.docx'; the note says 'gửi lịch tuần'")
def _():
    text = ("Kính gửi các bộ phận,\n\nVăn phòng HĐND và UBND phường gửi lịch tuần 49 của Thường trực "
            "Đảng ủy, HĐND, UBND phường (file đính kèm).\n\nTrân trọng.\n")
    d = docx(["ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH", "**LỊCH CÔNG TÁC TUẦN 49",
              "Từ ngày 30/11/2026 đến ngày 06/12/2026",
              "Thứ Hai 30/11 - 7h30: Chào cờ, giao ban đầu tuần (Chủ tịch UBND phường)",
              "Thứ Tư 02/12 - 14h00: Tiếp công dân (Phó Chủ tịch)"])
    h = headers("zimbra", ("Văn phòng UBND phường Bến Thành", "vanphong.benthanh@tphcm.gov.vn"),
                ("Các bộ phận", "bophan.benthanh@tphcm.gov.vn"), "Lịch tuần 49", date(2026, 11, 29, 18, 2),
                enc="q", seed="m3")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(d, "Lich cong tac tuan 49.docx", DOCX)))


@R.sample("gmail, phone photo (JPG) of a signed ward notice, number only in the body (Cà Mau)",
          official("thong-bao", "46/TB-UBND"),
          "attachment 'IMG_20261203_071522.jpg' carries nothing; the note says 'Thông báo số 46/TB-UBND'")
def _():
    text = ("Gửi các anh chị tổ trưởng khu phố,\n\nEm chụp gửi trước Thông báo số 46/TB-UBND ngày 02/12 "
            "của UBND phường về việc tạm ngừng tiếp nhận hồ sơ đất đai từ 07/12 đến 11/12 để chuyển "
            "dữ liệu. Bản giấy sẽ gửi sau ạ.\n\nTâm - văn phòng phường An Xuyên\n")
    h = headers("gmail", ("Tam Van phong", "tam.vp.anxuyen@gmail.com"), ("", "totruong.anxuyen@googlegroups.com"),
                "TB tạm ngừng nhận hồ sơ đất đai", date(2026, 12, 3, 7, 18), seed="m4")
    return mail(h, mixed(plain(text, "base64"),
                         attach(photo("m4"), "IMG_20261203_071522.jpg", "image/jpeg")))


@R.sample("document system, plain-text pipe table notification + PDF (Hải Phòng)",
          official("cong-van", "5127/UBND-KTTH"),
          "fields in an ASCII pipe table ('| Số ký hiệu | 5127/UBND-KTTH |'); 'Số đến: 10482' and 'Mã VB: 000.00.15.H26' look like numbers")
def _():
    text = "\n".join([
        "HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH THÀNH PHỐ HẢI PHÒNG",
        "Văn bản đến mới - đề nghị xử lý",
        "+---------------+---------------------------------------------------------+",
        "| Số đến        | 10482                                                   |",
        "| Số ký hiệu    | 5127/UBND-KTTH                                          |",
        "| Ngày ban hành | 01/12/2026                                              |",
        "| Cơ quan BH    | UBND thành phố Hải Phòng                                |",
        "| Trích yếu     | V/v đẩy nhanh giải ngân vốn đầu tư công năm 2026        |",
        "| Loại văn bản  | Công văn                                                |",
        "| Mã VB         | 000.00.15.H26-261201-0093                               |",
        "+---------------+---------------------------------------------------------+",
        "Tệp đính kèm: 5127_UBND-KTTH.pdf", ""]) + "\n"
    h = headers("system", ("QLVB Hải Phòng", "qlvb@haiphong.gov.vn"), ("Sở Tài chính", "stc@haiphong.gov.vn"),
                "Văn bản đến: 5127/UBND-KTTH", date(2026, 12, 1, 15, 2), seed="m5",
                extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("m5"), "5127_UBND-KTTH.pdf")))


@R.sample("'PHIẾU TRÌNH XỬ LÝ VĂN BẢN' HTML notification with a decision attached (Lào Cai)",
          official("quyet-dinh", "1872/QĐ-UBND"),
          "the mail is a routing slip (phiếu trình) with 'Ý kiến đề xuất' and 'Lãnh đạo xử lý'; the carried document is the Quyết định in its rows and PDF")
def _():
    rows = [["Trường", "Nội dung"], ["Số, ký hiệu", "1872/QĐ-UBND"], ["Ngày văn bản", "26/11/2026"],
            ["Cơ quan ban hành", "UBND tỉnh Lào Cai"],
            ["Trích yếu", "Quyết định công bố danh mục thủ tục hành chính lĩnh vực đất đai"],
            ["Ý kiến đề xuất", "Giao phòng Đất đai tham mưu triển khai"],
            ["Lãnh đạo xử lý", "PGĐ Giàng A Páo"], ["Hạn xử lý", "10/12/2026"]]
    cells = "".join("<tr><td><b>%s</b></td><td>%s</td></tr>\n" % (a, b) for a, b in rows)
    markup = ("<html><body><h3>PHIẾU TRÌNH XỬ LÝ VĂN BẢN</h3>\n<table border='1' cellpadding='4'>\n"
              + cells + "</table>\n<p>Sở Nông nghiệp và Môi trường tỉnh Lào Cai - eOffice</p></body></html>\n")
    h = headers("system", ("eOffice Sở NN&MT", "eoffice.snnmt@laocai.gov.vn"),
                ("Giàng A Páo", "giangapao.snnmt@laocai.gov.vn"),
                "[eOffice] Phiếu trình xử lý văn bản đến số 6621", date(2026, 11, 27, 8, 44), seed="m6")
    return mail(h, mixed(html(markup, "base64"), attach(pdf_scan("m6"), "1872-QD-UBND.pdf")))


@R.sample("key: value notification with 'Độ khẩn: Hỏa tốc' and 'Độ mật: Bình thường' (Quảng Ninh)",
          official("ke-hoach", "208/KH-SVHTTDL", urgency="hoa-toc"),
          "lines 'Số ký hiệu:', 'Trích yếu:', 'Độ khẩn: Hỏa tốc', 'Độ mật: Bình thường' (no secrecy); subject has no number")
def _():
    text = ("Kính gửi: Trung tâm Văn hóa - Thể thao các xã, phường\n\n"
            "Hệ thống văn bản điện tử thông báo có văn bản mới:\n"
            "Số ký hiệu: 208/KH-SVHTTDL\n"
            "Ngày ban hành: 04/12/2026\n"
            "Nơi ban hành: Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ninh\n"
            "Trích yếu: Kế hoạch tổ chức Carnaval Hạ Long mùa đông 2026\n"
            "Độ khẩn: Hỏa tốc\n"
            "Độ mật: Bình thường\n"
            "Người ký: Vi Văn Thành\n\n"
            "Tệp đính kèm: KH208.pdf\n")
    h = headers("system", ("Văn bản điện tử Quảng Ninh", "vanbandientu@quangninh.gov.vn"),
                ("TTVHTT xã phường", "ttvhtt@quangninh.gov.vn"), "Thông báo văn bản mới",
                date(2026, 12, 4, 16, 22), seed="m7")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf_scan("m7"), "KH208.pdf")))


@R.sample("LGSP packet notice with English field names (Cần Thơ)",
          official("bao-cao", "392/BC-SGDĐT"),
          "'DocumentCode: 392/BC-SGDĐT', 'DocumentType: Báo cáo', 'From: 000.00.31.H13'; no Vietnamese cover sentence")
def _():
    text = ("[LGSP] Received edoc package\n"
            "PackageId: 8f3c2a71-0d54-4e1b-9a0b-26c4f1e0d7b2\n"
            "From: 000.00.31.H13 (Sở Giáo dục và Đào tạo thành phố Cần Thơ)\n"
            "To: 000.00.00.H13 (UBND thành phố Cần Thơ)\n"
            "DocumentCode: 392/BC-SGDĐT\n"
            "DocumentType: Báo cáo\n"
            "PromulgationDate: 2026-12-02\n"
            "Subject: Báo cáo kết quả kỳ thi chọn học sinh giỏi thành phố năm học 2026-2027\n"
            "Priority: 0\n"
            "Attachments: 392_BC-SGDDT.pdf (248 KB)\n")
    h = headers("system", ("LGSP Can Tho", "lgsp@cantho.gov.vn"), ("Văn thư UBND TP", "vanthu@cantho.gov.vn"),
                "[LGSP] edoc 392/BC-SGDĐT", date(2026, 12, 2, 9, 10), seed="m8")
    return mail(h, mixed(plain(text, "base64"), attach(pdf_scan("m8"), "392_BC-SGDDT.pdf")))


@R.sample("Roundcube, bare note, attachment 'Giay moi 62-SXD.docx' (Ninh Bình)",
          official("giay-moi", "62/GM-SXD"),
          "body 'Gui cac don vi' only; type in words and number without the GM abbreviation, only in the file name")
def _():
    text = "Gui cac don vi.\n\nVan thu So Xay dung Ninh Binh\n"
    d = docx(["UBND TỈNH NINH BÌNH", "SỞ XÂY DỰNG", "Số: 62/GM-SXD", "**GIẤY MỜI",
              "Họp triển khai bảo trì đường tỉnh năm 2027"])
    h = headers("roundcube", ("Van thu So Xay dung", "vanthu.sxd@ninhbinh.gov.vn"),
                ("", "banqlda@ninhbinh.gov.vn"), "Gui van ban", date(2026, 12, 1, 8, 12), seed="m9")
    return mail(h, mixed(plain(text, "7bit"), attach(d, "Giay moi 62-SXD.docx", DOCX)))


@R.sample("gmail, attachment 'Ke hoach so 134 UBND.pdf' with spaces, commune (Sơn La)",
          official("ke-hoach", "134/KH-UBND"),
          "number and type in words in the file name only ('Ke hoach so 134 UBND'); subject 'vb xa Muong Bu'")
def _():
    text = "Em gui van ban cua xa a.\n"
    pdf = pdf_text(["UBND XA MUONG BU", "So: 134/KH-UBND", "KE HOACH",
                    "Phong chong ret dam, ret hai cho dan gia suc vu dong 2026"])
    h = headers("gmail", ("xa Muong Bu", "ubndxamuongbu@gmail.com"), ("", "vanthu.snnmt@sonla.gov.vn"),
                "vb xa Muong Bu", date(2026, 12, 2, 14, 55), seed="m10")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf, "Ke hoach so 134 UBND.pdf")))


@R.sample("Outlook, signed PDF whose name says 'Bao cao 57 BC-SYT (ky so)' (Quảng Trị)",
          official("bao-cao", "57/BC-SYT"),
          "cover 'Kính gửi văn bản đính kèm' with no type; the name mixes words and code with a space")
def _():
    paras = ["Kính gửi Văn phòng UBND tỉnh,", "Sở Y tế kính gửi văn bản đính kèm.", "", "Văn thư Sở Y tế Quảng Trị"]
    h = headers("outlook", ("Văn thư Sở Y tế", "vanthu.syt@quangtri.gov.vn"),
                ("Văn phòng UBND tỉnh", "vpubnd@quangtri.gov.vn"), "Gửi văn bản", date(2026, 12, 3, 10, 1),
                seed="m11")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("m11"), "Bao cao 57 BC-SYT (ky so).pdf")))


@R.sample("Outlook FW with a document-system notification attached as message/rfc822, empty outer body",
          official("to-trinh", "88/TTr-SNNMT"),
          "outer mail is 'FW:' with only a signature; the inner .eml is an eDoc notification with 'Số ký hiệu: 88/TTr-SNNMT' (Đồng Tháp)")
def _():
    inner_text = ("eDoc - Văn bản đến\n\nSố ký hiệu: 88/TTr-SNNMT\nNgày ký: 30/11/2026\n"
                  "Trích yếu: Tờ trình phê duyệt kế hoạch chuyển đổi cơ cấu cây trồng vụ Đông Xuân\n"
                  "Người ký: Huỳnh Tấn Lực\nĐộ khẩn: Thường\n")
    inner = mail(headers("system", ("eDoc Đồng Tháp", "edoc@dongthap.gov.vn"),
                         ("Phòng Kinh tế", "pkt.vpubnd@dongthap.gov.vn"),
                         "[eDoc] Văn bản đến 88/TTr-SNNMT", date(2026, 11, 30, 16, 0), seed="m12in"),
                 plain(inner_text, "quoted-printable"))
    paras = ["", "--", "Nguyễn Hoàng Phúc", "Phòng Kinh tế - Văn phòng UBND tỉnh Đồng Tháp"]
    h = headers("outlook", ("Nguyễn Hoàng Phúc", "nhphuc.vpubnd@dongthap.gov.vn"),
                ("Lê Quốc Bình", "lqbinh.vpubnd@dongthap.gov.vn"), "FW: [eDoc] Văn bản đến",
                date(2026, 12, 1, 7, 55), seed="m12")
    return mail(h, mixed(outlook_alt(paras), Rfc822(inner, "Van ban den.eml")))


@R.sample("Zimbra HTML+text, Director's letter to teachers for 20/11, no number (Hải Phòng)",
          official("thu-cong"),
          "'THƯ GỬI CÁC THẦY GIÁO, CÔ GIÁO' signed by the Director of the Sở GD&ĐT; '20/11' is a date; not mandatory")
def _():
    paras = ["SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HẢI PHÒNG", "",
             "THƯ GỬI CÁC THẦY GIÁO, CÔ GIÁO, CÁN BỘ QUẢN LÝ VÀ NHÂN VIÊN NGÀNH GIÁO DỤC",
             "Nhân kỷ niệm 44 năm Ngày Nhà giáo Việt Nam 20/11/2026", "",
             "Kính gửi các thầy giáo, cô giáo,",
             "Thay mặt lãnh đạo Sở, tôi gửi tới các thầy cô lời chúc sức khỏe và lời cảm ơn sâu sắc.", "",
             "GIÁM ĐỐC", "Phạm Ngọc Thạch"]
    h = headers("zimbra", ("Văn phòng Sở GD&ĐT", "vanphong.sgddt@haiphong.gov.vn"),
                ("Toàn ngành", "toannganh.sgddt@haiphong.gov.vn"),
                "Thư của Giám đốc Sở gửi các thầy cô nhân ngày 20/11", date(2026, 11, 19, 17, 0), seed="m13")
    return mail(h, alternative("\n".join(paras) + "\n", simple_html(paras)))


@R.sample("Outlook cover + 3 PDFs for the monthly UBND session, citing the invitation (Khánh Hòa)",
          official("tai-lieu-hop"),
          "'theo Giấy mời số 812/GM-UBND' is a citation; attachments include 'Du thao Nghi quyet' and 'To trinh' names of other documents")
def _():
    paras = ["Kính gửi: Các thành viên UBND tỉnh.", "",
             "Văn phòng UBND tỉnh gửi tài liệu phục vụ phiên họp UBND tỉnh thường kỳ tháng 12/2026 "
             "(theo Giấy mời số 812/GM-UBND ngày 01/12/2026), gồm 03 tệp đính kèm.", "",
             "Phòng Tổng hợp - Văn phòng UBND tỉnh Khánh Hòa"]
    h = headers("outlook", ("Phòng Tổng hợp VP UBND tỉnh", "tonghop.vpubnd@khanhhoa.gov.vn"),
                ("Thành viên UBND tỉnh", "thanhvien.ubnd@khanhhoa.gov.vn"),
                "Tài liệu phiên họp UBND tỉnh thường kỳ tháng 12/2026", date(2026, 12, 3, 17, 20), seed="m14")
    return mail(h, mixed(outlook_alt(paras),
                         attach(pdf_scan("m14a"), "01 Bao cao KTXH thang 11.pdf"),
                         attach(pdf_scan("m14b"), "02 Du thao Nghi quyet gia dat.pdf"),
                         attach(pdf_scan("m14c"), "03 To trinh dieu chinh von.pdf")))


@R.sample("VNPT iOffice-like HTML only notification, 'Độ khẩn: Thượng khẩn' in a table cell (Lâm Đồng)",
          official("cong-van", "2904/UBND-TH", urgency="thuong-khan"),
          "HTML only; urgency only in a table cell; no PDF; subject 'Bạn có văn bản mới'")
def _():
    rows = [["Số/Ký hiệu", "2904/UBND-TH"], ["Ngày ký", "05/12/2026"],
            ["Trích yếu", "V/v ứng phó áp thấp nhiệt đới gần Biển Đông"],
            ["Độ khẩn", "Thượng khẩn"], ["Độ mật", "Thường"], ["Người ký", "Trần Hồng Thái"]]
    cells = "".join("<tr><td style='width:140px;color:#555'>%s</td><td><b>%s</b></td></tr>\n" % (a, b) for a, b in rows)
    markup = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
              "<div style='font-family:Arial'><p>Xin chào <b>Văn thư Sở Nông nghiệp và Môi trường</b>,</p>"
              "<p>Bạn có văn bản mới từ <b>UBND tỉnh Lâm Đồng</b>:</p><table>\n" + cells +
              "</table><p><a href='https://ioffice.lamdong.gov.vn/vb/88213'>Xem văn bản</a></p></div></body></html>\n")
    h = headers("system", ("iOffice Lâm Đồng", "ioffice@lamdong.gov.vn"), ("", "vanthu.snnmt@lamdong.gov.vn"),
                "Bạn có văn bản mới", date(2026, 12, 5, 20, 45), seed="m15")
    return mail(h, html(markup, "quoted-printable"))


@R.sample("document-system template body, number only in a file name with underscores (An Giang)",
          official("cong-van", "2291/SNNMT-TL"),
          "'Bạn nhận được 01 văn bản mới' and no type anywhere: a name '2291_SNNMT-TL.signed.pdf' with an org-unit symbol is a công văn")
def _():
    text = ("Bạn nhận được 01 văn bản mới từ Sở Nông nghiệp và Môi trường tỉnh An Giang.\n"
            "Vui lòng mở tệp đính kèm.\n\n(Thư tự động - không trả lời)\n")
    h = headers("system", ("Hệ thống gửi nhận văn bản", "guinhan@angiang.gov.vn"),
                ("", "ubnd.xaoclam@angiang.gov.vn"), "Văn bản mới", date(2026, 12, 4, 11, 11), seed="m16",
                extra=[("Auto-Submitted", "auto-generated")])
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("m16"), "2291_SNNMT-TL.signed.pdf")))


@R.sample("gmail note with TWO phone photos of a paper Giấy mời, number written 'so 19/GM-UBND' unaccented (Lai Châu)",
          official("giay-moi", "19/GM-UBND"),
          "unaccented 'giay moi so 19/GM-UBND'; images page1/page2 without text")
def _():
    text = ("Gui anh chi giay moi so 19/GM-UBND cua UBND xa Phong Tho hop dan ban ve di dan tai dinh "
            "cu, 8h ngay 09/12 tai nha van hoa ban Ma Ly Pho. Anh chi sap xep di du.\n")
    h = headers("gmail", ("Vang A Chu", "vangachu.phongtho@gmail.com"), ("", "truongban.phongtho@gmail.com"),
                "giay moi hop dan ban", date(2026, 12, 4, 19, 30), seed="m17")
    return mail(h, mixed(plain(text, "7bit"), attach(photo("m17a"), "trang1.jpg", "image/jpeg"),
                         attach(photo("m17b"), "trang2.jpg", "image/jpeg")))
