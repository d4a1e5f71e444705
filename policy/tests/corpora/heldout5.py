"""A fifth held-out sample (issue 19): the Central Highlands and the north-central provinces.

Gia Lai, Đắk Lắk, Lâm Đồng (as merged in 2025), Quảng Trị, thành phố Huế, Hà Tĩnh, Nghệ An and
Thanh Hóa, May 2027: cover notes with PDF/DOCX, full texts in bodies, document-system
notifications, forwards and replies, and the usual mail that carries no agency's document
(Party, union, front, association and company papers, citizens, vendors, systems). Written by
hands that did not read the recogniser's code. Every person, number and content is invented.
"""

from common import (DOCX, MOTTO, NATIONAL, NOT_OFFICIAL, Registry, alternative, attach, compressed_pdf,
                    doc, headers_seeded, lines_text, mail, mixed, official, outlook_alt, plain, two_col)
from mime import Part, Rfc822, date, docx, html_escape, pdf_scan, photo, simple_html, xlsx_free_zip

R = Registry(
    "corpus-heldout5",
    "Fifth held-out sample: the Central Highlands and the north-central provinces",
    """
Forty-one messages written after corpus-heldout4, by hands that read neither the recogniser's
code nor the other generators beyond their README tables: Gia Lai, Đắk Lắk, Lâm Đồng (after the
2025 mergers), Quảng Trị, thành phố Huế, Hà Tĩnh, Nghệ An and Thanh Hóa, May 2027. Cover notes
with PDF/DOCX text layers, full texts in bodies, VNPT iOffice / VOffice notifications, forwards
inline and as message/rfc822, a reply that carries a report, and lookalikes from the Party,
unions, the Fatherland Front, associations, companies, banks, citizens and phishers. Labelled by
the rules of `../corpus/README.md` and the notes of `../corpus2/README.md` alone; a mismatch is
a finding, not a sample to special-case. DOUBT marks a debatable label.
""")

txt = lines_text
pdf = compressed_pdf
H = headers_seeded


def d(mo, day, h=8, mi=0):
    return date(2027, mo, day, h, mi)


GL_VP = ("Văn thư UBND tỉnh Gia Lai", "vanthu@gialai.gov.vn")
GL_STC = ("Sở Tài chính Gia Lai", "stc@gialai.gov.vn")
GL_XA = ("UBND xã Ia Grai", "ubnd.iagrai@gialai.gov.vn")
DL_SNNMT = ("Sở Nông nghiệp và Môi trường Đắk Lắk", "snnmt@daklak.gov.vn")
DL_VP = ("Văn phòng UBND tỉnh Đắk Lắk", "vpubnd@daklak.gov.vn")
DL_SYT = ("Văn thư Sở Y tế Đắk Lắk", "vanthu.syt@daklak.gov.vn")
LD_VP = ("VP UBND tỉnh Lâm Đồng", "vpubnd@lamdong.gov.vn")
LD_HDND = ("Văn phòng Đoàn ĐBQH và HĐND tỉnh Lâm Đồng", "vpdbqh-hdnd@lamdong.gov.vn")
LD_SVH = ("Sở VHTTDL Lâm Đồng", "svhttdl@lamdong.gov.vn")
QT_VP = ("Văn thư UBND tỉnh Quảng Trị", "vanthu@quangtri.gov.vn")
QT_SXD = ("Sở Xây dựng Quảng Trị", "sxd@quangtri.gov.vn")
QT_SNV = ("Sở Nội vụ Quảng Trị", "snv@quangtri.gov.vn")
QT_XA = ("UBND xã Vĩnh Linh", "ubnd.vinhlinh@quangtri.gov.vn")
HUE_VP = ("Văn phòng UBND thành phố Huế", "vpubnd@hue.gov.vn")
HUE_PH = ("UBND phường Thuận Hóa", "ubnd.thuanhoa@hue.gov.vn")
HT_SCT = ("Sở Công Thương Hà Tĩnh", "sct@hatinh.gov.vn")
HT_VP = ("VP UBND tỉnh Hà Tĩnh", "vanphong@hatinh.gov.vn")
HT_HDND = ("HĐND tỉnh Hà Tĩnh", "hdnd@hatinh.gov.vn")
NA_VP = ("Văn phòng UBND tỉnh Nghệ An", "vpub@nghean.gov.vn")
NA_SNV = ("Sở Nội vụ Nghệ An", "sonoivu@nghean.gov.vn")
TH_VP = ("Văn thư UBND tỉnh Thanh Hóa", "vanthu@thanhhoa.gov.vn")
TH_BQL = ("Ban Quản lý KKT Nghi Sơn và các KCN", "bqlkkt@thanhhoa.gov.vn")

HANG = ("Rơ Châm Hằng", "rchang@gialai.gov.vn")
TRUNG = ("Y Trung Niê", "ytrung@daklak.gov.vn")
MAI = ("K'Mai Liên", "kmlien@lamdong.gov.vn")
VINH = ("Hồ Quang Vinh", "hqvinh@quangtri.gov.vn")
NGAN = ("Tôn Nữ Bảo Ngân", "tnbngan@hue.gov.vn")
DUC = ("Phan Đình Đức", "pdduc@hatinh.gov.vn")
LAM = ("Nguyễn Thị Lam", "ntlam@nghean.gov.vn")
TUAN = ("Lê Văn Tuấn", "lvtuan@thanhhoa.gov.vn")


def html_doc(paragraphs):
    """Zimbra/Outlook-web HTML of the lines, header lines centred and bold."""
    out = ['<html><body><div style="font-family: times new roman, serif; font-size: 13pt">']
    for p in paragraphs:
        if not p.strip():
            out.append("<div><br></div>")
        elif p.isupper() or p.startswith("Số:"):
            out.append('<div style="text-align:center"><b>%s</b></div>' % html_escape(p.strip()))
        else:
            out.append("<div>%s</div>" % html_escape(p))
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"


# ================================================================ official


@R.sample("Zimbra cover note + signed PDF (text layer) of a provincial Quyết định, Gia Lai",
          official("quyet-dinh", "1127/QĐ-UBND"),
          "cover cites the plan it implements 'Kế hoạch số 45/KH-UBND' before the own number; coffee replanting hectares '3.250 ha'")
def _():
    body = ["Kính gửi: Sở Nông nghiệp và Môi trường; UBND các xã, phường.", "",
            "Thực hiện Kế hoạch số 45/KH-UBND ngày 12/3/2027, Văn phòng UBND tỉnh gửi Quyết định số 1127/QĐ-UBND ngày 05/5/2027 "
            "của UBND tỉnh phê duyệt danh mục vùng tái canh cà phê giai đoạn 2027-2030 (3.250 ha).",
            "Đề nghị các đơn vị triển khai thực hiện.", "", "Văn thư - VP UBND tỉnh Gia Lai", "ĐT: 0269.3824.117"]
    qd = ["UY BAN NHAN DAN TINH GIA LAI", "So: 1127/QD-UBND", "Gia Lai, ngay 05 thang 5 nam 2027", "QUYET DINH",
          "Phe duyet danh muc vung tai canh ca phe giai doan 2027-2030", "Can cu Ke hoach so 45/KH-UBND ...", "KT. CHU TICH"]
    h = H("zimbra", GL_VP, [("Sở NN&MT Gia Lai", "snnmt@gialai.gov.vn")], "Gửi Quyết định 1127/QĐ-UBND phê duyệt vùng tái canh cà phê",
          d(5, 6, 8, 12), "o01")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(pdf(qd), "1127_QD-UBND_signed.pdf")))


@R.sample("full text of a Sở's công văn in a Thunderbird plain body, stamp line 'KHẨN' under the header, Đắk Lắk",
          official("cong-van", "842/SNNMT-TL", urgency="khan"),
          "cites the province's 'Công điện số 11/CĐ-UBND' and reservoir codes 'hồ Ea Kao', levels '+412,5 m'; 'khẩn trương' in prose too")
def _():
    lines = doc("UBND TỈNH ĐẮK LẮK", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "842/SNNMT-TL", "Đắk Lắk, ngày 08 tháng 5 năm 2027",
                "", "V/v điều tiết nước các hồ chứa chống hạn vụ Hè Thu 2027",
                ["Thực hiện Công điện số 11/CĐ-UBND ngày 06/5/2027 của UBND tỉnh về ứng phó nắng nóng, hạn hán,",
                 "Sở Nông nghiệp và Môi trường đề nghị:",
                 "1. Công ty TNHH MTV Quản lý công trình thủy lợi Đắk Lắk điều tiết hồ Ea Kao giữ mực nước tối thiểu +412,5 m.",
                 "2. UBND các xã khẩn trương rà soát diện tích lúa thiếu nước, báo cáo trước ngày 15/5/2027.",
                 "", "Nơi nhận:", "- Như trên;", "- Lưu: VT, TL."],
                ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Y Trung Niê"], stamps=["", "KHẨN"],
                kinh_gui="UBND các xã, phường; Công ty TNHH MTV QLCTTL Đắk Lắk")
    h = H("thunderbird", DL_SNNMT, [("UBND xã Ea Kar", "ubnd.eakar@daklak.gov.vn")], "Khẩn: điều tiết nước hồ chứa chống hạn",
          d(5, 8, 15, 40), "o02")
    return mail(h, plain(txt(lines), "8bit"))


@R.sample("VNPT iOffice text notification with fields (Số ký hiệu, Trích yếu, Độ khẩn: Thường) + PDF, Lâm Đồng",
          official("to-trinh", "58/TTr-SVHTTDL"),
          "'Độ khẩn: Thường', 'Độ mật: Thường' mean no marks; 'Số đến: 2214' register number; mixed-case TTr")
def _():
    body = ["HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH TỈNH LÂM ĐỒNG (VNPT iOffice)", "",
            "Đơn vị: Văn phòng UBND tỉnh nhận được văn bản mới:", "Số ký hiệu: 58/TTr-SVHTTDL",
            "Ngày ban hành: 07/05/2027", "Cơ quan ban hành: Sở Văn hóa, Thể thao và Du lịch",
            "Trích yếu: Đề nghị phê duyệt Kế hoạch tổ chức Festival Hoa Đà Lạt lần thứ XI năm 2027",
            "Độ khẩn: Thường", "Độ mật: Thường", "Số đến: 2214", "", "Tệp đính kèm: 58-TTr-SVHTTDL.pdf",
            "Đây là thư tự động, vui lòng không trả lời."]
    tt = ["UBND TINH LAM DONG", "SO VAN HOA, THE THAO VA DU LICH", "So: 58/TTr-SVHTTDL", "TO TRINH",
          "De nghi phe duyet Ke hoach to chuc Festival Hoa Da Lat lan thu XI nam 2027", "GIAM DOC"]
    h = H("system", ("iOffice Lâm Đồng", "ioffice@lamdong.gov.vn"), [MAI], "[iOffice] Văn bản đến: 58/TTr-SVHTTDL", d(5, 7, 16, 2), "o03")
    return mail(h, mixed(plain(txt(body), "base64"), attach(pdf(tt), "58-TTr-SVHTTDL.pdf")))


@R.sample("Zimbra HTML+text full text of a Công điện with 'HỎA TỐC' in the subject and the stamp line, Quảng Trị",
          official("cong-dien", "07/CĐ-UBND", urgency="hoa-toc"),
          "storm 'cơn bão số 3', wind 'cấp 10, giật cấp 12', '7.400 tàu cá'; cites 'Công điện 52/CĐ-TTg' of the Prime Minister")
def _():
    lines = doc("", "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ", "07/CĐ-UBND", "Quảng Trị, ngày 10 tháng 5 năm 2027",
                "CÔNG ĐIỆN", "Về việc tập trung ứng phó cơn bão số 3",
                ["CHỦ TỊCH UBND TỈNH điện:", "- Giám đốc các Sở, ban, ngành; Chủ tịch UBND các xã, phường ven biển.",
                 "Thực hiện Công điện số 52/CĐ-TTg ngày 09/5/2027 của Thủ tướng Chính phủ, bão số 3 gió cấp 10, giật cấp 12,",
                 "Chủ tịch UBND tỉnh yêu cầu: kêu gọi 7.400 tàu cá vào nơi tránh trú trước 17h00 ngày 10/5/2027;",
                 "sơ tán dân vùng trũng thấp ven sông Gianh, sông Thạch Hãn.", "", "Nơi nhận: như trên."],
                ["CHỦ TỊCH", "", "Hoàng Nam"], stamps=["", "HỎA TỐC"])
    h = H("zimbra", QT_VP, [QT_XA], "HỎA TỐC - Công điện 07/CĐ-UBND ứng phó bão số 3", d(5, 10, 6, 30), "o04")
    return mail(h, alternative(txt(lines), html_doc(lines), "quoted-printable"))


@R.sample("Outlook cover + DOCX of a Giấy mời whose ND30 header is a borderless table, Huế",
          official("giay-moi", "214/GM-UBND"),
          "the number only inside the DOCX header table and the file name 'GM214.docx'; the cover names the meeting and room 'Phòng họp số 1, 24 Tố Hữu'")
def _():
    body = ["Kính gửi các đồng chí,", "", "Văn phòng UBND thành phố gửi Giấy mời họp về công tác chuẩn bị Festival Huế 2027 (file đính kèm).",
            "Thời gian: 14h00 ngày 14/5/2027, Phòng họp số 1, 24 Tố Hữu.", "", "Trân trọng./.", "Tôn Nữ Bảo Ngân - Phòng HC-TC"]
    dx = docx(["**GIẤY MỜI**", "Họp bàn công tác chuẩn bị Festival Huế 2027",
               "Ủy ban nhân dân thành phố Huế trân trọng kính mời: Giám đốc các Sở, ngành liên quan.",
               "Chủ trì: đồng chí Phó Chủ tịch UBND thành phố.", "Thời gian: 14 giờ 00, ngày 14/5/2027.",
               "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
              head_table=[["ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", NATIONAL], ["", MOTTO],
                          ["Số: 214/GM-UBND", "Huế, ngày 11 tháng 5 năm 2027"]])
    h = H("outlook", NGAN, [("Sở VHTT Huế", "svhtt@hue.gov.vn")], "Giấy mời họp chuẩn bị Festival Huế 2027", d(5, 11, 10, 5), "o05")
    return mail(h, mixed(outlook_alt(body), attach(dx, "GM214.docx", DOCX)))


@R.sample("unaccented 7bit cover typed by a Sở clerk + PDF 'QD 356-SCT.pdf', Hà Tĩnh",
          official("quyet-dinh", "356/QĐ-SCT"),
          "number typed '356/QD-SCT' without Đ -> canonical QĐ; cites 'Thong tu 42/2025/TT-BCT'; petrol station counts")
def _():
    body = ["Kinh gui cac Phong chuyen mon,", "",
            "Van thu So Cong Thuong gui Quyet dinh so 356/QD-SCT ngay 09/5/2027 ve viec kiem tra 48 cua hang xang dau",
            "theo Thong tu 42/2025/TT-BCT (file dinh kem).", "", "Tran trong.", "Van thu So Cong Thuong Ha Tinh"]
    qd = ["UBND TINH HA TINH", "SO CONG THUONG", "So: 356/QD-SCT", "QUYET DINH", "Ve viec kiem tra cua hang xang dau nam 2027", "GIAM DOC"]
    h = H("thunderbird", HT_SCT, [DUC], "QD 356/QD-SCT kiem tra xang dau", d(5, 9, 14, 20), "o06", enc="ascii")
    return mail(h, mixed(plain(txt(body), "7bit"), attach(pdf(qd), "QD 356-SCT.pdf")))


@R.sample("Outlook 'FW:' inline forward by a Sở's deputy of the provincial office's mail carrying a Thông báo kết luận, Nghệ An",
          official("thong-bao", "173/TB-UBND"),
          "outer note 'Phòng TCCB nghiên cứu, tham mưu' cites nothing; the forwarded block names the meeting's 'Giấy mời 160/GM-UBND'; two senders and dates")
def _():
    body = ["Phòng TCCB nghiên cứu, tham mưu thực hiện nội dung liên quan đến Sở.", "", "Lam", "",
            "From: Văn phòng UBND tỉnh Nghệ An <vpub@nghean.gov.vn>", "Sent: Wednesday, May 12, 2027 4:15 PM",
            "To: sonoivu@nghean.gov.vn", "Subject: TB 173/TB-UBND kết luận giao ban tháng 5", "",
            "Văn phòng UBND tỉnh gửi Thông báo số 173/TB-UBND ngày 12/5/2027 kết luận của đồng chí Chủ tịch UBND tỉnh",
            "tại cuộc họp giao ban tháng 5/2027 (theo Giấy mời 160/GM-UBND).", "File đính kèm trên hệ thống.", "", "Văn thư VP UBND tỉnh"]
    h = H("outlook", LAM, [("Phòng TCCB Sở Nội vụ", "tccb.snv@nghean.gov.vn")], "FW: TB 173/TB-UBND kết luận giao ban tháng 5",
          d(5, 13, 7, 50), "o07")
    return mail(h, outlook_alt(body))


@R.sample("Zimbra cover with 'Độ mật: Mật' line + PDF of a plan, Thanh Hóa",
          official("ke-hoach", "92/KH-UBND", secrecy="mat"),
          "secret plan sent by e-mail anyway: keeps type/number/mark, mandatory=false; border posts 'Đồn Biên phòng Tam Chung' and troop counts")
def _():
    body = ["Kính gửi: Bộ Chỉ huy Bộ đội Biên phòng tỉnh.", "", "Văn thư UBND tỉnh gửi Kế hoạch số 92/KH-UBND ngày 13/5/2027",
            "về bảo đảm an ninh khu vực biên giới dịp lễ hội (Đồn Biên phòng Tam Chung, 120 cán bộ chiến sĩ).", "",
            "Độ mật: Mật", "Đề nghị quản lý, sử dụng theo quy định về bảo vệ bí mật nhà nước.", "", "Văn thư UBND tỉnh Thanh Hóa"]
    kh = ["UBND TINH THANH HOA", "So: 92/KH-UBND", "MAT", "KE HOACH", "Bao dam an ninh khu vuc bien gioi"]
    h = H("zimbra", TH_VP, [("BCH BĐBP Thanh Hóa", "bdbp@thanhhoa.gov.vn")], "Kế hoạch 92/KH-UBND (Mật)", d(5, 13, 9, 0), "o08")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(kh), "92-KH-UBND.pdf")))


@R.sample("commune clerk on gmail, phone photo of the signed paper, number only in the body, Gia Lai",
          official("giay-moi", "15/GM-UBND"),
          "attachment 'IMG_20270514_0812.jpg' says nothing; very informal cover 'e gửi giấy mời số 15/GM-UBND'; village names 'làng Plei Ơi'")
def _():
    body = ["Dạ em gửi giấy mời số 15/GM-UBND của UBND xã Ia Grai mời các trưởng thôn, làng (làng Plei Ơi, làng Bi) họp",
            "triển khai cấp đổi sổ đỏ, 8h sáng thứ 2 (17/5) tại hội trường xã ạ.", "Bản gốc em gửi sau.", "", "Hằng - văn thư xã"]
    h = H("gmail", ("Văn thư xã Ia Grai", "vanthu.iagrai@gmail.com"), [("Thôn trưởng", "thontruong.plei@gmail.com")],
          "giấy mời họp cấp đổi sổ", d(5, 14, 16, 45), "o09")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(photo("o09"), "IMG_20270514_0812.jpg", "image/jpeg")))


def _bc61():
    body = ["Kính gửi: Văn phòng UBND tỉnh.", "", "Sở Y tế gửi Báo cáo số 61/BC-SYT ngày 12/5/2027 về tình hình dịch sốt xuất huyết",
            "(1.246 ca mắc, tăng 18% so với cùng kỳ) và đề xuất kinh phí phòng chống.", "", "Văn thư Sở Y tế Đắk Lắk"]
    bc = ["UBND TINH DAK LAK", "SO Y TE", "So: 61/BC-SYT", "BAO CAO", "Tinh hinh dich sot xuat huyet 4 thang dau nam 2027"]
    h = H("zimbra", DL_SYT, [DL_VP], "Báo cáo 61/BC-SYT tình hình sốt xuất huyết", d(5, 12, 10, 0), "o10in")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(bc), "61-BC-SYT.pdf")))


@R.sample("Thunderbird forward as attachment (message/rfc822) with a one-line outer note, Đắk Lắk",
          official("bao-cao", "61/BC-SYT"),
          "outer body 'Chuyển phòng KGVX xem, tham mưu.' has no number; everything is inside the attached .eml; case counts")
def _():
    h = H("thunderbird", ("Văn phòng UBND tỉnh Đắk Lắk", "vpubnd@daklak.gov.vn"), [("Phòng KGVX", "kgvx.vpub@daklak.gov.vn")],
          "Fwd: Báo cáo tình hình sốt xuất huyết", d(5, 12, 14, 0), "o10")
    return mail(h, mixed(plain("Chuyển phòng KGVX xem, tham mưu.\n", "8bit"), Rfc822(_bc61(), "BC sot xuat huyet.eml")))


@R.sample("Văn phòng Đoàn ĐBQH và HĐND cover + PDF of a normative Nghị quyết, Lâm Đồng",
          official("nghi-quyet", "07/2027/NQ-HĐND"),
          "cover cites the proposing 'Tờ trình số 40/TTr-UBND' and 'Nghị quyết 202/2025/QH15' on the merger; year in the own number; Đ in HĐND")
def _():
    body = ["Kính gửi: UBND tỉnh; các Sở, ngành.", "",
            "Căn cứ Nghị quyết số 202/2025/QH15 và xét Tờ trình số 40/TTr-UBND, ngày 14/5/2027 HĐND tỉnh đã thông qua",
            "Nghị quyết số 07/2027/NQ-HĐND quy định mức hỗ trợ phát triển cà phê đặc sản trên địa bàn tỉnh.",
            "Văn phòng gửi bản điện tử (có chữ ký số) để thực hiện.", "", "Văn phòng Đoàn ĐBQH và HĐND tỉnh Lâm Đồng"]
    nq = ["HOI DONG NHAN DAN TINH LAM DONG", "So: 07/2027/NQ-HDND", "NGHI QUYET", "Quy dinh muc ho tro phat trien ca phe dac san"]
    h = H("zimbra", LD_HDND, [LD_VP], "Nghị quyết 07/2027/NQ-HĐND hỗ trợ cà phê đặc sản", d(5, 15, 9, 30), "o11")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(pdf(nq), "07-2027-NQ-HDND.signed.pdf")))


@R.sample("HTML-only weekly schedule of the city leaders in a bordered table, Huế",
          official("lich-cong-tac"),
          "no number; rows cite 'GM 214/GM-UBND' and 'TTr 33/TTr-SXD' which are other documents; times '14h00', rooms")
def _():
    rows = [["Thứ", "Giờ", "Nội dung", "Chủ trì", "Địa điểm"],
            ["Hai 17/5", "8h00", "Giao ban lãnh đạo UBND thành phố", "Chủ tịch", "Phòng họp số 1"],
            ["Ba 18/5", "14h00", "Họp Festival Huế (GM 214/GM-UBND)", "PCT Phan Thiên", "Phòng họp số 1"],
            ["Tư 19/5", "8h30", "Nghe Sở Xây dựng báo cáo TTr 33/TTr-SXD", "PCT Lê Hòa", "Phòng họp số 2"]]
    out = ['<html><body><p><b>LỊCH CÔNG TÁC TUẦN 21 (từ 17/5 đến 23/5/2027)</b></p>',
           '<p>của Lãnh đạo UBND thành phố Huế</p><table border="1" cellpadding="4" style="border-collapse:collapse">']
    for r in rows:
        out.append("<tr>" + "".join("<td>%s</td>" % html_escape(c) for c in r) + "</tr>")
    out.append("</table><p>VĂN PHÒNG UBND THÀNH PHỐ HUẾ</p></body></html>")
    h = H("outlook", HUE_VP, [("Các Sở, ngành", "songanh@hue.gov.vn")], "Lịch công tác tuần 21 của Lãnh đạo UBND thành phố",
          d(5, 15, 16, 0), "o12")
    return mail(h, Part("text/html", "\n".join(out) + "\n", "quoted-printable"))


@R.sample("Roundcube cover + PDF of a Biên bản làm việc between a Sở and an investor, Quảng Trị",
          official("bien-ban", "05/BB-SXD"),
          "investor company and its project code 'DA-QT-2026-118' look like a number; not mandatory")
def _():
    body = ["Kính gửi Ban Quản lý Khu kinh tế tỉnh,", "", "Sở Xây dựng gửi Biên bản số 05/BB-SXD ngày 14/5/2027 làm việc với",
            "Công ty CP Đầu tư Cửa Việt về dự án mã DA-QT-2026-118 (khu đô thị ven biển Đồng Hới).", "", "Trân trọng,", "Hồ Quang Vinh"]
    bb = ["UBND TINH QUANG TRI", "SO XAY DUNG", "So: 05/BB-SXD", "BIEN BAN LAM VIEC"]
    h = H("roundcube", QT_SXD, [("BQL KKT Quảng Trị", "bqlkkt@quangtri.gov.vn")], "Biên bản làm việc dự án khu đô thị ven biển",
          d(5, 14, 17, 5), "o13")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(bb), "BB 05 lam viec Cua Viet.pdf")))


@R.sample("Gmail-style cover 'Gửi anh chị' + DOCX (runs split by Word) of a Hướng dẫn, Nghệ An",
          official("huong-dan", "12/HD-SNV"),
          "cover empty of facts; split runs; the DOCX cites 'Nghị định 178/2024/NĐ-CP' and replaces 'Hướng dẫn số 05/HD-SNV'")
def _():
    dx = docx(["SỞ NỘI VỤ TỈNH NGHỆ AN", "Số: 12/HD-SNV", "Nghệ An, ngày 12 tháng 5 năm 2027", "**HƯỚNG DẪN**",
               "Đánh giá, xếp loại công chức cấp xã năm 2027",
               "Căn cứ Nghị định số 178/2024/NĐ-CP; thay thế Hướng dẫn số 05/HD-SNV ngày 10/01/2026.",
               "1. Tiêu chí ... 2. Quy trình ...", "GIÁM ĐỐC"], split_runs=True)
    h = H("gmail", NA_SNV, [("UBND xã Nghi Lộc", "ubnd.nghiloc@nghean.gov.vn")], "Gửi anh chị hướng dẫn xếp loại", d(5, 12, 11, 0), "o14")
    return mail(h, mixed(plain("Gửi anh chị.\n", "8bit"), attach(dx, "HD xep loai CC cap xa.docx", DOCX)))


@R.sample("Thunderbird cover + PDF of a Phương án of a provincial committee, Hà Tĩnh",
          official("phuong-an", "04/PA-UBND"),
          "forest plots 'tiểu khu 221, 224'; cites 'Kế hoạch 19/KH-BCĐ' of the steering board (Đ in its symbol)")
def _():
    body = ["Kính gửi: Hạt Kiểm lâm các huyện cũ và UBND các xã có rừng.", "",
            "UBND tỉnh gửi Phương án số 04/PA-UBND phòng cháy, chữa cháy rừng mùa khô 2027 (tiểu khu 221, 224 trọng điểm),",
            "triển khai Kế hoạch 19/KH-BCĐ của Ban Chỉ đạo.", "", "VP UBND tỉnh Hà Tĩnh"]
    pa = ["UBND TINH HA TINH", "So: 04/PA-UBND", "PHUONG AN", "Phong chay chua chay rung mua kho 2027"]
    h = H("thunderbird", HT_VP, [("Chi cục Kiểm lâm", "ckl@hatinh.gov.vn")], "Phương án PCCCR mùa khô 2027", d(5, 10, 9, 15), "o15")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(pa), "PA 04 PCCCR.pdf")))


@R.sample("unaccented subject and body of an industrial-zone board's Quy định written 'QyD', PDF, Thanh Hóa",
          official("quy-dinh", "02/QyĐ-BQL"),
          "'02/QyD-BQL' without Đ -> canonical QyĐ; the body also names 'Quyet dinh 1560/QD-UBND' that created the zone's board")
def _():
    body = ["Kinh gui cac doanh nghiep trong KKT Nghi Son,", "",
            "Ban Quan ly gui Quy dinh so 02/QyD-BQL ve ra vao cong khu cong nghiep (thanh lap theo Quyet dinh 1560/QD-UBND).",
            "", "Tran trong", "Van phong Ban Quan ly KKT Nghi Son"]
    qy = ["UBND TINH THANH HOA", "BAN QUAN LY KKT NGHI SON VA CAC KCN", "So: 02/QyD-BQL", "QUY DINH"]
    h = H("thunderbird", TH_BQL, [("Doanh nghiệp KCN", "dn.kcn@thanhhoa.gov.vn")], "Quy dinh 02/QyD-BQL ra vao cong KCN",
          d(5, 11, 8, 40), "o16", enc="ascii")
    return mail(h, mixed(plain(txt(body), "7bit"), attach(pdf(qy), "QyD 02-BQL.pdf")))


@R.sample("Zimbra cover + PDF of a Phiếu báo of the provincial office moving a meeting, Gia Lai",
          official("phieu-bao", "08/PB-VP"),
          "the Phiếu báo changes the date of 'Giấy mời số 201/GM-UBND' (another number with its own type)")
def _():
    body = ["Kính gửi các Sở, ngành.", "", "Văn phòng UBND tỉnh gửi Phiếu báo số 08/PB-VP: lùi cuộc họp theo Giấy mời số 201/GM-UBND",
            "sang 14h00 ngày 20/5/2027 tại Phòng họp A, trụ sở UBND tỉnh (Quy Nhơn).", "", "Văn thư VP UBND tỉnh Gia Lai"]
    pb = ["VAN PHONG UBND TINH GIA LAI", "So: 08/PB-VP", "PHIEU BAO"]
    h = H("zimbra", GL_VP, [GL_STC], "Phiếu báo lùi thời gian họp", d(5, 17, 7, 45), "o17")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(pb), "PB08.pdf")))


@R.sample("Outlook HTML-only full text of a Chỉ thị with 'THƯỢNG KHẨN' stamp, Đắk Lắk",
          official("chi-thi", "04/CT-UBND", urgency="thuong-khan"),
          "HTML only; cites 'Chỉ thị số 21/CT-TTg' and 'Luật Lâm nghiệp số 16/2017/QH14'; forest areas in ha")
def _():
    lines = doc("", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "04/CT-UBND", "Đắk Lắk, ngày 16 tháng 5 năm 2027", "CHỈ THỊ",
                "Về tăng cường quản lý, bảo vệ rừng",
                ["Thực hiện Chỉ thị số 21/CT-TTg của Thủ tướng Chính phủ và Luật Lâm nghiệp số 16/2017/QH14;",
                 "năm 2026 toàn tỉnh mất 212 ha rừng. Chủ tịch UBND tỉnh chỉ thị: ...", "", "Nơi nhận: ..."],
                ["CHỦ TỊCH", "", "Nguyễn Văn Kỳ"], stamps=["", "THƯỢNG KHẨN"])
    h = H("outlook", DL_VP, [DL_SNNMT], "Chỉ thị tăng cường bảo vệ rừng", d(5, 16, 15, 0), "o18")
    return mail(h, Part("text/html", html_doc(lines), "base64"))


@R.sample("eDoc HTML+text notification 'Độ khẩn: Khẩn', 'Độ mật: Tối mật' + password ZIP, Huế",
          official("cong-van", "455/UBND-NC", urgency="khan", secrecy="toi-mat"),
          "secret -> mandatory=false; 'mật khẩu giải nén' beside the real mark; 'Số đến: 881'")
def _():
    body = ["THÔNG BÁO VĂN BẢN ĐẾN - eDoc thành phố Huế", "Số, ký hiệu: 455/UBND-NC", "Ngày văn bản: 17/5/2027",
            "Trích yếu: V/v bảo đảm an ninh, trật tự các mục tiêu trọng điểm", "Độ khẩn: Khẩn", "Độ mật: Tối mật", "Số đến: 881", "",
            "Tệp nén có mật khẩu; mật khẩu giải nén nhận qua điện thoại văn thư."]
    zipped = attach(xlsx_free_zip([("455-UBND-NC.pdf", pdf_scan("o19"))]), "455-UBND-NC.zip", "application/zip")
    h = H("system", ("eDoc Huế", "edoc@hue.gov.vn"), [HUE_PH], "[eDoc] Văn bản đến 455/UBND-NC", d(5, 17, 10, 20), "o19")
    return mail(h, mixed(alternative(txt(body), simple_html(body)), zipped))


@R.sample("Outlook cover + signed PDF of a cooperation agreement with a Lao province, Nghệ An",
          official("ban-thoa-thuan", "01/BTT-UBND"),
          "Lao partner's own reference 'XK-2027/05' and Lao names; the cover cites the MoU '03/BGN-UBND' of 2024; not mandatory")
def _():
    body = ["Kính gửi: Sở Ngoại vụ; Sở Công Thương.", "", "Văn phòng UBND tỉnh gửi Bản thỏa thuận số 01/BTT-UBND ngày 15/5/2027",
            "giữa UBND tỉnh Nghệ An và chính quyền tỉnh Xiêng Khoảng (Lào) về hợp tác thương mại biên giới (phía bạn số XK-2027/05),",
            "tiếp nối Bản ghi nhớ 03/BGN-UBND năm 2024.", "", "Trân trọng,", "Nguyễn Thị Lam"]
    btt = ["UBND TINH NGHE AN", "So: 01/BTT-UBND", "BAN THOA THUAN HOP TAC", "Nghe An - Xieng Khoang"]
    h = H("outlook", NA_VP, [("Sở Ngoại vụ Nghệ An", "sngv@nghean.gov.vn")], "Bản thỏa thuận hợp tác Nghệ An - Xiêng Khoảng",
          d(5, 16, 9, 10), "o20")
    return mail(h, mixed(outlook_alt(body), attach(pdf(btt), "BTT 01 Xieng Khoang.pdf")))


@R.sample("Zimbra HTML+text, the provincial chairman's appeal letter after floods, no number, Thanh Hóa",
          official("thu-cong"),
          "'THƯ KÊU GỌI' with 'Kính gửi' and a bank account '3761.0.1234567' and amounts; no number; not mandatory")
def _():
    lines = ["ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "", "THƯ KÊU GỌI", "ủng hộ đồng bào bị thiệt hại do lũ quét tại Mường Lát", "",
             "Kính gửi: các cơ quan, doanh nghiệp và đồng bào trong và ngoài tỉnh.",
             "Trận lũ quét ngày 12/5/2027 làm 6 người chết, 148 nhà bị cuốn trôi.",
             "Mọi ủng hộ xin gửi Ủy ban MTTQ tỉnh, tài khoản 3761.0.1234567 tại Kho bạc Nhà nước.", "",
             "CHỦ TỊCH UBND TỈNH", "Đỗ Minh Tuấn"]
    h = H("zimbra", TH_VP, [("Các Sở, ngành", "songanh@thanhhoa.gov.vn")], "Thư kêu gọi ủng hộ đồng bào Mường Lát", d(5, 14, 18, 0), "o21")
    return mail(h, alternative(txt(lines), html_doc(lines)))


@R.sample("reply 'Re:' from a Sở that carries its report, original quoted below, Quảng Trị",
          official("bao-cao", "88/BC-SNV"),
          "'Re:' like an acknowledgement but it sends 'Báo cáo số 88/BC-SNV' as requested; the quoted request cites 'Công văn 1402/UBND-NC'")
def _():
    body = ["Kính gửi Văn phòng UBND tỉnh,", "", "Thực hiện yêu cầu dưới đây, Sở Nội vụ gửi Báo cáo số 88/BC-SNV ngày 17/5/2027",
            "về sắp xếp đơn vị sự nghiệp công lập (file đính kèm).", "", "Trân trọng.", "Văn thư Sở Nội vụ", "",
            "> Ngày 14/5/2027, Văn thư UBND tỉnh Quảng Trị viết:",
            "> Thực hiện Công văn 1402/UBND-NC, đề nghị Sở Nội vụ báo cáo trước ngày 18/5/2027."]
    bc = ["UBND TINH QUANG TRI", "SO NOI VU", "So: 88/BC-SNV", "BAO CAO", "Sap xep don vi su nghiep cong lap"]
    h = H("thunderbird", QT_SNV, [QT_VP], "Re: đề nghị báo cáo sắp xếp đơn vị sự nghiệp", d(5, 17, 16, 30), "o22",
          in_reply_to="<o22req@quangtri.gov.vn>")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(bc), "88-BC-SNV.pdf")))


@R.sample("HĐND office cover + three PDFs of session papers, no own number, Hà Tĩnh",
          official("tai-lieu-hop"),
          "the papers are a 'Tờ trình 61/TTr-UBND', a 'Báo cáo thẩm tra' and a draft resolution; the cover cites 'Giấy triệu tập 09/GTT-HĐND' (DOUBT: one paper is a numbered Tờ trình; the label follows the mail's purpose)")
def _():
    body = ["Kính gửi các vị đại biểu HĐND tỉnh,", "", "Theo Giấy triệu tập số 09/GTT-HĐND, Văn phòng gửi tài liệu kỳ họp chuyên đề",
            "(Tờ trình 61/TTr-UBND, Báo cáo thẩm tra của Ban KT-NS, dự thảo Nghị quyết).", "Đề nghị đại biểu nghiên cứu trước kỳ họp.",
            "", "Văn phòng Đoàn ĐBQH và HĐND tỉnh Hà Tĩnh"]
    h = H("zimbra", HT_HDND, [("Đại biểu HĐND", "daibieu@hatinh.gov.vn")], "Tài liệu kỳ họp chuyên đề HĐND tỉnh tháng 5/2027",
          d(5, 18, 8, 0), "o23")
    return mail(h, mixed(plain(txt(body), "8bit"),
                         attach(pdf(["UBND TINH HA TINH", "So: 61/TTr-UBND", "TO TRINH"]), "TTr 61.pdf"),
                         attach(pdf(["BAN KINH TE - NGAN SACH", "BAO CAO THAM TRA"]), "BC tham tra.pdf"),
                         attach(pdf(["DU THAO NGHI QUYET"]), "Du thao NQ.pdf")))


# ================================================================ not official


@R.sample("provincial Party committee's Chỉ thị with 'KHẨN' in the subject, PDF, Gia Lai",
          NOT_OFFICIAL,
          "'08-CT/TU' Party number and 'KHẨN' — a Party document, not an agency's")
def _():
    body = ["Kính gửi các đảng ủy trực thuộc,", "", "Văn phòng Tỉnh ủy gửi Chỉ thị số 08-CT/TU ngày 12/5/2027 của Ban Thường vụ Tỉnh ủy",
            "về lãnh đạo bầu cử trưởng thôn, làng nhiệm kỳ 2027-2029.", "", "Văn phòng Tỉnh ủy Gia Lai"]
    h = H("zimbra", ("Văn phòng Tỉnh ủy Gia Lai", "vanphong@tinhuygialai.vn"), [GL_XA], "KHẨN - Chỉ thị 08-CT/TU bầu cử trưởng thôn",
          d(5, 12, 15, 0), "n01")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(["TINH UY GIA LAI", "So 08-CT/TU", "CHI THI"]), "08-CT-TU.pdf")))


@R.sample("health-sector trade union's plan for a sports day, Đắk Lắk",
          NOT_OFFICIAL,
          "'Kế hoạch số 15/KH-CĐN' with the ND30-like header of a union; prize amounts")
def _():
    lines = two_col(["CÔNG ĐOÀN NGÀNH Y TẾ ĐẮK LẮK", "", "Số: 15/KH-CĐN"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MOTTO]) + [
        "", "KẾ HOẠCH", "Tổ chức Hội thao ngành Y tế năm 2027", "Giải nhất: 3.000.000 đồng; giải nhì: 2.000.000 đồng.", "",
        "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    h = H("gmail", ("Công đoàn ngành Y tế", "congdoanyte.daklak@gmail.com"), [DL_SYT], "Kế hoạch hội thao ngành Y tế 2027",
          d(5, 9, 9, 0), "n02")
    return mail(h, plain(txt(lines), "8bit"))


@R.sample("joint-stock water company's notice of a supply cut, Huế",
          NOT_OFFICIAL,
          "'THÔNG BÁO Số: 23/TB-CN' with a company header; street names and hours")
def _():
    body = ["CÔNG TY CỔ PHẦN CẤP NƯỚC HUẾ", "Số: 23/TB-CN", "", "THÔNG BÁO", "Tạm ngưng cấp nước để sửa chữa đường ống",
            "Từ 22h00 ngày 19/5 đến 5h00 ngày 20/5/2027 tại các tuyến Lê Lợi, Hùng Vương, phường Thuận Hóa.", "",
            "Mong Quý khách hàng thông cảm.", "TỔNG GIÁM ĐỐC"]
    h = H("system", ("Cấp nước Huế", "cskh@capnuochue.vn"), [HUE_PH], "Thông báo tạm ngưng cấp nước", d(5, 18, 14, 0), "n03")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("citizen's petition by gmail to a ward in Huế, 'Kính gửi ... Trân trọng', CCCD number",
          NOT_OFFICIAL,
          "'ĐƠN KIẾN NGHỊ' written by a citizen; cites the ward's 'Thông báo 41/TB-UBND' it disputes; CCCD digits")
def _():
    body = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MOTTO, "", "ĐƠN KIẾN NGHỊ", "Kính gửi: UBND phường Thuận Hóa", "",
            "Tôi là Trương Văn Hiếu, CCCD 046085001234, trú tại kiệt 12 Chi Lăng.",
            "Tôi không đồng ý với Thông báo 41/TB-UBND về thu hồi 32 m2 đất của gia đình và đề nghị phường xem xét lại.", "",
            "Trân trọng.", "Người làm đơn", "Trương Văn Hiếu"]
    h = H("gmail", ("Trương Văn Hiếu", "hieutruong1985@gmail.com"), [HUE_PH], "Đơn kiến nghị về thu hồi đất", d(5, 13, 21, 0), "n04")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("tourism association's letter with a numbered 'Công văn', Lâm Đồng",
          NOT_OFFICIAL,
          "'Số: 19/CV-HHDL', 'V/v' line and 'Kính gửi: Sở VHTTDL' — an association, not an agency")
def _():
    body = ["HIỆP HỘI DU LỊCH TỈNH LÂM ĐỒNG", "Số: 19/CV-HHDL", "V/v đề nghị hỗ trợ quảng bá Festival Hoa", "",
            "Kính gửi: Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng", "", "Hiệp hội đề nghị Sở cho phép 40 doanh nghiệp hội viên",
            "tham gia gian hàng tại Festival Hoa Đà Lạt 2027.", "", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH"]
    h = H("outlook", ("Hiệp hội Du lịch Lâm Đồng", "hiephoidulich.ld@gmail.com"), [LD_SVH], "Công văn 19/CV-HHDL đề nghị hỗ trợ quảng bá",
          d(5, 10, 10, 0), "n05")
    return mail(h, outlook_alt(body))


@R.sample("draft plan sent for comments, 'Số: /KH-UBND' blank, DOCX, Hà Tĩnh",
          NOT_OFFICIAL,
          "'DỰ THẢO' and an empty number; the cover asks for comments before 20/5")
def _():
    body = ["Gửi các phòng,", "Phòng Kinh tế gửi dự thảo Kế hoạch phát triển thương mại điện tử 2027, góp ý trước 20/5 giúp em.", "", "Đức"]
    dx = docx(["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "Số:      /KH-UBND", "DỰ THẢO", "**KẾ HOẠCH**", "Phát triển thương mại điện tử năm 2027"])
    h = H("gmail", DUC, [("Các phòng Sở", "phong.sct@hatinh.gov.vn")], "góp ý dự thảo KH TMĐT 2027", d(5, 12, 16, 0), "n06")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(dx, "Du thao KH TMDT 2027.docx", DOCX)))


@R.sample("commune's acknowledgement reply to a Công điện, Quảng Trị",
          NOT_OFFICIAL,
          "'Re: HỎA TỐC - Công điện 07/CĐ-UBND' — only 'đã nhận, đang triển khai'")
def _():
    body = ["UBND xã Vĩnh Linh đã nhận Công điện, đang triển khai kêu gọi tàu thuyền vào bờ.", "", "Văn thư xã",
            "", "> HỎA TỐC - Công điện 07/CĐ-UBND ứng phó bão số 3"]
    h = H("roundcube", QT_XA, [QT_VP], "Re: HỎA TỐC - Công điện 07/CĐ-UBND ứng phó bão số 3", d(5, 10, 7, 2), "n07",
          in_reply_to="<o04@quangtri.gov.vn>")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("out-of-office auto-reply whose subject repeats a Giấy mời, Huế",
          NOT_OFFICIAL,
          "'Trả lời tự động: Giấy mời họp ... 214/GM-UBND'")
def _():
    body = ["Tôi đang đi công tác đến hết ngày 15/5/2027. Việc gấp xin liên hệ 0234.3822.456.", "", "Trần Hữu Phước - Sở VHTT Huế"]
    h = H("outlook", ("Trần Hữu Phước", "thphuoc@hue.gov.vn"), [NGAN], "Trả lời tự động: Giấy mời họp 214/GM-UBND chuẩn bị Festival",
          d(5, 11, 10, 6), "n08", extra=[("Auto-Submitted", "auto-replied")])
    return mail(h, outlook_alt(body))


@R.sample("iOffice reminder listing five documents awaiting processing, Lâm Đồng",
          NOT_OFFICIAL,
          "table of numbers (58/TTr-SVHTTDL, 1127/QĐ-UBND …) and 'Hạn xử lý' — a digest, no document")
def _():
    body = ["NHẮC VIỆC - iOffice Lâm Đồng", "Bạn có 5 văn bản chưa xử lý:", "1. 58/TTr-SVHTTDL - hạn 14/5/2027",
            "2. 211/SNNMT-KL - hạn 15/5/2027", "3. 07/2027/NQ-HĐND - để biết", "4. 33/BC-STC - hạn 20/5/2027",
            "5. 09/GM-SVHTTDL - hạn 13/5/2027", "", "Đăng nhập https://ioffice.lamdong.gov.vn để xử lý."]
    h = H("system", ("iOffice Lâm Đồng", "ioffice@lamdong.gov.vn"), [MAI], "[iOffice] Nhắc việc: 5 văn bản chưa xử lý", d(5, 13, 6, 0), "n09")
    return mail(h, plain(txt(body), "base64"))


@R.sample("provincial newspaper's newsletter summarising a Chỉ thị, Nghệ An",
          NOT_OFFICIAL,
          "news quotes 'Chỉ thị 06/CT-UBND' and 'Quyết định 2210/QĐ-UBND'; press, not transmission")
def _():
    body = ["BÁO NGHỆ AN - BẢN TIN SÁNG 14/5/2027", "", "- UBND tỉnh ban hành Chỉ thị 06/CT-UBND về phòng chống nắng nóng.",
            "- Phê duyệt quy hoạch KCN Hoàng Mai II (Quyết định 2210/QĐ-UBND).", "", "Hủy nhận tin: baonghean.vn/unsubscribe"]
    h = H("system", ("Báo Nghệ An", "bantin@baonghean.vn"), [LAM], "Bản tin sáng 14/5: Chỉ thị phòng chống nắng nóng", d(5, 14, 5, 30), "n10")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("phishing 'Giấy triệu tập' from a look-alike police domain with a link",
          NOT_OFFICIAL,
          "'THÔNG BÁO KHẨN', 'Giấy triệu tập số 112/GTT-CAT' and a .zip link on congan-gialai.com")
def _():
    body = ["THÔNG BÁO KHẨN", "Công an tỉnh Gia Lai gửi Giấy triệu tập số 112/GTT-CAT đối với ông/bà.",
            "Tải giấy triệu tập tại: http://congan-gialai.com/giaytrieutap.zip (mật khẩu 2027).",
            "Không có mặt sẽ bị xử lý theo quy định."]
    h = H("gmail", ("Cong an tinh Gia Lai", "thongbao@congan-gialai.com"), [HANG], "THÔNG BÁO KHẨN: Giấy triệu tập số 112/GTT-CAT",
          d(5, 15, 23, 10), "n11")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("colleague asks for the Word file of a Quyết định, Hà Tĩnh",
          NOT_OFFICIAL,
          "'chị gửi em file QĐ 356 bản word' — a request only")
def _():
    body = ["Chị Lan ơi, chị gửi em file QĐ 356/QĐ-SCT bản word với, em cần sửa phụ lục danh sách cửa hàng.", "Em cảm ơn ạ!", "Đức"]
    h = H("gmail", DUC, [("Trần Thị Lan", "ttlan@hatinh.gov.vn")], "xin file word QĐ 356", d(5, 10, 8, 5), "n12")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("training company's invitation to a records-management course citing ND30",
          NOT_OFFICIAL,
          "'Thư mời' with 'Số: 88/2027/TM-VTLT' of a private centre; 'Nghị định 30/2020/NĐ-CP'; fee")
def _():
    body = ["TRUNG TÂM ĐÀO TẠO NGHIỆP VỤ MIỀN TRUNG (Công ty TNHH Tri Thức Việt)", "Số: 88/2027/TM-VTLT", "", "THƯ MỜI",
            "Lớp bồi dưỡng nghiệp vụ văn thư, lưu trữ theo Nghị định 30/2020/NĐ-CP, ngày 01-03/6/2027 tại Vinh.",
            "Học phí: 2.500.000 đ/học viên, cấp chứng chỉ.", "", "Trân trọng kính mời."]
    h = H("gmail", ("Tri Thức Việt", "daotao@trithucviet.edu.vn"), [NA_SNV], "Thư mời lớp bồi dưỡng văn thư lưu trữ", d(5, 9, 10, 0), "n13")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("provincial Fatherland Front committee's plan, Thanh Hóa",
          NOT_OFFICIAL,
          "'Kế hoạch số 31/KH-MTTQ-BTT' with an ND30-like header (DOUBT: the Front is a political-social alliance, not a state agency; labelled like Party and union documents)")
def _():
    body = ["ỦY BAN MTTQ VIỆT NAM TỈNH THANH HÓA", "BAN THƯỜNG TRỰC", "Số: 31/KH-MTTQ-BTT", "", "KẾ HOẠCH",
            "Vận động ủng hộ đồng bào bị lũ quét huyện Mường Lát cũ", "", "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"]
    h = H("zimbra", ("UB MTTQ tỉnh Thanh Hóa", "mttq@thanhhoa.gov.vn"), [TUAN], "Kế hoạch 31/KH-MTTQ-BTT vận động ủng hộ",
          d(5, 14, 9, 0), "n14")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(["UY BAN MTTQ VN TINH THANH HOA", "So: 31/KH-MTTQ-BTT"]), "KH31-MTTQ.pdf")))


@R.sample("staffer's informal summary of a briefing meeting, no number, Gia Lai",
          NOT_OFFICIAL,
          "'Tóm tắt kết luận giao ban' bullets with deadlines and 'Thông báo kết luận sẽ ban hành sau'")
def _():
    body = ["Gửi cả phòng,", "Em tóm tắt nhanh giao ban sáng nay (chưa phải thông báo kết luận, VP sẽ ban hành sau):",
            "- Giải ngân đầu tư công phải đạt 35% trước 30/6.", "- Rà soát 12 dự án chậm tiến độ.", "", "Hằng"]
    h = H("gmail", HANG, [("Phòng Tổng hợp", "tonghop@gialai.gov.vn")], "tóm tắt giao ban sáng 17/5", d(5, 17, 11, 30), "n15")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("bank's numbered notice of interest-rate change to an agency's account",
          NOT_OFFICIAL,
          "'Số: 145/TB-VCB.GL' and 'Kính gửi: Quý khách hàng'; a bank")
def _():
    body = ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM - CHI NHÁNH GIA LAI", "Số: 145/TB-VCB.GL", "THÔNG BÁO",
            "Điều chỉnh lãi suất tiền gửi không kỳ hạn từ 01/6/2027: 0,10%/năm.", "Kính gửi: Quý khách hàng tổ chức."]
    h = H("system", ("Vietcombank Gia Lai", "thongbao@vietcombank.com.vn"), [GL_STC], "Thông báo điều chỉnh lãi suất", d(5, 16, 8, 0), "n16")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("contractor's progress report to a project board, numbered like a Báo cáo, Quảng Trị",
          NOT_OFFICIAL,
          "'Số: 07/BC-CTXD' of a construction company; percentages and chainages 'Km 3+250'")
def _():
    body = ["CÔNG TY CP XÂY DỰNG CÔNG TRÌNH GIAO THÔNG QUẢNG TRỊ", "Số: 07/BC-CTXD", "BÁO CÁO TIẾN ĐỘ THI CÔNG",
            "Kính gửi: Ban QLDA đầu tư xây dựng tỉnh.", "Gói thầu XL-02: đạt 62% khối lượng; đoạn Km 3+250 đến Km 4+100 đã thảm nhựa.",
            "", "GIÁM ĐỐC"]
    h = H("outlook", ("CTGT Quảng Trị", "ctgtquangtri@gmail.com"), [VINH], "Báo cáo tiến độ gói thầu XL-02", d(5, 15, 17, 0), "n17")
    return mail(h, mixed(outlook_alt(body), attach(pdf(["CONG TY CP XAY DUNG CTGT QUANG TRI", "So: 07/BC-CTXD"]), "BC07 tien do.pdf")))


@R.sample("calendar invitation from a colleague to review a plan",
          NOT_OFFICIAL,
          "text/calendar 'Họp rà soát Kế hoạch 92/KH-UBND' — a meeting request, no document")
def _():
    ics = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
           "UID:h5n18@thanhhoa.gov.vn\nDTSTAMP:20270513T020000Z\nDTSTART:20270518T020000Z\nDTEND:20270518T033000Z\n"
           "SUMMARY:Họp rà soát Kế hoạch 92/KH-UBND\nLOCATION:Phòng họp tầng 3\nEND:VEVENT\nEND:VCALENDAR\n")
    h = H("outlook", TUAN, [("Phòng Nội chính", "noichinh@thanhhoa.gov.vn")], "Họp rà soát Kế hoạch 92", d(5, 13, 9, 0), "n18")
    return mail(h, mixed(plain("Mời anh chị họp rà soát.\n", "quoted-printable"),
                         Part("text/calendar", ics, "quoted-printable", params="; method=REQUEST")))
