"""Class 5: urgency and secrecy marks (ND30 Phụ lục I mục III.2 and the Luật Bảo vệ bí mật nhà
nước stamps), and words that look like them."""

from common import (DOCX, NOT_OFFICIAL, Registry, alternative, attach, doc, headers, html,
                    mail, mixed, official, outlook_alt, plain)
from mime import date, nfd, xlsx_free_zip, outlook_html, pdf_scan, pdf_text, simple_html

R = Registry(
    "corpus-marks",
    "Adversarial sample 5: urgency and secrecy marks",
    """
Marks as stamps and subject tags without diacritics ("KHAN", "HOA TOC", "THUONG KHAN",
"TOI MAT", "TUYET MAT"), in NFD, inside a Word-style header table, and as the "Độ khẩn:" /
"Độ mật:" fields of notifications. "Độ khẩn: Thường", "Độ khẩn: Bình thường", "Độ mật: Bình
thường", "Độ mật: Thường" and "Độ mật: Không" are no mark; the prose words "khẩn trương" (also in
capitals), "bảo mật", "mật khẩu", "bí mật" are no mark; a mark on mail that is not official is
not labelled. A secret-marked document keeps its type, number and mark but is not mandatory
(state secrets must not travel by e-mail).
""")


@R.sample("ALL-CAPS unaccented subject 'KHAN - V/V ...', 7bit (Lai Châu)",
          official("cong-van", "611/UBND-NC", urgency="khan"),
          "'KHAN' without diacritics as the subject's first field; body unaccented too")
def _():
    text = ("KINH GUI: UBND CAC XA BIEN GIOI\n\nUBND TINH GUI CONG VAN SO 611/UBND-NC NGAY 02/12/2026 "
            "V/V TANG CUONG QUAN LY DUONG MON, LOI MO BIEN GIOI. DE NGHI BAO CAO TRUOC 09/12.\n")
    h = headers("gmail", ("VAN THU UBND TINH LAI CHAU", "vanthu.laichau@gmail.com"), ("", "xabiengioi.laichau@gmail.com"),
                "KHAN - V/V TANG CUONG QUAN LY DUONG MON LOI MO BIEN GIOI", date(2026, 12, 2, 16, 20), seed="k1")
    return mail(h, mixed(plain(text, "7bit"), attach(pdf_scan("k1"), "611-UBND-NC.pdf")))


@R.sample("unaccented full text with a 'HOA TOC' stamp line under the number (Quảng Ngãi - Kon Tum area commune)",
          official("cong-dien", "02/CĐ-UBND", urgency="hoa-toc"),
          "stamp line 'HOA TOC' alone; 'CONG DIEN' and 'CD' unaccented; subject has no mark")
def _():
    text = "\n".join([
        "UY BAN NHAN DAN XA DAK TO             CONG HOA XA HOI CHU NGHIA VIET NAM",
        "                                       Doc lap - Tu do - Hanh phuc",
        "So: 02/CD-UBND                        Dak To, ngay 06 thang 12 nam 2026",
        "HOA TOC", "", "CONG DIEN",
        "Chu dong ung pho mua lon, nguy co sat lo dat tren tuyen duong Ho Chi Minh", "",
        "CHU TICH UBND XA dien:",
        "- Truong cac thon: so tan ngay 37 ho dan vung nguy co sat lo truoc 17h00 hom nay.",
        "- Cong an xa: chot chan 02 diem ngam tran.", "",
        "CHU TICH", "A Thuan"]) + "\n"
    h = headers("thunderbird", ("UBND xa Dak To", "ubnd.dakto@quangngai.gov.vn"), ("Cac thon", "thon.dakto@quangngai.gov.vn"),
                "Cong dien ung pho mua lon sat lo", date(2026, 12, 6, 10, 2), seed="k2")
    return mail(h, plain(text, "7bit"))


@R.sample("Outlook, '[THUONG KHAN]' unaccented subject tag, accented body (Hà Tĩnh)",
          official("bao-cao", "188/BC-SNNMT", urgency="thuong-khan"),
          "'[THUONG KHAN]' without diacritics in the subject only")
def _():
    paras = ["Kính gửi: Văn phòng UBND tỉnh.", "",
             "Sở Nông nghiệp và Môi trường gửi Báo cáo số 188/BC-SNNMT ngày 05/12/2026 nhanh tình hình "
             "mưa lũ và thiệt hại sản xuất nông nghiệp (đến 15h00 ngày 05/12).", "", "Văn thư Sở NN&MT Hà Tĩnh"]
    h = headers("outlook", ("Văn thư Sở NN&MT", "vanthu.snnmt@hatinh.gov.vn"), ("VP UBND tỉnh", "vpubnd@hatinh.gov.vn"),
                "[THUONG KHAN] Báo cáo nhanh tình hình mưa lũ đến 15h ngày 05/12", date(2026, 12, 5, 15, 40), seed="k3")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("k3"), "188-BC-SNNMT.pdf")))


@R.sample("Zimbra, unaccented 'TOI MAT' stamp line in the cover, encrypted ZIP (Sơn La)",
          official("phuong-an", "14/PA-CAT", secrecy="toi-mat"),
          "'TOI MAT' stamp without diacritics; 'mat khau giai nen' next to it is prose; secret -> not mandatory")
def _():
    text = ("TOI MAT\n\nKinh gui: Bo Chi huy Quan su tinh\n\n"
            "Cong an tinh gui Phuong an so 14/PA-CAT ngay 01/12/2026 bao ve an ninh cac muc tieu trong "
            "diem dip Tet 2027. Mat khau giai nen gui qua dien thoai.\n")
    h = headers("zimbra", ("Phong Tham muu CAT", "thammuu.cat@sonla.gov.vn"), ("BCH Quan su tinh", "bchqs@sonla.gov.vn"),
                "Phuong an 14/PA-CAT", date(2026, 12, 1, 7, 30), seed="k4")
    return mail(h, mixed(plain(text, "7bit"), attach(xlsx_free_zip([("PA14.pdf", pdf_scan("k4"))]), "PA14.zip", "application/zip")))


@R.sample("document-system key: value notification with 'Độ khẩn: Hỏa tốc' and 'Độ mật: Mật' (Điện Biên)",
          official("quyet-dinh", "1990/QĐ-UBND", urgency="hoa-toc", secrecy="mat"),
          "both marks only as notification fields; secret -> not mandatory")
def _():
    text = ("Văn bản đến mới\n"
            "Số, ký hiệu: 1990/QĐ-UBND\nNgày ký: 04/12/2026\n"
            "Trích yếu: Quyết định phê duyệt phương án bảo vệ mục tiêu quan trọng\n"
            "Độ khẩn: Hỏa tốc\nĐộ mật: Mật\nNơi gửi: UBND tỉnh Điện Biên\n")
    h = headers("system", ("QLVB Điện Biên", "qlvb@dienbien.gov.vn"), ("", "vanthu.cat@dienbien.gov.vn"),
                "Văn bản đến mới: 1990/QĐ-UBND", date(2026, 12, 4, 21, 3), seed="k5")
    return mail(h, plain(text, "quoted-printable"))


@R.sample("notification with 'Độ khẩn: Thường' and 'Độ mật: Bình thường' (Tây Ninh)",
          official("giay-moi", "129/GM-SCT"),
          "the fields name the lowest levels: no mark at all")
def _():
    text = ("Thông báo văn bản đến\n"
            "Số ký hiệu: 129/GM-SCT\nLoại văn bản: Giấy mời\n"
            "Trích yếu: Mời dự hội nghị kết nối cung cầu nông sản năm 2026\n"
            "Độ khẩn: Thường\nĐộ mật: Bình thường\nHạn xử lý: 10/12/2026\n")
    h = headers("system", ("eDoc Tây Ninh", "edoc@tayninh.gov.vn"), ("", "vanthu.snnmt@tayninh.gov.vn"),
                "[eDoc] Giấy mời 129/GM-SCT", date(2026, 12, 2, 8, 8), seed="k6")
    return mail(h, mixed(plain(text, "base64"), attach(pdf_scan("k6"), "129-GM-SCT.pdf")))


@R.sample("Roundcube-relayed notification: 'Độ khẩn: Khẩn' with 'Độ mật: Thường' (Hưng Yên)",
          official("to-trinh", "77/TTr-SXD", urgency="khan"),
          "the urgency field is a mark, the secrecy field 'Thường' is not; both field names contain khẩn/mật")
def _():
    text = ("Hệ thống QLVB chuyển tiếp văn bản\n\n"
            "Số/Ký hiệu: 77/TTr-SXD\nNgày văn bản: 03/12/2026\n"
            "Trích yếu: Tờ trình phê duyệt điều chỉnh quy hoạch chung đô thị Phố Hiến\n"
            "Độ khẩn: Khẩn\nĐộ mật: Thường\nNơi ban hành: Sở Xây dựng tỉnh Hưng Yên\n")
    h = headers("system", ("QLVB Hưng Yên", "qlvb@hungyen.gov.vn"), ("", "vanthu.vpub@hungyen.gov.vn"),
                "Văn bản đến: 77/TTr-SXD", date(2026, 12, 3, 14, 5), seed="k16")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("k16"), "77_TTr-SXD.pdf")))


@R.sample("Zimbra cover with metadata lines 'Độ khẩn: Bình thường', 'Độ mật: Không' (Đà Nẵng)",
          official("thong-bao", "301/TB-VP"),
          "'Bình thường' and 'Không' are no mark although the field names contain khẩn/mật")
def _():
    text = ("Kính gửi: Các sở, ban, ngành.\n\n"
            "Văn phòng UBND thành phố gửi Thông báo số 301/TB-VP ngày 03/12/2026 kết luận của Chủ tịch "
            "UBND thành phố tại buổi làm việc về chuyển đổi số.\n"
            "Độ khẩn: Bình thường\nĐộ mật: Không\n\nVăn thư Văn phòng UBND thành phố\n")
    h = headers("zimbra", ("Văn thư VP UBND", "vanthu.vpub@danang.gov.vn"), ("Sở ban ngành", "soban@danang.gov.vn"),
                "Thông báo kết luận về chuyển đổi số", date(2026, 12, 3, 16, 50), enc="q", seed="k7")
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf_scan("k7"), "301_TB-VP.pdf")))


@R.sample("Outlook, 'khẩn trương' in the subject of a directive (Thanh Hóa)",
          official("chi-thi", "09/CT-UBND"),
          "'V/v khẩn trương khắc phục hậu quả mưa lũ' — the prose word is not a mark; 'cấp bách' too")
def _():
    paras = ["Kính gửi: Các sở, ngành; UBND các xã, phường.", "",
             "UBND tỉnh gửi Chỉ thị số 09/CT-UBND ngày 30/11/2026 về việc khẩn trương khắc phục hậu quả "
             "mưa lũ, ổn định đời sống nhân dân; đây là nhiệm vụ cấp bách.", "", "Văn thư UBND tỉnh Thanh Hóa"]
    h = headers("outlook", ("Văn thư UBND tỉnh", "vanthu@thanhhoa.gov.vn"), ("Sở ngành", "songanh@thanhhoa.gov.vn"),
                "Chỉ thị về việc khẩn trương khắc phục hậu quả mưa lũ", date(2026, 11, 30, 17, 30), seed="k8")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("k8"), "09-CT-UBND.pdf")))


@R.sample("Roundcube, 'KHẨN TRƯƠNG' in capitals at the start of the subject (Cao Bằng)",
          official("cong-van", "1207/SNV-CCVC"),
          "'KHẨN TRƯƠNG báo cáo ...' — capitals, but the word is the adverb, not the mark KHẨN")
def _():
    text = ("Kính gửi: Các cơ quan, đơn vị.\n\nSở Nội vụ gửi Công văn số 1207/SNV-CCVC ngày 04/12/2026 "
            "đề nghị khẩn trương báo cáo số lượng công chức cấp xã dôi dư sau sắp xếp.\n\nVăn thư Sở Nội vụ\n")
    h = headers("roundcube", ("Văn thư Sở Nội vụ", "vanthu.snv@caobang.gov.vn"), ("", "coquan@caobang.gov.vn"),
                "KHẨN TRƯƠNG báo cáo số lượng công chức cấp xã dôi dư", date(2026, 12, 4, 14, 18), enc="raw", seed="k9")
    return mail(h, mixed(plain(text, "8bit"), attach(pdf_scan("k9"), "1207-SNV-CCVC.pdf")))


@R.sample("Outlook HTML+text, full text of a công văn on 'bảo mật' and 'mật khẩu' (Phú Thọ)",
          official("cong-van", "3322/SKHCN-CNTT"),
          "'tăng cường bảo mật', 'đổi mật khẩu', 'bí mật nhà nước' in prose; no mark")
def _():
    lines = doc("UBND TỈNH PHÚ THỌ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "3322/SKHCN-CNTT",
                "Phú Thọ, ngày 02 tháng 12 năm 2026",
                "V/v tăng cường bảo mật hệ thống thư điện tử công vụ", "",
                ["Thời gian qua xuất hiện nhiều thư giả mạo nhằm đánh cắp mật khẩu. Sở đề nghị:",
                 "1. Đổi mật khẩu hộp thư trước ngày 15/12/2026, tối thiểu 12 ký tự.",
                 "2. Không gửi tài liệu chứa bí mật nhà nước qua thư điện tử công vụ.",
                 "3. Bật xác thực hai lớp."],
                ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Cao Văn Tâm"], kinh_gui="Các cơ quan, đơn vị trên địa bàn tỉnh")
    h = headers("outlook", ("Sở KH&CN Phú Thọ", "vanthu.skhcn@phutho.gov.vn"), ("Các cơ quan", "coquan@phutho.gov.vn"),
                "V/v tăng cường bảo mật hệ thống thư điện tử công vụ", date(2026, 12, 2, 9, 0), seed="k10")
    return mail(h, outlook_alt(lines))


@R.sample("Outlook HTML only: 'MẬT' stamp inside a Word-style header table cell (Nghệ An police)",
          official("ke-hoach", "52/KH-CAT", secrecy="mat"),
          "the stamp is a table cell under the number, not a line of its own; secret -> not mandatory")
def _():
    rows = [["CÔNG AN TỈNH NGHỆ AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["Số: 52/KH-CAT", "Độc lập - Tự do - Hạnh phúc"],
            ["MẬT", "Nghệ An, ngày 28 tháng 11 năm 2026"]]
    paras = ["**KẾ HOẠCH", "Bảo đảm an ninh, trật tự Lễ hội Làng Sen năm 2027", "",
             "1. Lực lượng: 240 cán bộ, chiến sĩ.", "2. Thời gian: từ 15/5 đến 20/5/2027.", "",
             "GIÁM ĐỐC", "Thái Văn Nghĩa"]
    h = headers("outlook", ("Phòng Tham mưu CA tỉnh", "thammuu.cat@nghean.gov.vn"),
                ("VP UBND tỉnh", "vpubnd@nghean.gov.vn"), "Kế hoạch bảo đảm ANTT Lễ hội Làng Sen 2027",
                date(2026, 11, 28, 11, 11), seed="k11")
    return mail(h, html(outlook_html(paras, rows, 0), "quoted-printable"))


@R.sample("gmail, '[TUYET MAT]' unaccented subject tag on a report (An Giang border post)",
          official("bao-cao", "07/BC-ĐBP", secrecy="tuyet-mat"),
          "'TUYET MAT' without diacritics; issuer code 'ĐBP' (Đồn Biên phòng) with Đ in the text (the subject's unaccented 'DBP' is the sender's typing); not mandatory")
def _():
    text = ("Kính gửi: Bộ Chỉ huy Bộ đội Biên phòng tỉnh.\n\nĐồn Biên phòng Vĩnh Xương gửi Báo cáo số "
            "07/BC-ĐBP ngày 03/12/2026 (bản giấy gửi theo đường bưu chính).\n")
    h = headers("gmail", ("Don BP Vinh Xuong", "donbp.vinhxuong@gmail.com"), ("", "bchbp.angiang@gmail.com"),
                "[TUYET MAT] Bao cao 07/BC-DBP", date(2026, 12, 3, 22, 15), seed="k12")
    return mail(h, plain(text, "base64"))


@R.sample("Thunderbird, NFD text with a 'KHẨN' stamp line (Cần Thơ)",
          official("giay-moi", "204/GM-UBND", urgency="khan"),
          "the stamp 'KHẨN' and the whole body decomposed (NFD); subject NFC without mark")
def _():
    text = nfd("KHẨN\n\nKính gửi: Các thành viên Ban Chỉ đạo phòng, chống dịch bệnh thành phố.\n\n"
               "UBND thành phố gửi Giấy mời số 204/GM-UBND họp trực tuyến về dịch cúm gia cầm A/H5N1, "
               "lúc 16h00 ngày 05/12/2026.\n\nVăn thư UBND thành phố Cần Thơ\n")
    h = headers("thunderbird", ("Văn thư UBND TP", "vanthu@cantho.gov.vn"), ("BCĐ phòng chống dịch", "bcd.dich@cantho.gov.vn"),
                "Giấy mời họp trực tuyến về dịch cúm gia cầm", date(2026, 12, 5, 13, 30), seed="k13")
    return mail(h, plain(text, "8bit", flowed=True))


@R.sample("courier advertisement 'chuyển phát HỎA TỐC' to an agency", NOT_OFFICIAL,
          "'HỎA TỐC' and 'KHẨN' in the subject of a company's advertisement; a 'Bảng giá số 12/2026' — no labels")
def _():
    paras = ["DỊCH VỤ CHUYỂN PHÁT HỎA TỐC CHO CƠ QUAN NHÀ NƯỚC",
             "Bảng giá số 12/2026 áp dụng từ 01/12/2026: nội tỉnh 2 giờ, liên tỉnh 12 giờ.",
             "Nhận công văn KHẨN tận nơi 24/7. Hotline 1900 8898.", "Công ty CP Chuyển phát Sao Việt"]
    h = headers("system", ("Sao Viet Express", "sales@saovietexpress.vn"), ("", "vanthu@ninhbinh.gov.vn"),
                "HỎA TỐC - KHẨN: Bảng giá chuyển phát công văn 2026", date(2026, 12, 1, 9, 0), seed="k14")
    return mail(h, alternative("\n".join(paras) + "\n", simple_html(paras), "base64"))


@R.sample("Zimbra reply that only acknowledges a 'TỐI MẬT' document", NOT_OFFICIAL,
          "'Re: TỐI MẬT - Kế hoạch 19/KH-BCH' — acknowledgement; the secrecy tag belongs to the quoted document, no label")
def _():
    text = ("Ban CHQS xã đã nhận. Trân trọng.\n\n----- Tin nhắn gốc -----\n"
            "Từ: \"Bộ CHQS tỉnh\" <bchqs@quangtri.gov.vn>\nGửi: Thứ Năm, 03/12/2026 8:00\n"
            "Chủ đề: TỐI MẬT - Kế hoạch 19/KH-BCH\n")
    h = headers("zimbra", ("Ban CHQS xã Cam Lộ", "bchqs.camlo@quangtri.gov.vn"), ("Bộ CHQS tỉnh", "bchqs@quangtri.gov.vn"),
                "Re: TỐI MẬT - Kế hoạch 19/KH-BCH", date(2026, 12, 3, 9, 2), seed="k15",
                in_reply_to="<k15orig.0001@quangtri.gov.vn>")
    return mail(h, plain(text, "quoted-printable"))
