//! Whole-message tests for the traps named in the recogniser's brief. The messages are made up
//! for these tests (agencies of Đà Nẵng, numbers chosen freely).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use unicode_normalization::UnicodeNormalization;

use super::*;

/// A message with the given header lines and body, CRLF line ends.
fn eml(headers: &[&str], body: &str) -> Vec<u8> {
    let mut out = String::from(
        "From: Van thu <vanthu@sxd.danang.gov.vn>\r\nTo: vanthu@stp.danang.gov.vn\r\n\
         Date: Mon, 07 Dec 2026 08:00:00 +0700\r\nMessage-ID: <t@sxd.danang.gov.vn>\r\n\
         MIME-Version: 1.0\r\n",
    );
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&body.replace('\n', "\r\n"));
    out.into_bytes()
}

/// The explained recognition of `raw`, after checking that delivery's recognition (no
/// reasons) agrees with it on every field: the reasons must never change the result.
fn recognised(raw: &[u8]) -> Option<Recognition> {
    let explained = recognise_bytes(raw)?;
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let quick = recognise(&message);
    assert!(quick.evidence.is_empty(), "{:?}", quick.evidence);
    assert_eq!(
        quick,
        Recognition {
            evidence: Vec::new(),
            ..explained.clone()
        }
    );
    Some(explained)
}

fn plain(subject: &str, body: &str) -> Recognition {
    let subject = format!("Subject: {subject}");
    let raw = eml(
        &[
            &subject,
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        body,
    );
    recognised(&raw).unwrap()
}

/// A cover note with one PDF attachment whose Content-Disposition parameters are `disposition`.
fn with_attachment(subject: &str, note: &str, disposition: &str) -> Recognition {
    recognised(&with_attachment_raw(subject, note, disposition)).unwrap()
}

fn with_attachment_raw(subject: &str, note: &str, disposition: &str) -> Vec<u8> {
    let subject = format!("Subject: {subject}");
    let body = format!(
        "--b1\n\
         Content-Type: text/plain; charset=utf-8\n\
         Content-Transfer-Encoding: 8bit\n\
         \n\
         {note}\n\
         --b1\n\
         Content-Type: application/pdf\n\
         Content-Disposition: attachment; {disposition}\n\
         Content-Transfer-Encoding: base64\n\
         \n\
         JVBERi0xLjQK\n\
         --b1--\n"
    );
    eml(
        &[&subject, "Content-Type: multipart/mixed; boundary=\"b1\""],
        &body,
    )
}

fn id(r: &Recognition) -> Option<&'static str> {
    r.doc_type.map(DocType::as_id)
}

const COVER: &str = "Kính gửi: Các phòng, đơn vị thuộc Sở.\n\n";

#[test]
fn cited_numbers_are_not_the_documents_number() {
    let r = plain(
        "Kế hoạch kiểm tra an toàn công trình mùa mưa bão",
        "SỞ XÂY DỰNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n\
         Số: 7/KH-SXD\nĐà Nẵng, ngày 01 tháng 12 năm 2026\n\nKẾ HOẠCH\nKiểm tra an toàn\n\n\
         Căn cứ Thông tư số 10/2021/TT-BXD ngày 25/8/2021 của Bộ Xây dựng;\n\
         Thực hiện Công văn số 5120/UBND-ĐTĐT ngày 02/11/2026 của UBND thành phố;\n\
         Sở Xây dựng ban hành kế hoạch như sau: …",
    );
    assert!(r.official);
    assert_eq!(id(&r), Some("ke-hoach"));
    assert_eq!(r.number.as_deref(), Some("07/KH-SXD"));

    // Meeting papers cite their invitation; they have no number of their own.
    let r = plain(
        "Tài liệu phục vụ cuộc họp giao ban quý IV",
        &format!(
            "{COVER}Văn phòng Sở gửi tài liệu phục vụ cuộc họp (theo Giấy mời số 31/GM-SXD ngày 30/11/2026)."
        ),
    );
    assert_eq!(id(&r), Some("tai-lieu-hop"));
    assert_eq!(r.number, None);

    // A subject that cites: the công văn carries no number of its own here.
    let r = plain(
        "V/v thực hiện Quyết định số 2233/QĐ-UBND của UBND thành phố",
        &format!("{COVER}Sở Xây dựng gửi công văn (có văn bản điện tử kèm theo)."),
    );
    assert_eq!(id(&r), Some("cong-van"));
    assert_eq!(r.number, None);
}

#[test]
fn phone_numbers_dates_and_counts_are_not_numbers() {
    let r = plain(
        "Giấy mời họp rà soát hồ sơ",
        &format!(
            "{COVER}Sở Xây dựng trân trọng gửi giấy mời họp ngày 09/12/2026, tháng 12/2026.\n\
             Đã đăng ký 7/9 đơn vị.\n--\nVăn thư\nĐiện thoại: 0236/3822 117\nDĐ: 0905-222-333"
        ),
    );
    assert!(r.official);
    assert_eq!(id(&r), Some("giay-moi"));
    assert_eq!(r.number, None);

    let chat = plain(
        "Số máy bàn phòng kế toán",
        "Số máy bàn: 0236/3822 117, máy chiếu serial 12/EP-2020 nhé.",
    );
    assert!(!chat.official);
    assert_eq!(chat, not_official(chat.evidence.clone()));
}

#[test]
fn mat_khau_and_bao_mat_are_not_secrecy_marks() {
    let notice = plain(
        "Mật khẩu: sắp hết hạn sau 2 ngày",
        "Mật khẩu hộp thư của bạn sắp hết hạn. Vui lòng đổi mật khẩu.",
    );
    assert!(!notice.official);
    assert_eq!(notice.secrecy, None);

    let r = plain(
        "V/v đổi mật khẩu và bảo mật hộp thư công vụ",
        &format!(
            "Số: 2104/STTTT-BCVT\nV/v đổi mật khẩu và bảo mật hộp thư công vụ\n\n{COVER}\
             Đề nghị giữ bí mật mật khẩu.\nMật khẩu mới phải dài ít nhất 12 ký tự."
        ),
    );
    assert!(r.official);
    assert_eq!(id(&r), Some("cong-van"));
    assert_eq!(r.number.as_deref(), Some("2104/STTTT-BCVT"));
    assert_eq!(r.secrecy, None);
    assert!(r.mandatory);
}

#[test]
fn khan_truong_is_not_an_urgency_mark() {
    let r = plain(
        "Khẩn trương hoàn thành báo cáo quý IV - Thông báo",
        &format!(
            "{COVER}Sở gửi thông báo số 61/TB-SXD. Đề nghị các đơn vị KHẨN TRƯƠNG thực hiện.\n\
             Khẩn trương báo cáo trước 15/12."
        ),
    );
    assert!(r.official);
    assert_eq!(r.urgency, None);
    assert_eq!(r.number.as_deref(), Some("61/TB-SXD"));

    // A real stamp line still counts.
    let r = plain(
        "Công điện về việc ứng phó áp thấp nhiệt đới",
        "Số: 4/CĐ-UBND\nĐà Nẵng, ngày 3 tháng 12 năm 2026\nTHƯỢNG KHẨN\n\nCÔNG ĐIỆN\n…",
    );
    assert_eq!(r.urgency, Some(Urgency::ThuongKhan));
    assert_eq!(r.number.as_deref(), Some("04/CĐ-UBND"));
}

#[test]
fn acknowledgement_replies_carry_nothing() {
    let r = plain(
        "Re: [12/GM-SXD] Giấy mời họp triển khai quy hoạch",
        "Phòng đã nhận được giấy mời. Trân trọng cảm ơn!\n\n\
         Vào Th 2, 7 thg 12, 2026 lúc 08:00 Văn thư đã viết:\n\
         > Kính gửi: Các phòng.\n> Số: 12/GM-SXD\n> GIẤY MỜI\n",
    );
    assert!(!r.official, "{r:?}");
    assert_eq!(r.doc_type, None);
    assert_eq!(r.number, None);

    // Even without "Re:", a subject that acknowledges is not the document.
    let r = plain(
        "Đã nhận: Công văn 518/SXD-QLXD V/v cấp phép xây dựng",
        "Kính gửi: Văn thư Sở. Đơn vị đã nhận văn bản.",
    );
    assert!(!r.official, "{r:?}");

    // A reply that carries its own document is that document.
    let r = with_attachment(
        "Re: Giấy mời họp triển khai quy hoạch",
        "Kính gửi: Sở Xây dựng.\nPhòng Quản lý đô thị gửi báo cáo số 9/BC-QLĐT (đính kèm).",
        "filename=\"09_BC-QLĐT_signed.pdf\"",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(id(&r), Some("bao-cao"));
    assert_eq!(r.number.as_deref(), Some("09/BC-QLĐT"));
}

#[test]
fn decomposed_unicode_is_read_like_precomposed() {
    let subject: String = "[TỐI MẬT] Quyết định phê duyệt phương án phòng thủ"
        .nfd()
        .collect();
    let body: String =
        "Kính gửi: Các đơn vị.\nSở Xây dựng gửi quyết định số 15/QĐ-SXD ngày 02/12/2026."
            .nfd()
            .collect();
    assert_ne!(subject, subject.nfc().collect::<String>());
    let r = plain(&format!("=?utf-8?B?{}?=", base64(&subject)), &body);
    assert!(r.official, "{r:?}");
    assert_eq!(id(&r), Some("quyet-dinh"));
    assert_eq!(r.number.as_deref(), Some("15/QĐ-SXD"));
    assert_eq!(r.secrecy, Some(Secrecy::ToiMat));
    assert!(!r.mandatory, "a secret-marked document is never mandatory");
}

#[test]
fn text_without_diacritics() {
    let r = plain(
        "[KHAN] [205/QD-SXD] Quyet dinh ve viec kien toan to cong tac",
        "Kinh gui: Cac phong, don vi thuoc So.\n\nSo Xay dung gui quyet dinh ve viec kien toan to cong tac.\n\
         De nghi cac don vi khan truong thuc hien.",
    );
    assert!(r.official);
    assert_eq!(id(&r), Some("quyet-dinh"));
    assert_eq!(r.number.as_deref(), Some("205/QĐ-SXD"));
    assert_eq!(r.urgency, Some(Urgency::Khan));

    let chat = plain(
        "Chieu nay hop khong?",
        "Chieu nay anh phai nop bao cao, quyet dinh roi: 5h di an nhe.",
    );
    assert!(!chat.official);
}

#[test]
fn attachment_numbers_with_underscores_and_dashes() {
    let r = with_attachment(
        "Gửi quyết định về việc thành lập hội đồng",
        "Kính gửi: Các đơn vị.\nSở Tư pháp gửi quyết định (có văn bản điện tử kèm theo).",
        "filename=\"88_QD-STP_ky_so.pdf\"",
    );
    assert_eq!(id(&r), Some("quyet-dinh"));
    assert_eq!(r.number.as_deref(), Some("88/QĐ-STP"));
    assert!(r.evidence.iter().any(|e| e.contains("88_QD-STP_ky_so.pdf")));

    let r = with_attachment(
        "V/v góp ý dự thảo quy hoạch chung",
        "Kính gửi: Các đơn vị.\nSở Tư pháp gửi công văn V/v góp ý dự thảo.",
        "filename=\"2104-STP-XDKTVB.signed.pdf\"",
    );
    assert_eq!(id(&r), Some("cong-van"));
    assert_eq!(r.number.as_deref(), Some("2104/STP-XDKTVB"));

    let r = with_attachment(
        "Gửi nghị quyết về giá dịch vụ",
        "Kính gửi: Các đơn vị.\nThường trực HĐND gửi nghị quyết.",
        "filename=\"9-2026-NQ-HĐND.pdf\"",
    );
    assert_eq!(r.number.as_deref(), Some("09/2026/NQ-HĐND"));
}

#[test]
fn rfc2231_attachment_names() {
    // "Giấy mời 17-GM-SXD.pdf", percent-encoded and split in two continuations.
    let r = with_attachment(
        "Giấy mời dự hội nghị tổng kết",
        "Kính gửi: Các đơn vị.\nSở Xây dựng gửi giấy mời.",
        "filename*0*=utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di%20; filename*1*=17-GM-SXD.pdf",
    );
    assert_eq!(id(&r), Some("giay-moi"));
    assert_eq!(r.number.as_deref(), Some("17/GM-SXD"));

    // "KHẨN Báo cáo 3_BC-SXD.pdf" in one encoded word.
    let r = with_attachment(
        "Gửi báo cáo tình hình",
        "Kính gửi: Các đơn vị.",
        "filename*=utf-8''KH%E1%BA%A8N%20B%C3%A1o%20c%C3%A1o%203_BC-SXD.pdf",
    );
    assert_eq!(id(&r), Some("bao-cao"));
    assert_eq!(r.number.as_deref(), Some("03/BC-SXD"));
    assert_eq!(r.urgency, Some(Urgency::Khan));
}

#[test]
fn forwarded_message_rfc822_is_the_document() {
    let inner_subject = base64("[HỎA TỐC] Công điện về việc sơ tán dân");
    let inner = format!(
        "From: Van thu UBND <vanthu@danang.gov.vn>\n\
                 Subject: =?utf-8?B?{inner_subject}?=\n\
                 Content-Type: text/plain; charset=utf-8\n\
                 Content-Transfer-Encoding: 8bit\n\
                 \n\
                 ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n\
                 Số: 3/CĐ-UBND\nHỎA TỐC\n\nCÔNG ĐIỆN\nVề việc sơ tán dân\n"
    );
    let body = format!(
        "--f1\n\
         Content-Type: text/plain; charset=utf-8\n\
         \n\
         Em chuyển để anh chị nắm.\n\
         --f1\n\
         Content-Type: message/rfc822\n\
         Content-Disposition: attachment\n\
         \n\
         {inner}\n\
         --f1--\n"
    );
    let raw = eml(
        &[
            "Subject: Fwd: tin khẩn",
            "Content-Type: multipart/mixed; boundary=\"f1\"",
        ],
        &body,
    );
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(id(&r), Some("cong-dien"));
    assert_eq!(r.number.as_deref(), Some("03/CĐ-UBND"));
    assert_eq!(r.urgency, Some(Urgency::HoaToc));
    assert!(r.mandatory);
}

#[test]
fn html_only_body() {
    let html = "<html><body><p>Kính gửi: Các phòng, đơn vị.</p>\
                <p>Sở Xây dựng tr&acirc;n tr&#7885;ng g&#7917;i <b>l&#7883;ch c&ocirc;ng t&aacute;c</b> \
                tuần 50 của Ban Giám đốc Sở.</p><p>ĐT: 0236&nbsp;3822&nbsp;117</p></body></html>";
    let raw = eml(
        &[
            "Subject: =?utf-8?Q?L=E1=BB=8Bch_tu=E1=BA=A7n_50?=",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        html,
    );
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(id(&r), Some("lich-cong-tac"));
    assert_eq!(r.number, None);
    assert!(r.mandatory);
}

#[test]
fn casual_mentions_of_types_are_not_documents() {
    for (subject, body) in [
        (
            "Trưa nay",
            "Chị gửi báo cáo cho sếp rồi, trưa đi ăn bún nhé.",
        ),
        (
            "THÔNG BÁO: Bạn đã trúng thưởng",
            "Bấm vào liên kết để nhận quà.",
        ),
        ("Thư mời sinh nhật", "Mời cả phòng ăn bánh. Bí mật nhé!"),
        (
            "Bản tin số 12 tháng 11/2026",
            "1. Báo cáo chỉ số.\n2. Thông báo: hội thảo.",
        ),
    ] {
        let r = plain(subject, body);
        assert!(!r.official, "{subject}: {r:?}");
        assert_eq!(r.urgency, None);
        assert_eq!(r.secrecy, None);
    }
}

#[test]
fn serialises_with_label_field_names() {
    let r = plain(
        "MẬT: Gửi kế hoạch số 4/KH-SXD",
        "Kính gửi: Các đơn vị.\nSở Xây dựng gửi kế hoạch.",
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["official"], true);
    assert_eq!(json["doc_type"], "ke-hoach");
    assert_eq!(json["number"], "04/KH-SXD");
    assert_eq!(json["urgency"], serde_json::Value::Null);
    assert_eq!(json["secrecy"], "mat");
    assert_eq!(json["mandatory"], false);
}

fn base64(s: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = s.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_salutation_alone_is_not_enough_form() {
    // Spam that borrows the salutation, from outside the official domains.
    let raw = eml(
        &[
            "Subject: THÔNG BÁO: Quý khách được hoàn thuế",
            "Content-Type: text/plain; charset=utf-8",
        ],
        "Kính gửi Quý khách,\nBấm vào liên kết để nhận tiền hoàn thuế.",
    );
    let raw = String::from_utf8(raw)
        .unwrap()
        .replace("vanthu@sxd.danang.gov.vn", "hoanthue@qua-tang.xyz");
    let r = recognised(raw.as_bytes()).unwrap();
    assert!(!r.official, "{r:?}");

    // Phishing with a PDF, from outside the official domains.
    let raw = String::from_utf8(with_attachment_raw(
        "Thông báo hoàn thuế thu nhập cá nhân",
        "Quý khách vui lòng mở tệp đính kèm.",
        "filename=\"hoan_thue.pdf\"",
    ))
    .unwrap()
    .replace("vanthu@sxd.danang.gov.vn", "hoanthue@qua-tang.xyz");
    let r = recognised(raw.as_bytes()).unwrap();
    assert!(!r.official, "{r:?}");

    // The same salutation in an agency's plain-text invitation, with the "./." end mark.
    let r = plain(
        "Giấy mời họp bàn kế hoạch chuyển đổi số",
        "Kính gửi: Các phòng chuyên môn.\nSở Xây dựng kính mời dự họp lúc 14h00 ngày 10/12/2026.\nTrân trọng./.",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(id(&r), Some("giay-moi"));
}

#[test]
fn mailing_list_mail_needs_a_document_of_its_own() {
    let raw = eml(
        &[
            "Subject: Thông báo lịch bảo trì hệ thống",
            "List-Id: <tin-tuc.sxd.danang.gov.vn>",
            "Content-Type: text/plain; charset=utf-8",
        ],
        "Kính gửi: Quý cán bộ.\nHệ thống sẽ bảo trì tối thứ Bảy. Trân trọng./.",
    );
    let r = recognised(&raw).unwrap();
    assert!(!r.official, "{r:?}");
}

#[test]
fn automatic_and_bulk_mail_is_told_by_its_header_fields() {
    let automatic = |field: &str| {
        let raw = eml(&["Subject: Thông báo", field], "Nội dung.");
        let message = mail_parser::MessageParser::default()
            .parse(&raw[..])
            .unwrap();
        text::collect(&message, Default::default()).automatic
    };
    assert!(automatic("Auto-Submitted: auto-replied"));
    assert!(automatic("auto-submitted: Auto-Generated"));
    assert!(!automatic("Auto-Submitted: no"));
    assert!(automatic("Precedence: bulk"));
    assert!(automatic("Precedence:  List "));
    assert!(!automatic("Precedence: first-class"));
    assert!(automatic(
        "List-Unsubscribe: <mailto:leave@sxd.danang.gov.vn>"
    ));
    assert!(!automatic("X-Mailer: Thunderbird"));
}

#[test]
fn html_layout_table_and_placeholder_plain_part() {
    // The plain alternative is a placeholder; the HTML one holds the document, laid out in a
    // table whose cells hold the number, the stamp and the national header.
    let html = "<table><tr><td>SỞ XÂY DỰNG<br>Số: 96/TB-SXD</td><td>KHẨN</td>\
                <td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr></table>\
                <p><b>THÔNG BÁO</b></p><p>Kết luận của Giám đốc Sở</p>";
    let body = format!(
        "--a1\nContent-Type: text/plain; charset=utf-8\n\nHTML message\n\
         --a1\nContent-Type: text/html; charset=utf-8\n\n{html}\n--a1--\n"
    );
    let raw = eml(
        &[
            "Subject: Kết luận giao ban",
            "Content-Type: multipart/alternative; boundary=\"a1\"",
        ],
        &body,
    );
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(id(&r), Some("thong-bao"));
    assert_eq!(r.number.as_deref(), Some("96/TB-SXD"));
    assert_eq!(r.urgency, Some(Urgency::Khan));
}

#[test]
fn html_reply_quoting_the_document_in_a_blockquote() {
    let html = "<div>Đã nhận văn bản, cảm ơn.</div><blockquote>\
                <p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Số: 40/KH-SXD</p><p>MẬT</p>\
                <p>KẾ HOẠCH</p></blockquote>";
    let raw = eml(
        &[
            "Subject: Re: Kế hoạch bảo vệ",
            "Content-Type: text/html; charset=utf-8",
        ],
        html,
    );
    let r = recognised(&raw).unwrap();
    assert!(!r.official, "{r:?}");
    assert_eq!(r.secrecy, None);
}

#[test]
fn the_end_mark_is_one_weak_sign_however_often_it_occurs() {
    // A school writing from a mailbox outside the official domains: the salutation and the
    // "./." end mark together are the form of agency correspondence.
    let from_school = |body: &str| {
        let raw = eml(
            &[
                "Subject: Báo cáo kết quả thi đua học kỳ I",
                "Content-Type: text/plain; charset=utf-8",
            ],
            body,
        );
        let raw = String::from_utf8(raw)
            .unwrap()
            .replace("vanthu@sxd.danang.gov.vn", "thcs.lequydon@gmail.com");
        recognised(raw.as_bytes()).unwrap()
    };
    let r = from_school(
        "Kính gửi: Phòng Giáo dục và Đào tạo.\nNhà trường báo cáo kết quả như sau.\nTrân trọng./.",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(id(&r), Some("bao-cao"));
    // The end mark twice, without a salutation, is still one sign: not enough.
    let r = from_school("Nhà trường báo cáo kết quả./.\nTrân trọng./.");
    assert!(!r.official, "{r:?}");
}

#[test]
fn an_inline_forward_is_read_by_its_subject_line() {
    // The forwarding note names no type; the forwarded header's subject does.
    let forward = |subject_line: &str| {
        plain(
            "Fwd: chuyển các phòng",
            &format!(
                "Chuyển các phòng thực hiện.\n\n---------- Forwarded message ---------\n\
                 Từ: Văn phòng UBND <vanphong@danang.gov.vn>\n{subject_line}\n\n\
                 Kính gửi: Các sở, ban, ngành.\nĐề nghị các đơn vị triển khai./."
            ),
        )
    };
    for line in [
        "Subject: Kế hoạch tổ chức hội nghị tổng kết năm 2026",
        "Tiêu đề: Kế hoạch tổ chức hội nghị tổng kết năm 2026",
        "> Chủ đề: Kế hoạch tổ chức hội nghị tổng kết năm 2026",
    ] {
        let r = forward(line);
        assert_eq!(id(&r), Some("ke-hoach"), "{line}: {r:?}");
        assert!(
            r.evidence
                .iter()
                .any(|e| e.starts_with("forwarded subject")),
            "{line}: {r:?}"
        );
    }
    // A forwarded reply's subject names the document answered, not one carried.
    let r = forward("Subject: Re: Kế hoạch tổ chức hội nghị tổng kết năm 2026");
    assert!(!r.official, "{r:?}");
}

// Issue 19: the issuer, drafts, reports, requests, notifications and file names. Each test
// names the convention it checks; the agencies and numbers are made up (Lâm Đồng, Cà Mau).

/// Hướng dẫn 36-HD/VPTW I.3: a Party committee's plan is numbered number-TYPE/BODY; the Party
/// is not a state agency, so its plan is no administrative document, KHẨN or not.
#[test]
fn a_party_document_is_not_an_administrative_one() {
    let r = plain(
        "KHẨN: Kế hoạch 31-KH/ĐU",
        "Kính gửi: Các chi bộ trực thuộc.\n\nĐảng ủy xã gửi Kế hoạch số 31-KH/ĐU ngày \
         02/10/2026 về đại hội chi bộ.\n\nTrân trọng./.",
    );
    assert!(!r.official, "{r:?}");
    assert_eq!(r.issuer, Issuer::Party);
    assert_eq!(r.urgency, None);
    // A state document that cites a Party resolution is the state's.
    let r = plain(
        "Kế hoạch 142/KH-UBND",
        "Kính gửi: Các sở, ngành.\n\nUBND tỉnh gửi Kế hoạch số 142/KH-UBND thực hiện Nghị \
         quyết số 57-NQ/TW của Bộ Chính trị.\n\nTrân trọng./.",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.number.as_deref(), Some("142/KH-UBND"));
    assert_eq!(r.issuer, Issuer::State);
}

/// ND30 Phụ lục I II.2: the header names the issuing body; a union's or a company's numbered
/// notice has the form of a document but not a state agency's header.
#[test]
fn union_and_company_headers_are_not_state_agencies() {
    let union = plain(
        "Thông báo tham quan nghỉ dưỡng",
        "CÔNG ĐOÀN CƠ SỞ BỆNH VIỆN ĐA KHOA CÀ MAU\nSố: 07/TB-CĐ\n\nTHÔNG BÁO\nVề việc \
         tham quan nghỉ dưỡng năm 2026\n\nTM. BAN CHẤP HÀNH",
    );
    assert!(!union.official, "{union:?}");
    assert_eq!(union.issuer, Issuer::Union);
    let company = plain(
        "Quyết định bổ nhiệm",
        "CÔNG TY CỔ PHẦN DƯỢC LÂM ĐỒNG\nSố: 19/2026/QĐ-TGĐ\n\nQUYẾT ĐỊNH\nVề việc bổ nhiệm \
         trưởng phòng kinh doanh",
    );
    assert!(!company.official, "{company:?}");
    assert_eq!(company.issuer, Issuer::Company);
    let state = plain(
        "Quyết định thành lập tổ công tác",
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 1804/QĐ-UBND\n\nQUYẾT ĐỊNH\nVề việc thành lập tổ \
         công tác",
    );
    assert!(state.official, "{state:?}");
    assert_eq!(state.issuer, Issuer::State);
}

/// "Công ty … gửi Báo giá số …": the sender of the numbered paper is a company.
#[test]
fn a_company_sending_its_own_numbered_paper_is_no_agency() {
    let r = with_attachment(
        "Báo giá thiết bị phòng họp trực tuyến",
        "Kính gửi: Văn phòng Sở Y tế.\n\nCông ty TNHH Thiết bị Hội nghị Cao Nguyên gửi Báo giá \
         số 118/BG-CNG về thiết bị phòng họp trực tuyến.\n\nTrân trọng.",
        "filename=\"Bao gia 118-BG-CNG.pdf\"",
    );
    assert!(!r.official, "{r:?}");
    assert_eq!(r.issuer, Issuer::Company);
}

/// ND30 Điều 15: a document is numbered when it is issued. A draft, its blank number or its
/// "DỰ THẢO" stamp is not an issued document; a numbered công văn that asks for comments on a
/// draft is.
#[test]
fn drafts_are_not_issued_documents() {
    let r = plain(
        "Góp ý dự thảo Quyết định quy định giá dịch vụ",
        "DỰ THẢO\nỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố:      /QĐ-UBND\n\nQUYẾT ĐỊNH\nQuy định \
         giá dịch vụ xe ra, vào bến xe",
    );
    assert!(!r.official, "{r:?}");
    let r = plain(
        "Lấy ý kiến dự thảo",
        "Kính gửi: Các sở, ngành.\n\nSở Tư pháp gửi dự thảo Quyết định ban hành Quy định về \
         quản lý chợ để các đơn vị góp ý.\n\nTrân trọng./.",
    );
    assert!(!r.official, "{r:?}");
    let r = plain(
        "Công văn 233/STP-XDVB lấy ý kiến dự thảo",
        "Kính gửi: Các sở, ngành.\n\nSở Tư pháp gửi Công văn số 233/STP-XDVB đề nghị góp ý dự \
         thảo Quyết định về quản lý chợ.\n\nTrân trọng./.",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.number.as_deref(), Some("233/STP-XDVB"));
}

/// RFC 8098: a read receipt names the document it was about but carries none.
#[test]
fn a_read_receipt_carries_no_document() {
    let raw = eml(
        &[
            "Subject: =?utf-8?q?=C4=90=C3=A3_=C4=91=E1=BB=8Dc:_T=E1=BB=9D_tr=C3=ACnh_77/TTr-UBND?=",
            "Content-Type: multipart/report; report-type=disposition-notification; boundary=r",
        ],
        "--r\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n\
         Thư gửi với chủ đề \"Tờ trình 77/TTr-UBND\" đã được mở.\n--r\n\
         Content-Type: message/disposition-notification\n\n\
         Final-Recipient: rfc822;vanthu@stp.danang.gov.vn\n\
         Disposition: manual-action/MDN-sent-manually; displayed\n--r--\n",
    );
    let r = recognised(&raw).unwrap();
    assert!(!r.official, "{r:?}");
}

/// Asking for a document sends none: "xin gửi lại giúp", "đề nghị … gửi".
#[test]
fn asking_for_a_document_sends_none() {
    let r = with_attachment(
        "Xin lại tờ trình",
        "Chào chị,\n\nPhòng em xin gửi lại giúp bản Word của Tờ trình 77/TTr-UBND để tiện \
         chỉnh sửa.\n\nCảm ơn chị.",
        "filename=\"ghi chu.pdf\"",
    );
    assert!(!r.official, "{r:?}");
}

/// Document-management notifications print the register entry as a table: "| Ký hiệu văn bản
/// | 12/CT-UBND |", "| Trích yếu | Chỉ thị về … |".
#[test]
fn a_notification_table_names_the_document() {
    let r = plain(
        "Phiếu xử lý văn bản đến số 902",
        "PHIẾU XỬ LÝ VĂN BẢN ĐẾN\n+-----------------+---------------------------+\n\
         | Số đến          | 902                       |\n\
         | Ký hiệu văn bản | 12/CT-UBND                |\n\
         | Trích yếu       | Chỉ thị về phòng chống    |\n\
         |                 | cháy rừng mùa khô         |\n\
         +-----------------+---------------------------+\n",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::ChiThi));
    assert_eq!(r.number.as_deref(), Some("12/CT-UBND"));
}

/// A file name that spells the type in words leaves the abbreviation out of the number
/// ("Giấy mời 44-SYT.docx" is 44/GM-SYT); "." stands for "/" ("08.TB-UBND.pdf").
#[test]
fn file_names_write_numbers_their_own_way() {
    let r = with_attachment(
        "Giấy mời họp",
        "Kính gửi các đơn vị,\n\nSở Y tế gửi giấy mời họp (file đính kèm).\n\nTrân trọng!",
        "filename*=utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di%2044-SYT.pdf",
    );
    assert_eq!(r.number.as_deref(), Some("44/GM-SYT"), "{r:?}");
    let r = with_attachment(
        "Gửi văn bản",
        "Kính gửi các đơn vị,\n\nGửi các đơn vị văn bản đính kèm.\n\nTrân trọng!",
        "filename=\"08.TB-UBND.pdf\"",
    );
    assert_eq!(r.number.as_deref(), Some("08/TB-UBND"), "{r:?}");
}

/// A commune clerk writes from a private address under the commune's name: the agency's
/// name and a numbered document sent in the note are its form.
#[test]
fn a_clerk_on_a_private_address_still_sends_the_communes_document() {
    let raw = eml(
        &[
            "Subject: giay moi hop dan",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Reply-To: x@example.com",
        ],
        "Dạ em gửi Giấy mời số 15/GM-UBND ngày 3/10 của UBND xã mời họp dân ạ.",
    )
    .into_iter()
    .collect::<Vec<u8>>();
    let raw = String::from_utf8(raw)
        .unwrap()
        .replace(
            "From: Van thu <vanthu@sxd.danang.gov.vn>",
            "From: UBND xa Ta Nung <ubndtanung@gmail.com>",
        )
        .into_bytes();
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(r.number.as_deref(), Some("15/GM-UBND"));
    assert_eq!(r.issuer, Issuer::State);
}

/// A document system's reminder names a document it does not carry, with or without
/// Auto-Submitted.
#[test]
fn a_reminder_about_a_document_is_not_the_document() {
    let r = plain(
        "[Nhắc việc] Văn bản 66/BC-SYT quá hạn xử lý",
        "NHẮC VIỆC\nVăn bản 66/BC-SYT ngày 01/10/2026 đã quá hạn xử lý 2 ngày.",
    );
    assert!(!r.official, "{r:?}");
    let r = plain(
        "Văn bản 66/BC-SYT",
        "Nhắc hạn xử lý\nVăn bản 66/BC-SYT ngày 01/10/2026 đến hạn báo cáo hôm nay.",
    );
    assert!(!r.official, "{r:?}");
}

/// A reminder to send what a document asked for ("Nhắc gửi báo cáo …", "… còn 4 xã chưa gửi
/// báo cáo theo Công văn …") carries no document.
#[test]
fn a_reminder_to_send_a_report_carries_none() {
    let r = plain(
        "Nhắc gửi báo cáo thiệt hại mưa lũ",
        "Kính gửi UBND các xã,\nĐến nay còn 4 xã chưa gửi báo cáo theo Công văn số \
         1932/SNNMT-TL, đề nghị gửi trước 16h00 hôm nay.\nPhòng Thủy lợi",
    );
    assert!(!r.official, "{r:?}");
}

/// A body pasted from a .VnTime file arrives in TCVN3 read as Windows-1252, and is read.
#[test]
fn a_body_in_tcvn3_is_read() {
    let raw = eml(
        &[
            "Subject: =?utf-8?q?Quy=E1=BA=BFt_=C4=91=E1=BB=8Bnh_th=C3=A0nh_l=E1=BA=ADp_t=E1=BB=95?=",
            "Content-Type: text/plain; charset=windows-1252",
            "Content-Transfer-Encoding: quoted-printable",
        ],
        "=F1Y BAN NH=A2N D=A2N X=B7 QU=B6NG PH=F3     C=E9NG H=DFA X=B7 H=E9I CH=F1 NGH=DCA VI=D6T NAM\n\
         S=E8: 64/Q=A7-UBND\n\nQUY=D5T =A7=DENH\nV=D2 vi=D6c th=B5nh l=CBp T=E6 c=ABng t=B8c\n",
    );
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::QuyetDinh));
    assert_eq!(r.number.as_deref(), Some("64/QĐ-UBND"));
}

/// A number copied with its template's blank before the slash, in a phone's note.
#[test]
fn a_spaced_number_in_prose_is_the_documents() {
    let r = plain(
        "QĐ hỗ trợ hộ sập nhà",
        "Em gửi chị Quyết định số 317 /QĐ-UBND ngày 19/10/2027 của UBND xã.\n\nSent from my iPhone",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.number.as_deref(), Some("317/QĐ-UBND"));
}

/// A work schedule has no number and often no header: its title in capitals and an
/// agency's sender are its form (Quyết định 45/2018/QĐ-TTg: schedules go electronically).
#[test]
fn a_schedule_without_a_header_is_still_one() {
    let raw = eml(
        &[
            "Subject: =?utf-8?q?L=E1=BB=8Bch_c=C3=B4ng_t=C3=A1c_tu=E1=BA=A7n_41?=",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        "<html><body><p class=MsoNormal><b>LỊCH CÔNG TÁC TUẦN 41<o:p></o:p></b></p><table>\
         <tr><td>Thứ Hai 05/10<o:p></o:p></td><td>08h00: Giám đốc họp giao ban<o:p></o:p></td>\
         </tr></table><p>Văn phòng Sở</p></body></html>",
    );
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::LichCongTac));
}

/// A numbered type's name in capitals, with neither a header nor a number, is an IT notice or
/// a heading, not an issued document.
#[test]
fn a_numbered_types_title_alone_is_not_enough() {
    let r = plain(
        "Thông báo bảo trì hệ thống thư điện tử",
        "THÔNG BÁO\nHệ thống thư điện tử tạm dừng từ 22h00 đến 23h00 thứ Bảy để nâng cấp.\n\
         Tổ Công nghệ thông tin",
    );
    assert!(!r.official, "{r:?}");
}

/// A phone photo of the signed paper, its number only in the note (a commune clerk on a
/// private address).
#[test]
fn a_photo_of_the_paper_with_the_number_in_the_note() {
    let raw = with_attachment_raw(
        "giay moi hop",
        "Em gửi Giấy mời số 21/GM-UBND ngày 2/10 của UBND xã, bản chụp đính kèm ạ.",
        "filename=\"IMG_20261002_0815.jpg\"",
    );
    let raw = String::from_utf8(raw)
        .unwrap()
        .replace(
            "From: Van thu <vanthu@sxd.danang.gov.vn>",
            "From: Lo Thi Hoa <lothihoa1990@gmail.com>",
        )
        .into_bytes();
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(r.number.as_deref(), Some("21/GM-UBND"));
}

/// An HTML notification puts each field's label and value in two cells, which become two
/// lines: "Số/Ký hiệu" then the number, "Độ khẩn" then the mark.
#[test]
fn a_notifications_html_cells_are_its_fields() {
    let raw = eml(
        &[
            "Subject: =?utf-8?q?B=E1=BA=A1n_c=C3=B3_v=C4=83n_b=E1=BA=A3n_m=E1=BB=9Bi?=",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        "<html><body><p>Bạn có văn bản mới từ UBND thành phố:</p><table>\
         <tr><td>Số/Ký hiệu</td><td><b>4410/UBND-ĐT</b></td></tr>\
         <tr><td>Trích yếu</td><td>V/v ứng phó triều cường</td></tr>\
         <tr><td>Độ khẩn</td><td>Thượng khẩn</td></tr>\
         <tr><td>Độ mật</td><td>Thường</td></tr></table></body></html>",
    );
    let r = recognised(&raw).unwrap();
    assert!(r.official, "{r:?}");
    assert_eq!(r.number.as_deref(), Some("4410/UBND-ĐT"));
    assert_eq!(r.urgency, Some(Urgency::ThuongKhan));
    assert_eq!(r.secrecy, None);
}

/// A reminder repeats the register fields of the document it reminds of, and still carries
/// none.
#[test]
fn a_reminder_with_register_fields_is_still_a_reminder() {
    let r = plain(
        "Nhắc việc: văn bản sắp đến hạn xử lý",
        "NHẮC VIỆC - VĂN BẢN SẮP ĐẾN HẠN\nSố ký hiệu: 518/UBND-KT\nTrích yếu: V/v giải phóng \
         mặt bằng\nĐộ khẩn: Khẩn\nHạn xử lý: 30/11/2026",
    );
    assert!(!r.official, "{r:?}");
}

/// The State Bank (Ngân hàng Nhà nước) is a state agency; commercial banks are companies.
#[test]
fn the_state_bank_is_a_state_agency() {
    let r = plain(
        "V/v phòng chống lừa đảo",
        "Kính gửi: Các sở, ngành.\n\nNgân hàng Nhà nước chi nhánh Khu vực 5 gửi Công văn số \
         771/KV5-TTGS về phòng chống lừa đảo.\n\nTrân trọng./.",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.issuer, Issuer::State);
}

/// A leader's public letter is titled "THƯ GỬI …" (ND30 Điều 7: thư công).
#[test]
fn a_letter_to_the_teachers_is_a_public_letter() {
    let r = plain(
        "Thư của Giám đốc Sở nhân ngày 20/11",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO\n\nTHƯ GỬI CÁC THẦY GIÁO, CÔ GIÁO\n\nKính gửi các thầy cô,\n\
         Tôi gửi tới các thầy cô lời chúc sức khỏe.\n\nGIÁM ĐỐC",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::ThuCong));
}

/// The labels restore Vietnamese letters: a subject typed without Đ gives way to the note's
/// spelling of the same number; "CV …" file names are công văn.
#[test]
fn the_spelling_with_vietnamese_letters_wins() {
    let r = plain(
        "Bao cao 09/BC-ĐBP",
        "Kính gửi: Bộ Chỉ huy.\n\nĐồn gửi Báo cáo số 09/BC-ĐBP ngày 1/12.\n\nTrân trọng./.",
    );
    assert_eq!(r.number.as_deref(), Some("09/BC-ĐBP"), "{r:?}");
    let r = plain(
        "Bao cao 09/BC-DBP",
        "Kính gửi: Bộ Chỉ huy.\n\nĐồn gửi Báo cáo số 09/BC-ĐBP ngày 1/12.\n\nTrân trọng./.",
    );
    assert_eq!(r.number.as_deref(), Some("09/BC-ĐBP"), "{r:?}");
    let r = with_attachment(
        "Gửi văn bản",
        "Kính gửi các đơn vị,\n\nGửi các đơn vị văn bản đính kèm.\n\nTrân trọng!",
        "filename=\"CV 2207 SYT-NVY.pdf\"",
    );
    assert_eq!(r.number.as_deref(), Some("2207/SYT-NVY"), "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::CongVan));
}

/// A Party resolution named in a state document's subject is a reference: the meeting papers
/// and the công văn about it are the state agency's.
#[test]
fn a_party_number_of_another_type_is_a_reference() {
    let r = with_attachment(
        "Tài liệu hội nghị học tập Nghị quyết 57-NQ/TW",
        "Kính gửi các đại biểu,\n\nVăn phòng gửi tài liệu phục vụ hội nghị sáng 8/12.\n\n\
         Trân trọng./.",
        "filename=\"Tai lieu hoi nghi.pdf\"",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::TaiLieuHop));
    let r = with_attachment(
        "V/v học tập Nghị quyết 57-NQ/TW",
        "Kính gửi các phòng,\n\nỦy ban gửi công văn về học tập nghị quyết.\n\nTrân trọng./.",
        "filename=\"612_UBND-VP.pdf\"",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.number.as_deref(), Some("612/UBND-VP"));
}

/// File names that put the abbreviation first: "QD_14_THPTLS_signed.pdf" is 14/QĐ-THPTLS.
#[test]
fn file_names_with_the_abbreviation_first() {
    let r = with_attachment(
        "Gửi văn bản",
        "Kính gửi các đơn vị,\n\nNhà trường gửi quyết định số 14 về khen thưởng.\n\nTrân trọng!",
        "filename=\"QD_14_THPTLS_signed.pdf\"",
    );
    assert_eq!(r.number.as_deref(), Some("14/QĐ-THPTLS"), "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::QuyetDinh));
    let r = with_attachment(
        "Chuyển phòng Nghiệp vụ xử lý",
        "Chuyển phòng Nghiệp vụ xử lý.",
        "filename=\"KH 211-SYT phong dich.pdf\"",
    );
    assert_eq!(r.number.as_deref(), Some("211/KH-SYT"), "{r:?}");
}

/// An article about a document, forwarded from a news site, is not the document.
#[test]
fn news_about_a_document_is_not_the_document() {
    let r = plain(
        "Fwd: [Báo Điện tử Chính phủ] Thủ tướng ra Công điện số 33/CĐ-TTg về mưa lũ",
        "Gửi anh chị tham khảo bài báo.\n\nhttps://baochinhphu.vn/bai-viet-123.htm",
    );
    assert!(!r.official, "{r:?}");
}

/// Associations ("Hội …" but the councils), residents' boards and private clinics are
/// neither state agencies nor unknown: their numbered notices are not administrative
/// documents.
#[test]
fn associations_boards_and_clinics_are_not_agencies() {
    for header in [
        "HỘI KIẾN TRÚC SƯ TỈNH NINH BÌNH",
        "BAN QUẢN TRỊ NHÀ CHUNG CƯ HÒA BÌNH",
        "PHÒNG KHÁM ĐA KHOA AN BÌNH",
    ] {
        let r = plain(
            "Thông báo",
            &format!("{header}\nSố: 03/TB-XYZ\n\nTHÔNG BÁO\nVề lịch nghỉ Tết"),
        );
        assert!(!r.official, "{header}: {r:?}");
    }
}

/// Notification layouts: dot leaders before the colon, the number split into "Số:" and "Ký
/// hiệu:" fields.
#[test]
fn notification_fields_in_other_layouts() {
    let r = plain(
        "[KHẨN] Giấy mời dự hội nghị",
        "HỆ THỐNG QUẢN LÝ VĂN BẢN\n\nSố văn bản ....... : 508/GM-UBND\nNội dung ......... : \
         Giấy mời dự hội nghị tổng kết\nĐộ khẩn .......... : Khẩn\n",
    );
    assert_eq!(r.number.as_deref(), Some("508/GM-UBND"), "{r:?}");
    assert_eq!(r.urgency, Some(Urgency::Khan));
    let r = plain(
        "[eDoc] Thông báo kết luận",
        "Văn bản mới\n\nSố: 1733\nKý hiệu: TB-VPUB\nLoại VB: Thông báo\nTrích yếu: Kết luận \
         của Chủ tịch UBND tỉnh\n",
    );
    assert_eq!(r.number.as_deref(), Some("1733/TB-VPUB"), "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::ThongBao));
}

/// A file name with the abbreviation glued to the number ("KH119-SXD.pdf"); a schedule's
/// title with its period in brackets.
#[test]
fn glued_file_names_and_bracketed_titles() {
    let r = with_attachment(
        "Kế hoạch kiểm tra công trình",
        "Sở Xây dựng gửi kế hoạch kiểm tra.\n\nPhòng Quản lý",
        "filename=\"KH207-SXD.pdf\"",
    );
    assert_eq!(r.number.as_deref(), Some("207/KH-SXD"), "{r:?}");
    let r = plain(
        "Lịch công tác tuần 51 của Lãnh đạo Sở",
        "LỊCH CÔNG TÁC TUẦN 51 (từ 14/12 đến 18/12/2026) CỦA LÃNH ĐẠO SỞ\n\nThứ Hai 14/12: \
         Giám đốc họp giao ban\n\nVăn phòng Sở",
    );
    assert!(r.official, "{r:?}");
    assert_eq!(r.doc_type, Some(DocType::LichCongTac));
}

/// A meeting request (RFC 5546) and a forwarded news article name documents they are not;
/// a company's own domain is a company's.
#[test]
fn invitations_news_and_company_domains() {
    let raw = eml(
        &[
            "Subject: =?utf-8?q?L=E1=BB=9Di_m=E1=BB=9Di:_H=E1=BB=8Dp_g=C3=B3p_=C3=BD_K=E1=BA=BF_ho=E1=BA=A1ch_77/KH-SXD?=",
            "Content-Type: multipart/alternative; boundary=c",
        ],
        "--c\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n\
         Họp góp ý Kế hoạch 77/KH-SXD\n--c\nContent-Type: text/calendar; method=REQUEST\n\n\
         BEGIN:VCALENDAR\nMETHOD:REQUEST\nEND:VCALENDAR\n--c--\n",
    );
    assert!(!recognised(&raw).unwrap().official);
    let r = plain(
        "Fwd: HĐND tỉnh thông qua Nghị quyết 18/2026/NQ-HĐND",
        "tham khảo nhé\n\n---------- Forwarded message ---------\nFrom: Bao Gia Lai \
         <tin@baogialai.vn>\nSubject: HĐND tỉnh thông qua Nghị quyết 18/2026/NQ-HĐND\n\n\
         (Báo Gia Lai) - Chiều 10/12, HĐND tỉnh thông qua Nghị quyết số 18/2026/NQ-HĐND.",
    );
    assert!(!r.official, "{r:?}");
    let raw = String::from_utf8(with_attachment_raw(
        "V/v đề nghị hướng dẫn thủ tục",
        "Kính gửi Chi cục Hải quan,\n\nCông ty gửi công văn đề nghị hướng dẫn thủ tục.\n\n\
         Trân trọng,",
        "filename=\"CV 2612 DHL.pdf\"",
    ))
    .unwrap()
    .replace(
        "From: Van thu <vanthu@sxd.danang.gov.vn>",
        "From: Phap che <phapche@donghai-logistics.com.vn>",
    );
    let r = recognised(raw.as_bytes()).unwrap();
    assert!(!r.official, "{r:?}");
    assert_eq!(r.issuer, Issuer::Company);
}

/// A number with a year whose ký hiệu names no ND30 type is no công văn (a court's summons,
/// a company's contract); a village's report is its residents' own; "THƯ CHÚC TẾT" is a
/// thư công; a sales letter with a quotation is a company's.
#[test]
fn years_villages_greetings_and_trade() {
    let r = plain(
        "Giấy triệu tập",
        "TÒA ÁN NHÂN DÂN KHU VỰC 2\nSố: 21/2027/GTT-TA\n\nGIẤY TRIỆU TẬP\nTriệu tập ông A.",
    );
    assert!(!r.official, "{r:?}");
    let r = plain(
        "Báo cáo thôn tháng 1",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTHÔN NÀ PÀN\n\
         Số: 03/BC-T\n\nBÁO CÁO\nTình hình thôn",
    );
    assert!(!r.official, "{r:?}");
    assert_eq!(r.issuer, Issuer::Other);
    let r = plain(
        "Thư chúc Tết",
        "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\n\nTHƯ CHÚC TẾT\nXuân 2027\n\nKính gửi đồng bào,\n\
         CHỦ TỊCH",
    );
    assert_eq!(r.doc_type, Some(DocType::ThuCong), "{r:?}");
    let raw = String::from_utf8(plain_raw(
        "V/v gia hạn dịch vụ",
        "Kính gửi: Văn phòng UBND tỉnh\nTrung tâm gửi Công văn số 22/TTKD-KHDN về gia hạn \
         dịch vụ. Báo giá kèm theo.\n\nPhòng Khách hàng Doanh nghiệp",
    ))
    .unwrap()
    .replace(
        "From: Van thu <vanthu@sxd.danang.gov.vn>",
        "From: Kinh doanh <kd@telecom.vn>",
    );
    let r = recognised(raw.as_bytes()).unwrap();
    assert!(!r.official, "{r:?}");
    assert_eq!(r.issuer, Issuer::Company);
}

fn plain_raw(subject: &str, body: &str) -> Vec<u8> {
    let subject = format!("Subject: {subject}");
    eml(
        &[
            &subject,
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        body,
    )
}

/// Phishing from a look-alike of a .gov.vn domain, a mail system's quarantine notice, a
/// header pasted to ask about it, and a request for a file carry no document.
#[test]
fn lookalikes_system_notices_questions_and_requests() {
    let from = |raw: Vec<u8>, sender: &str| {
        String::from_utf8(raw)
            .unwrap()
            .replace("From: Van thu <vanthu@sxd.danang.gov.vn>", sender)
            .into_bytes()
    };
    let raw = from(
        with_attachment_raw(
            "[KHẨN] Quyết định hoàn thuế số 5512/QĐ-BTC",
            "Kính gửi Quý cơ quan,\n\nBộ Tài chính gửi Quyết định số 5512/QĐ-BTC.\n\nTrân trọng.",
            "filename=\"5512-QD-BTC.pdf\"",
        ),
        "From: Bo Tai chinh <hoantien@mof-gov.vn.cc>",
    );
    assert!(!recognised(&raw).unwrap().official);
    let raw = from(
        plain_raw(
            "Thông báo thư bị cách ly",
            "Thư bị giữ\n\nFrom: x@example.net\nSubject: Kế hoạch 88/KH-UBND (MẬT)\nReason: Phishing",
        ),
        "From: Microsoft 365 Quarantine <quarantine@danang.gov.vn>",
    );
    assert!(!recognised(&raw).unwrap().official);
    let r = plain(
        "hỏi số QĐ",
        "Anh ơi, em chép đầu văn bản:\n\nỦY BAN NHÂN DÂN XÃ HÒA VANG\nSố: 61/QĐ-UBND\n\n\
         Số 61/QĐ-UBND này là số mới hay cũ anh?",
    );
    assert!(!r.official, "{r:?}");
    let r = plain(
        "xin file QĐ 702/QĐ-UBND",
        "Kính gửi chị,\n\nEm xin file Quyết định để đối chiếu.\n\nTrân trọng./.",
    );
    assert!(!r.official, "{r:?}");
}

/// Meeting papers for a hearing ("phiên giải trình") are meeting papers; a title left with
/// a conversion's markup ("**LỊCH CÔNG TÁC …") is still the title.
#[test]
fn hearings_papers_and_marked_up_titles() {
    let r = with_attachment(
        "Tài liệu phiên giải trình về khu công nghệ cao",
        "Kính gửi các đại biểu,\n\nVăn phòng gửi tài liệu phục vụ phiên giải trình.\n\n\
         Trân trọng./.",
        "filename=\"1432-BC-UBKHCNMT.pdf\"",
    );
    assert_eq!(r.doc_type, Some(DocType::TaiLieuHop), "{r:?}");
    let r = plain(
        "Lịch công tác tuần 15",
        "**LỊCH CÔNG TÁC TUẦN 15 (từ 05/4 đến 09/4/2027)\n**của Thường trực UBND\n\nThứ Hai: \
         giao ban",
    );
    assert_eq!(r.doc_type, Some(DocType::LichCongTac), "{r:?}");
    assert!(r.official);
}

/// A file name's words after the number are its topic, not a ký hiệu: the note's number of
/// the same type wins ("PA 06 PCCR.pdf" with "Phương án số 06/PA-UBND").
#[test]
fn a_file_names_topic_is_no_issuer_code() {
    let r = with_attachment(
        "Phương án phòng cháy rừng",
        "Kính gửi các xã,\n\nUBND tỉnh gửi Phương án số 06/PA-UBND về phòng cháy rừng.\n\n\
         Trân trọng./.",
        "filename=\"PA 06 PCCR.pdf\"",
    );
    assert_eq!(r.number.as_deref(), Some("06/PA-UBND"), "{r:?}");
}

/// The pre-scan lets through every way a text can give a type: a type's name (unaccented,
/// decomposed, in a public letter's title, a "V/v" line), a number however its digits meet
/// its ký hiệu (a template's space before "/", a split "Số:"/"Ký hiệu:" pair, "_" and "-"),
/// and a name split over a text table's cells, which the body's reading joins.
#[test]
fn the_pre_scan_lets_through_every_way_a_type_is_named() {
    let nfd: String = "Kính gửi quý cơ quan giấy mời họp".nfd().collect();
    let bodies = [
        "Số: 218 /SYT-KHTC\nQuảng Ngãi, ngày 2 tháng 12",
        "Số: 1522\nKý hiệu: TB-VPUB\n",
        "Gửi kèm 45_TB-UBND.\n",
        "Đính kèm 87-KH/TU.\n",
        "GUI GIAY MOI HOP\n",
        &nfd,
        "THƯ CHÚC TẾT\n",
        "V/v tăng cường\n",
        "| Loại | Giấy | mời |\n",
    ];
    for body in bodies {
        let raw = eml(
            &[
                "Subject: Xin chào",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
            ],
            body,
        );
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert!(may_carry_a_document(&message), "{body:?}");
    }
    // A subject that names one, with a body that does not.
    let raw = eml(
        &[
            "Subject: Quyết định khen thưởng",
            "Content-Type: text/plain",
        ],
        "Xin xem.\n",
    );
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert!(may_carry_a_document(&message));
}

/// Mail that names no type and holds no number is passed over, with the result the full
/// reading gives: smtp-source's generated body (lines of capitals after a line number), a
/// note with times and counts.
#[test]
fn the_pre_scan_passes_over_mail_that_names_no_document() {
    let lines: String = (1..=50)
        .map(|i| format!("{i}{}\n", "X".repeat(78)))
        .collect();
    let raw = format!(
        "From: <sender@bench.gov.vn>\r\nTo: <user1@bench.gov.vn>\r\n\
         Message-Id: <1@vm>\r\n\r\n{}",
        lines.replace('\n', "\r\n")
    );
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap();
    assert!(!may_carry_a_document(&message));
    assert!(!recognised(raw.as_bytes()).unwrap().official);
    let note = plain(
        "Hẹn gặp",
        "Chào anh, mai 9 giờ họp nhóm ở phòng 302, mang theo 2 bản in.\n",
    );
    assert!(!note.official);
    let raw = eml(
        &[
            "Subject: Hẹn gặp",
            "Content-Type: text/plain; charset=utf-8",
        ],
        "Chào anh, mai 9 giờ họp nhóm ở phòng 302, mang theo 2 bản in.\n",
    );
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert!(!may_carry_a_document(&message));
}

/// "CV" in a file name names a công văn only beside its number (ND30 gives the công văn no
/// type abbreviation): "CV_<name>.pdf" in a job application is a curriculum vitae.
#[test]
fn a_curriculum_vitae_is_no_cong_van() {
    let application = with_attachment(
        "Đơn ứng tuyển",
        "Kính gửi: Phòng Tổ chức - Hành chính,\nEm xin ứng tuyển vị trí chuyên viên.\n",
        "filename=\"CV_NguyenVanAn.pdf\"",
    );
    assert!(!application.official, "{:?}", application.evidence);
    let cong_van = with_attachment(
        "Gửi văn bản",
        "Kính gửi: Các phòng.\n",
        "filename=\"CV 3318 SYT-NVY.pdf\"",
    );
    assert_eq!(id(&cong_van), Some("cong-van"));
    assert_eq!(cong_van.number.as_deref(), Some("3318/SYT-NVY"));
}
