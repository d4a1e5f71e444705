"""Class 4: the số, ký hiệu in the forms people and old converters write it."""

from common import (DOCX, NOT_OFFICIAL, Registry, alternative, attach, doc, headers, html,
                    mail, mixed, official, outlook_alt, plain)
from mime import date, docx, nfd, pdf_scan, pdf_text, simple_html

R = Registry(
    "corpus-numbers",
    "Adversarial sample 4: document numbers",
    """
The number in the forms mail really shows it. Labels use the canonical form of ND30 Phụ lục I
mục II.3 (`123/QĐ-UBND`: "/" after the number, "-" between groups, Vietnamese letters kept,
leading zero below 10 as written, the year for normative documents, the mixed case of
Phụ lục III: TTr, CTr, QyĐ). Traps: Latin ETH `Ð` (U+00D0, left by TCVN3 conversions) for Đ in
the type and inside issuer codes, invented issuer codes with Đ and with digits (`BCĐ389`),
unaccented QD/CD/QyD, a number typed with a space before the slash or with an en dash, a number
in lower case in the subject, a joint agreement whose file name adds both provinces' tags and
a MoU whose file name adds '-MOU' (the number is the one in the text, as in corpus2 0089 and
0115), NFD text, and numbers that are not a document's (an e-invoice's, a cited law's).
""")


@R.sample("Zimbra, subject and body with Latin ETH in the type: '09/QÐ-SNNMT' (Lâm Đồng)",
          official("quyet-dinh", "09/QĐ-SNNMT"),
          "'QÐ' typed with U+00D0 (TCVN3 artefact) in the subject and body; leading zero kept")
def _():
    text = ("Kính gửi: Các Chi cục, Trung tâm trực thuộc Sở.\n\n"
            "Văn phòng Sở gửi Quyết định số 09/QÐ-SNNMT ngày 02/12/2026 của Giám đốc Sở Nông "
            "nghiệp và Môi trường về việc giao chỉ tiêu trồng rừng năm 2027 (1.850 ha).\n\n"
            "Văn phòng Sở NN&MT tỉnh Lâm Đồng\n")
    h = headers("zimbra", ("Văn phòng Sở NN&MT", "vanphong.snnmt@lamdong.gov.vn"),
                ("Các đơn vị trực thuộc", "donvi.snnmt@lamdong.gov.vn"),
                "Quyết định 09/QÐ-SNNMT giao chỉ tiêu trồng rừng năm 2027", date(2026, 12, 2, 14, 30),
                enc="b", seed="u1")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf_scan("u1"), "QD09-SNNMT.pdf")))


@R.sample("Outlook, ETH inside the issuer code: '124/TB-SGDÐT' (Thanh Hóa)",
          official("thong-bao", "124/TB-SGDĐT"),
          "U+00D0 inside the issuer code SGDĐT, in the body only; subject 'TB tuyển sinh'")
def _():
    paras = ["Kính gửi: Các trường THPT, trung tâm GDNN-GDTX.", "",
             "Sở Giáo dục và Đào tạo gửi Thông báo số 124/TB-SGDÐT ngày 27/11/2026 về lịch tổ chức "
             "kỳ thi chọn học sinh giỏi cấp tỉnh lớp 12 (thi ngày 18/12/2026).", "",
             "Văn thư Sở GD&ĐT Thanh Hóa"]
    h = headers("outlook", ("Văn thư Sở GD&ĐT", "vanthu.sgddt@thanhhoa.gov.vn"),
                ("Các trường THPT", "thpt@thanhhoa.gov.vn"), "TB thi học sinh giỏi lớp 12",
                date(2026, 11, 27, 16, 10), seed="u2")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("u2"), "124-TB-SGDDT.pdf")))


@R.sample("Roundcube, guidance of a city's urban-area management board with Đ in its code (TP HCM)",
          official("huong-dan", "27/HD-BQLĐT"),
          "invented issuer code 'BQLĐT' with Đ; HD (Hướng dẫn), not HĐ (Hợp đồng)")
def _():
    text = ("Kính gửi: UBND các phường thuộc khu vực Thủ Thiêm.\n\n"
            "Ban Quản lý các khu đô thị gửi Hướng dẫn số 27/HD-BQLĐT ngày 01/12/2026 về trình tự cấp "
            "phép tổ chức sự kiện ngoài trời trong khu đô thị mới (đính kèm).\n\n"
            "Văn thư Ban Quản lý các khu đô thị\n")
    h = headers("roundcube", ("Văn thư BQL các khu đô thị", "vanthu.bqldt@tphcm.gov.vn"),
                ("UBND phường", "ubndphuong.thuthiem@tphcm.gov.vn"),
                "Hướng dẫn cấp phép tổ chức sự kiện ngoài trời", date(2026, 12, 1, 9, 9), seed="u3")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("u3"), "27-HD-BQLĐT.pdf", fname="2231")))


@R.sample("Zimbra, plan of a steering committee whose code holds digits: '08/KH-BCĐ389' (Quảng Trị)",
          official("ke-hoach", "08/KH-BCĐ389"),
          "issuer code 'BCĐ389' (Ban Chỉ đạo 389 on smuggling) ends in digits; '389' must stay in the number")
def _():
    text = ("Kính gửi: Thành viên Ban Chỉ đạo 389 tỉnh.\n\n"
            "Cơ quan Thường trực Ban Chỉ đạo 389 tỉnh gửi Kế hoạch số 08/KH-BCĐ389 ngày 03/12/2026 "
            "cao điểm đấu tranh chống buôn lậu, gian lận thương mại dịp Tết Nguyên đán 2027.\n\n"
            "Trân trọng.\n")
    h = headers("zimbra", ("Thường trực BCĐ 389 tỉnh", "bcd389@quangtri.gov.vn"),
                ("Thành viên BCĐ", "thanhvien.bcd389@quangtri.gov.vn"),
                "Kế hoạch cao điểm chống buôn lậu dịp Tết 2027", date(2026, 12, 3, 10, 45), enc="q", seed="u4")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf_scan("u4"), "KH08-BCD389.pdf")))


@R.sample("Thunderbird, joint agreement of two cities; file name adds both tags (Hải Phòng - Quảng Ninh)",
          official("ban-thoa-thuan", "05/BTT-UBND"),
          "text 'Bản thỏa thuận số 05/BTT-UBND'; file 'BTT 05-UBND HP-QN.pdf' adds the partners' tags; not mandatory")
def _():
    text = ("Kính gửi: Sở Xây dựng, Sở Nông nghiệp và Môi trường.\n\n"
            "Văn phòng UBND thành phố gửi Bản thỏa thuận số 05/BTT-UBND ngày 26/11/2026 giữa UBND "
            "thành phố Hải Phòng và UBND tỉnh Quảng Ninh về phối hợp quản lý vùng nuôi trồng thủy sản "
            "trên vịnh giáp ranh.\n\nVăn thư Văn phòng UBND thành phố\n")
    h = headers("thunderbird", ("Văn thư VP UBND thành phố", "vanthu.vpub@haiphong.gov.vn"),
                ("Sở Xây dựng", "sxd@haiphong.gov.vn"), "Bản thỏa thuận phối hợp quản lý vùng nuôi biển giáp ranh",
                date(2026, 11, 27, 8, 30), seed="u5")
    return mail(h, mixed(plain(text, "8bit", flowed=True), attach(pdf_scan("u5"), "BTT 05-UBND HP-QN.pdf")))


@R.sample("gmail, unaccented subject with mixed-case 'TTr' (Điện Biên commune)",
          official("to-trinh", "33/TTr-UBND"),
          "'To trinh so 33/TTr-UBND' without diacritics; mixed case TTr kept")
def _():
    text = ("Kinh gui Phong Kinh te - Ha tang - Do thi khu vuc\n\n"
            "UBND xa Muong Phang gui To trinh so 33/TTr-UBND de nghi ho tro kinh phi sua chua cau treo "
            "ban Ten, du toan 412 trieu dong.\n\nVan thu xa\n")
    h = headers("gmail", ("UBND xa Muong Phang", "ubnd.muongphang@gmail.com"), ("", "kinhte.khuvuc@dienbien.gov.vn"),
                "To trinh so 33/TTr-UBND sua cau treo ban Ten", date(2026, 12, 2, 9, 58), seed="u6")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf_scan("u6"), "33 TTr.pdf")))


@R.sample("Outlook, program numbered 'CTr' in a forwarded subject (Ninh Bình)",
          official("chuong-trinh", "11/CTr-UBND"),
          "'FW: CTr 11/CTr-UBND' — mixed case CTr; the abbreviation repeated before the number")
def _():
    paras = ["Chuyển các phòng nghiên cứu.", "", "-----Original Message-----",
             "From: Văn thư UBND tỉnh <vanthu@ninhbinh.gov.vn>",
             "Subject: Chương trình số 11/CTr-UBND công tác năm 2027 của UBND tỉnh", "",
             "UBND tỉnh gửi Chương trình công tác năm 2027 (bản ký số đính kèm)."]
    h = headers("outlook", ("Đinh Thị Hoa", "dthoa.stc@ninhbinh.gov.vn"), ("Các phòng", "phong.stc@ninhbinh.gov.vn"),
                "FW: CTr 11/CTr-UBND công tác năm 2027", date(2026, 12, 4, 8, 3), seed="u7")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("u7"), "11_CTr-UBND.pdf")))


@R.sample("unaccented 7bit mail, 'QyD' for QyĐ (Hưng Yên)",
          official("quy-dinh", "07/QyĐ-UBND"),
          "'Quy dinh so 07/QyD-UBND' without Đ -> QyĐ; Quy định, not Quyết định")
def _():
    text = ("Kinh gui cac phong chuyen mon\n\nGui Quy dinh so 07/QyD-UBND ngay 30/11/2026 cua UBND xa "
            "Tien Lu ve quan ly, su dung nha van hoa thon. De nghi cac thon phoi hop thuc hien.\n\n"
            "Van phong HDND-UBND xa\n")
    h = headers("thunderbird", ("Van phong xa Tien Lu", "vanphong.tienlu@hungyen.gov.vn"),
                ("Cac thon", "cacthon.tienlu@hungyen.gov.vn"), "Quy dinh quan ly nha van hoa thon",
                date(2026, 11, 30, 15, 15), seed="u8")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf_scan("u8"), "07-QyD-UBND.pdf")))


@R.sample("phone-typed subject '[QD 1407/QD-UBND]' all unaccented (Cà Mau)",
          official("quyet-dinh", "1407/QĐ-UBND"),
          "'QD' twice, without Đ; body also unaccented; the decision cites 'QD 926/QD-UBND' of last year")
def _():
    text = ("Gui cac phong QD 1407/QD-UBND ngay 01/12/2026 ve giao du toan bo sung kinh phi phong chong "
            "sat lo (thay the QD 926/QD-UBND nam 2025).\n")
    h = headers("gmail", ("Ke toan VP", "ketoan.vp.camau@gmail.com"), ("", "phongban.camau@gmail.com"),
                "[QD 1407/QD-UBND] giao du toan bo sung", date(2026, 12, 1, 20, 40), seed="u9")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf_scan("u9"), "1407.pdf")))


@R.sample("Zimbra HTML+text, full text of a normative decision with the year (Gia Lai)",
          official("quyet-dinh", "15/2026/QĐ-UBND"),
          "'15/2026/QĐ-UBND' with the year; preamble cites '72/2025/QH15', '30/2020/NĐ-CP', '78/2025/NĐ-CP' and an older '22/2021/QĐ-UBND' it replaces")
def _():
    lines = doc("", "ỦY BAN NHÂN DÂN TỈNH GIA LAI", "15/2026/QĐ-UBND", "Gia Lai, ngày 25 tháng 11 năm 2026",
                "**QUYẾT ĐỊNH", "**Ban hành Quy định phân cấp quản lý cụm công nghiệp",
                ["ỦY BAN NHÂN DÂN TỈNH GIA LAI",
                 "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
                 "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;",
                 "Căn cứ Nghị định số 78/2025/NĐ-CP của Chính phủ;", "QUYẾT ĐỊNH:",
                 "Điều 1. Ban hành kèm theo Quyết định này Quy định phân cấp quản lý cụm công nghiệp.",
                 "Điều 2. Quyết định có hiệu lực từ ngày 10/12/2026 và thay thế Quyết định số 22/2021/QĐ-UBND."],
                ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Rơ Mah Tuấn"])
    h = headers("zimbra", ("Văn thư UBND tỉnh", "vanthu@gialai.gov.vn"), ("Sở Công Thương", "sct@gialai.gov.vn"),
                "Quyết định ban hành Quy định phân cấp quản lý cụm công nghiệp", date(2026, 11, 25, 17, 12),
                seed="u10")
    return mail(h, alternative("\n".join(lines) + "\n", simple_html(lines)))


@R.sample("Outlook, subject with a resolution typed with ETH in the issuer 'HÐND' and the year (Đắk Lắk)",
          official("nghi-quyet", "21/2026/NQ-HĐND"),
          "'21/2026/NQ-HÐND' with U+00D0 in HĐND, year in the number")
def _():
    paras = ["Kính gửi: UBND các xã, phường.", "",
             "Văn phòng Đoàn ĐBQH và HĐND tỉnh gửi Nghị quyết số 21/2026/NQ-HÐND ngày 20/11/2026 của "
             "HĐND tỉnh quy định mức chi hỗ trợ hoạt động của Tổ bảo vệ an ninh, trật tự ở cơ sở.", "",
             "Trân trọng."]
    h = headers("outlook", ("VP Đoàn ĐBQH và HĐND tỉnh", "vanphong.hdnd@daklak.gov.vn"),
                ("UBND xã phường", "xaphuong@daklak.gov.vn"),
                "Nghị quyết 21/2026/NQ-HÐND mức chi hỗ trợ Tổ bảo vệ ANTT", date(2026, 11, 21, 14, 0), seed="u11")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("u11"), "21-2026-NQ-HDND.pdf")))


@R.sample("unaccented cover, leading-zero công điện 'CD' with underscores in the file name (Nghệ An)",
          official("cong-dien", "03/CĐ-UBND"),
          "'Cong dien 03/CD-UBND' and '03_CD-UBND.pdf' without Đ -> CĐ; leading zero kept")
def _():
    text = ("Kinh gui UBND cac xa ven bien\n\nChuyen Cong dien 03/CD-UBND ngay 05/12/2026 cua Chu tich "
            "UBND tinh ve chu dong ung pho gio mua dong bac manh tren bien.\n")
    h = headers("thunderbird", ("Van thu VP UBND tinh", "vanthu.vpub@nghean.gov.vn"),
                ("xa ven bien", "xavenbien@nghean.gov.vn"), "Cong dien 03/CD-UBND gio mua dong bac",
                date(2026, 12, 5, 11, 5), seed="u12")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf_scan("u12"), "03_CD-UBND.pdf")))


@R.sample("Zimbra, number typed with a space before the slash: 'Số: 218 /SYT-KHTC' (Vĩnh Long)",
          official("cong-van", "218/SYT-KHTC"),
          "Word template with the number typed into a blank leaves '218 /SYT-KHTC'; full text in body")
def _():
    lines = doc("UBND TỈNH VĨNH LONG", "SỞ Y TẾ", "218 /SYT-KHTC", "Vĩnh Long, ngày 01 tháng 12 năm 2026",
                "V/v báo cáo tình hình thực hiện dự toán năm 2026", "",
                ["Sở Y tế đề nghị các đơn vị báo cáo tình hình thực hiện dự toán năm 2026 trước ngày 10/12/2026."],
                ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Thạch Thị Sà Rết"], kinh_gui="Các đơn vị trực thuộc")
    h = headers("zimbra", ("Văn thư Sở Y tế", "vanthu.syt@vinhlong.gov.vn"),
                ("Các đơn vị", "donvi.syt@vinhlong.gov.vn"), "V/v báo cáo thực hiện dự toán năm 2026",
                date(2026, 12, 1, 10, 20), seed="u13")
    return mail(h, plain("\n".join(lines) + "\n", "8bit"))


@R.sample("Outlook HTML+text, number with an en dash from Word autocorrect: '44/KH–UBND' (Đồng Nai)",
          official("ke-hoach", "44/KH-UBND"),
          "'–' (U+2013) between KH and UBND in the body; canonical uses '-'")
def _():
    paras = ["Kính gửi: Các ban, ngành, đoàn thể phường.", "",
             "UBND phường Trấn Biên gửi Kế hoạch số 44/KH–UBND ngày 04/12/2026 tổ chức Tết Nguyên đán "
             "Đinh Mùi 2027 (đính kèm).", "", "Văn phòng HĐND và UBND phường"]
    h = headers("outlook", ("Văn phòng UBND phường Trấn Biên", "vanphong.tranbien@dongnai.gov.vn"),
                ("Ban ngành phường", "banganh.tranbien@dongnai.gov.vn"), "Kế hoạch tổ chức Tết Đinh Mùi 2027",
                date(2026, 12, 4, 15, 44), seed="u14")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("u14"), "KH44.pdf")))


@R.sample("Roundcube, lower-case number in the subject 'cv 1533/ubnd-vx' (Huế)",
          official("cong-van", "1533/UBND-VX"),
          "subject typed in lower case; the file name has '1533-UBND-VX'")
def _():
    text = "Gửi phòng Văn hóa - Xã hội cv 1533/ubnd-vx về tổ chức Festival Huế 2027.\n\nTrân trọng.\n"
    h = headers("roundcube", ("Nguyễn Thị Diệu", "ntdieu.vpub@hue.gov.vn"), ("", "vhxh.vpub@hue.gov.vn"),
                "cv 1533/ubnd-vx festival hue 2027", date(2026, 12, 3, 9, 30), seed="u15")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("u15"), "1533-UBND-VX.pdf")))


@R.sample("Thunderbird, whole body in NFD (decomposed diacritics), resolution of a ward's People's Council (Hà Nội)",
          official("nghi-quyet", "12/NQ-HĐND"),
          "NFD text: 'Nghị quyết' decomposed; 'HĐND' (Đ has no decomposition) inside the number")
def _():
    text = nfd("Kính gửi: Các đại biểu HĐND phường Hồng Hà.\n\nThường trực HĐND phường gửi Nghị quyết số "
               "12/NQ-HĐND ngày 28/11/2026 về dự toán ngân sách phường năm 2027.\n\nTrân trọng.\n")
    h = headers("thunderbird", ("Thường trực HĐND phường", "hdnd.hongha@hanoi.gov.vn"),
                ("Đại biểu HĐND", "daibieu.hongha@hanoi.gov.vn"), nfd("Nghị quyết về dự toán ngân sách phường năm 2027"),
                date(2026, 11, 28, 18, 0), seed="u16")
    return mail(h, mixed(plain(text, "quoted-printable", flowed=True), attach(pdf_scan("u16"), "NQ12.pdf")))


@R.sample("Outlook, bilingual MoU with a foreign university; file name glues '-MOU' after the number (Huế)",
          official("ban-ghi-nho", "04/BGN-SKHCN"),
          "text 'Bản ghi nhớ số 04/BGN-SKHCN'; file '04-BGN-SKHCN-MOU-signed.pdf' adds a tag, which is not part of the number (as in corpus2 0089, 0115); not mandatory")
def _():
    paras = ["Kính gửi: Các phòng chuyên môn; Trung tâm Đổi mới sáng tạo.", "",
             "Văn phòng Sở gửi Bản ghi nhớ số 04/BGN-SKHCN ngày 01/12/2026 giữa Sở Khoa học và Công nghệ "
             "thành phố Huế và Đại học Chiang Mai (Thái Lan) về hợp tác ươm tạo khởi nghiệp - "
             "Memorandum of Understanding on Start-up Incubation.", "", "Văn phòng Sở KH&CN"]
    h = headers("outlook", ("Văn phòng Sở KH&CN", "vanphong.skhcn@hue.gov.vn"), ("Các phòng", "phong.skhcn@hue.gov.vn"),
                "MOU Sở KH&CN Huế - Chiang Mai University", date(2026, 12, 2, 11, 0), seed="u18")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("u18"), "04-BGN-SKHCN-MOU-signed.pdf")))


@R.sample("e-invoice from a supplier to an agency's accounting (not a document)", NOT_OFFICIAL,
          "'Hóa đơn số 00002618, ký hiệu 1C26TVN', 'Mã tra cứu', MST — number-like but an invoice of a company")
def _():
    text = ("Kính gửi Quý khách hàng: SỞ CÔNG THƯƠNG TỈNH HÀ TĨNH\n\n"
            "Công ty TNHH Văn phòng phẩm Hồng Lam gửi hóa đơn điện tử:\n"
            "Hóa đơn số: 00002618  Ký hiệu: 1C26TVN  Ngày: 30/11/2026\n"
            "Tổng tiền thanh toán: 14.356.000 đồng\nMã tra cứu: HL26-8841-Q7\n"
            "MST người bán: 3001238842\n\nTrân trọng.\n")
    h = headers("system", ("Hoa don dien tu Hong Lam", "hoadon@honglam-vpp.vn"), ("Kế toán Sở", "ketoan.sct@hatinh.gov.vn"),
                "Hóa đơn điện tử số 00002618 - ký hiệu 1C26TVN", date(2026, 11, 30, 19, 2), seed="u17")
    return mail(h, mixed(plain(text, "base64"), attach(pdf_text(["HOA DON GIA TRI GIA TANG", "So: 00002618"]),
                                                       "1C26TVN_00002618.pdf")))
