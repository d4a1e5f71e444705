"""A third held-out sample (issue 19): one month of the everyday mail of a provincial Văn phòng
UBND (Lạng Sơn, January 2027) and of its communes and wards, written by yet other hands.

The volume and mess of a real month: clerks forwarding the same document to several divisions
with one-line notes, replies that send a report, documents re-sent with corrections or replaced,
numbers only in the text layer of a PDF or inside a DOCX, scans whose number is only in the
subject, subjects that are only a file name, English subjects of a border province's foreign
affairs department, central documents forwarded down three levels, Party, Front and mass
organisations' mail, vendors, banks, newsletters, system mail, citizens, leaders' notes,
the public-service portal, the treasury and the tax office, a court, the police, the military
command and a hospital. Every person, number and content is invented.
"""

import io
import zipfile

from common import (compressed_pdf, headers_seeded, lines_text, DOCX, MOTTO, NATIONAL, NOT_OFFICIAL, XLSX, Registry, alternative, attach,
                    doc, headers, html, mail, mixed, official, outlook_alt, plain, two_col)
from mime import (CRLF, Multipart, Part, Raw, Rfc822, addr, b64, date, docx, msgid, nfd,
                  pdf_scan, pdf_text, photo, simple_html, text_header, unaccent, word_b, word_q)

R = Registry(
    "corpus-heldout3",
    "Third held-out sample: a month of a provincial office's mail",
    """
Eighty messages written after the recogniser passed every other corpus (corpus-heldout2
included), by hands that read neither its code nor the other generators' samples beyond their
README tables (to avoid repeating them): one month (January 2027) of the mail of the Văn phòng
UBND tỉnh Lạng Sơn, its divisions, the communes and wards, and the bodies that write to them.
Labelled by the rules of `../corpus/README.md` alone; a mismatch here is a finding, not a sample
to special-case. Where a convention is unclear the trap column says so.
""")

# ---------------------------------------------------------------- people and mailboxes

VT = ("Văn thư VP UBND tỉnh", "vanthu.vpubnd@langson.gov.vn")
UBT = ("UBND tỉnh Lạng Sơn", "ubnd@langson.gov.vn")
P_TH = ("Phòng Tổng hợp - VP UBND tỉnh", "phongtonghop.vpubnd@langson.gov.vn")
P_KT = ("Phòng Kinh tế - VP UBND tỉnh", "phongkinhte.vpubnd@langson.gov.vn")
P_KGVX = ("Phòng KGVX - VP UBND tỉnh", "phongkgvx.vpubnd@langson.gov.vn")
P_NC = ("Phòng Nội chính - VP UBND tỉnh", "phongnoichinh.vpubnd@langson.gov.vn")
HA = ("Hoàng Thu Hà", "hoangthuha.vpubnd@langson.gov.vn")
TUAN = ("Lường Văn Tuấn", "luongvantuan.vpubnd@langson.gov.vn")
CVP = ("Chánh Văn phòng Vi Đức Thịnh", "vdthinh.vpubnd@langson.gov.vn")
CT = ("Chủ tịch UBND tỉnh", "chutich@langson.gov.vn")
MAI = ("Nông Thị Mai", "nongthimai.vpubnd@langson.gov.vn")
XA_NS = ("UBND xã Na Sầm", "ubnd.nasam@langson.gov.vn")
XA_TK = ("UBND xã Thất Khê", "ubnd.thatkhe@langson.gov.vn")
XA_BS = ("UBND xã Bắc Sơn", "ubnd.bacson@langson.gov.vn")
XA_VL = ("UBND xã Văn Lãng", "ubnd.vanlang@langson.gov.vn")
XA_DD = ("UBND xã Đồng Đăng", "ubnd.dongdang@langson.gov.vn")
XA_CL = ("UBND xã Chi Lăng", "ubnd.chilang@langson.gov.vn")
XA_MS = ("UBND xã Mẫu Sơn", "ubnd.mauson@langson.gov.vn")
PH_LVT = ("UBND phường Lương Văn Tri", "ubnd.luongvantri@langson.gov.vn")
PH_KL = ("UBND phường Kỳ Lừa", "ubnd.kylua@langson.gov.vn")
SNGV = ("Sở Ngoại vụ Lạng Sơn", "songoaivu@langson.gov.vn")
STC = ("Sở Tài chính", "vanthu.stc@langson.gov.vn")
SNV = ("Sở Nội vụ", "vanthu.snv@langson.gov.vn")
SYT = ("Sở Y tế", "vanthu.syt@langson.gov.vn")


txt = lines_text


pdf = compressed_pdf


H = headers_seeded


def ls_head(issuer, number, day, parent="UBND TỈNH LẠNG SƠN", place="Lạng Sơn", stamps=()):
    left = ([parent] if parent else []) + [issuer, "", "Số: " + number]
    right = [NATIONAL, MOTTO, "", "%s, ngày %s tháng 01 năm 2027" % (place, day)]
    return two_col(left, right) + list(stamps)


def gmail_fwd(frm, when, subject, to, cc=None):
    out = ["---------- Forwarded message ---------", "From: " + frm, "Date: " + when,
           "Subject: " + subject, "To: " + to]
    if cc:
        out.append("Cc: " + cc)
    return out + [""]


def outlook_block(frm, sent, to, subject, vi=False):
    if vi:
        lines = ["Từ: " + frm, "Đã gửi: " + sent, "Đến: " + to, "Chủ đề: " + subject]
    else:
        lines = ["From: " + frm, "Sent: " + sent, "To: " + to, "Subject: " + subject]
    return ["________________________________"] + lines + [""]


def zimbra_fwd(frm, to, when, subject):
    return ["----- Thư đã chuyển tiếp -----", "Từ: " + frm, "Tới: " + to, "Đã gửi: " + when,
            "Chủ đề: " + subject, ""]


def zbytes(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, d in files:
            info = zipfile.ZipInfo(name, (2027, 1, 5, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, d)
    return buf.getvalue()


SIG_VT = ["--", "Bộ phận Văn thư - Văn phòng UBND tỉnh Lạng Sơn",
          "Số 2 đường Hùng Vương, phường Lương Văn Tri, tỉnh Lạng Sơn", "ĐT: 0205.3812.xxx"]

# ---------------------------------------------------------------- official documents

CV4417 = two_col(["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "", "Số: 4417/UBND-KT",
                  "V/v đôn đốc thu hồi vốn tạm ứng", "đầu tư công quá hạn"],
                 [NATIONAL, MOTTO, "", "Lạng Sơn, ngày 05 tháng 01 năm 2027"]) + [
    "", "Kính gửi:", "- Các Sở, ban, ngành tỉnh;", "- UBND các xã, phường.", "",
    "Đến ngày 31/12/2026, số vốn tạm ứng quá hạn chưa thu hồi trên địa bàn tỉnh là 61,8 tỷ đồng,",
    "trong đó 23 dự án tạm ứng trên 12 tháng. Chủ tịch UBND tỉnh yêu cầu các chủ đầu tư:",
    "1. Rà soát, thu hồi dứt điểm vốn tạm ứng quá hạn trước ngày 20/01/2027.",
    "2. Báo cáo kết quả về Sở Tài chính trước ngày 25/01/2027 để tổng hợp.",
    "", "Nơi nhận:", "- Như trên;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, KT.",
    "", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Đoàn Thanh Sơn"]


@R.sample("Zimbra, subject is only the file name '4417_UBND-KT.pdf', empty body, text-layer PDF of a công văn",
          official("cong-van", "4417/UBND-KT"),
          "nothing but the file name in the subject and the attachment; 'V/v' and the number only in the PDF text; amounts '61,8 tỷ đồng'")
def _():
    h = H("zimbra", VT, [P_KT, P_TH], "4417_UBND-KT.pdf", date(2027, 1, 5, 16, 2), "c01")
    return mail(h, mixed(plain("\n", "7bit"), attach(pdf(CV4417), "4417_UBND-KT.pdf")))


@R.sample("Thunderbird inline forward of the same công văn to the economic division's staff with a one-line note",
          official("cong-van", "4417/UBND-KT"),
          "same document as 0001, sent again by another hand; the note 'Chuyển các phòng nghiên cứu' and Thunderbird's '-------- Forwarded Message --------' block whose subject is the file name")
def _():
    body = ["Chuyển các phòng nghiên cứu, tham mưu.", "", "Hà", "",
            "-------- Forwarded Message --------", "Subject: 4417_UBND-KT.pdf",
            "Date: Tue, 5 Jan 2027 16:02:00 +0700", "From: Văn thư VP UBND tỉnh <vanthu.vpubnd@langson.gov.vn>",
            "To: Phòng Kinh tế - VP UBND tỉnh <phongkinhte.vpubnd@langson.gov.vn>", ""]
    h = H("thunderbird", HA, [("Tổ Đầu tư", "todautu.vpubnd@langson.gov.vn"), ("Tổ Ngân sách", "tongansach.vpubnd@langson.gov.vn")],
          "Fwd: 4417_UBND-KT.pdf", date(2027, 1, 6, 7, 48), "c02")
    return mail(h, mixed(plain(txt(body), "8bit", flowed=True), attach(pdf(CV4417), "4417_UBND-KT.pdf")))


@R.sample("Zimbra Vietnamese forward 'Kính chuyển đ/c Chủ tịch' of a Sở's Tờ trình, PDF re-attached",
          official("to-trinh", "38/TTr-STC"),
          "outer note is one line to the chairman; the quoted cover names the Tờ trình and cites the Nghị quyết it implements ('19/NQ-HĐND'); Tết support amounts")
def _():
    body = ["Kính chuyển đ/c Chủ tịch xem xét, cho ý kiến.", "", "Văn thư VP", ""] + zimbra_fwd(
        "\"Sở Tài chính\" <vanthu.stc@langson.gov.vn>", "\"UBND tỉnh Lạng Sơn\" <ubnd@langson.gov.vn>",
        "Thứ Tư, 06 Tháng Một 2027 14:21:07", "Tờ trình phân bổ kinh phí tặng quà Tết Nguyên đán Đinh Mùi 2027") + [
        "Sở Tài chính trình UBND tỉnh Tờ trình số 38/TTr-STC ngày 06/01/2027 về phân bổ kinh phí tặng quà",
        "Tết cho người có công và hộ nghèo theo Nghị quyết số 19/NQ-HĐND của HĐND tỉnh (tổng 18,6 tỷ đồng).",
        "File ký số đính kèm.", "", "Văn thư Sở Tài chính"]
    doc_lines = two_col(["UBND TỈNH LẠNG SƠN", "SỞ TÀI CHÍNH", "", "Số: 38/TTr-STC"],
                        [NATIONAL, MOTTO, "", "Lạng Sơn, ngày 06 tháng 01 năm 2027"]) + [
        "", "TỜ TRÌNH", "Về việc phân bổ kinh phí tặng quà Tết Nguyên đán Đinh Mùi năm 2027", "",
        "Kính gửi: Ủy ban nhân dân tỉnh.", "", "Mức quà: 500.000 đồng/suất; số suất: 37.200.",
        "", "GIÁM ĐỐC", "Hà Thị Liên"]
    h = H("zimbra", VT, CT, "Chuyển: Tờ trình phân bổ kinh phí tặng quà Tết Nguyên đán Đinh Mùi 2027",
          date(2027, 1, 6, 15, 10), "c03")
    return mail(h, mixed(alternative(txt(body), simple_html(body)), attach(pdf(doc_lines), "38-TTr-STC.pdf")))


@R.sample("commune gmail-like cover in lower case + DOCX whose header table holds the only 'Số:' line",
          official("bao-cao", "06/BC-UBND"),
          "the number appears only inside the DOCX (header table cell); subject and body unaccented; file name 'BC ra soat ho ngheo.docx' without number; counts '412 hộ nghèo, 9,6%'")
def _():
    paras = ["**BÁO CÁO", "**Kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm 2026",
             "Thực hiện Kế hoạch của UBND tỉnh, UBND xã Văn Lãng báo cáo kết quả như sau:",
             "1. Tổng số hộ: 4.291 hộ; hộ nghèo 412 hộ (9,6%), giảm 2,1% so với năm 2025.",
             "2. Hộ cận nghèo: 538 hộ (12,5%).", "3. Kiến nghị: hỗ trợ vốn vay cho 60 hộ thoát nghèo.",
             "**TM. ỦY BAN NHÂN DÂN", "**CHỦ TỊCH", "Hoàng Văn Páo"]
    d = docx(paras, head_table=[["ỦY BAN NHÂN DÂN XÃ VĂN LÃNG", NATIONAL],
                                ["", MOTTO], ["Số: 06/BC-UBND", "Văn Lãng, ngày 08 tháng 01 năm 2027"]])
    body = "xa van lang gui bao cao ra soat ho ngheo cuoi nam 2026 a.\nvan thu xa - chi Lanh\n"
    h = H("roundcube", XA_VL, VT, "bao cao ra soat ho ngheo 2026 - xa Van Lang", date(2027, 1, 8, 10, 31), "c04", enc="raw")
    return mail(h, mixed(plain(body, "7bit"), attach(d, "BC ra soat ho ngheo.docx", DOCX)))


@R.sample("Roundcube cover naming no number + text-layer PDF whose 'Số:' line is the only place of the number",
          official("ke-hoach", "09/KH-UBND"),
          "number only in the PDF text; cover says 'Kế hoạch (file kèm)'; dates of the Tết holiday '05/02 - 14/02/2027' and counts")
def _():
    lines = two_col(["ỦY BAN NHÂN DÂN", "XÃ THẤT KHÊ", "", "Số: 09/KH-UBND"],
                    [NATIONAL, MOTTO, "", "Thất Khê, ngày 07 tháng 01 năm 2027"]) + [
        "", "KẾ HOẠCH", "Tổ chức các hoạt động mừng Đảng, mừng Xuân Đinh Mùi năm 2027", "",
        "1. Thời gian: từ 05/02 đến 14/02/2027 (tức 29 tháng Chạp đến mùng 8 Tết).",
        "2. Nội dung: thăm hỏi 146 gia đình chính sách; hội chợ xuân tại chợ Thất Khê.",
        "3. Kinh phí: 126.000.000 đồng từ ngân sách xã.", "", "CHỦ TỊCH", "Triệu Văn Sinh"]
    body = "Kính gửi Văn phòng UBND tỉnh,\n\nUBND xã Thất Khê gửi Kế hoạch tổ chức Tết (file kèm).\n\nTrân trọng.\n"
    h = H("roundcube", XA_TK, VT, "Kế hoạch tổ chức Tết Nguyên đán Đinh Mùi 2027", date(2027, 1, 7, 15, 44), "c05", enc="q")
    return mail(h, mixed(plain(body, "quoted-printable"), attach(pdf(lines), "KH Tet 2027.pdf")))


@R.sample("gmail-style note of a commune clerk with a scanned PDF named 'scan0001.pdf'; the number only in the subject",
          official("quyet-dinh", "73/QĐ-UBND"),
          "scan without text; the subject 'QĐ số 73/QĐ-UBND … (bản scan)' is the only place of the number; 'dấu đỏ' and 'chữ ký' in the body")
def _():
    body = "Kính gửi VP UBND tỉnh,\nXã Na Sầm gửi bản scan có chữ ký, dấu đỏ để lưu. Bản giấy gửi qua bưu điện.\nTrân trọng!\n"
    h = H("gmail", XA_NS, VT, "QĐ số 73/QĐ-UBND v/v thành lập Tổ công tác rà soát đất rừng (bản scan)",
          date(2027, 1, 8, 16, 55), "c06")
    return mail(h, mixed(Multipart("alternative", [plain(body, "base64"), html(simple_html(body.splitlines()), "base64")]),
                         attach(pdf_scan("c06"), "scan0001.pdf")))


@R.sample("'Fwd: Fwd: Fwd:' three gmail-style inline forward levels of a Văn phòng Chính phủ công văn, from the province to the commune's one-stop desk",
          official("cong-van", "712/VPCP-KSTT"),
          "three covers ('Chuyển bộ phận một cửa thực hiện', the provincial office's note naming a vice-chairman's instruction, the province's note) above the original; the number only in the innermost cover and the scanned PDF is named 'CV712.pdf'")
def _():
    body = ["Chuyển bộ phận một cửa thực hiện.", "", "Lý - VP HĐND&UBND xã", ""] + gmail_fwd(
        "Văn thư VP UBND tỉnh <vanthu.vpubnd@langson.gov.vn>", "Mon, Jan 11, 2027 at 9:05 AM",
        "Fwd: Fwd: V/v triển khai xác thực tài khoản định danh điện tử trên Cổng dịch vụ công",
        "UBND các xã, phường") + [
        "Thực hiện ý kiến chỉ đạo của đ/c Phó Chủ tịch UBND tỉnh Lương Trọng Quỳnh, Văn phòng UBND tỉnh",
        "sao gửi UBND các xã, phường văn bản dưới đây để thực hiện.", ""] + gmail_fwd(
        "UBND tỉnh Lạng Sơn <ubnd@langson.gov.vn>", "Fri, Jan 8, 2027 at 4:40 PM",
        "Fwd: V/v triển khai xác thực tài khoản định danh điện tử trên Cổng dịch vụ công",
        "Văn thư VP UBND tỉnh <vanthu.vpubnd@langson.gov.vn>") + [
        "Chuyển Văn phòng tham mưu.", ""] + gmail_fwd(
        "Văn phòng Chính phủ <vanthu@chinhphu.gov.vn>", "Fri, Jan 8, 2027 at 2:12 PM",
        "V/v triển khai xác thực tài khoản định danh điện tử trên Cổng dịch vụ công",
        "UBND các tỉnh, thành phố") + [
        "Văn phòng Chính phủ gửi Công văn số 712/VPCP-KSTT ngày 08/01/2027 về việc triển khai xác thực",
        "tài khoản định danh điện tử (VNeID) khi nộp hồ sơ trên Cổng Dịch vụ công quốc gia.",
        "Đề nghị các địa phương hoàn thành trước ngày 31/3/2027.", "", "Văn thư Văn phòng Chính phủ"]
    h = H("roundcube", XA_DD, ("Bộ phận một cửa xã Đồng Đăng", "motcua.dongdang@langson.gov.vn"),
          "Fwd: Fwd: Fwd: V/v triển khai xác thực tài khoản định danh điện tử trên Cổng dịch vụ công",
          date(2027, 1, 11, 10, 20), "c07")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(pdf_scan("c07"), "CV712.pdf")))


def _ct07_inner():
    h = H("outlook", ("Cổng TTĐT Chính phủ - Văn thư", "congvan@chinhphu.gov.vn"), UBT,
          "Chỉ thị về tăng cường phòng cháy, chữa cháy dịp Tết Nguyên đán Đinh Mùi 2027",
          date(2027, 1, 9, 11, 2), "c08a")
    note = ("Kính gửi UBND các tỉnh, thành phố trực thuộc Trung ương,\n\n"
            "Thủ tướng Chính phủ ban hành Chỉ thị số 07/CT-TTg ngày 09/01/2027 về tăng cường công tác phòng cháy,\n"
            "chữa cháy và cứu nạn, cứu hộ dịp Tết Nguyên đán Đinh Mùi 2027. Văn bản ký số gửi kèm.\n")
    lines = ["THỦ TƯỚNG CHÍNH PHỦ", "Số: 07/CT-TTg", "CHỈ THỊ", "Về tăng cường phòng cháy, chữa cháy dịp Tết"]
    return mail(h, mixed(plain(note, "quoted-printable"), attach(pdf(lines), "07-CT-TTg.signed.pdf")))


@R.sample("Thunderbird 'Fwd: Fwd: Fwd:' with three nested message/rfc822 levels, each with its own cover, down to the Prime Minister's Chỉ thị",
          official("chi-thi", "07/CT-TTg"),
          "the number is only in the third nested message (cover and PDF); the outer covers say 'Sao gửi', 'Chuyển Phòng KGVX' and nothing else")
def _():
    lvl1 = mail(H("outlook", UBT, VT, "FW: Chỉ thị về tăng cường phòng cháy, chữa cháy dịp Tết Nguyên đán Đinh Mùi 2027",
                  date(2027, 1, 9, 14, 30), "c08b"),
                mixed(plain("Chuyển Văn phòng xử lý.\n", "8bit"), Rfc822(_ct07_inner(), "Chi thi PCCC Tet.eml")))
    lvl2 = mail(H("zimbra", VT, P_KGVX, "Fwd: FW: Chỉ thị về tăng cường phòng cháy, chữa cháy dịp Tết Nguyên đán Đinh Mùi 2027",
                  date(2027, 1, 9, 15, 1), "c08c"),
                mixed(plain("Chuyển Phòng KGVX tham mưu văn bản triển khai.\n", "8bit"), Rfc822(lvl1, "FW Chi thi.eml")))
    h = H("thunderbird", ("Phùng Minh Quân", "phungminhquan.vpubnd@langson.gov.vn"),
          ("Sở Xây dựng - Phòng QLXD", "qlxd.sxd@langson.gov.vn"),
          "Fwd: Fwd: FW: Chỉ thị về tăng cường phòng cháy, chữa cháy dịp Tết Nguyên đán Đinh Mùi 2027",
          date(2027, 1, 10, 8, 15), "c08")
    return mail(h, mixed(plain("Sao gửi Sở Xây dựng để phối hợp.\n", "8bit"), Rfc822(lvl2, "Fwd Chi thi.eml")))


@R.sample("Zimbra, 'Gửi lại văn bản thay thế' of an invitation whose meeting room was wrong, PDF '(thay the)'",
          official("giay-moi", "29/GM-UBND"),
          "re-sent with a correction: two times '09h40' and '14h00', two rooms; 'thay thế văn bản đã gửi' and 'đề nghị hủy' look like a withdrawal")
def _():
    body = ["Kính gửi các đơn vị,", "",
            "Văn phòng UBND tỉnh gửi lại Giấy mời số 29/GM-UBND ngày 12/01/2027 thay thế văn bản đã gửi lúc 09h40 cùng ngày",
            "(sai địa điểm: Phòng họp số 2 nay là Hội trường tầng 3, trụ sở UBND tỉnh). Thời gian không đổi: 14h00 ngày 14/01/2027.",
            "Đề nghị các đơn vị hủy bản gửi trước và sử dụng văn bản này.", ""] + SIG_VT
    lines = two_col(["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "", "Số: 29/GM-UBND"],
                    [NATIONAL, MOTTO, "", "Lạng Sơn, ngày 12 tháng 01 năm 2027"]) + [
        "", "GIẤY MỜI", "Họp nghe báo cáo công tác chuẩn bị Lễ hội Xuân 2027", "", "Địa điểm: Hội trường tầng 3"]
    h = H("zimbra", VT, [("Các Sở, ngành", "songanh@langson.gov.vn")],
          "Gửi lại văn bản thay thế - Giấy mời số 29/GM-UBND (sửa địa điểm họp)", date(2027, 1, 12, 10, 5), "c09")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(lines), "29-GM-UBND (thay the).pdf")))


@R.sample("Outlook HTML+text, full text of a công văn that corrects (đính chính) an earlier decision",
          official("cong-van", "118/UBND-TH"),
          "subject begins with the corrected decision's number '2301/QĐ-UBND'; the sent document is the công văn 118/UBND-TH; 'đính chính' wording")
def _():
    paras = ["**ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số: 118/UBND-TH", "V/v đính chính Quyết định số 2301/QĐ-UBND ngày 30/12/2026",
             "**" + NATIONAL, "**" + MOTTO, "Lạng Sơn, ngày 13 tháng 01 năm 2027", "",
             "Kính gửi: Sở Nông nghiệp và Môi trường; UBND xã Bình Gia.", "",
             "Do sơ suất trong quá trình soạn thảo, tại Điều 1 Quyết định số 2301/QĐ-UBND ngày 30/12/2026 của UBND tỉnh ghi diện tích thu hồi đất là 12,45 ha.",
             "Nay đính chính lại là: 1,245 ha. Các nội dung khác giữ nguyên.", "",
             "Nơi nhận:", "- Như trên;", "- Lưu: VT, TH.", "", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Vi Đức Thịnh"]
    h = H("outlook", P_TH, [("Sở Nông nghiệp và Môi trường", "snnmt@langson.gov.vn"), XA_BS],
          "2301/QĐ-UBND - Đính chính diện tích thu hồi đất", date(2027, 1, 13, 9, 12), "c10")
    return mail(h, outlook_alt(paras))


@R.sample("Outlook 'RE:' reply of a commune that sends its report, above the Vietnamese quote of the provincial request",
          official("bao-cao", "14/BC-UBND"),
          "a reply that looks like an acknowledgement; the quoted request cites '4417/UBND-KT'; scanned PDF named 'BC 14 giai ngan.pdf'")
def _():
    text = ["UBND xã Bắc Sơn gửi Báo cáo số 14/BC-UBND ngày 15/01/2027 về tiến độ thu hồi tạm ứng, giải ngân vốn đầu tư công (file đính kèm).",
            "Trân trọng.", "", "Văn phòng HĐND&UBND xã Bắc Sơn", ""] + outlook_block(
        "Phòng Kinh tế - VP UBND tỉnh", "Wednesday, January 6, 2027 8:30 AM", "UBND các xã, phường",
        "V/v báo cáo tiến độ thu hồi tạm ứng vốn đầu tư công", vi=False) + [
        "Thực hiện Công văn số 4417/UBND-KT ngày 05/01/2027 của UBND tỉnh, đề nghị các xã gửi báo cáo trước 25/01."]
    h = H("outlook", XA_BS, P_KT, "RE: V/v báo cáo tiến độ thu hồi tạm ứng vốn đầu tư công", date(2027, 1, 15, 14, 2), "c11")
    return mail(h, mixed(outlook_alt(text), attach(pdf_scan("c11"), "BC 14 giai ngan.pdf")))


@R.sample("Outlook, English subject 'Invitation letter …' of a border province's foreign-affairs department, bilingual cover + PDF",
          official("giay-moi", "08/GM-SNgV"),
          "English subject and half the body in English; the issuer code is mixed case 'SNgV'; Chinese place names (Pingxiang, Chongzuo)")
def _():
    text = ["Kính gửi: Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
            "Dear Sir/Madam,", "",
            "Sở Ngoại vụ trân trọng gửi Giấy mời số 08/GM-SNgV ngày 11/01/2027 dự Hội đàm xuân giữa tỉnh Lạng Sơn và thành phố Sùng Tả (Chongzuo), Quảng Tây.",
            "The Department of Foreign Affairs kindly sends Invitation Letter No. 08/GM-SNgV to the Spring Meeting with Chongzuo City, Guangxi, held at Pingxiang on 21 January 2027.",
            "", "Best regards,", "Sở Ngoại vụ tỉnh Lạng Sơn / Lang Son Department of Foreign Affairs"]
    lines = two_col(["UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ", "", "Số: 08/GM-SNgV"],
                    [NATIONAL, MOTTO, "", "Lạng Sơn, ngày 11 tháng 01 năm 2027"]) + ["", "GIẤY MỜI", "Hội đàm xuân 2027"]
    h = H("outlook", SNGV, ("BQL Khu KTCK Đồng Đăng - Lạng Sơn", "bqlkktck@langson.gov.vn"),
          "Invitation letter - Lang Son - Chongzuo Spring Meeting 2027", date(2027, 1, 11, 16, 40), "c12")
    return mail(h, mixed(outlook_alt(text), attach(pdf(lines), "08-GM-SNgV.pdf")))


@R.sample("gmail-style English subject 'Report - foreign affairs work 2026', English cover, number only in the PDF name and text",
          official("bao-cao", "03/BC-SNgV"),
          "subject and cover in English name no number; 'BC-SNgV' only in '03-BC-SNgV.pdf'; counts of delegations '47 đoàn ra, 62 đoàn vào'")
def _():
    body = ("Dear colleagues,\n\nPlease find attached the Department's report on foreign affairs work in 2026 and the plan for 2027.\n"
            "Kindly forward it to the Chairman's office.\n\nBest regards,\nNguyen Thi Thu Trang\nLang Son Department of Foreign Affairs\n")
    lines = two_col(["UBND TỈNH LẠNG SƠN", "SỞ NGOẠI VỤ", "", "Số: 03/BC-SNgV"],
                    [NATIONAL, MOTTO, "", "Lạng Sơn, ngày 14 tháng 01 năm 2027"]) + [
        "", "BÁO CÁO", "Kết quả công tác đối ngoại năm 2026, phương hướng năm 2027", "",
        "Năm 2026 tiếp 62 đoàn vào, tổ chức 47 đoàn ra."]
    h = H("gmail", ("Nguyen Thi Thu Trang", "ntttrang.sngv@langson.gov.vn"), VT,
          "Report - foreign affairs work 2026", date(2027, 1, 14, 9, 3), "c13")
    return mail(h, mixed(plain(body, "7bit"), attach(pdf(lines), "03-BC-SNgV.pdf")))


@R.sample("Roundcube plain cover of the provincial tax office + PDF (công văn on year-end personal income tax)",
          official("cong-van", "286/TLS-TTHT"),
          "issuer 'Thuế tỉnh Lạng Sơn' after the 2025 reform; tax codes 'MST 4900102345', deadline '31/3/2027' and the cited law 'Luật Quản lý thuế số 38/2019/QH14'")
def _():
    body = ("Kính gửi: Văn phòng UBND tỉnh Lạng Sơn (MST 4900102345)\n\n"
            "Thuế tỉnh Lạng Sơn gửi Công văn số 286/TLS-TTHT ngày 12/01/2027 hướng dẫn quyết toán thuế thu nhập cá nhân năm 2026\n"
            "đối với tổ chức chi trả thu nhập. Căn cứ Luật Quản lý thuế số 38/2019/QH14, hạn nộp hồ sơ quyết toán là 31/3/2027.\n\n"
            "Phòng Tuyên truyền - Hỗ trợ người nộp thuế\nThuế tỉnh Lạng Sơn\n")
    lines = ["CỤC THUẾ", "THUẾ TỈNH LẠNG SƠN", "Số: 286/TLS-TTHT", "V/v quyết toán thuế TNCN năm 2026"]
    h = H("roundcube", ("Thuế tỉnh Lạng Sơn", "tths.langson@gdt.gov.vn"), VT,
          "V/v quyết toán thuế TNCN năm 2026", date(2027, 1, 12, 15, 20), "c14", enc="q")
    return mail(h, mixed(plain(body, "quoted-printable"), attach(pdf(lines), "286_TLS-TTHT.pdf")))


@R.sample("Zimbra cover of a State Treasury regional branch with 'Độ khẩn: Không' and 'Độ mật: Không mật' spelled out, PDF",
          official("thong-bao", "41/TB-KBNNKV5"),
          "absence of marks spelled out in two fields; issuer code with digits 'KBNNKV5'; year-end closing dates '31/01/2027'")
def _():
    body = ["Kính gửi các đơn vị sử dụng ngân sách trên địa bàn tỉnh Lạng Sơn,", "",
            "Kho bạc Nhà nước khu vực V gửi văn bản:", "- Số, ký hiệu: 41/TB-KBNNKV5",
            "- Trích yếu: Thông báo thời hạn chi ngân sách và chỉnh lý quyết toán niên độ 2026",
            "- Độ khẩn: Không", "- Độ mật: Không mật", "- Ngày ban hành: 11/01/2027", "",
            "Hạn cuối chỉnh lý quyết toán: 31/01/2027.", "", "Phòng Kế toán nhà nước - KBNN khu vực V"]
    lines = ["KHO BAC NHA NUOC", "KHO BAC NHA NUOC KHU VUC V", "So: 41/TB-KBNNKV5", "THONG BAO"]
    h = H("zimbra", ("KBNN khu vực V", "kbnnkv5@vst.gov.vn"), VT,
          "Thông báo thời hạn chi ngân sách và chỉnh lý quyết toán niên độ 2026", date(2027, 1, 11, 9, 40), "c15")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(lines), "TB41-KBNNKV5.pdf")))


@R.sample("Outlook HTML+text, full text of a provincial police công văn requesting land records, '[Khẩn]' subject tag",
          official("cong-van", "2741/CAT-PC03", urgency="khan"),
          "a request from the police is an issued công văn; '[Khẩn]' in mixed case as a subject tag; land parcels 'thửa số 112, tờ bản đồ số 25'")
def _():
    paras = ["**CÔNG AN TỈNH LẠNG SƠN", "Số: 2741/CAT-PC03", "V/v đề nghị cung cấp hồ sơ, tài liệu",
             "**" + NATIONAL, "**" + MOTTO, "Lạng Sơn, ngày 13 tháng 01 năm 2027", "",
             "Kính gửi: Ủy ban nhân dân phường Kỳ Lừa.", "",
             "Để phục vụ công tác xác minh nguồn tin về tội phạm, Phòng Cảnh sát điều tra tội phạm về kinh tế (PC03) đề nghị UBND phường cung cấp bản sao hồ sơ cấp giấy chứng nhận quyền sử dụng đất đối với thửa số 112, tờ bản đồ số 25.",
             "Hồ sơ gửi về PC03 trước ngày 20/01/2027. Cán bộ liên hệ: Đại úy Hoàng Văn Nam.", "",
             "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đại tá Lành Văn Thạch"]
    h = H("outlook", ("Công an tỉnh Lạng Sơn - PC03", "pc03.cat@langson.gov.vn"), PH_KL,
          "[Khẩn] V/v đề nghị cung cấp hồ sơ, tài liệu", date(2027, 1, 13, 10, 45), "c16")
    return mail(h, outlook_alt(paras))


@R.sample("Zimbra cover of the provincial military command + PDF 'CT 02-BCH.pdf', a directive ordering militia training",
          official("chi-thi", "02/CT-BCH"),
          "military command; file name with the type first and a space; 'Độ mật: Không mật' spelled in the cover; militia counts '4.150 đồng chí'")
def _():
    body = ["Bộ CHQS tỉnh gửi Chỉ thị số 02/CT-BCH ngày 12/01/2027 về nhiệm vụ huấn luyện dân quân tự vệ năm 2027.",
            "Độ mật: Không mật.", "Đề nghị UBND các xã, phường chỉ đạo Ban CHQS cấp xã triển khai; chỉ tiêu huấn luyện 4.150 đồng chí.", "",
            "Ban Tham mưu - Bộ CHQS tỉnh Lạng Sơn"]
    lines = ["BO CHQS TINH LANG SON", "So: 02/CT-BCH", "CHI THI", "Ve nhiem vu huan luyen dan quan tu ve nam 2027"]
    h = H("zimbra", ("Bộ CHQS tỉnh Lạng Sơn", "bchqs@langson.gov.vn"), [XA_NS, XA_TK, XA_BS],
          "Chỉ thị nhiệm vụ huấn luyện DQTV năm 2027", date(2027, 1, 12, 14, 0), "c17")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(lines), "CT 02-BCH.pdf")))


@R.sample("a public hospital writes from its free gmail account: a quick report on cold-related admissions, PDF",
          official("bao-cao", "27/BC-BVĐKT"),
          "sender is @gmail.com (hospitals often use one); issuer code with Đ 'BVĐKT'; temperature '-2°C' and case counts")
def _():
    body = ("Kính gửi: Sở Y tế; Văn phòng UBND tỉnh.\n\n"
            "Bệnh viện Đa khoa tỉnh gửi Báo cáo số 27/BC-BVĐKT ngày 16/01/2027 về tình hình người bệnh nhập viện do rét đậm, rét hại\n"
            "(nhiệt độ tại Mẫu Sơn -2°C): 214 ca, trong đó 31 ca đột quỵ, 9 ca hạ thân nhiệt.\n\nPhòng Kế hoạch tổng hợp\n")
    lines = ["SO Y TE LANG SON", "BENH VIEN DA KHOA TINH", "So: 27/BC-BVDKT", "BAO CAO"]
    h = H("gmail", ("Phòng KHTH BVĐK tỉnh Lạng Sơn", "khth.bvdklangson@gmail.com"), [SYT, VT],
          "Báo cáo tình hình người bệnh do rét đậm rét hại", date(2027, 1, 16, 11, 20), "c18")
    return mail(h, mixed(plain(body, "base64"), attach(pdf(lines), "BC 27 ret dam.pdf")))


@R.sample("Outlook HTML+text, full text of a HỎA TỐC công điện on a cold snap; the stamp in the header block and the subject",
          official("cong-dien", "06/CĐ-UBND", urgency="hoa-toc"),
          "'HỎA TỐC' as a stamp line under the number and as a subject prefix; temperatures, 'băng giá' and livestock counts '1.320 con'")
def _():
    paras = ["**ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số: 06/CĐ-UBND", "**HỎA TỐC",
             "**" + NATIONAL, "**" + MOTTO, "Lạng Sơn, ngày 17 tháng 01 năm 2027", "",
             "**CÔNG ĐIỆN", "**Về việc chủ động ứng phó rét đậm, rét hại, băng giá", "",
             "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:", "- Chủ tịch UBND các xã, phường;", "- Giám đốc các Sở: Nông nghiệp và Môi trường, Y tế, Giáo dục và Đào tạo.", "",
             "Theo dự báo, từ đêm 17/01/2027 nhiệt độ thấp nhất tại Mẫu Sơn dưới 0°C, có khả năng xảy ra băng giá. Trong đợt rét trước đã có 1.320 con gia súc bị chết.",
             "Yêu cầu cho học sinh mầm non, tiểu học nghỉ học khi nhiệt độ dưới 7°C; che chắn chuồng trại; không thả rông gia súc.", "",
             "CHỦ TỊCH", "Hồ Tiến Thiệu"]
    h = H("outlook", UBT, [XA_MS, XA_TK, XA_BS, ("Các Sở, ngành", "songanh@langson.gov.vn")],
          "HỎA TỐC - Công điện về chủ động ứng phó rét đậm, rét hại, băng giá", date(2027, 1, 17, 18, 5), "c19")
    return mail(h, outlook_alt(paras))


@R.sample("Zimbra plain text weekly schedule of the provincial leaders, a text table with times and rooms",
          official("lich-cong-tac"),
          "no number; 'Tuần 04/2027' and dates '18/01 - 24/01'; one item reads 'Họp xét xử … theo Giấy triệu tập'")
def _():
    body = ["LỊCH CÔNG TÁC TUẦN 04/2027", "Của Chủ tịch, các Phó Chủ tịch UBND tỉnh (từ ngày 18/01 đến ngày 24/01/2027)", "",
            "Thứ Hai 18/01", "  08h00  CT Hồ Tiến Thiệu   Chào cờ, giao ban lãnh đạo UBND tỉnh      Phòng họp số 1",
            "  14h00  PCT Đoàn Thanh Sơn Kiểm tra tiến độ cao tốc Đồng Đăng - Trà Lĩnh   Hiện trường",
            "Thứ Ba 19/01", "  08h00  PCT Lương Trọng Quỳnh  Làm việc với Sở Y tế về công tác phòng chống rét   Sở Y tế",
            "Thứ Tư 20/01", "  08h30  CT Hồ Tiến Thiệu   Dự phiên đối thoại tại TAND khu vực 1 theo Giấy triệu tập   TAND KV1",
            "Thứ Năm 21/01", "  Cả ngày  PCT Đoàn Thanh Sơn Hội đàm xuân với thành phố Sùng Tả     Bằng Tường (TQ)", "",
            "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, phối hợp.", ""] + SIG_VT
    h = H("zimbra", P_TH, [("Các Sở, ngành", "songanh@langson.gov.vn"), ("UBND các xã, phường", "capxa@langson.gov.vn")],
          "Lịch công tác tuần 04/2027 của Thường trực UBND tỉnh", date(2027, 1, 16, 16, 30), "c20")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("Outlook cover + three PDFs of meeting papers for the UBND's monthly session; the files are named by draft numbers",
          official("tai-lieu-hop"),
          "file names 'TTr 12-SKHCN (du thao QD).pdf' and 'BC KT-XH thang 1.pdf' carry a cited Tờ trình number; the meeting papers have no number of their own; cites 'Giấy mời số 29/GM-UBND'")
def _():
    text = ["Kính gửi các thành viên UBND tỉnh,", "",
            "Văn phòng UBND tỉnh gửi tài liệu phiên họp thường kỳ tháng 01/2027 (theo Giấy mời số 29/GM-UBND):",
            "1. Tờ trình số 12/TTr-SKHCN kèm dự thảo Quyết định ban hành Quy chế quản lý hệ thống thông tin;",
            "2. Báo cáo tình hình kinh tế - xã hội tháng 01/2027;", "3. Dự thảo Kế hoạch tổ chức Lễ hội Xuân.", "",
            "Đề nghị các đồng chí nghiên cứu trước. Tài liệu chỉ dùng cho phiên họp.", "", "Phòng Tổng hợp"]
    h = H("outlook", P_TH, [("Thành viên UBND tỉnh", "thanhvienubnd@langson.gov.vn")],
          "Tài liệu phiên họp UBND tỉnh thường kỳ tháng 01/2027", date(2027, 1, 13, 17, 10), "c21")
    return mail(h, mixed(outlook_alt(text),
                         attach(pdf(["TO TRINH", "So: 12/TTr-SKHCN"]), "TTr 12-SKHCN (du thao QD).pdf"),
                         attach(pdf(["BAO CAO KT-XH THANG 01/2027", "(Tai lieu hop)"]), "BC KT-XH thang 1.pdf"),
                         attach(pdf(["DU THAO", "KE HOACH To chuc Le hoi Xuan 2027"]), "Du thao KH Le hoi.pdf")))


@R.sample("Zimbra text+HTML, full text of a notice of conclusions issued by the provincial office",
          official("thong-bao", "16/TB-VP"),
          "issuer VĂN PHÒNG under UBND TỈNH; 'Kết luận của Chủ tịch' names a person, not the issuer; budget '3,2 tỷ đồng'")
def _():
    lines = two_col(["UBND TỈNH LẠNG SƠN", "VĂN PHÒNG", "", "Số: 16/TB-VP"],
                    [NATIONAL, MOTTO, "", "Lạng Sơn, ngày 15 tháng 01 năm 2027"]) + [
        "", "THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác chuẩn bị Tết Nguyên đán Đinh Mùi 2027", "",
        "Ngày 14/01/2027, đồng chí Hồ Tiến Thiệu, Chủ tịch UBND tỉnh chủ trì cuộc họp. Chủ tịch kết luận:",
        "1. Sở Công Thương bảo đảm nguồn hàng Tết, bình ổn giá 42 mặt hàng thiết yếu.",
        "2. Sở Tài chính bố trí 3,2 tỷ đồng bắn pháo hoa đêm Giao thừa tại 3 điểm.",
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện.", "",
        "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nông Văn Đoàn"]
    h = H("zimbra", P_TH, [("Các Sở, ngành", "songanh@langson.gov.vn")],
          "Thông báo kết luận cuộc họp chuẩn bị Tết", date(2027, 1, 15, 16, 0), "c22")
    return mail(h, alternative(txt(lines), simple_html(lines)))


@R.sample("commune clerk, unaccented subject, accented cover, PDF 'GM05.pdf' of a village heads' meeting invitation",
          official("giay-moi", "05/GM-UBND"),
          "'GM05' glued in the file name; number with the symbol only in the PDF text; times '7h30' and village names")
def _():
    body = "Kính gửi các đồng chí trưởng thôn,\nUBND xã mời dự giao ban tháng 1, chi tiết trong file. Đề nghị đi đúng giờ.\nVăn phòng xã Chi Lăng\n"
    lines = ["UY BAN NHAN DAN XA CHI LANG", "So: 05/GM-UBND", "GIAY MOI", "Giao ban truong thon thang 01/2027, 7h30 ngay 19/01/2027"]
    h = H("gmail", XA_CL, [("Trưởng thôn xã Chi Lăng", "truongthon.chilang@googlegroups.com")],
          "Giay moi hop giao ban thon ban thang 1", date(2027, 1, 15, 7, 58), "c23")
    return mail(h, mixed(plain(body, "quoted-printable"), attach(pdf(lines), "GM05.pdf")))


@R.sample("Roundcube, ward cover + PDF 'QD 21-UBND khen thuong.pdf' (unaccented QD), decision on cultural-family awards",
          official("quyet-dinh", "21/QĐ-UBND"),
          "'QD' unaccented in the file name and 'QĐ số 21' without symbol in the cover; counts '1.046 gia đình'")
def _():
    body = ("Kính gửi: Văn phòng UBND tỉnh (Phòng KGVX)\n\nUBND phường Lương Văn Tri gửi QĐ số 21 ngày 14/01/2027 công nhận 1.046 gia đình văn hóa năm 2026.\n\n"
            "Trân trọng./.\n")
    lines = ["UBND PHUONG LUONG VAN TRI", "So: 21/QD-UBND", "QUYET DINH", "Cong nhan gia dinh van hoa nam 2026"]
    h = H("roundcube", PH_LVT, P_KGVX, "QĐ khen thưởng gia đình văn hóa 2026", date(2027, 1, 14, 10, 2), "c24")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf(lines), "QD 21-UBND khen thuong.pdf")))


@R.sample("the province's document system notification in key: value text with 'Độ khẩn: Không' and 'Độ mật: Không mật', PDF",
          official("ke-hoach", "15/KH-UBND"),
          "fields spell out the absence of marks; 'Số đến: 226' and 'Mã văn bản: 000.00.01.H33-270114-0015' look like numbers")
def _():
    body = ["HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH TỈNH LẠNG SƠN", "Thông báo văn bản đến", "",
            "Đơn vị nhận: UBND xã Mẫu Sơn", "Số đến: 226", "Mã văn bản: 000.00.01.H33-270114-0015",
            "Số/Ký hiệu: 15/KH-UBND", "Ngày ban hành: 14/01/2027", "Cơ quan ban hành: UBND tỉnh Lạng Sơn",
            "Trích yếu: Kế hoạch tổ chức Lễ hội Xuân và các hoạt động du lịch Mẫu Sơn năm 2027",
            "Độ khẩn: Không", "Độ mật: Không mật", "Hạn xử lý: 25/01/2027", "",
            "Vui lòng đăng nhập https://qlvb.langson.gov.vn để xử lý.", "", "(Thư tự động, không trả lời)"]
    h = H("system", ("Hệ thống QLVB tỉnh Lạng Sơn", "qlvb@langson.gov.vn"), XA_MS,
          "[QLVB] Văn bản đến: 15/KH-UBND", date(2027, 1, 14, 17, 2), "c25")
    return mail(h, mixed(plain(txt(body), "8bit"), attach(pdf(["KE HOACH", "So: 15/KH-UBND"]), "000.00.01.H33-270114-0015.pdf")))


@R.sample("Roundcube, subject with the number, PDF named '4590_UBND-TH (Khan).pdf': the urgency only in the file name",
          official("cong-van", "4590/UBND-TH", urgency="khan"),
          "the mark 'Khan' (unaccented, in brackets) is only in the attachment name, as clerks name scans of stamped papers; a judgement: the README lists subject and stamp, the brief counts file names")
def _():
    body = "Văn phòng UBND tỉnh gửi Công văn số 4590/UBND-TH về việc phân công trực Tết Nguyên đán Đinh Mùi 2027.\nĐề nghị các đơn vị gửi danh sách trực trước ngày 28/01/2027.\n"
    h = H("roundcube", VT, [("Các Sở, ngành", "songanh@langson.gov.vn")],
          "CV 4590/UBND-TH V/v phân công trực Tết", date(2027, 1, 19, 8, 31), "c26")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf_scan("c26"), "4590_UBND-TH (Khan).pdf")))


@R.sample("document-system notification of the provincial police with 'Độ mật: Mật' as a field only, ZIP with password",
          official("ke-hoach", "39/KH-CAT", secrecy="mat"),
          "the mark is only the field 'Độ mật: Mật' next to 'Độ khẩn: Thường'; 'mật khẩu giải nén gửi qua điện thoại' in prose")
def _():
    body = ["Thông báo văn bản đi - Công an tỉnh Lạng Sơn", "", "Số/Ký hiệu: 39/KH-CAT",
            "Trích yếu: Kế hoạch bảo đảm an ninh, trật tự dịp Tết Nguyên đán và Lễ hội Xuân 2027",
            "Độ khẩn: Thường", "Độ mật: Mật", "Nơi nhận: UBND tỉnh (VP - Phòng Nội chính)", "",
            "Tệp đính kèm được nén có mật khẩu; mật khẩu giải nén gửi qua điện thoại cho văn thư.", ""]
    z = zbytes([("KH39-CAT.pdf", pdf(["KE HOACH", "So: 39/KH-CAT"]))])
    h = H("system", ("QLVB Công an tỉnh", "qlvb.cat@langson.gov.vn"), P_NC,
          "Văn bản đi: Kế hoạch bảo đảm ANTT dịp Tết 2027", date(2027, 1, 18, 9, 0), "c27")
    return mail(h, mixed(plain(txt(body), "quoted-printable"), attach(z, "KH39-CAT.zip", "application/zip")))


@R.sample("Zimbra, '(Mật)' subject tag and '_MAT' in the PDF name, the military command's protection plan for the spring festival",
          official("phuong-an", "06/PA-BCH", secrecy="mat"),
          "the mark in brackets at the start of the subject and unaccented in the file name; no stamp line in the cover")
def _():
    body = "Bộ CHQS tỉnh gửi Phương án số 06/PA-BCH bảo vệ Lễ hội Xuân Mẫu Sơn 2027. Đề nghị quản lý theo chế độ tài liệu mật.\n"
    h = H("zimbra", ("Bộ CHQS tỉnh Lạng Sơn", "bchqs@langson.gov.vn"), [P_NC, XA_MS],
          "(Mật) Phương án bảo vệ Lễ hội Xuân Mẫu Sơn 2027", date(2027, 1, 18, 15, 12), "c28")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf_scan("c28"), "PA06-BCH_MAT.pdf")))


@R.sample("Outlook cover of the border guard command with a 'TỐI MẬT' stamp line, scanned PDF",
          official("bao-cao", "14/BC-BĐBP", secrecy="toi-mat"),
          "stamp line only (no subject tag); issuer code with Đ 'BĐBP'; 'bảo mật' in the signature disclaimer")
def _():
    text = ["TỐI MẬT", "", "Kính gửi: Chủ tịch UBND tỉnh",
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh gửi Báo cáo số 14/BC-BĐBP ngày 18/01/2027 về tình hình an ninh tuyến biên giới tháng 12/2026.", "",
            "Ban Tham mưu BĐBP tỉnh", "Thư này có thể chứa thông tin cần bảo mật; nếu nhận nhầm, xin xóa."]
    h = H("outlook", ("BCH BĐBP tỉnh Lạng Sơn", "bdbp@langson.gov.vn"), CT,
          "Báo cáo tình hình an ninh tuyến biên giới tháng 12/2026", date(2027, 1, 18, 16, 45), "c29")
    return mail(h, mixed(outlook_alt(text), attach(pdf_scan("c29"), "BC14.pdf")))


@R.sample("Roundcube, 'THƯỢNG KHẨN - ' subject prefix and '(thuong khan)' in the file name, công văn on border-gate congestion",
          official("cong-van", "4633/UBND-KT", urgency="thuong-khan"),
          "mark in the subject and unaccented in the file name; truck counts '1.850 xe' and gate names")
def _():
    body = ("Kính gửi: Sở Công Thương; BQL Khu KTCK Đồng Đăng - Lạng Sơn; UBND xã Đồng Đăng.\n\n"
            "Văn phòng UBND tỉnh gửi Công văn số 4633/UBND-KT ngày 20/01/2027 về giải tỏa ùn tắc tại cửa khẩu Hữu Nghị, Tân Thanh\n"
            "(1.850 xe nông sản đang chờ thông quan).\n")
    h = H("roundcube", VT, [("Sở Công Thương", "sct@langson.gov.vn"), ("BQL Khu KTCK", "bqlkktck@langson.gov.vn"), XA_DD],
          "THƯỢNG KHẨN - V/v giải tỏa ùn tắc hàng hóa tại cửa khẩu", date(2027, 1, 20, 6, 40), "c30", enc="b")
    return mail(h, mixed(plain(body, "base64"), attach(pdf_scan("c30"), "4633-UBND-KT (thuong khan).pdf")))


@R.sample("Outlook HTML+text cover of the citizen-reception board + DOCX of a Phiếu chuyển sending a petition to a commune",
          official("phieu-chuyen", "11/PC-VPUBND"),
          "the petition of a citizen is only described (name, CCCD '020187004512'); issuer code 'VPUBND'; 'Phiếu' as in IT tickets")
def _():
    text = ["Kính gửi UBND xã Mẫu Sơn,",
            "Ban Tiếp công dân tỉnh gửi Phiếu chuyển số 11/PC-VPUBND chuyển đơn của ông Lý Văn Sầu (CCCD 020187004512) về tranh chấp đất rừng tại thôn Khuổi Cáp để xã giải quyết theo thẩm quyền.",
            "", "Ban Tiếp công dân - Văn phòng UBND tỉnh"]
    d = docx(["**PHIẾU CHUYỂN", "Số: 11/PC-VPUBND", "Chuyển đơn của ông Lý Văn Sầu"])
    h = H("outlook", ("Ban Tiếp công dân tỉnh", "btcd.vpubnd@langson.gov.vn"), XA_MS,
          "Phiếu chuyển đơn công dân", date(2027, 1, 19, 10, 5), "c31")
    return mail(h, mixed(outlook_alt(text), attach(d, "Phieu chuyen don Ly Van Sau.docx", DOCX)))


@R.sample("Thunderbird cover + DOCX named 'HD 02-SNV thi dua 2027.docx' of a Sở's guidance on emulation awards",
          official("huong-dan", "02/HD-SNV"),
          "'HD' with a space before the number in the file name; the cover says only 'hướng dẫn thi đua' and cites 'Luật Thi đua, khen thưởng 2022'")
def _():
    body = "Kính gửi các cơ quan, đơn vị,\n\nSở Nội vụ gửi hướng dẫn thi đua, khen thưởng năm 2027 (Luật Thi đua, khen thưởng 2022). File đính kèm.\n\nPhòng Thi đua - Khen thưởng\n"
    d = docx(["SỞ NỘI VỤ TỈNH LẠNG SƠN", "Số: 02/HD-SNV", "**HƯỚNG DẪN", "Công tác thi đua, khen thưởng năm 2027"], split_runs=True)
    h = H("thunderbird", SNV, [("Các Sở, ngành", "songanh@langson.gov.vn")], "Hướng dẫn thi đua khen thưởng 2027",
          date(2027, 1, 19, 14, 22), "c32")
    return mail(h, mixed(plain(body, "8bit", flowed=True), attach(d, "HD 02-SNV thi dua 2027.docx", DOCX)))


@R.sample("Zimbra plain, full text of a commune chairman's authorisation for treasury documents during Tết leave",
          official("giay-uy-quyen", "07/GUQ-UBND"),
          "'GIẤY ỦY QUYỀN' between two officials of one commune; treasury account '9523.1.1065432' and dates")
def _():
    lines = two_col(["ỦY BAN NHÂN DÂN", "XÃ CHI LĂNG", "", "Số: 07/GUQ-UBND"],
                    [NATIONAL, MOTTO, "", "Chi Lăng, ngày 20 tháng 01 năm 2027"]) + [
        "", "GIẤY ỦY QUYỀN", "",
        "Người ủy quyền: ông Vi Văn Khánh, Chủ tịch UBND xã Chi Lăng.",
        "Người được ủy quyền: bà Hoàng Thị Nguyệt, Phó Chủ tịch UBND xã.",
        "Nội dung: ký chứng từ chi ngân sách tại Kho bạc Nhà nước khu vực V, tài khoản 9523.1.1065432,",
        "từ ngày 01/02/2027 đến ngày 12/02/2027.", "", "NGƯỜI ỦY QUYỀN", "Vi Văn Khánh"]
    h = H("zimbra", XA_CL, [("KBNN khu vực V", "kbnnkv5@vst.gov.vn")], "Giấy ủy quyền ký chứng từ dịp Tết",
          date(2027, 1, 20, 9, 15), "c33")
    return mail(h, plain(txt(lines), "8bit"))


@R.sample("Outlook cover + PDF of the provincial office's contract with an audio-visual company",
          official("hop-dong", "02/2027/HĐ-VPUBND"),
          "company tax code 'MST 4900876543' and contract value; the year in the number; a vendor is a party, the issuer is the office")
def _():
    text = ["Kính gửi Công ty TNHH Thiết bị nghe nhìn Kỳ Lừa,",
            "Văn phòng UBND tỉnh gửi bản ký số Hợp đồng số 02/2027/HĐ-VPUBND bảo trì hệ thống âm thanh hội trường (giá trị 186.500.000 đồng).",
            "Đề nghị Công ty (MST 4900876543) ký số và gửi lại trước ngày 25/01.", "", "Phòng Quản trị - Tài vụ"]
    h = H("outlook", ("Phòng Quản trị - Tài vụ", "qttv.vpubnd@langson.gov.vn"), ("Công ty Kỳ Lừa AV", "kinhdoanh@kyluaav.com.vn"),
          "Hợp đồng bảo trì hệ thống âm thanh hội trường 2027", date(2027, 1, 20, 15, 33), "c34")
    return mail(h, mixed(outlook_alt(text), attach(pdf(["HOP DONG", "So: 02/2027/HD-VPUBND"]), "HopDong_02-2027_VPUBND.pdf")))


@R.sample("Roundcube cover + PDF of a record of handover of a car between the office and a commune",
          official("bien-ban", "05/BB-VP"),
          "licence plate '12A-001.45' and odometer '186.420 km' look like numbers; not mandatory")
def _():
    body = ("Gửi UBND xã Bắc Sơn,\n\nVăn phòng gửi Biên bản số 05/BB-VP bàn giao xe ô tô biển số 12A-001.45 (số km: 186.420) theo quyết định điều chuyển tài sản.\n\n"
            "Phòng Quản trị - Tài vụ\n")
    h = H("roundcube", ("Phòng Quản trị - Tài vụ", "qttv.vpubnd@langson.gov.vn"), XA_BS,
          "Biên bản bàn giao xe ô tô", date(2027, 1, 21, 10, 0), "c35")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf(["BIEN BAN", "So: 05/BB-VP", "Ban giao xe o to"]), "BB ban giao xe.pdf")))


@R.sample("Zimbra cover + PDF of a leave certificate for a civil servant travelling home for Tết",
          official("giay-nghi-phep", "04/GNP-VP"),
          "'nghỉ phép' also used in the chat sense elsewhere; dates '03/02 - 16/02/2027'")
def _():
    body = "Gửi chị Mai,\nVăn phòng gửi Giấy nghỉ phép số 04/GNP-VP (nghỉ phép năm từ 03/02 đến 16/02/2027, về quê Cao Bằng).\nPhòng HCTC\n"
    h = H("zimbra", ("Phòng Hành chính - Tổ chức", "hctc.vpubnd@langson.gov.vn"), MAI,
          "Giấy nghỉ phép năm 2027", date(2027, 1, 21, 15, 1), "c36")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf(["GIAY NGHI PHEP", "So: 04/GNP-VP"]), "GNP04.pdf")))


@R.sample("Outlook HTML+text, the chairman's Tết greeting letter to the people of the province, no number",
          official("thu-cong"),
          "'THƯ CHÚC TẾT' without 'Số:'; lunar year 'Đinh Mùi 2027'; greetings wording like private cards")
def _():
    paras = ["**ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "**" + NATIONAL, "**" + MOTTO, "",
             "**THƯ CHÚC TẾT", "**Xuân Đinh Mùi 2027", "",
             "Kính gửi đồng bào, đồng chí, chiến sĩ các dân tộc tỉnh Lạng Sơn,",
             "Nhân dịp đón Xuân Đinh Mùi 2027, thay mặt lãnh đạo tỉnh, tôi gửi tới đồng bào, đồng chí lời thăm hỏi và lời chúc mừng năm mới tốt đẹp nhất.",
             "Năm 2026, tăng trưởng kinh tế của tỉnh đạt 8,1%, thu ngân sách trên địa bàn 12.600 tỷ đồng.", "",
             "CHỦ TỊCH UBND TỈNH", "Hồ Tiến Thiệu"]
    h = H("outlook", VT, [("Báo và Phát thanh, Truyền hình Lạng Sơn", "toasoan@baolangson.vn")],
          "Thư chúc Tết của Chủ tịch UBND tỉnh", date(2027, 1, 28, 9, 0), "c37")
    return mail(h, outlook_alt(paras))


@R.sample("commune office mail, unaccented PDF name 'NQ 02 HDND du toan 2027.pdf', accented number in the body",
          official("nghi-quyet", "02/NQ-HĐND"),
          "'HDND' unaccented in the file name; the cover writes '02/NQ-HĐND'; budget '38,7 tỷ đồng'")
def _():
    body = "Kính gửi Văn phòng UBND tỉnh,\nThường trực HĐND xã Mẫu Sơn gửi Nghị quyết số 02/NQ-HĐND ngày 05/01/2027 về dự toán ngân sách xã năm 2027 (38,7 tỷ đồng).\n"
    h = H("gmail", ("VP HĐND&UBND xã Mẫu Sơn", "vanphong.mauson@langson.gov.vn"), VT,
          "Nghị quyết dự toán ngân sách xã 2027", date(2027, 1, 9, 10, 12), "c38")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf_scan("c38"), "NQ 02 HDND du toan 2027.pdf")))


@R.sample("Outlook cover + DOCX of the UBND's work programme for 2027",
          official("chuong-trinh", "01/CTr-UBND"),
          "mixed case 'CTr'; the cover lists '142 nhiệm vụ' and cites Party resolution '05-NQ/TU'")
def _():
    text = ["Kính gửi các Sở, ngành,",
            "UBND tỉnh gửi Chương trình số 01/CTr-UBND ngày 06/01/2027 về chương trình công tác năm 2027 (142 nhiệm vụ), thực hiện Nghị quyết số 05-NQ/TU của Tỉnh ủy.",
            "", "Văn phòng UBND tỉnh"]
    d = docx(["**CHƯƠNG TRÌNH", "Công tác năm 2027 của UBND tỉnh"])
    h = H("outlook", VT, [("Các Sở, ngành", "songanh@langson.gov.vn")], "Chương trình công tác năm 2027 của UBND tỉnh",
          date(2027, 1, 6, 17, 0), "c39")
    return mail(h, mixed(outlook_alt(text), attach(d, "CTr cong tac 2027.docx", DOCX)))


@R.sample("commune Zimbra text+HTML cover of a livestock cold-protection plan with 'Độ khẩn: Thường', PDF",
          official("phuong-an", "03/PA-UBND"),
          "'Độ khẩn: Thường' is no mark; 'khẩn trương' in prose; '2.800 con trâu, bò'")
def _():
    body = ["Kính gửi: Văn phòng UBND tỉnh; Sở Nông nghiệp và Môi trường.", "",
            "UBND xã Mẫu Sơn gửi Phương án số 03/PA-UBND phòng, chống đói, rét cho 2.800 con trâu, bò.", "Độ khẩn: Thường",
            "Đề nghị các thôn khẩn trương triển khai.", "", "UBND xã Mẫu Sơn"]
    h = H("zimbra", XA_MS, [VT, ("Sở Nông nghiệp và Môi trường", "snnmt@langson.gov.vn")],
          "Phương án phòng chống đói rét cho gia súc", date(2027, 1, 18, 11, 20), "c40")
    return mail(h, mixed(alternative(txt(body), simple_html(body)), attach(pdf(["PHUONG AN", "So: 03/PA-UBND"]), "PA03.pdf")))


@R.sample("Outlook, English subject 'Signed MoU …', bilingual cover + PDF of a memorandum with a Chinese city's commerce bureau",
          official("ban-ghi-nho", "01/BGN-SCT"),
          "English 'Memorandum of Understanding'; Chinese partner; not mandatory")
def _():
    text = ["Dear partners / Kính gửi các đơn vị,",
            "Sở Công Thương gửi Bản ghi nhớ số 01/BGN-SCT ngày 21/01/2027 về hợp tác xúc tiến thương mại biên giới với Cục Thương mại thành phố Sùng Tả.",
            "Attached is the signed Memorandum of Understanding between Lang Son DOIT and Chongzuo Commerce Bureau.", "", "Sở Công Thương Lạng Sơn"]
    h = H("outlook", ("Sở Công Thương Lạng Sơn", "sct@langson.gov.vn"), [VT, SNGV],
          "Signed MoU - Lang Son DOIT and Chongzuo Commerce Bureau", date(2027, 1, 22, 11, 0), "c41")
    return mail(h, mixed(outlook_alt(text), attach(pdf(["BAN GHI NHO", "So: 01/BGN-SCT"]), "MoU_LangSon_Chongzuo_signed.pdf")))


SYT95 = ["**SỞ Y TẾ TỈNH LẠNG SƠN", "Số: 95/SYT-NVY", "V/v tăng cường phòng, chống dịch bệnh mùa đông xuân",
         "**" + NATIONAL, "**" + MOTTO, "Lạng Sơn, ngày 19 tháng 01 năm 2027", "",
         "Kính gửi: Văn phòng UBND tỉnh; Trung tâm Y tế các khu vực.", "",
         "Trước diễn biến của cúm A/H3N2 (tuần 02/2027 ghi nhận 186 ca), Sở Y tế đề nghị các đơn vị giám sát, xử lý ổ dịch, bảo đảm thuốc, oxy.",
         "", "GIÁM ĐỐC", "Lý Thị Hằng"]


@R.sample("Outlook HTML only, full text of a Sở công văn; the header as paragraphs",
          official("cong-van", "95/SYT-NVY"),
          "no text/plain; 'A/H3N2' and 'tuần 02/2027' look like numbers")
def _():
    from mime import outlook_html
    h = H("outlook", SYT, VT, "V/v tăng cường phòng, chống dịch bệnh mùa đông xuân", date(2027, 1, 19, 9, 30), "c42")
    return mail(h, html(outlook_html(SYT95)))


@R.sample("iPhone forward of the same Sở công văn to the divisions: 'Chuyển các phòng nghiên cứu', the original as inline text",
          official("cong-van", "95/SYT-NVY"),
          "same document as the previous message, forwarded from a phone with 'Sent from my iPhone' and 'Begin forwarded message:'")
def _():
    body = ["Chuyển các phòng nghiên cứu", "", "Sent from my iPhone", "", "Begin forwarded message:", "",
            "From: Sở Y tế <vanthu.syt@langson.gov.vn>", "Date: January 19, 2027 at 9:30:00 AM GMT+7",
            "To: Văn thư VP UBND tỉnh <vanthu.vpubnd@langson.gov.vn>",
            "Subject: V/v tăng cường phòng, chống dịch bệnh mùa đông xuân", ""] + [p.strip("*") for p in SYT95]
    h = [("From", addr(CVP[0], CVP[1])), ("Subject", text_header("Fwd: V/v tăng cường phòng, chống dịch bệnh mùa đông xuân", "b")),
         ("Date", date(2027, 1, 19, 11, 2)), ("To", addr(P_KGVX[0], P_KGVX[1])),
         ("Message-ID", msgid("c43", "langson.gov.vn")), ("X-Mailer", "iPhone Mail (22C152)")]
    return mail(h, plain(txt(body), "quoted-printable"))


@R.sample("Outlook 'FW:' to the chairman with the tax office's mail attached as message/rfc822, 'Kính trình đ/c Chủ tịch'",
          official("cong-van", "286/TLS-TTHT"),
          "outer note 'Kính trình' with no number; everything inside the attached message; second copy of the tax office's công văn")
def _():
    inner_body = "Thuế tỉnh Lạng Sơn gửi Công văn số 286/TLS-TTHT ngày 12/01/2027 hướng dẫn quyết toán thuế TNCN năm 2026.\n"
    inner = mail(H("roundcube", ("Thuế tỉnh Lạng Sơn", "tths.langson@gdt.gov.vn"), VT, "V/v quyết toán thuế TNCN năm 2026",
                   date(2027, 1, 12, 15, 20), "c44a"),
                 mixed(plain(inner_body, "8bit"), attach(pdf(["THUE TINH LANG SON", "So: 286/TLS-TTHT"]), "286_TLS-TTHT.pdf")))
    h = H("outlook", CVP, CT, "FW: V/v quyết toán thuế TNCN năm 2026", date(2027, 1, 13, 8, 5), "c44")
    return mail(h, mixed(outlook_alt(["Kính trình đ/c Chủ tịch.", "", "Thịnh"]), Rfc822(inner, "V-v quyet toan thue TNCN.eml")))


@R.sample("Zimbra, the provincial office's Phiếu báo of leaders' opinions sent to a Sở, full text in the body",
          official("phieu-bao", "12/PB-VP"),
          "cites 'Tờ trình số 38/TTr-STC' (another message's number); leaders' names and 'đồng ý' opinions")
def _():
    lines = two_col(["UBND TỈNH LẠNG SƠN", "VĂN PHÒNG", "", "Số: 12/PB-VP"],
                    [NATIONAL, MOTTO, "", "Lạng Sơn, ngày 08 tháng 01 năm 2027"]) + [
        "", "PHIẾU BÁO", "Ý kiến của Chủ tịch UBND tỉnh", "",
        "Về Tờ trình số 38/TTr-STC ngày 06/01/2027 của Sở Tài chính, Chủ tịch UBND tỉnh đồng ý mức quà 500.000 đồng/suất.",
        "Giao Sở Tài chính hoàn thiện dự thảo Quyết định, trình trước ngày 12/01/2027.", "",
        "CHÁNH VĂN PHÒNG", "Vi Đức Thịnh"]
    h = H("zimbra", VT, STC, "Phiếu báo ý kiến Chủ tịch về quà Tết", date(2027, 1, 8, 16, 20), "c45")
    return mail(h, plain(txt(lines), "quoted-printable"))


# ---------------------------------------------------------------- not official


@R.sample("a court's Giấy triệu tập (summons) to a commune chairman as defendant's representative in an administrative case, Outlook + PDF",
          NOT_OFFICIAL,
          "DOUBT: a state court's procedural document (văn bản tố tụng under the Luật Tố tụng hành chính), with 'Số: 18/2027/GTT-TA' and the national motto; no ND30 administrative type fits, so labelled not official; a reader who counts any state body's numbered paper would say official")
def _():
    text = ["TÒA ÁN NHÂN DÂN KHU VỰC 1 - LẠNG SƠN", "Số: 18/2027/GTT-TA", "", "GIẤY TRIỆU TẬP", "",
            "Tòa án nhân dân khu vực 1 - Lạng Sơn triệu tập: ông Vi Văn Khánh, Chủ tịch UBND xã Chi Lăng, người bị kiện trong vụ án hành chính số 04/2026/TLST-HC,",
            "có mặt lúc 08 giờ 30 ngày 20/01/2027 tại trụ sở Tòa án để tham gia phiên họp kiểm tra việc giao nộp, tiếp cận, công khai chứng cứ và đối thoại.",
            "", "THẨM PHÁN", "Lộc Thị Xuân"]
    h = H("outlook", ("TAND khu vực 1 - Lạng Sơn", "tand.kv1.langson@toaan.gov.vn"), XA_CL,
          "Giấy triệu tập đương sự - vụ án hành chính số 04/2026/TLST-HC", date(2027, 1, 7, 14, 10), "n01")
    return mail(h, mixed(outlook_alt(text), attach(pdf_scan("n01"), "Giay trieu tap 18.pdf")))


@R.sample("a leader's personal note to his secretary from the phone, 'báo cáo' and a document number as chat",
          NOT_OFFICIAL,
          "'CV 4417' and 'báo cáo giải ngân' named in an instruction; signed 'Anh Sơn'; no document")
def _():
    body = "Em chuẩn bị giúp anh số liệu báo cáo giải ngân theo CV 4417 trước 3h chiều, anh họp với Sở Tài chính. Nhắn cả Quân mang máy chiếu.\nAnh Sơn\n\nGửi từ điện thoại\n"
    h = [("From", addr("Đoàn Thanh Sơn", "dtson@langson.gov.vn")), ("To", addr(MAI[0], MAI[1])),
         ("Subject", text_header("Chiều nay", "b")), ("Date", date(2027, 1, 7, 11, 48)),
         ("Message-ID", msgid("n02", "langson.gov.vn")), ("X-Mailer", "Android Mail 2026.11")]
    return mail(h, plain(body, "8bit"))


@R.sample("colleague's chat with '[KHẨN]' for a lunch, Zimbra",
          NOT_OFFICIAL,
          "'[KHẨN]' subject tag and 'Phòng họp số 2' with a time; a private lunch")
def _():
    body = "Cả nhà ơi trưa nay 11h30 đi ăn vịt quay Thất Khê nhé, chị Hà khao sinh nhật. Ai đi thả tim vào đây, 11h15 tập trung ở cửa Phòng họp số 2!!!\nTuấn\n"
    h = H("zimbra", TUAN, [("Phòng Tổng hợp", "phongtonghop.vpubnd@langson.gov.vn")], "[KHẨN] Trưa nay ăn vịt quay",
          date(2027, 1, 8, 9, 47), "n03")
    return mail(h, alternative(body, simple_html(body.splitlines())))


@R.sample("Zimbra password-reset mail with a link, Vietnamese",
          NOT_OFFICIAL,
          "'mật khẩu' three times, 'bảo mật'; an automatic notice")
def _():
    body = ("Xin chào Nông Thị Mai,\n\nChúng tôi nhận được yêu cầu đặt lại mật khẩu cho hộp thư nongthimai.vpubnd@langson.gov.vn.\n"
            "Nhấn vào liên kết sau trong vòng 30 phút: https://mail.langson.gov.vn/reset?t=7f3a91c2\n"
            "Nếu không phải bạn yêu cầu, hãy bỏ qua thư này để bảo mật tài khoản.\n\nQuản trị hệ thống thư điện tử công vụ tỉnh Lạng Sơn\n")
    h = [("Date", date(2027, 1, 9, 7, 2)), ("From", addr("Quản trị thư điện tử", "no-reply@langson.gov.vn")),
         ("To", MAI[1]), ("Subject", word_b("Yêu cầu đặt lại mật khẩu")), ("Message-ID", msgid("n04", "langson.gov.vn")),
         ("Auto-Submitted", "auto-generated")]
    return mail(h, plain(body, "quoted-printable"))


@R.sample("mailbox quota warning in English and Vietnamese from the mail server",
          NOT_OFFICIAL,
          "'95%' and '1.9 GB / 2 GB'; 'Cảnh báo' like a warning mark; automatic")
def _():
    body = ("Your mailbox vanthu.vpubnd@langson.gov.vn has used 95% of its quota (1.9 GB / 2 GB).\n"
            "Hộp thư của bạn đã sử dụng 95% dung lượng. Vui lòng xóa bớt thư có tệp đính kèm lớn.\n\n-- Zimbra Mail Server\n")
    h = [("Date", date(2027, 1, 10, 0, 5)), ("From", "postmaster@langson.gov.vn"), ("To", VT[1]),
         ("Subject", word_b("Cảnh báo dung lượng hộp thư / Quota warning")), ("Message-ID", msgid("n05", "mail.langson.gov.vn")),
         ("Auto-Submitted", "auto-generated")]
    return mail(h, plain(body, "quoted-printable"))


@R.sample("Google DMARC aggregate report with a zipped XML attachment",
          NOT_OFFICIAL,
          "'Report-ID' digits and the domain name; an automatic report")
def _():
    xml = ('<?xml version="1.0" encoding="UTF-8" ?>\n<feedback><report_metadata><org_name>google.com</org_name>'
           '<report_id>18227163001992837465</report_id><date_range><begin>1767830400</begin><end>1767916799</end></date_range>'
           '</report_metadata><policy_published><domain>langson.gov.vn</domain><p>quarantine</p></policy_published>'
           '<record><row><source_ip>203.162.10.25</source_ip><count>41</count></row></record></feedback>\n')
    z = zbytes([("google.com!langson.gov.vn!1767830400!1767916799.xml", xml)])
    h = [("Date", "Sat, 09 Jan 2027 23:59:59 -0800"), ("From", "noreply-dmarc-support@google.com"),
         ("To", "dmarc@langson.gov.vn"), ("Subject", "Report domain: langson.gov.vn Submitter: google.com Report-ID: 18227163001992837465"),
         ("Message-ID", msgid("n06", "google.com"))]
    return mail(h, mixed(plain("This is an aggregate report from google.com.\n", "7bit"),
                         attach(z, "google.com!langson.gov.vn!1767830400!1767916799.zip", "application/zip")))


@R.sample("Postfix 'delayed mail' warning (multipart/report, Action: delayed) with the headers of an invitation mail",
          NOT_OFFICIAL,
          "text/rfc822-headers carry 'Subject: Gui lai van ban thay the - Giay moi so 29/GM-UBND'; a warning, nothing delivered")
def _():
    text = ("This is the mail system at host mx.langson.gov.vn.\n\n####################################################################\n"
            "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n\n"
            "Your message could not be delivered for 4 hours. It will be retried until it is 5 days old.\n")
    fields = ("Reporting-MTA: dns; mx.langson.gov.vn\nArrival-Date: Tue, 12 Jan 2027 10:05:00 +0700\n\n"
              "Final-Recipient: rfc822; vanthu@bqlkktck-langson.vn\nAction: delayed\nStatus: 4.4.1\n"
              "Diagnostic-Code: X-Postfix; connect to mail.bqlkktck-langson.vn[113.160.1.9]:25: Connection timed out\n"
              "Will-Retry-Until: Sun, 17 Jan 2027 10:05:00 +0700\n")
    orig = ("From: vanthu.vpubnd@langson.gov.vn\nTo: vanthu@bqlkktck-langson.vn\n"
            "Subject: Gui lai van ban thay the - Giay moi so 29/GM-UBND\nDate: Tue, 12 Jan 2027 10:05:00 +0700\n")
    h = [("Date", date(2027, 1, 12, 14, 6)), ("From", "MAILER-DAEMON@mx.langson.gov.vn (Mail Delivery System)"),
         ("To", VT[1]), ("Subject", "Delayed Mail (still being retried)"), ("Message-ID", msgid("n07", "mx.langson.gov.vn")),
         ("Auto-Submitted", "auto-replied")]
    return mail(h, Multipart("report", [Part("text/plain", text, "7bit", charset="us-ascii"),
                                        Part("message/delivery-status", fields, "7bit", charset=None),
                                        Part("text/rfc822-headers", orig, "7bit", charset=None)],
                             params="; report-type=delivery-status"))


@R.sample("public-service portal receipt of a dossier (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) sent to the ward's desk",
          NOT_OFFICIAL,
          "'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', dossier code 'H33.25-270111-0042' and 'Mã số: …' look like a numbered paper; generated by the portal for a citizen")
def _():
    body = ["CỔNG DỊCH VỤ CÔNG TỈNH LẠNG SƠN", "", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: H33.25-270111-0042", "",
            "Bộ phận tiếp nhận: UBND phường Lương Văn Tri", "Tiếp nhận hồ sơ của: bà Hoàng Thị Dung",
            "Thủ tục: Đăng ký khai sinh kết hợp cấp thẻ BHYT cho trẻ dưới 6 tuổi",
            "Ngày nhận: 11/01/2027 09:14  -  Hẹn trả: 12/01/2027", "", "Tra cứu: https://dichvucong.langson.gov.vn", "(Thư tự động)"]
    h = H("system", ("Cổng Dịch vụ công tỉnh Lạng Sơn", "dichvucong@langson.gov.vn"), PH_LVT,
          "[DVC] Tiếp nhận hồ sơ H33.25-270111-0042", date(2027, 1, 11, 9, 14), "n08")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("public-service portal: online payment receipt for a fee",
          NOT_OFFICIAL,
          "'Biên lai điện tử', amounts and a transaction number 'PAY270114-88213'; automatic")
def _():
    body = ("Cổng Dịch vụ công quốc gia xác nhận giao dịch thanh toán thành công.\n"
            "Mã giao dịch: PAY270114-88213\nHồ sơ: H33.25-270111-0042\nSố tiền: 8.000 đồng (lệ phí)\nBiên lai điện tử số 0000417, ký hiệu BL-27E\n")
    h = H("system", ("Cổng Dịch vụ công quốc gia", "noreply@dichvucong.gov.vn"), PH_LVT,
          "Xác nhận thanh toán trực tuyến thành công", date(2027, 1, 14, 10, 0), "n09")
    return mail(h, plain(body, "base64"))


@R.sample("State Treasury public-service system: payment order accepted (chứng từ đã hạch toán)",
          NOT_OFFICIAL,
          "'Giấy rút dự toán số 0012' and the treasury's name; a system notice, no document of an agency")
def _():
    body = ("DỊCH VỤ CÔNG TRỰC TUYẾN KHO BẠC NHÀ NƯỚC\n\nĐơn vị: Văn phòng UBND tỉnh Lạng Sơn (mã QHNS 1012345)\n"
            "Chứng từ: Giấy rút dự toán ngân sách số 0012 ngày 15/01/2027\nTrạng thái: Đã hạch toán\nSố tiền: 186.500.000 đồng\n")
    h = H("system", ("DVC Kho bạc Nhà nước", "dvc@vst.gov.vn"), ("Phòng Quản trị - Tài vụ", "qttv.vpubnd@langson.gov.vn"),
          "Thông báo trạng thái chứng từ", date(2027, 1, 15, 16, 33), "n10")
    return mail(h, plain(body, "8bit"))


@R.sample("bank e-statement with a password-protected PDF to the office's accountant",
          NOT_OFFICIAL,
          "'mật khẩu mở file là MST của đơn vị'; account numbers; a bank")
def _():
    body = ("Kính gửi Quý khách hàng VAN PHONG UBND TINH LANG SON,\n\nVietinBank Lạng Sơn gửi sao kê tài khoản tháng 12/2026.\n"
            "Mật khẩu mở file là mã số thuế của đơn vị. Vì lý do bảo mật, vui lòng không chia sẻ tệp này.\n\nVietinBank - Chi nhánh Lạng Sơn\n")
    h = H("system", ("VietinBank eStatement", "estatement@vietinbank.vn"), ("Phòng Quản trị - Tài vụ", "qttv.vpubnd@langson.gov.vn"),
          "Sao kê tài khoản tháng 12/2026", date(2027, 1, 5, 6, 0), "n11")
    return mail(h, mixed(plain(body, "quoted-printable"), attach(pdf_scan("n11"), "SaoKe_122026_1160xxxx.pdf")))


@R.sample("state-owned telecom's numbered letter offering digital-signature renewals, Outlook + PDF",
          NOT_OFFICIAL,
          "DOUBT: 'Công văn số 15/VNPT-LSN-KHDN', 'V/v gia hạn chứng thư số' and 'Kính gửi: Văn phòng UBND tỉnh' from a unit of a state-owned group selling a renewal; labelled not official as a vendor's offer (the README speaks of an agency's document), but ND30 Điều 2 also covers doanh nghiệp nhà nước, so a reader following ND30 would say official cong-van")
def _():
    text = ["Kính gửi: Văn phòng UBND tỉnh Lạng Sơn",
            "VNPT Lạng Sơn gửi Công văn số 15/VNPT-LSN-KHDN V/v gia hạn chứng thư số cho 64 thuê bao của Văn phòng (hết hạn 28/02/2027).",
            "Báo giá kèm theo. Trân trọng!", "", "Phòng Khách hàng Doanh nghiệp - VNPT Lạng Sơn"]
    h = H("outlook", ("VNPT Lạng Sơn - KHDN", "khdn.lsn@vnpt.vn"), VT, "V/v gia hạn chứng thư số 2027",
          date(2027, 1, 13, 14, 2), "n12")
    return mail(h, mixed(outlook_alt(text), attach(pdf(["VNPT LANG SON", "So: 15/VNPT-LSN-KHDN"]), "CV15_giahan_CTS.pdf")))


@R.sample("daily press digest compiled by the office's information centre, HTML+text with links",
          NOT_OFFICIAL,
          "'Điểm báo ngày 18/01/2027' lists news about '06/CĐ-UBND' and '4633/UBND-KT'; a digest transmits no document")
def _():
    body = ["ĐIỂM BÁO NGÀY 18/01/2027", "Trung tâm Thông tin - Văn phòng UBND tỉnh", "",
            "1. Báo Lạng Sơn: Tỉnh ban hành Công điện 06/CĐ-UBND ứng phó rét đậm (https://baolangson.vn/...)",
            "2. VnExpress: Hàng nghìn xe nông sản ùn ở cửa khẩu Tân Thanh",
            "3. Dân trí: Băng giá xuất hiện trên đỉnh Mẫu Sơn", "", "Hủy nhận: https://vpubnd.langson.gov.vn/unsubscribe"]
    h = H("system", ("Trung tâm Thông tin - VP UBND tỉnh", "ttth.vpubnd@langson.gov.vn"), [("Lãnh đạo VP", "lanhdao.vpubnd@langson.gov.vn")],
          "Điểm báo ngày 18/01/2027", date(2027, 1, 18, 7, 0), "n13",
          extra=[("List-Id", "<diembao.langson.gov.vn>"), ("List-Unsubscribe", "<https://vpubnd.langson.gov.vn/unsubscribe>")])
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("households' petition to the ward by gmail, unaccented, with two photos",
          NOT_OFFICIAL,
          "'DON PHAN ANH', 'Kinh gui: UBND phuong Ky Lua' and a list of house numbers; citizens, not an agency")
def _():
    body = ("Kinh gui: UBND phuong Ky Lua\n\nDON PHAN ANH\n\nChung toi la 12 ho dan to 5, khoi Ky Lua (so nha 14 den 38 ngo 3 Tran Dang Ninh)\n"
            "phan anh xuong go cua ong T. gay on va bui tu 5h sang den 22h. De nghi phuong kiem tra, xu ly.\n\n"
            "Dai dien cac ho: Nong Van Luan, SDT 0912 345 678\n")
    h = H("gmail", ("Nong Van Luan", "nongvanluan1971@gmail.com"), PH_KL, "Don phan anh tieng on xuong go to 5",
          date(2027, 1, 10, 20, 41), "n14")
    return mail(h, mixed(plain(body, "7bit"), attach(photo("n14a"), "IMG_0131.jpg", "image/jpeg"),
                         attach(photo("n14b"), "IMG_0132.jpg", "image/jpeg")))


@R.sample("commune Party committee's resolution with Party numbering sent from the commune mailbox, PDF",
          NOT_OFFICIAL,
          "'Số 08-NQ/ĐU' and 'ĐẢNG BỘ XÃ NA SẦM'; from a .gov.vn mailbox; a Party document")
def _():
    body = "Văn phòng Đảng ủy xã Na Sầm gửi Nghị quyết số 08-NQ/ĐU ngày 06/01/2027 về lãnh đạo thực hiện nhiệm vụ năm 2027.\n"
    lines = ["DANG BO TINH LANG SON", "DANG BO XA NA SAM", "So 08-NQ/DU", "DANG CONG SAN VIET NAM", "NGHI QUYET"]
    h = H("zimbra", ("Đảng ủy xã Na Sầm", "danguy.nasam@langson.gov.vn"), XA_NS, "Nghị quyết lãnh đạo nhiệm vụ năm 2027",
          date(2027, 1, 7, 8, 40), "n15")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf(lines), "NQ08-DU.pdf")))


@R.sample("commune Fatherland Front committee's plan laid out as a state document, Roundcube plain",
          NOT_OFFICIAL,
          "'ỦY BAN MTTQ VIỆT NAM XÃ THẤT KHÊ', 'Số: 05/KH-MTTQ' with a slash and the national motto; Tết gifts for poor households")
def _():
    lines = two_col(["ỦY BAN MTTQ VIỆT NAM", "XÃ THẤT KHÊ", "", "Số: 05/KH-MTTQ"],
                    [NATIONAL, MOTTO, "", "Thất Khê, ngày 09 tháng 01 năm 2027"]) + [
        "", "KẾ HOẠCH", "Vận động ủng hộ Tết vì người nghèo Xuân Đinh Mùi 2027", "",
        "Chỉ tiêu vận động: 150.000.000 đồng; tặng 300 suất quà.", "", "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Lăng Thị Hoa"]
    h = H("roundcube", ("UB MTTQ xã Thất Khê", "mttq.thatkhe@langson.gov.vn"), XA_TK, "Kế hoạch vận động Tết vì người nghèo 2027",
          date(2027, 1, 9, 14, 0), "n16")
    return mail(h, plain(txt(lines), "8bit"))


@R.sample("commune Women's Union invitation, gmail with a DOCX",
          NOT_OFFICIAL,
          "'HỘI LHPN XÃ BẮC SƠN', 'Số: 03/GM-HPN', 'GIẤY MỜI'; a mass organisation")
def _():
    body = "Hội LHPN xã trân trọng kính mời chị dự Hội nghị tổng kết công tác Hội năm 2026 (giấy mời đính kèm).\n"
    d = docx(["HỘI LHPN XÃ BẮC SƠN", "Số: 03/GM-HPN", "**GIẤY MỜI", "Hội nghị tổng kết công tác Hội năm 2026, 8h00 ngày 22/01/2027"])
    h = H("gmail", ("Hội Phụ nữ xã Bắc Sơn", "hoiphunu.bacson@gmail.com"), ("Hoàng Thị Nguyệt", "htnguyet.bacson@langson.gov.vn"),
          "Giấy mời hội nghị tổng kết công tác Hội 2026", date(2027, 1, 15, 19, 3), "n17")
    return mail(h, mixed(plain(body, "8bit"), attach(d, "GM 03 HPN.docx", DOCX)))


@R.sample("ward youth union's plan for the 'Xuân tình nguyện' campaign, Outlook + PDF",
          NOT_OFFICIAL,
          "'ĐOÀN TNCS HỒ CHÍ MINH', 'Số: 04-KH/ĐTN'; volunteer counts; a political-social organisation")
def _():
    text = ["Kính gửi các chi đoàn,", "Đoàn phường gửi Kế hoạch số 04-KH/ĐTN tổ chức chương trình Xuân tình nguyện 2027 (80 đoàn viên tham gia).", "", "BTV Đoàn phường Lương Văn Tri"]
    h = H("outlook", ("Đoàn Thanh niên phường Lương Văn Tri", "doanthanhnien.lvt@langson.gov.vn"), [("Các chi đoàn", "chidoan.lvt@googlegroups.com")],
          "Kế hoạch Xuân tình nguyện 2027", date(2027, 1, 12, 20, 15), "n18")
    return mail(h, mixed(outlook_alt(text), attach(pdf(["DOAN TNCS HO CHI MINH", "So: 04-KH/DTN"]), "KH04-DTN.pdf")))


@R.sample("the office's trade union asks members to register for Tết gifts, subject '(KHẨN)'",
          NOT_OFFICIAL,
          "'(KHẨN)' at the end of the subject, 'Thông báo' in the body, deadline; a trade union")
def _():
    body = "Thông báo: Công đoàn cơ sở Văn phòng UBND tỉnh đề nghị các tổ công đoàn đăng ký danh sách nhận quà Tết trước 16h00 hôm nay.\nBCH Công đoàn\n"
    h = H("zimbra", ("Công đoàn cơ sở VP UBND tỉnh", "congdoan.vpubnd@langson.gov.vn"), [("Toàn thể CBCC", "all.vpubnd@langson.gov.vn")],
          "Đăng ký nhận quà Tết (KHẨN)", date(2027, 1, 22, 8, 10), "n19")
    return mail(h, plain(body, "8bit"))


@R.sample("commune's reply that only acknowledges, quoting the provincial invitation's cover",
          NOT_OFFICIAL,
          "'Re: Gửi lại văn bản thay thế - Giấy mời số 29/GM-UBND'; 'Xã đã nhận, sẽ cử đ/c PCT dự'")
def _():
    body = ("Xã Đồng Đăng đã nhận, sẽ cử đ/c Phó Chủ tịch dự họp. Cảm ơn VP.\n\n"
            "Vào 10:05 12/01/2027, Văn thư VP UBND tỉnh đã viết:\n"
            "> Văn phòng UBND tỉnh gửi lại Giấy mời số 29/GM-UBND ngày 12/01/2027 thay thế văn bản đã gửi lúc 09h40\n")
    h = H("roundcube", XA_DD, VT, "Re: Gửi lại văn bản thay thế - Giấy mời số 29/GM-UBND (sửa địa điểm họp)",
          date(2027, 1, 12, 10, 40), "n20", in_reply_to=msgid("c09Gửi lại văn bản thay thế - Giấy mời số 29/GM-UBND (sửa địa điểm họp)", "langson.gov.vn"))
    return mail(h, plain(body, "8bit"))


@R.sample("a Sở officer asks the office for the Word file of a commune decision",
          NOT_OFFICIAL,
          "'QĐ 73/QĐ-UBND' named in a request; unaccented")
def _():
    body = "Chao chi Ha, chi gui giup em file Word QD 73/QD-UBND xa Na Sam (ban scan hom truoc bi mo) de em tong hop nhe. Cam on chi!\nLong - So NNMT\n"
    h = H("gmail", ("Hoang Long", "hoanglong.snnmt@langson.gov.vn"), HA, "xin file word QD 73 xa Na Sam", date(2027, 1, 11, 9, 5), "n21")
    return mail(h, plain(body, "7bit"))


@R.sample("Chinese trade company's English 'Invitation letter' to the China-ASEAN Expo",
          NOT_OFFICIAL,
          "English 'Invitation Letter No. GX-2027-015', 'Dear Excellency', a foreign company; the same English subject pattern as the department's invitation")
def _():
    body = ("Dear Excellency,\n\nInvitation Letter No. GX-2027-015\n\nGuangxi Pingxiang Border Trade Co., Ltd. is honoured to invite a delegation of Lang Son Province\n"
            "to the 2027 China-ASEAN Expo (Nanning, 18-21 September 2027). Accommodation for 5 delegates will be covered by the organiser.\n\n"
            "Sincerely,\nZhang Wei, General Manager\n")
    h = H("gmail", ("Zhang Wei", "zhangwei@pxbordertrade.cn"), SNGV, "Invitation letter - China-ASEAN Expo 2027",
          date(2027, 1, 19, 21, 30), "n22")
    return mail(h, plain(body, "7bit"))


@R.sample("the document system's daily digest of five pending documents",
          NOT_OFFICIAL,
          "lists '39/KH-CAT', '4633/UBND-KT', '95/SYT-NVY' … with deadlines and 'Khẩn' in a column; a digest")
def _():
    body = ["Hệ thống QLVB tỉnh Lạng Sơn - Tổng hợp văn bản chưa xử lý ngày 20/01/2027", "Người nhận: Nông Thị Mai", "",
            "| STT | Số ký hiệu     | Trích yếu                                  | Độ khẩn | Hạn xử lý |",
            "| 1   | 4633/UBND-KT   | Giải tỏa ùn tắc hàng hóa tại cửa khẩu      | Thượng khẩn | 21/01 |",
            "| 2   | 95/SYT-NVY     | Phòng, chống dịch bệnh mùa đông xuân        | Thường  | 25/01 |",
            "| 3   | 39/KH-CAT      | Bảo đảm ANTT dịp Tết                       | Thường  | 26/01 |",
            "| 4   | 286/TLS-TTHT   | Quyết toán thuế TNCN năm 2026              | Thường  | 31/01 |",
            "| 5   | 03/PA-UBND     | Phòng chống đói rét cho gia súc            | Khẩn    | 22/01 |", "", "(Thư tự động)"]
    h = H("system", ("Hệ thống QLVB tỉnh Lạng Sơn", "qlvb@langson.gov.vn"), MAI, "[QLVB] Bạn có 5 văn bản chưa xử lý",
          date(2027, 1, 20, 7, 0), "n23")
    return mail(h, plain(txt(body), "8bit"))


@R.sample("phishing 'upgrade your official mailbox' from a look-alike domain, HTML button",
          NOT_OFFICIAL,
          "display name 'Văn phòng UBND tỉnh Lạng Sơn', 'Thông báo số 01/TB-CNTT', 'KHẨN' and 'mật khẩu'; look-alike domain langson-gov.vn.com")
def _():
    markup = ('<html><body><p><b>KHẨN - Thông báo số 01/TB-CNTT</b></p><p>Hộp thư công vụ của bạn sẽ bị khóa sau 24 giờ do chưa nâng cấp.</p>'
              '<p><a href="http://langson-gov.vn.com/verify">Xác nhận mật khẩu</a></p></body></html>\n')
    h = [("Date", date(2027, 1, 21, 2, 13)), ("From", "%s <admin@langson-gov.vn.com>" % word_b("Văn phòng UBND tỉnh Lạng Sơn")),
         ("To", MAI[1]), ("Subject", word_b("KHẨN: Nâng cấp hộp thư công vụ")), ("Message-ID", msgid("n24", "langson-gov.vn.com"))]
    return mail(h, html(markup, "base64"))


@R.sample("provincial hospital sends a civil servant her own health-check results, gmail + PDF",
          NOT_OFFICIAL,
          "same hospital gmail as the report; 'Kết quả khám sức khỏe định kỳ' and 'Phiếu kết quả xét nghiệm số XN-27-00451'; personal medical results, no administrative document")
def _():
    body = "Kính gửi chị Nông Thị Mai,\nBệnh viện gửi kết quả khám sức khỏe định kỳ năm 2026 của chị (file đính kèm). Đề nghị bảo mật thông tin cá nhân.\nPhòng KHTH\n"
    h = H("gmail", ("Phòng KHTH BVĐK tỉnh Lạng Sơn", "khth.bvdklangson@gmail.com"), MAI, "Kết quả khám sức khỏe định kỳ 2026",
          date(2027, 1, 21, 14, 0), "n25")
    return mail(h, mixed(plain(body, "8bit"), attach(pdf(["PHIEU KET QUA XET NGHIEM", "So: XN-27-00451"]), "KQ_KSK_NongThiMai.pdf")))


@R.sample("IT staff sends only a video-meeting link and ID for this afternoon",
          NOT_OFFICIAL,
          "'Link họp trực tuyến', meeting ID '826 4410 2027' and password; names the session of 'Giấy mời 29' without sending it")
def _():
    body = ("Các đơn vị dự họp trực tuyến theo Giấy mời 29 chiều nay vào link: https://hop.langson.gov.vn/j/82644102027\n"
            "ID: 826 4410 2027 - Mật khẩu: 1401\nKỹ thuật: Tuấn 0987 xxx 221\n")
    h = H("zimbra", TUAN, [("Các Sở, ngành", "songanh@langson.gov.vn")], "Link họp trực tuyến chiều 14/01", date(2027, 1, 14, 11, 30), "n26")
    return mail(h, plain(body, "8bit"))


@R.sample("electricity company's monthly bill notice to the office, HTML",
          NOT_OFFICIAL,
          "'Thông báo tiền điện tháng 12/2026', customer code 'PA06000123456'; a state-owned company")
def _():
    markup = simple_html(["EVNNPC - Công ty Điện lực Lạng Sơn", "THÔNG BÁO TIỀN ĐIỆN THÁNG 12/2026",
                          "Mã khách hàng: PA06000123456", "Tên: Văn phòng UBND tỉnh Lạng Sơn", "Điện năng tiêu thụ: 18.420 kWh",
                          "Số tiền: 52.317.600 đồng. Hạn thanh toán: 15/01/2027."])
    h = H("system", ("EVNNPC CSKH", "cskh@npc.com.vn"), ("Phòng Quản trị - Tài vụ", "qttv.vpubnd@langson.gov.vn"),
          "Thông báo tiền điện tháng 12/2026", date(2027, 1, 5, 9, 0), "n27")
    return mail(h, html(markup, "quoted-printable"))


@R.sample("colleague sends photos of the year-end meeting, Outlook",
          NOT_OFFICIAL,
          "'Hội nghị tổng kết' and 'ảnh' only; three JPG attachments")
def _():
    h = H("outlook", TUAN, [("Phòng Tổng hợp", "phongtonghop.vpubnd@langson.gov.vn")], "Ảnh hội nghị tổng kết năm 2026",
          date(2027, 1, 8, 17, 2), "n28")
    return mail(h, mixed(outlook_alt(["Gửi mọi người ảnh hội nghị tổng kết chiều qua nhé.", "Tuấn"]),
                         attach(photo("n28a"), "DSC_0412.jpg", "image/jpeg"), attach(photo("n28b"), "DSC_0415.jpg", "image/jpeg")))


@R.sample("the office circulates a draft Quy chế for comments, DOCX with a blank number",
          NOT_OFFICIAL,
          "DOCX 'DỰ THẢO' and 'Số:      /QC-VP'; the cover asks for comments by 22/01")
def _():
    body = "Kính gửi các phòng,\nPhòng HCTC gửi dự thảo Quy chế làm việc của Văn phòng (sửa đổi), đề nghị góp ý trước 22/01/2027.\n"
    d = docx(["VĂN PHÒNG UBND TỈNH LẠNG SƠN", "Số:      /QC-VP", "DỰ THẢO", "**QUY CHẾ", "Làm việc của Văn phòng UBND tỉnh"])
    h = H("zimbra", ("Phòng Hành chính - Tổ chức", "hctc.vpubnd@langson.gov.vn"), [("Các phòng", "cacphong.vpubnd@langson.gov.vn")],
          "Xin ý kiến dự thảo Quy chế làm việc", date(2027, 1, 15, 10, 20), "n29")
    return mail(h, mixed(plain(body, "8bit"), attach(d, "Du thao QC lam viec VP 2027.docx", DOCX)))


@R.sample("helpdesk ticket notification 'Phiếu yêu cầu hỗ trợ #2701-118'",
          NOT_OFFICIAL,
          "'Phiếu' and a number with a slash-free code; 'Mức độ: Khẩn' of a ticket; automatic")
def _():
    body = ("Phiếu yêu cầu hỗ trợ #2701-118 đã được tiếp nhận.\nNgười yêu cầu: Nông Thị Mai\nNội dung: máy in phòng Tổng hợp báo lỗi kẹt giấy\n"
            "Mức độ: Khẩn\nKỹ thuật viên: Lường Văn Tuấn\n")
    h = H("system", ("Helpdesk VP UBND tỉnh", "helpdesk.vpubnd@langson.gov.vn"), MAI, "[Helpdesk] Phiếu #2701-118 đã tiếp nhận",
          date(2027, 1, 19, 8, 12), "n30")
    return mail(h, plain(body, "8bit"))


@R.sample("a village head sends the village's monthly report from his phone, numbered like a document",
          NOT_OFFICIAL,
          "DOUBT: 'THÔN KHUỔI CÁP', 'Số: 02/BC-T', 'BÁO CÁO' and the national motto; a village (thôn) is a self-governing community, not a state agency, so labelled not official")
def _():
    body = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTHÔN KHUỔI CÁP\nSố: 02/BC-T\n\nBÁO CÁO\n"
            "Tình hình thôn tháng 01/2027\n\nThôn có 86 hộ, 402 khẩu. Trong tháng chết rét 4 con bò của hộ ông Lý Văn Sầu.\n\nTRƯỞNG THÔN\nLý Văn Thắng\n")
    h = [("From", addr("Ly Van Thang", "lyvanthang.kc@gmail.com")), ("To", addr(XA_MS[0], XA_MS[1])),
         ("Subject", text_header("Báo cáo thôn Khuổi Cáp tháng 1", "b")), ("Date", date(2027, 1, 23, 19, 40)),
         ("Message-ID", msgid("n31", "mail.gmail.com", "gmail"))]
    return mail(h, plain(body, "base64"))


@R.sample("the official gazette's table of contents mailed to subscribers",
          NOT_OFFICIAL,
          "'Công báo tỉnh Lạng Sơn số 03' lists four documents with numbers; a gazette index carries none of them")
def _():
    body = ["CÔNG BÁO TỈNH LẠNG SƠN - Số 03 ngày 20/01/2027", "MỤC LỤC", "",
            "- Quyết định số 02/2027/QĐ-UBND ban hành Quy định giá dịch vụ trông giữ xe", "- Chỉ thị số 01/CT-UBND về bảo đảm trật tự an toàn giao thông dịp Tết",
            "- Kế hoạch số 15/KH-UBND tổ chức Lễ hội Xuân 2027", "- Nghị quyết số 41/2026/NQ-HĐND quy định mức chi tiếp khách", "",
            "Tải toàn văn tại https://congbao.langson.gov.vn"]
    h = H("system", ("Công báo tỉnh Lạng Sơn", "congbao@langson.gov.vn"), VT, "Công báo số 03 ngày 20/01/2027 - Mục lục",
          date(2027, 1, 20, 16, 0), "n32")
    return mail(h, alternative(txt(body), simple_html(body)))


@R.sample("bilingual out-of-office auto-reply for the Tết holiday",
          NOT_OFFICIAL,
          "'Trả lời tự động' and the replied subject 'Thư chúc Tết của Chủ tịch UBND tỉnh'; Auto-Submitted")
def _():
    body = ("Tôi nghỉ Tết từ 03/02 đến 16/02/2027. Việc gấp xin liên hệ Phòng Tổng hợp.\n"
            "I am on Lunar New Year leave until 16 February 2027.\n")
    h = [("Date", date(2027, 1, 28, 9, 1)), ("From", addr(MAI[0], MAI[1])), ("To", VT[1]),
         ("Subject", word_b("Trả lời tự động: Thư chúc Tết của Chủ tịch UBND tỉnh")), ("Message-ID", msgid("n33", "langson.gov.vn")),
         ("Auto-Submitted", "auto-replied")]
    return mail(h, plain(body, "quoted-printable"))


@R.sample("commune Farmers' Association invitation as Word-like HTML, sent from the commune mailbox",
          NOT_OFFICIAL,
          "'HỘI NÔNG DÂN XÃ CHI LĂNG', 'Số: 02/GM-HND' and 'GIẤY MỜI'; a mass organisation using the commune's address")
def _():
    paras = ["HỘI NÔNG DÂN XÃ CHI LĂNG", "Số: 02/GM-HND", NATIONAL, MOTTO, "", "GIẤY MỜI",
             "Ban Thường vụ Hội Nông dân xã trân trọng kính mời đại diện UBND xã dự Hội nghị tổng kết công tác Hội năm 2026.",
             "Thời gian: 14h00 ngày 21/01/2027. Địa điểm: Hội trường UBND xã."]
    h = H("zimbra", ("Hội Nông dân xã Chi Lăng", "hnd.chilang@langson.gov.vn"), XA_CL, "Giấy mời hội nghị tổng kết Hội Nông dân",
          date(2027, 1, 16, 9, 0), "n34")
    return mail(h, html(simple_html(paras), "quoted-printable"))


@R.sample("an event company's quotation for the spring festival stage, Outlook + CSV",
          NOT_OFFICIAL,
          "'Báo giá số 27/BG-SK' and 'Kính gửi: Văn phòng UBND tỉnh'; 'V/v' absent; a vendor")
def _():
    text = ["Kính gửi: Văn phòng UBND tỉnh Lạng Sơn", "Công ty CP Sự kiện Xứ Lạng gửi Báo giá số 27/BG-SK dựng sân khấu Lễ hội Xuân 2027 (tổng 412.000.000 đồng).",
            "Rất mong được hợp tác.", "Trần Quốc Việt - 0915 xxx 066"]
    rows = "Hạng mục,Số lượng,Đơn giá\nSân khấu 12x8m,1,180000000\nÂm thanh ánh sáng,1,232000000\n"
    h = H("outlook", ("Sự kiện Xứ Lạng", "baogia@sukienxulang.vn"), ("Phòng Quản trị - Tài vụ", "qttv.vpubnd@langson.gov.vn"),
          "Báo giá sân khấu Lễ hội Xuân 2027", date(2027, 1, 16, 15, 12), "n35")
    return mail(h, mixed(outlook_alt(text), attach(rows.encode("utf-8"), "Bao gia 27.csv", "text/csv")))
