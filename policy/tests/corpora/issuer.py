"""Class 1: who issued it. Party, union, Front, association, company and bank documents are
not administrative documents of a state agency (ND30 Điều 1-2 scope; Party documents follow
Hướng dẫn 36-HD/VPTW: '87-KH/TU' with a hyphen before the type); state agencies whose
documents look unusual are."""

from common import (DOCX, NOT_OFFICIAL, Registry, alternative, attach, doc, headers, html,
                    mail, mixed, official, outlook_alt, plain)
from mime import Rfc822, date, docx, pdf_scan, pdf_text, simple_html

R = Registry(
    "corpus-issuer",
    "Adversarial sample 1: the issuer",
    """
Documents whose form is that of an administrative document but whose issuer is not a state
agency. ND30 Điều 2 applies the decree to state agencies and organisations and to state-owned
enterprises; political and socio-political organisations only take it as a model (state-owned
enterprises, a grey zone, are left out here). Not official:
Party bodies (Hướng dẫn 36-HD/VPTW numbering `12-KH/TU`, header "ĐẢNG CỘNG SẢN VIỆT
NAM"), trade unions, the youth union, the Fatherland Front, associations, private companies
and commercial banks. All NOT official, whatever marks and numbers they show. Counter-examples that
ARE official: a Ban Quản lý khu kinh tế, public hospitals and schools (đơn vị sự nghiệp công
lập, within ND30 Điều 2), the Văn phòng Đoàn ĐBQH và HĐND, the State Bank's regional branch, a
commune clerk on gmail, a state plan citing Party resolutions, and a Sở's document forwarded
by a company (a forward of an official document is that document).
""")

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


def party_head(parent, issuer, number, place_date):
    left = ([parent] if parent else []) + [issuer, "*", "Số " + number]
    right = [PARTY, "", place_date]
    out = []
    for i in range(max(len(left), len(right))):
        l = left[i] if i < len(left) else ""
        r = right[i] if i < len(right) else ""
        out.append((l.ljust(44) + r).rstrip())
    return out


@R.sample("Zimbra plain text, full text of a provincial Party committee plan (Thanh Hóa)",
          NOT_OFFICIAL,
          "'TỈNH ỦY THANH HÓA', 'Số 412-KH/TU' with 'ĐẢNG CỘNG SẢN VIỆT NAM' header; a Kế hoạch in every other respect")
def _():
    body = party_head("", "TỈNH ỦY THANH HÓA", "412-KH/TU", "Thanh Hóa, ngày 14 tháng 10 năm 2026") + [
        "", "KẾ HOẠCH", "tổ chức Hội nghị học tập, quán triệt các nghị quyết của Trung ương", "",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Giúp cán bộ, đảng viên nắm vững nội dung cơ bản của các nghị quyết.",
        "2. Việc học tập phải nghiêm túc, thiết thực; tránh hình thức.", "",
        "II. THỜI GIAN, ĐỊA ĐIỂM",
        "- Hội nghị trực tiếp kết hợp trực tuyến, 01 ngày, ngày 28/10/2026.",
        "- Điểm cầu chính: Hội trường 25B Tỉnh ủy; 166 điểm cầu xã, phường.", "",
        "III. TỔ CHỨC THỰC HIỆN",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì, phối hợp Văn phòng Tỉnh ủy chuẩn bị tài liệu.", "",
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lê Đình Khải (đã ký)"]
    text = "Kính gửi các đồng chí,\n\nVăn phòng Tỉnh ủy gửi Kế hoạch số 412-KH/TU của Ban Thường vụ Tỉnh ủy:\n\n" + "\n".join(body) + "\n\n--\nPhòng Hành chính - Lưu trữ, Văn phòng Tỉnh ủy Thanh Hóa\n"
    h = headers("zimbra", ("Văn phòng Tỉnh ủy", "hanhchinh.vptu@thanhhoa.dcs.vn"),
                ("Các đồng chí Ủy viên BTV", "btv@thanhhoa.dcs.vn"),
                "Kế hoạch 412-KH/TU tổ chức hội nghị học tập nghị quyết", date(2026, 10, 14, 15, 2),
                enc="q", seed="i1")
    return mail(h, plain(text, "quoted-printable"))


@R.sample("gmail, commune Party committee notice with 'KHẨN' subject and scanned PDF (Phú Thọ)",
          NOT_OFFICIAL,
          "'ĐẢNG ỦY XÃ THANH SƠN', '27-TB/ĐU' with Đ in the Party code; KHẨN in the subject is not labelled because the mail is not official")
def _():
    text = ("Kinh gui cac chi bo truc thuoc,\n\n"
            "Đảng ủy xã Thanh Sơn gửi Thông báo số 27-TB/ĐU ngày 05/11/2026 về lịch sinh hoạt chi bộ "
            "chuyên đề quý IV. Đề nghị các đồng chí Bí thư chi bộ triển khai trước ngày 10/11.\n\n"
            "Văn phòng Đảng ủy xã\nĐT: 0210 3861 274\n")
    h = headers("gmail", ("Dang uy xa Thanh Son", "danguy.xathanhson@gmail.com"),
                ("", "chibo.khu3.thanhson@gmail.com"),
                "KHẨN: Thông báo 27-TB/ĐU lịch sinh hoạt chi bộ quý IV", date(2026, 11, 5, 7, 40),
                seed="i2")
    return mail(h, mixed(plain(text, "base64"),
                         attach(pdf_scan("i2"), "TB 27-TB-DU.pdf")))


@R.sample("Outlook forward (message/rfc822) by a Sở officer of a Party organisation board letter",
          NOT_OFFICIAL,
          "a civil servant of Sở Nội vụ forwards 'Công văn số 2317-CV/BTCTU' of the Ban Tổ chức Tỉnh ủy; forward of a Party document stays a Party document")
def _():
    inner_text = "\n".join(party_head("TỈNH ỦY QUẢNG NINH", "BAN TỔ CHỨC", "2317-CV/BTCTU",
                                      "Hạ Long, ngày 21 tháng 10 năm 2026") + [
        "V/v rà soát quy hoạch cán bộ nhiệm kỳ 2026 - 2031", "",
        "Kính gửi: Các đảng ủy trực thuộc Tỉnh ủy.", "",
        "Ban Tổ chức Tỉnh ủy đề nghị các đảng ủy rà soát, bổ sung quy hoạch cán bộ, gửi hồ sơ về "
        "Ban Tổ chức Tỉnh ủy trước ngày 15/11/2026.", "",
        "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Vũ Thị Hằng Nga"]) + "\n"
    inner = mail(headers("zimbra", ("Ban Tổ chức Tỉnh ủy", "btctu@quangninh.dcs.vn"),
                         ("Đảng ủy UBND tỉnh", "danguy.ubnd@quangninh.gov.vn"),
                         "Công văn 2317-CV/BTCTU rà soát quy hoạch cán bộ",
                         date(2026, 10, 21, 10, 5), seed="i3in"),
                 plain(inner_text, "8bit"))
    outer = ("Anh Tuấn,\n\nEm chuyển công văn của Ban Tổ chức Tỉnh ủy để phòng Tổ chức cán bộ "
             "tham mưu cho Đảng ủy Sở.\n\nThanks,\nPhạm Quỳnh Chi\nPhòng Tổ chức - Biên chế, Sở Nội vụ\n")
    h = headers("outlook", ("Phạm Quỳnh Chi", "pqchi.snv@quangninh.gov.vn"),
                ("Đỗ Minh Tuấn", "dmtuan.snv@quangninh.gov.vn"),
                "FW: Công văn 2317-CV/BTCTU rà soát quy hoạch cán bộ", date(2026, 10, 22, 8, 15),
                seed="i3")
    return mail(h, mixed(outlook_alt(outer.split("\n")), Rfc822(inner, "Cong van 2317.eml")))


@R.sample("Outlook HTML+text, full text of a cell (chi bộ) resolution", NOT_OFFICIAL,
          "'CHI BỘ PHÒNG KẾ HOẠCH - TÀI CHÍNH', 'Số 08-NQ/CB' of a Party cell inside a state hospital; NGHỊ QUYẾT title")
def _():
    lines = party_head("ĐẢNG BỘ BỆNH VIỆN ĐA KHOA TỈNH", "CHI BỘ PHÒNG KẾ HOẠCH - TÀI CHÍNH",
                       "08-NQ/CB", "Sơn La, ngày 02 tháng 11 năm 2026") + [
        "", "**NGHỊ QUYẾT", "**về nhiệm vụ tháng 11 năm 2026", "",
        "1. Tập trung hoàn thành quyết toán kinh phí năm 2026 trước ngày 20/12.",
        "2. 100% đảng viên hoàn thành bản kiểm điểm cuối năm.",
        "3. Giới thiệu 01 quần chúng ưu tú để bồi dưỡng kết nạp Đảng.", "",
        "T/M CHI BỘ", "BÍ THƯ", "Hà Văn Thịnh"]
    h = headers("outlook", ("Hà Văn Thịnh", "thinhhv.khtc@bvdksonla.vn"),
                ("Đảng viên chi bộ KHTC", "chibo.khtc@bvdksonla.vn"),
                "Nghị quyết chi bộ tháng 11/2026", date(2026, 11, 2, 16, 30), seed="i4")
    return mail(h, outlook_alt(lines, cte="base64"))


@R.sample("Zimbra cover + DOCX, provincial civil-servants' trade union plan (Điện Biên)", NOT_OFFICIAL,
          "'CÔNG ĐOÀN VIÊN CHỨC TỈNH' issues '19/KH-CĐVC' in the state layout (slash, KH, national motto)")
def _():
    text = ("Kính gửi: Ban Chấp hành các công đoàn cơ sở trực thuộc.\n\n"
            "Công đoàn Viên chức tỉnh gửi Kế hoạch số 19/KH-CĐVC ngày 30/10/2026 tổ chức Hội thao "
            "chào mừng ngày thành lập Quân đội nhân dân Việt Nam 22/12. Đăng ký vận động viên "
            "trước 25/11/2026.\n\nTrân trọng!\nBan Tuyên giáo - Nữ công, Công đoàn Viên chức tỉnh Điện Biên\n")
    d = docx(["LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN", "CÔNG ĐOÀN VIÊN CHỨC TỈNH", "Số: 19/KH-CĐVC",
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "Điện Biên, ngày 30 tháng 10 năm 2026", "**KẾ HOẠCH",
              "Tổ chức Hội thao chào mừng ngày 22/12", "Môn thi: bóng chuyền hơi, kéo co, cầu lông.",
              "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lò Thị Hương"])
    h = headers("zimbra", ("Công đoàn Viên chức tỉnh", "congdoanvienchuc@dienbien.gov.vn"),
                ("Công đoàn cơ sở", "cdcs.list@dienbien.gov.vn"),
                "Kế hoạch 19/KH-CĐVC tổ chức Hội thao chào mừng 22/12", date(2026, 10, 30, 14, 0),
                seed="i5")
    return mail(h, mixed(plain(text, "quoted-printable"),
                         attach(d, "19-KH-CĐVC Hội thao.docx", DOCX, "2231")))


@R.sample("Outlook, grassroots trade union decision on awards, PDF", NOT_OFFICIAL,
          "'Quyết định số 07/QĐ-CĐCS' — QĐ with a slash, issuer a công đoàn cơ sở of a Sở (Cần Thơ); 'CĐ' inside CĐCS")
def _():
    paras = ["Kính gửi các đồng chí đoàn viên,", "",
             "BCH Công đoàn cơ sở Sở Tài chính gửi Quyết định số 07/QĐ-CĐCS ngày 16/11/2026 về việc "
             "khen thưởng đoàn viên có thành tích trong phong trào thi đua năm 2026 (đính kèm).",
             "Mức thưởng: 500.000 đồng/người; nhận tại phòng Kế toán từ 20/11.", "",
             "Trân trọng,", "Trịnh Bảo Ngọc", "Chủ tịch CĐCS Sở Tài chính thành phố Cần Thơ"]
    h = headers("outlook", ("Trịnh Bảo Ngọc", "tbngoc@stc.cantho.gov.vn"),
                ("Đoàn viên CĐCS", "doanvien.cdcs@stc.cantho.gov.vn"),
                "Quyết định khen thưởng đoàn viên năm 2026", date(2026, 11, 16, 9, 45), seed="i6")
    pdf = pdf_text(["CONG DOAN SO TAI CHINH", "BCH CONG DOAN CO SO", "So: 07/QD-CDCS",
                    "QUYET DINH", "Ve viec khen thuong doan vien nam 2026"])
    return mail(h, mixed(outlook_alt(paras), attach(pdf, "07-QD-CDCS khen thuong.pdf")))


@R.sample("Roundcube, provincial youth union plan in body (Cà Mau)", NOT_OFFICIAL,
          "Đoàn TNCS Hồ Chí Minh numbering '118-KH/TĐTN-PTTN' (hyphen, /TĐTN-department); 'BAN CHẤP HÀNH TỈNH ĐOÀN'")
def _():
    text = "\n".join([
        "BAN CHẤP HÀNH ĐOÀN TỈNH CÀ MAU          ĐOÀN TNCS HỒ CHÍ MINH",
        "         ***",
        "Số: 118-KH/TĐTN-PTTN                     Cà Mau, ngày 06 tháng 11 năm 2026",
        "", "KẾ HOẠCH", "Tổ chức Chiến dịch tình nguyện Mùa đông 2026 và Xuân tình nguyện 2027", "",
        "1. Thời gian: từ 15/12/2026 đến 15/02/2027.",
        "2. Chỉ tiêu: mỗi cơ sở Đoàn thực hiện ít nhất 01 công trình thanh niên.",
        "3. Kinh phí: xã hội hóa.", "",
        "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "PHÓ BÍ THƯ", "Quách Minh Luân"]) + "\n"
    h = headers("roundcube", ("Tỉnh Đoàn Cà Mau", "tinhdoan@camau.gov.vn"),
                ("Đoàn xã phường", "doancoso@camau.gov.vn"),
                "KH 118-KH/TĐTN-PTTN chiến dịch Mùa đông tình nguyện", date(2026, 11, 6, 13, 20),
                seed="i7")
    return mail(h, plain(text, "8bit", flowed=False))


@R.sample("Zimbra HTML+text, Fatherland Front appeal with a slash number (Khánh Hòa)", NOT_OFFICIAL,
          "'ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH KHÁNH HÒA', 'Số: 342/MTTQ-BTT', 'V/v' subject like a công văn")
def _():
    paras = ["ỦY BAN MTTQ VIỆT NAM TỈNH KHÁNH HÒA", "BAN THƯỜNG TRỰC", "Số: 342/MTTQ-BTT",
             "V/v vận động ủng hộ đồng bào bị thiệt hại do lũ", "",
             "Kính gửi: Các cơ quan, đơn vị, doanh nghiệp trên địa bàn tỉnh.", "",
             "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh kêu gọi cán bộ, công chức, người lao động "
             "ủng hộ tối thiểu 01 ngày lương. Tài khoản tiếp nhận: 0061 0000 41 2288 tại Kho bạc.", "",
             "TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH", "Nguyễn Thị Kim Sa"]
    h = headers("zimbra", ("Ủy ban MTTQ tỉnh", "mttq@khanhhoa.gov.vn"),
                ("Các cơ quan, đơn vị", "coquan@khanhhoa.gov.vn"),
                "V/v vận động ủng hộ đồng bào bị thiệt hại do lũ", date(2026, 11, 19, 10, 10),
                enc="q", seed="i8")
    return mail(h, alternative("\n".join(paras) + "\n", simple_html(paras)))


@R.sample("gmail, Red Cross society notice (Hưng Yên) with PDF", NOT_OFFICIAL,
          "'HỘI CHỮ THẬP ĐỎ TỈNH HƯNG YÊN', 'Thông báo số 25/TB-HCTĐ' — an association, not a state agency")
def _():
    text = ("Kính gửi: Các cơ quan, đơn vị trên địa bàn tỉnh\n\n"
            "Hội Chữ thập đỏ tỉnh Hưng Yên trân trọng gửi Thông báo số 25/TB-HCTĐ về lịch hiến máu "
            "tình nguyện đợt 4 năm 2026 (ngày 12/12/2026 tại Nhà văn hóa tỉnh). Mỗi đơn vị đăng ký "
            "tối thiểu 20 người.\n\nTrân trọng cảm ơn!\nHội CTĐ tỉnh Hưng Yên\n")
    h = headers("gmail", ("Hoi Chu thap do tinh Hung Yen", "hoictd.hungyen@gmail.com"),
                ("", "vanthu.sgddt@hungyen.gov.vn"), "Thông báo 25/TB-HCTĐ lịch hiến máu đợt 4",
                date(2026, 11, 24, 15, 55), enc="raw", seed="i9")
    return mail(h, mixed(plain(text, "quoted-printable"),
                         attach(pdf_text(["HOI CHU THAP DO TINH HUNG YEN", "So: 25/TB-HCTD",
                                          "THONG BAO", "Lich hien mau tinh nguyen dot 4 nam 2026"]),
                                "25-TB-HCTD.pdf")))


@R.sample("Outlook, private water company's letter to a Sở in công văn form (Hải Phòng)", NOT_OFFICIAL,
          "'CÔNG TY CỔ PHẦN NƯỚC SẠCH MINH PHÁT' (a private company), 'Số: 118/2026/CV-MP', 'V/v', 'Kính gửi: Sở Xây dựng' — a company writing to an agency")
def _():
    paras = ["CÔNG TY CỔ PHẦN NƯỚC SẠCH MINH PHÁT", "Số: 118/2026/CV-MP",
             "V/v tạm ngừng cấp nước để đấu nối tuyến ống D600", "",
             "Kính gửi: Sở Xây dựng thành phố Hải Phòng.", "",
             "Công ty đề nghị Sở cho phép tạm ngừng cấp nước từ 22h00 ngày 28/11 đến 05h00 ngày "
             "29/11/2026 trên tuyến đường Lạch Tray để đấu nối tuyến ống D600.", "",
             "TỔNG GIÁM ĐỐC", "Đinh Quang Huy"]
    h = headers("outlook", ("Phòng Kỹ thuật - Công ty CP Nước sạch Minh Phát", "kythuat@nuocsachminhphat.com.vn"),
                ("Văn thư Sở Xây dựng", "vanthu.sxd@haiphong.gov.vn"),
                "V/v tạm ngừng cấp nước để đấu nối tuyến ống D600", date(2026, 11, 20, 11, 5),
                seed="i10")
    return mail(h, mixed(outlook_alt(paras), attach(pdf_scan("i10"), "CV118-2026-MP.pdf")))


@R.sample("bank branch HTML newsletter-style notice with a number", NOT_OFFICIAL,
          "commercial bank 'THÔNG BÁO Số: 0927/2026/TB-CN.HN' about payroll accounts of civil servants; 'KHẨN' in the subject")
def _():
    paras = ["NGÂN HÀNG TMCP ÁNH DƯƠNG - CHI NHÁNH HOÀN KIẾM", "Số: 0927/2026/TB-CN.HN", "",
             "THÔNG BÁO", "V/v cập nhật thông tin tài khoản chi lương của cán bộ, công chức", "",
             "Kính gửi: Quý cơ quan, đơn vị trả lương qua tài khoản.", "",
             "Để đáp ứng quy định mới về xác thực sinh trắc học, đề nghị quý đơn vị đôn đốc cán bộ "
             "cập nhật thông tin trước ngày 31/12/2026 tại quầy hoặc trên ứng dụng.",
             "Hotline: 1900 6188 24.", "", "GIÁM ĐỐC CHI NHÁNH", "Mai Xuân Trường"]
    h = headers("system", ("Ngân hàng Ánh Dương - CN Hoàn Kiếm", "thongbao@anhduongbank-hoankiem.vn"),
                ("Kế toán đơn vị", "ketoan.vp@hanoi.gov.vn"),
                "[KHẨN] Thông báo cập nhật tài khoản chi lương", date(2026, 11, 25, 8, 0), seed="i11")
    return mail(h, alternative("\n".join(paras) + "\n", simple_html(paras), "base64"))


@R.sample("software vendor quotation to a commune, PDF", NOT_OFFICIAL,
          "'BÁO GIÁ Số: BG-2611/HTS' for a camera system citing 'Nghị định 13/2023/NĐ-CP'; 'Kính gửi: UBND xã' like an official letter")
def _():
    text = ("Kính gửi: Ủy ban nhân dân xã Phước Long\n\n"
            "Công ty TNHH Giải pháp Hải Triều trân trọng gửi Báo giá số BG-2611/HTS hệ thống camera "
            "giám sát an ninh cho trụ sở xã (16 camera, đầu ghi 32 kênh, lưu trữ 30 ngày), phù hợp "
            "Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.\n"
            "Tổng giá trị: 186.400.000 đồng (đã gồm VAT). Báo giá có hiệu lực 30 ngày.\n\n"
            "Trân trọng,\nNgô Hải Triều - Phòng Kinh doanh\n0903 117 245\n")
    h = headers("thunderbird", ("Ngô Hải Triều", "trieu.ngo@haitrieusolutions.vn"),
                ("UBND xã Phước Long", "ubnd.phuoclong@dongthap.gov.vn"),
                "Báo giá hệ thống camera giám sát trụ sở xã", date(2026, 11, 11, 14, 40), seed="i12")
    return mail(h, mixed(plain(text, "quoted-printable", flowed=True),
                         attach(pdf_text(["CONG TY TNHH GIAI PHAP HAI TRIEU", "BAO GIA So: BG-2611/HTS"]),
                                "BaoGia_BG-2611_HTS.pdf")))


@R.sample("Zimbra cover + signed PDF: economic-zone management board (Khánh Hòa)",
          official("thong-bao", "87/TB-BQLKKT"),
          "issuer 'BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG' (a state agency under the provincial UBND) and code BQLKKT instead of UBND/Sở")
def _():
    text = ("Kính gửi: Các doanh nghiệp trong Khu kinh tế Vân Phong\n\n"
            "Ban Quản lý Khu kinh tế Vân Phong gửi Thông báo số 87/TB-BQLKKT ngày 09/11/2026 về "
            "việc tổ chức đối thoại doanh nghiệp năm 2026 (đính kèm).\n\n"
            "Trân trọng./.\nVăn thư - Văn phòng Ban Quản lý\n")
    h = headers("zimbra", ("Văn thư BQL KKT Vân Phong", "vanthu.bqlkkt@khanhhoa.gov.vn"),
                ("Doanh nghiệp KKT", "doanhnghiep.kkt@khanhhoa.gov.vn"),
                "Thông báo tổ chức đối thoại doanh nghiệp năm 2026", date(2026, 11, 9, 15, 30),
                enc="q", seed="i13")
    pdf = pdf_text(["UBND TINH KHANH HOA", "BAN QUAN LY KHU KINH TE VAN PHONG", "So: 87/TB-BQLKKT",
                    "THONG BAO", "To chuc doi thoai doanh nghiep nam 2026"])
    return mail(h, mixed(plain(text, "quoted-printable"), attach(pdf, "87_TB-BQLKKT_signed.pdf")))


@R.sample("Outlook HTML, public provincial hospital's plan (đơn vị sự nghiệp công lập, Sơn La)",
          official("ke-hoach", "215/KH-BVĐK"),
          "issuer is a hospital, not a 'cơ quan'; code BVĐK with Đ; mail from the hospital's own domain")
def _():
    lines = doc("SỞ Y TẾ TỈNH SƠN LA", "BỆNH VIỆN ĐA KHOA TỈNH", "215/KH-BVĐK",
                "Sơn La, ngày 12 tháng 11 năm 2026", "**KẾ HOẠCH",
                "**Diễn tập ứng phó sự cố cháy nổ tại Bệnh viện năm 2026",
                ["1. Thời gian: 14h00 ngày 26/11/2026.",
                 "2. Địa điểm: Khu nhà điều trị 9 tầng.",
                 "3. Lực lượng: 120 nhân viên y tế, Đội PCCC cơ sở, Công an phường Tô Hiệu."],
                ["GIÁM ĐỐC", "Cầm Văn Định"], kinh_gui="Các khoa, phòng")
    h = headers("outlook", ("Phòng Hành chính quản trị", "hcqt@bvdksonla.vn"),
                ("Các khoa phòng", "khoaphong@bvdksonla.vn"),
                "Kế hoạch diễn tập ứng phó sự cố cháy nổ năm 2026", date(2026, 11, 12, 10, 25),
                seed="i14")
    return mail(h, outlook_alt(lines))


@R.sample("gmail of a public high school, decision on exam board, DOCX (Lâm Đồng)",
          official("quyet-dinh", "36/QĐ-THPTLVT"),
          "a public school (đơn vị sự nghiệp công lập) on gmail; invented code THPTLVT; no UBND/Sở in the number")
def _():
    text = ("Kinh gui cac to chuyen mon,\n\n"
            "Nhà trường gửi Quyết định số 36/QĐ-THPTLVT ngày 17/11/2026 thành lập Ban coi, chấm "
            "kiểm tra cuối học kỳ I năm học 2026-2027. Đề nghị các thầy cô xem lịch coi kiểm tra.\n\n"
            "Văn thư trường THPT Lê Văn Tám\n")
    d = docx(["SỞ GIÁO DỤC VÀ ĐÀO TẠO LÂM ĐỒNG", "TRƯỜNG THPT LÊ VĂN TÁM", "Số: 36/QĐ-THPTLVT",
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "**QUYẾT ĐỊNH", "Thành lập Ban coi, chấm kiểm tra cuối học kỳ I năm học 2026-2027",
              "HIỆU TRƯỞNG TRƯỜNG THPT LÊ VĂN TÁM", "Điều 1. Thành lập Ban coi, chấm kiểm tra gồm 42 thành viên.",
              "HIỆU TRƯỞNG", "K'Brơi Thị Hạnh"])
    h = headers("gmail", ("Van thu THPT Le Van Tam", "thptlevantam.lamdong@gmail.com"),
                ("", "gv.thptlevantam@googlegroups.com"),
                "QĐ thành lập Ban coi chấm kiểm tra HK I", date(2026, 11, 17, 20, 3), seed="i15")
    return mail(h, mixed(plain(text, "base64"),
                         attach(d, "QD 36 ban coi cham HKI.docx", DOCX)))


@R.sample("Zimbra, Văn phòng Đoàn ĐBQH và HĐND invitation, HTML only (Lâm Đồng)",
          official("giay-moi", "146/GM-VP"),
          "issuer is the office of the National Assembly deputies' delegation and the People's Council, not UBND; bare code VP")
def _():
    paras = ["ĐOÀN ĐBQH VÀ HĐND TỈNH LÂM ĐỒNG", "VĂN PHÒNG", "Số: 146/GM-VP", "",
             "GIẤY MỜI", "Dự tiếp xúc cử tri trước Kỳ họp thứ 12, HĐND tỉnh khóa X", "",
             "Văn phòng Đoàn ĐBQH và HĐND tỉnh trân trọng kính mời: Lãnh đạo UBND phường Xuân Hương - Đà Lạt",
             "Thời gian: 08h00 ngày 03/12/2026.", "Địa điểm: Hội trường UBND phường.", "",
             "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Ka Sô Liễng"]
    h = headers("zimbra", ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "vanphong.hdnd@lamdong.gov.vn"),
                ("UBND phường Xuân Hương - Đà Lạt", "ubnd.xuanhuong@lamdong.gov.vn"),
                "Giấy mời tiếp xúc cử tri trước Kỳ họp thứ 12", date(2026, 11, 26, 9, 0), seed="i16")
    return mail(h, html(simple_html(paras), "base64"))


@R.sample("commune clerk on gmail, unaccented cover, report of the commune UBND (Đà Nẵng)",
          official("bao-cao", "64/BC-UBND"),
          "sender is a private gmail address; the document is the commune UBND's 'Bao cao so 64/BC-UBND'")
def _():
    text = ("Kinh gui Phong Kinh te Van phong UBND thanh pho\n\n"
            "Xa Hoa Phu gui Bao cao so 64/BC-UBND ngay 18/11/2026 ve tinh hinh thiet hai do mua lu "
            "tu ngay 14-17/11 tren dia ban xa. Ban co chu ky so em gui kem.\n\n"
            "Van thu UBND xa Hoa Phu\nSDT 0905 331 842\n")
    h = headers("gmail", ("Van thu xa Hoa Phu", "vanthu.xahoaphu@gmail.com"),
                ("", "pkt.vpubnd@danang.gov.vn"), "Bao cao thiet hai mua lu xa Hoa Phu",
                date(2026, 11, 18, 21, 14), seed="i17")
    pdf = pdf_text(["UBND XA HOA PHU", "So: 64/BC-UBND", "BAO CAO",
                    "Tinh hinh thiet hai do mua lu tu ngay 14 den 17/11/2026"])
    return mail(h, mixed(plain(text, "7bit"), attach(pdf, "64-BC-UBND.signed.pdf")))


@R.sample("Outlook HTML+text, provincial plan citing Party resolutions (Hưng Yên)",
          official("ke-hoach", "301/KH-UBND"),
          "the state plan implements 'Nghị quyết số 57-NQ/TW' and 'Chương trình hành động số 19-CTr/TU' (Party citations); its own number is 301/KH-UBND")
def _():
    lines = doc("", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "301/KH-UBND",
                "Hưng Yên, ngày 20 tháng 11 năm 2026", "**KẾ HOẠCH",
                "**Phát triển hạ tầng số giai đoạn 2026 - 2030",
                ["Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
                 "Thực hiện Chương trình hành động số 19-CTr/TU của Tỉnh ủy;",
                 "UBND tỉnh ban hành Kế hoạch phát triển hạ tầng số như sau:",
                 "1. 100% xã, phường có cáp quang đến thôn, tổ dân phố.",
                 "2. Phủ sóng 5G tại 80% khu dân cư vào năm 2028."],
                ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Bùi Thế Quang"])
    h = headers("outlook", ("Văn thư UBND tỉnh Hưng Yên", "vanthu@hungyen.gov.vn"),
                ("Sở Khoa học và Công nghệ", "skhcn@hungyen.gov.vn"),
                "Kế hoạch phát triển hạ tầng số giai đoạn 2026-2030", date(2026, 11, 20, 16, 45),
                seed="i18")
    return mail(h, outlook_alt(lines))


@R.sample("company staff's inline forward of a Sở's notice to its partners (Cần Thơ)",
          official("thong-bao", "1046/TB-SCT"),
          "sender and signature are a company's; the forwarded mail is Sở Công Thương's 'Thông báo số 1046/TB-SCT'")
def _():
    text = ("Kính gửi quý đối tác,\n\nCông ty xin chuyển tiếp thông báo của Sở Công Thương để quý "
            "vị nắm thông tin đăng ký gian hàng.\n\nTrân trọng,\nLâm Thúy Vy\nCông ty TNHH Thương mại Mekong Xanh\n\n"
            "---------- Forwarded message ---------\n"
            "From: Văn thư Sở Công Thương <vanthu.sct@cantho.gov.vn>\n"
            "Date: Thu, 19 Nov 2026 at 10:12\n"
            "Subject: Thông báo 1046/TB-SCT về Hội chợ OCOP vùng ĐBSCL 2026\n"
            "To: <doanhnghiep.sct@cantho.gov.vn>\n\n"
            "Kính gửi: Các doanh nghiệp, hợp tác xã\n\n"
            "Sở Công Thương thành phố Cần Thơ gửi Thông báo số 1046/TB-SCT ngày 19/11/2026 về việc "
            "tổ chức Hội chợ OCOP vùng Đồng bằng sông Cửu Long năm 2026 tại Công viên sông Hậu từ "
            "18-22/12/2026. Hạn đăng ký: 05/12/2026.\n\nVăn thư Sở Công Thương\n")
    h = headers("gmail", ("Lam Thuy Vy", "vy.lam@mekongxanh.com.vn"),
                ("Đối tác", "partners@mekongxanh.com.vn"),
                "Fwd: Thông báo 1046/TB-SCT về Hội chợ OCOP vùng ĐBSCL 2026",
                date(2026, 11, 20, 8, 31), seed="i19")
    return mail(h, plain(text, "quoted-printable"))


@R.sample("Outlook cover + PDF: the State Bank's regional branch (Khu vực 9)",
          official("cong-van", "582/KV9-TTGS"),
          "a 'Ngân hàng' that IS a state agency (Ngân hàng Nhà nước chi nhánh Khu vực 9), unlike commercial banks; công văn symbol KV9-TTGS with a digit")
def _():
    paras = ["Kính gửi: Ủy ban nhân dân các xã, phường trên địa bàn thành phố Đà Nẵng.", "",
             "Ngân hàng Nhà nước chi nhánh Khu vực 9 gửi Công văn số 582/KV9-TTGS ngày 23/11/2026 "
             "V/v phối hợp tuyên truyền phòng chống lừa đảo qua tài khoản ngân hàng (đính kèm).", "",
             "Trân trọng./.", "Phòng Hành chính - Nhân sự, NHNN chi nhánh Khu vực 9"]
    h = headers("outlook", ("NHNN Khu vực 9 - Văn thư", "vanthu.kv9@sbv.gov.vn"),
                ("UBND xã phường Đà Nẵng", "ubnd.xaphuong@danang.gov.vn"),
                "V/v phối hợp tuyên truyền phòng chống lừa đảo qua tài khoản", date(2026, 11, 23, 14, 12),
                seed="i20")
    pdf = pdf_text(["NGAN HANG NHA NUOC VIET NAM", "CHI NHANH KHU VUC 9", "So: 582/KV9-TTGS",
                    "V/v phoi hop tuyen truyen phong chong lua dao"])
    return mail(h, mixed(outlook_alt(paras), attach(pdf, "582-KV9-TTGS.pdf")))
