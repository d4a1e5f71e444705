"""Class 6: the document is only in an attachment's text (DOCX, ODT, text PDF) or only in a
scanned PDF's file name; the cover note says nothing."""

import os
import shutil
import subprocess
import tempfile

from common import (DOCX, NOT_OFFICIAL, ODT, Registry, attach, headers, mail, mixed, official,
                    outlook_alt, plain)
from mime import Rfc822, date, docx, odt, pdf_scan, pdf_text

R = Registry(
    "corpus-attachments",
    "Adversarial sample 6: the attachment's text",
    """
The cover note says only "Gửi anh chị văn bản" (or nothing) and the attachment's name says
nothing: the national header, the "Số:" line, the title and any stamp are in the text of a DOCX
(WordprocessingML, sometimes with the number cut across runs), an ODT, a text PDF (hand-written
Helvetica, unaccented; or made by LibreOffice with an embedded font and Vietnamese text), or
only in a scanned PDF's file name. These pass only once attachments' text is read; they are
labelled by what the document is. A draft or a Party document in an attachment makes the mail
not official, whatever the cover says.
""")

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def lo_pdf(name, paragraphs):
    """A PDF made by LibreOffice from an ODT of the paragraphs (embedded font, Vietnamese text,
    ToUnicode map). Kept in fixtures/ so that the corpus builds the same without LibreOffice;
    deleted fixtures are remade with `soffice --headless --convert-to pdf`."""
    path = os.path.join(FIXTURES, name + ".pdf")
    if not os.path.exists(path):
        os.makedirs(FIXTURES, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, name + ".odt")
            with open(src, "wb") as f:
                f.write(odt(paragraphs))
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, src],
                           check=True, capture_output=True, timeout=300)
            shutil.copy(os.path.join(tmp, name + ".pdf"), path)
    with open(path, "rb") as f:
        return f.read()


def cover(client, frm, to, subject, when, seed, text="Gửi anh chị văn bản.\n", cte="8bit", enc="b"):
    return headers(client, frm, to, subject, when, seed=seed, enc=enc), plain(text, cte)


HEAD = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


@R.sample("Zimbra, cover 'Gửi anh chị văn bản', DOCX named 'vanban.docx' holding a plan (Ninh Bình)",
          official("ke-hoach", "37/KH-SYT"),
          "national header, 'Số: 37/KH-SYT' and 'KẾ HOẠCH' only inside word/document.xml")
def _():
    d = docx(["UBND TỈNH NINH BÌNH", "SỞ Y TẾ", "Số: 37/KH-SYT"] + HEAD +
             ["Ninh Bình, ngày 01 tháng 12 năm 2026", "**KẾ HOẠCH",
              "**Tiêm vắc xin phòng sởi cho trẻ 1-5 tuổi đợt bổ sung năm 2026",
              "1. Đối tượng: 18.420 trẻ chưa tiêm đủ mũi.", "2. Thời gian: 07/12 - 20/12/2026.",
              "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trương Minh Đức"])
    h, body = cover("zimbra", ("Văn thư Sở Y tế", "vanthu.syt@ninhbinh.gov.vn"),
                    ("Trung tâm Y tế", "ttyt@ninhbinh.gov.vn"), "Gửi văn bản", date(2026, 12, 1, 16, 0), "a1",
                    cte="quoted-printable", enc="q")
    return mail(h, mixed(body, attach(d, "vanban.docx", DOCX)))


@R.sample("Thunderbird, ODT with a notice of a Sở (Hà Tĩnh)",
          official("thong-bao", "12/TB-SKHCN"),
          "ODT content.xml holds 'Số: 12/TB-SKHCN' and 'THÔNG BÁO'; name 'tb.odt'")
def _():
    o = odt(["UBND TỈNH HÀ TĨNH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 12/TB-SKHCN"] + HEAD +
            ["Hà Tĩnh, ngày 03 tháng 12 năm 2026", "THÔNG BÁO",
             "Kết quả xét chọn nhiệm vụ khoa học cấp tỉnh đặt hàng năm 2027",
             "Có 09/14 hồ sơ được chọn.", "GIÁM ĐỐC", "Lê Ngọc Châu"])
    h, body = cover("thunderbird", ("Phạm Thị Loan", "ptloan.skhcn@hatinh.gov.vn"),
                    ("Các đơn vị", "donvi.skhcn@hatinh.gov.vn"), "Văn bản", date(2026, 12, 3, 9, 15), "a2")
    return mail(h, mixed(body, attach(o, "tb.odt", ODT)))


@R.sample("Outlook, hand-written Helvetica text PDF (unaccented) of a công văn, name 'scan_001.pdf' (Quảng Trị)",
          official("cong-van", "506/UBND-VX"),
          "text PDF whose strings are 'So: 506/UBND-VX' and 'V/v ...' without diacritics; the name suggests a scan")
def _():
    pdf = pdf_text(["UY BAN NHAN DAN          CONG HOA XA HOI CHU NGHIA VIET NAM",
                    "XA CUA TUNG              Doc lap - Tu do - Hanh phuc",
                    "So: 506/UBND-VX          Cua Tung, ngay 02 thang 12 nam 2026",
                    "V/v to chuc Ngay hoi Dai doan ket toan dan toc o cac thon", "",
                    "Kinh gui: Truong cac thon, to dan pho.", "",
                    "UBND xa de nghi cac thon to chuc Ngay hoi truoc ngay 18/12/2026.", "",
                    "CHU TICH", "Le Van Hoa"])
    h = headers("outlook", ("Văn thư xã Cửa Tùng", "vanthu.cuatung@quangtri.gov.vn"),
                ("Các thôn", "thon.cuatung@quangtri.gov.vn"), "Gửi anh chị văn bản", date(2026, 12, 2, 10, 30), seed="a3")
    return mail(h, mixed(outlook_alt(["Gửi anh chị văn bản."]), attach(pdf, "scan_001.pdf")))


@R.sample("gmail, LibreOffice PDF with Vietnamese text (embedded font) of a decision (Tuyên Quang)",
          official("quyet-dinh", "1190/QĐ-UBND"),
          "text only through the PDF's font and ToUnicode map ('Số: 1190/QĐ-UBND', 'QUYẾT ĐỊNH'); name 'van ban moi.pdf'")
def _():
    pdf = lo_pdf("a4-quyet-dinh-1190", ["ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", "Số: 1190/QĐ-UBND"] + HEAD +
                 ["Tuyên Quang, ngày 27 tháng 11 năm 2026", "QUYẾT ĐỊNH",
                  "Phê duyệt danh mục dự án du lịch cộng đồng cao nguyên đá Đồng Văn",
                  "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
                  "Điều 1. Phê duyệt 12 dự án du lịch cộng đồng tại các xã vùng cao nguyên đá.",
                  "Điều 2. Quyết định có hiệu lực kể từ ngày ký.", "CHỦ TỊCH", "Vàng Seo Dìn"])
    h, body = cover("gmail", ("Van phong xa Dong Van", "vp.xadongvan@gmail.com"), ("", "vhxh.dongvan@gmail.com"),
                    "van ban", date(2026, 11, 28, 8, 40), "a4", text="Gửi anh chị văn bản ạ.\n", cte="base64")
    return mail(h, mixed(body, attach(pdf, "van ban moi.pdf")))


@R.sample("Zimbra, scanned image PDF (no text) whose name alone gives 'CV 3318 SYT-NVY' (Đồng Nai)",
          official("cong-van", "3318/SYT-NVY"),
          "cover says nothing; the PDF holds only an image; the name 'CV 3318 SYT-NVY.pdf' uses spaces")
def _():
    h, body = cover("zimbra", ("Văn thư Sở Y tế", "vanthu.syt@dongnai.gov.vn"), ("Bệnh viện", "benhvien@dongnai.gov.vn"),
                    "Gửi các đơn vị", date(2026, 12, 4, 15, 30), "a5", text="Gửi anh chị văn bản.\n",
                    cte="quoted-printable", enc="q")
    return mail(h, mixed(body, attach(pdf_scan("a5"), "CV 3318 SYT-NVY.pdf")))


@R.sample("Outlook, DOCX with a 'THƯỢNG KHẨN' stamp line under the number (Cà Mau)",
          official("cong-van", "2715/UBND-KT", urgency="thuong-khan"),
          "the urgency is only a paragraph of the DOCX; cover and subject say nothing")
def _():
    d = docx(["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "Số: 2715/UBND-KT", "THƯỢNG KHẨN"] + HEAD +
             ["Cà Mau, ngày 05 tháng 12 năm 2026", "V/v ứng phó triều cường kết hợp gió chướng",
              "Kính gửi: UBND các xã, phường ven biển.",
              "Dự báo đỉnh triều ngày 08/12 cao hơn báo động III 0,25 m.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lý Hồng Nhung"])
    h = headers("outlook", ("Văn thư UBND tỉnh", "vanthu@camau.gov.vn"), ("Xã phường ven biển", "venbien@camau.gov.vn"),
                "Gửi văn bản", date(2026, 12, 5, 18, 20), seed="a6")
    return mail(h, mixed(outlook_alt(["Gửi anh chị văn bản."]), attach(d, "CV.docx", DOCX)))


@R.sample("Roundcube, cover 'gửi văn bản' but the DOCX is a draft with a blank number (Lâm Đồng)",
          NOT_OFFICIAL,
          "the attachment reads 'DỰ THẢO' and 'Số:      /QĐ-UBND'; only the attachment shows it is not issued")
def _():
    d = docx(["ỦY BAN NHÂN DÂN PHƯỜNG LÂM VIÊN", "Số:      /QĐ-UBND", "DỰ THẢO"] + HEAD +
             ["**QUYẾT ĐỊNH", "Thành lập Tổ giúp việc Hội đồng thi đua khen thưởng phường"])
    h, body = cover("roundcube", ("Hồ Thị Xuân", "htxuan.lamvien@lamdong.gov.vn"), ("", "noivu.lamvien@lamdong.gov.vn"),
                    "gửi văn bản", date(2026, 12, 2, 11, 25), "a7", text="Gửi anh chị văn bản.\n")
    return mail(h, mixed(body, attach(d, "QD to giup viec.docx", DOCX)))


@R.sample("gmail, text PDF of a commune Party committee plan, cover 'gửi văn bản' (Thái Nguyên)",
          NOT_OFFICIAL,
          "PDF text 'DANG CONG SAN VIET NAM', 'So 45-KH/DU' (Party numbering, unaccented); nothing in the cover")
def _():
    pdf = pdf_text(["DANG BO TINH THAI NGUYEN          DANG CONG SAN VIET NAM",
                    "DANG UY XA PHU DINH", "*", "So 45-KH/DU           Phu Dinh, ngay 01 thang 12 nam 2026",
                    "KE HOACH", "To chuc Dai hoi chi bo nhiem ky 2027 - 2030",
                    "T/M DANG UY", "BI THU", "Ma Van Tuan"])
    h, body = cover("gmail", ("Dang uy xa Phu Dinh", "danguyphudinh@gmail.com"), ("", "chibo.phudinh@gmail.com"),
                    "van ban", date(2026, 12, 1, 20, 5), "a8", text="Gui anh chi van ban\n", cte="7bit")
    return mail(h, mixed(body, attach(pdf, "vb.pdf")))


@R.sample("Outlook, DOCX invitation whose number is cut across runs; it cites an earlier plan (Bắc Ninh)",
          official("giay-moi", "93/GM-UBND"),
          "'Số: 93/GM-UBND' split into several w:r runs; the text also cites 'Kế hoạch số 12/KH-UBND'")
def _():
    d = docx(["ỦY BAN NHÂN DÂN XÃ YÊN DŨNG", "Số: 93/GM-UBND"] + HEAD +
             ["Yên Dũng, ngày 04 tháng 12 năm 2026", "**GIẤY MỜI",
              "Thực hiện Kế hoạch số 12/KH-UBND ngày 15/01/2026 của UBND xã,",
              "UBND xã trân trọng kính mời: Trưởng các thôn",
              "Dự: Hội nghị tổng kết công tác dân vận chính quyền năm 2026",
              "Thời gian: 08h00 ngày 10/12/2026, tại Hội trường UBND xã.", "CHỦ TỊCH", "Thân Văn Hải"],
             split_runs=True)
    h = headers("outlook", ("Văn phòng UBND xã Yên Dũng", "vanphong.yendung@bacninh.gov.vn"),
                ("Trưởng thôn", "truongthon.yendung@bacninh.gov.vn"), "Gửi anh chị văn bản", date(2026, 12, 4, 9, 40), seed="a9")
    return mail(h, mixed(outlook_alt(["Gửi anh chị văn bản."]), attach(d, "GM.docx", DOCX)))


@R.sample("Zimbra, ODT report with a 'MẬT' stamp paragraph (Quảng Ninh)",
          official("bao-cao", "61/BC-SNV", secrecy="mat"),
          "secrecy only in the ODT text; secret -> not mandatory")
def _():
    o = odt(["UBND TỈNH QUẢNG NINH", "SỞ NỘI VỤ", "Số: 61/BC-SNV", "MẬT"] + HEAD +
            ["Quảng Ninh, ngày 30 tháng 11 năm 2026", "BÁO CÁO", "Kết quả rà soát hồ sơ cán bộ diện quy hoạch",
             "GIÁM ĐỐC", "Đặng Thị Lan"])
    h, body = cover("zimbra", ("Văn thư Sở Nội vụ", "vanthu.snv@quangninh.gov.vn"), ("Ban Tổ chức", "tochuc@quangninh.gov.vn"),
                    "Văn bản gửi", date(2026, 11, 30, 17, 0), "a10", cte="quoted-printable", enc="q")
    return mail(h, mixed(body, attach(o, "bc.odt", ODT)))


@R.sample("Thunderbird, LibreOffice PDF of a Tờ trình, name 'TT.pdf' (Hưng Yên)",
          official("to-trinh", "58/TTr-SNV"),
          "Vietnamese text PDF with embedded font; mixed case 'TTr' only inside the PDF")
def _():
    pdf = lo_pdf("a11-to-trinh-58", ["UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ", "Số: 58/TTr-SNV"] + HEAD +
                 ["Hưng Yên, ngày 02 tháng 12 năm 2026", "TỜ TRÌNH",
                  "Về việc giao biên chế công chức năm 2027", "Kính gửi: Ủy ban nhân dân tỉnh.",
                  "Sở Nội vụ kính trình UBND tỉnh giao 2.146 biên chế công chức năm 2027.", "GIÁM ĐỐC", "Vũ Đình Khoa"])
    h, body = cover("thunderbird", ("Nguyễn Thu Hà", "ntha.snv@hungyen.gov.vn"), ("VP UBND tỉnh", "vpubnd@hungyen.gov.vn"),
                    "Văn bản", date(2026, 12, 2, 15, 5), "a11", enc="raw")
    return mail(h, mixed(body, attach(pdf, "TT.pdf")))


@R.sample("Outlook FW: message/rfc822 whose own attachment is a DOCX of a Quy chế (Điện Biên)",
          official("quy-che", "07/QC-UBND"),
          "two levels: the outer FW carries an .eml; the inner cover says 'Gửi anh chị văn bản'; the number is in the inner DOCX")
def _():
    d = docx(["ỦY BAN NHÂN DÂN XÃ TUẦN GIÁO", "Số: 07/QC-UBND"] + HEAD +
             ["**QUY CHẾ", "Làm việc của Ủy ban nhân dân xã Tuần Giáo nhiệm kỳ 2026 - 2031",
              "Chương I. QUY ĐỊNH CHUNG"])
    inner = mail(headers("gmail", ("Van thu xa Tuan Giao", "vanthu.tuangiao@gmail.com"),
                         ("", "lo.van.nam.tuangiao@gmail.com"), "van ban", date(2026, 11, 26, 8, 0), seed="a12in"),
                 mixed(plain("Gửi anh chị văn bản.\n", "8bit"), attach(d, "QC.docx", DOCX)))
    h = headers("outlook", ("Lò Văn Nam", "lvnam.tuangiao@dienbien.gov.vn"), ("Cán bộ xã", "canbo.tuangiao@dienbien.gov.vn"),
                "FW: van ban", date(2026, 11, 26, 9, 12), seed="a12")
    return mail(h, mixed(outlook_alt(["Chuyển mọi người."]), Rfc822(inner, "van ban.eml")))


@R.sample("Zimbra, DOCX sent as application/octet-stream with an RFC 2231 continued Vietnamese name (Vĩnh Long)",
          official("chi-thi", "05/CT-UBND"),
          "generic content type; name 'Văn bản chỉ đạo mới nhất của tỉnh.docx' gives no number; the DOCX holds 'Số: 05/CT-UBND' and 'CHỈ THỊ'")
def _():
    d = docx(["ỦY BAN NHÂN DÂN TỈNH VĨNH LONG", "Số: 05/CT-UBND"] + HEAD +
             ["Vĩnh Long, ngày 01 tháng 12 năm 2026", "**CHỈ THỊ",
              "Về tăng cường công tác phòng cháy, chữa cháy mùa khô 2026 - 2027", "CHỦ TỊCH", "Thạch Phước"])
    h, body = cover("zimbra", ("Văn thư UBND tỉnh", "vanthu@vinhlong.gov.vn"), ("Sở ngành", "songanh@vinhlong.gov.vn"),
                    "Văn bản mới", date(2026, 12, 1, 14, 14), "a13", cte="quoted-printable", enc="q")
    return mail(h, mixed(body, attach(d, "Văn bản chỉ đạo mới nhất của tỉnh.docx", "application/octet-stream", "2231cont")))


@R.sample("gmail with a DOCX from a company: a quotation in document form (Hà Nội)", NOT_OFFICIAL,
          "DOCX 'CÔNG TY CỔ PHẦN ...', 'Số: 118/2026/BG-MTV', 'BÁO GIÁ' under the national motto; cover 'Gửi anh chị văn bản'")
def _():
    d = docx(["CÔNG TY CỔ PHẦN THIẾT BỊ MINH TÂM VIỆT", "Số: 118/2026/BG-MTV"] + HEAD +
             ["Hà Nội, ngày 02 tháng 12 năm 2026", "**BÁO GIÁ", "Kính gửi: Văn phòng UBND phường Cửa Nam",
              "Máy tính để bàn: 24 bộ x 16.900.000 đồng"])
    h, body = cover("gmail", ("Minh Tam Viet", "kinhdoanh.minhtamviet@gmail.com"), ("", "vanphong.cuanam@hanoi.gov.vn"),
                    "gui anh chi van ban", date(2026, 12, 2, 10, 10), "a14")
    return mail(h, mixed(body, attach(d, "BG.docx", DOCX)))


@R.sample("Zimbra, DOCX whose header (issuer, number, motto, date) is a Word table as in the ND30 templates (Cao Bằng)",
          official("phuong-an", "16/PA-UBND"),
          "'Số: 16/PA-UBND' is inside w:tbl/w:tr/w:tc; only the title 'PHƯƠNG ÁN' is a body paragraph")
def _():
    d = docx(["**PHƯƠNG ÁN", "**Phòng, chống rét đậm, rét hại cho cây trồng và vật nuôi vụ Đông Xuân 2026 - 2027",
              "1. Dự trữ 42 tấn thức ăn gia súc tại các thôn vùng cao.", "CHỦ TỊCH", "Nông Văn Thụ"],
             head_table=[["ỦY BAN NHÂN DÂN XÃ BẢO LẠC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                         ["", "Độc lập - Tự do - Hạnh phúc"],
                         ["Số: 16/PA-UBND", "Bảo Lạc, ngày 04 tháng 12 năm 2026"]])
    h, body = cover("zimbra", ("Văn phòng UBND xã Bảo Lạc", "vanphong.baolac@caobang.gov.vn"),
                    ("Các thôn", "thon.baolac@caobang.gov.vn"), "Gửi anh chị văn bản", date(2026, 12, 4, 16, 35), "a15",
                    cte="base64", enc="q")
    return mail(h, mixed(body, attach(d, "PA.docx", DOCX)))


@R.sample("Outlook, text PDF with a FlateDecode content stream (as real PDF writers make them), name 'Document1.pdf' (Đồng Tháp)",
          official("huong-dan", "09/HD-STC"),
          "the strings 'So: 09/HD-STC' and 'HUONG DAN' are only in a compressed content stream")
def _():
    pdf = pdf_text(["UBND TINH DONG THAP", "SO TAI CHINH", "So: 09/HD-STC",
                    "CONG HOA XA HOI CHU NGHIA VIET NAM", "Doc lap - Tu do - Hanh phuc",
                    "Dong Thap, ngay 01 thang 12 nam 2026", "HUONG DAN",
                    "Quyet toan kinh phi su nghiep nam 2026 cua cac xa, phuong", "GIAM DOC", "Huynh Van Tai"],
                   compress=True)
    h = headers("outlook", ("Văn thư Sở Tài chính", "vanthu.stc@dongthap.gov.vn"), ("Xã phường", "xaphuong@dongthap.gov.vn"),
                "Gửi văn bản", date(2026, 12, 1, 10, 45), seed="a16")
    return mail(h, mixed(outlook_alt(["Gửi anh chị văn bản."]), attach(pdf, "Document1.pdf")))
