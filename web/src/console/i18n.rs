//! The console's strings in two languages: Vietnamese first, English second.
//!
//! Every string a converted page shows is a key of [`K`] with its Vietnamese and English text
//! side by side in one table (`strings!` below), so that a key without its translation cannot
//! be written (the build fails) and a reviewer reads both at once. Texts with values in them
//! hold `{}` placeholders, filled in order by [`Lang::fill`].
//!
//! The language is the person's choice, kept in a cookie set by `GET /console/lang?to=en`
//! (a link in every page's footer); without one, the browser's `Accept-Language`
//! (RFC 9110 §12.5.4) picks English only when it names both and prefers English.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The cookie that keeps the choice (host-only, sent only over TLS).
pub const LANG_COOKIE: &str = "__Host-govmail-lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

macro_rules! strings {
    ($($key:ident => $vi:literal, $en:literal;)*) => {
        /// A string of the console (see the module's doc).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum K { $($key,)* }

        impl K {
            /// Every key, for the table's own tests.
            pub const ALL: &[K] = &[$(K::$key,)*];
        }

        fn table(key: K) -> (&'static str, &'static str) {
            match key { $(K::$key => ($vi, $en),)* }
        }
    };
}

strings! {
    // The frame (layout).
    brand => "Thư điện tử công vụ", "Official mail";
    nav_home => "Trang chính", "Home";
    nav_password => "Đổi mật khẩu", "Change password";
    nav_vacation => "Trả lời tự động", "Out of office";
    nav_report => "Báo cáo sử dụng", "Usage report";
    nav_register => "Sổ văn bản", "Document register";
    nav_unused => "Địa chỉ chưa dùng", "Unused addresses";
    nav_admin => "Quản trị tài khoản", "Accounts";
    logout => "Đăng xuất", "Log out";
    other_language => "English", "Tiếng Việt";
    back_home => "Về trang chính", "Back to the home page";
    forbidden_title => "Không được phép", "Not allowed";
    server_error_title => "Lỗi máy chủ", "Server error";
    server_error_text => "Máy chủ đang gặp sự cố, chưa thực hiện được yêu cầu. Hãy thử lại sau ít phút; nếu vẫn lỗi, báo cho quản trị viên.",
        "The server has a problem and could not do this. Try again in a few minutes; if it goes on, tell your administrator.";
    csrf_refused => "Yêu cầu không hợp lệ (thiếu mã xác thực biểu mẫu). Hãy tải lại trang rồi thử lại.",
        "Invalid request (the form's token is missing). Reload the page and try again.";
    // Home.
    hello => "Xin chào, {}", "Hello, {}";
    quota_title => "Dung lượng hộp thư", "Mailbox size";
    quota_used_of => "Đã dùng {} trên {} ({}%), {} thư.", "{} used of {} ({}%), {} messages.";
    quota_used_unlimited => "Đã dùng {}, {} thư (không giới hạn dung lượng).", "{} used, {} messages (no size limit).";
    quota_almost_full => "Hộp thư sắp đầy: hãy xóa bớt thư cũ hoặc thư có tệp đính kèm lớn, rồi dọn Thùng rác.",
        "The mailbox is almost full: delete old messages or those with large attachments, then empty the Trash.";
    account_title => "Tài khoản", "Account";
    address_label => "Địa chỉ: ", "Address: ";
    agency_label => "Đơn vị: ", "Agency: ";
    roles_label => "Vai trò: ", "Roles: ";
    role_admin => "quản trị viên", "administrator";
    role_report_viewer => "xem báo cáo", "report viewer";
    home_password => "Đổi mật khẩu", "Change your password";
    home_vacation => "Đặt thư trả lời tự động khi đi công tác, nghỉ phép", "Set an automatic reply for a business trip or leave";
    home_sent => "Văn bản đã gửi: ai đã nhận, đã đọc", "Documents sent: who received and read them";
    home_report => "Báo cáo tình hình sử dụng thư điện tử công vụ", "Report on the use of official mail";
    home_register => "Sổ theo dõi văn bản điện tử", "Register of official documents exchanged";
    home_unused => "Danh sách theo dõi địa chỉ chưa sử dụng", "Follow-up list of unused addresses";
    home_admin => "Quản trị tài khoản", "Account administration";
    // Password.
    password_title => "Đổi mật khẩu", "Change password";
    password_current => "Mật khẩu hiện tại", "Current password";
    password_new => "Mật khẩu mới", "New password";
    password_confirm => "Nhập lại mật khẩu mới", "New password again";
    password_hint => "Ít nhất {} ký tự; không chứa tên hộp thư; không dùng mật khẩu phổ biến như 123456a@ hay matkhau. Một câu ngắn dễ nhớ (có dấu cũng được) là mật khẩu tốt. Sau khi đổi, hãy nhập mật khẩu mới trên điện thoại và máy tính.",
        "At least {} characters; not containing the mailbox name; not a common password such as 123456a@ or matkhau. A short sentence you remember (with diacritics if you like) is a good password. After changing it, enter the new password on your phone and computer.";
    password_wrong => "Mật khẩu hiện tại không đúng.", "The current password is wrong.";
    password_locked => "Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau {} phút.", "Too many wrong passwords. Try again in {} minutes.";
    password_done => "Đã đổi mật khẩu. Hãy nhập mật khẩu mới trong ứng dụng thư trên điện thoại và máy tính.",
        "Password changed. Enter the new password in the mail apps on your phone and computer.";
    weak_too_short => "Mật khẩu mới phải có ít nhất 10 ký tự.", "The new password must have at least 10 characters.";
    weak_too_long => "Mật khẩu mới quá dài (tối đa 256 ký tự).", "The new password is too long (256 characters at most).";
    weak_contains_address => "Mật khẩu mới không được chứa tên hộp thư (phần trước dấu @ của địa chỉ).", "The new password must not contain the mailbox name (the part of the address before the @).";
    weak_common => "Mật khẩu này quá phổ biến (nằm trong danh sách mật khẩu hay bị lộ, dễ bị đoán). Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ.", "This password is too common (it is on the list of leaked passwords, easily guessed). Choose another, for example a short sentence you remember.";
    weak_same_as_old => "Mật khẩu mới phải khác mật khẩu hiện tại.", "The new password must differ from the current one.";
    weak_mismatch => "Hai lần nhập mật khẩu mới không giống nhau.", "The two new passwords are not the same.";
    // Out of office.
    vacation_title => "Trả lời tự động", "Out-of-office reply";
    vacation_off_now => "Hiện không bật trả lời tự động.", "No out-of-office reply is set.";
    vacation_on_now => "Đang bật trả lời tự động", "The out-of-office reply is on";
    vacation_since => " từ ngày {}", " from {}";
    vacation_until => " đến hết ngày {}", " until the end of {}";
    vacation_edited => "Phần trả lời tự động trong bộ lọc thư đã được sửa bằng chương trình khác; lưu ở đây sẽ thay thế phần đó (các bộ lọc khác giữ nguyên).", "The out-of-office part of your mail filter was edited with another program; saving here replaces that part (your other filters stay).";
    vacation_from => "Từ ngày", "From";
    vacation_to => "Đến hết ngày", "Until the end of";
    vacation_dates_hint => "Để trống ngày nếu muốn trả lời từ bây giờ cho đến khi tắt.", "Leave the dates empty to reply from now until you turn it off.";
    vacation_subject => "Tiêu đề thư trả lời", "Subject of the reply";
    vacation_message => "Nội dung", "Message";
    vacation_on => "Bật trả lời tự động", "Turn the reply on";
    vacation_off => "Tắt", "Turn off";
    vacation_hint => "Mỗi người gửi nhận thư trả lời nhiều nhất một lần trong 7 ngày. Thư trả lời được lưu thành bộ lọc Sieve; ứng dụng thư hỗ trợ ManageSieve (như Thunderbird) cũng thấy và sửa được.", "Each sender gets the reply at most once in 7 days. The reply is kept as a Sieve filter; mail apps with ManageSieve (such as Thunderbird) see and can edit it.";
    vacation_default_subject => "Trả lời tự động: đang vắng mặt", "Automatic reply: out of office";
    vacation_saved_on => "Đã bật trả lời tự động.", "The out-of-office reply is on.";
    vacation_saved_off => "Đã tắt trả lời tự động.", "The out-of-office reply is off.";
    vacation_over_quota => "Không lưu được: bộ lọc thư vượt quá dung lượng cho phép. Hãy xóa bớt bộ lọc cũ.", "Not saved: the mail filters are over their size limit. Delete some old filters.";
    vacation_broken => "Không lưu được: bộ lọc thư hiện có bị lỗi. Hãy sửa bộ lọc trong ứng dụng thư hoặc nhờ quản trị viên.", "Not saved: your current mail filter has an error. Fix it in your mail app or ask your administrator.";
    // Sent documents.
    sent_title => "Văn bản đã gửi", "Documents sent";
    sent_intro => "Các văn bản hành chính Quý vị đã gửi trong {} ngày gần đây, và thời điểm mỗi người nhận đã nhận, đã đọc (theo Nghị định 30/2020/NĐ-CP, Điều 21). Người nhận ở hệ thống khác hiện thời điểm do hệ thống đó báo về.",
        "The official documents you sent in the last {} days, and when each recipient received and read them (Decree 30/2020/NĐ-CP, Article 21). For recipients on other systems the times are those their system reported.";
    sent_none => "Chưa có văn bản nào.", "No documents yet.";
    sent_at => "Gửi lúc {}", "Sent at {}";
    recipient => "Người nhận", "Recipient";
    agency => "Đơn vị", "Agency";
    received => "Đã nhận", "Received";
    read => "Đã đọc", "Read";
    document => "Văn bản", "Document";
    number_of => "{} số {}", "{} no. {}";
    // The usage report.
    report_title => "Báo cáo tình hình sử dụng thư điện tử công vụ", "Use of official mail";
    report_short => "Báo cáo sử dụng", "Usage report";
    period => "Kỳ báo cáo", "Period";
    agency_subtree => "Đơn vị (gồm các đơn vị trực thuộc)", "Agency (with the agencies under it)";
    show => "Xem", "Show";
    from_to => "Từ ngày {} đến ngày {}", "From {} to {}";
    regular_share_target => "Tỷ lệ cán bộ sử dụng thường xuyên (mục tiêu {}%)", "Share of staff using official mail regularly (target {}%)";
    trend_title => "Diễn biến theo tháng", "Month by month";
    chart_bars => "Tỷ lệ sử dụng thường xuyên theo đơn vị", "Regular-use share by agency";
    chart_target => "mục tiêu", "target";
    trend_no_data => "{}: — (chưa có địa chỉ nào được cấp, không có số liệu).", "{}: — (no address issued yet, no figures).";
    figures_title => "Số liệu chi tiết", "Figures";
    col_headcount => "Biên chế", "Staff";
    col_issued => "Địa chỉ đã cấp", "Addresses issued";
    col_active => "Hoạt động", "Active";
    col_regular => "Thường xuyên", "Regular";
    col_regular_share => "Tỷ lệ thường xuyên", "Regular share";
    col_sent => "Thư gửi", "Messages sent";
    col_received => "Thư nhận", "Messages received";
    col_official_sent => "Văn bản gửi", "Documents sent";
    col_official_received => "Văn bản nhận", "Documents received";
    below_target => " ▼ dưới mục tiêu", " ▼ below target";
    report_rule => "Cách tính: số liệu mỗi dòng gồm cả các đơn vị trực thuộc; {}.", "How it is counted: each row includes the agencies under it; {}.";
    downloads => "Tải về:", "Download:";
    download_xlsx => "Bảng tính Excel (.xlsx)", "Excel spreadsheet (.xlsx)";
    download_csv => "CSV (UTF-8)", "CSV (UTF-8)";
    download_print => "Bản in / PDF", "Print / PDF";
    print_hint => "Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu thành PDF.", "Use the browser's Print command (Ctrl+P) to print or save as PDF.";
    report_date => "Ngày lập báo cáo: {}", "Report made on {}";
    warnings_title => "Lưu ý", "Notes";
    bad_period_title => "Kỳ báo cáo không hợp lệ", "Invalid period";
    bad_period => "Kỳ báo cáo viết dạng 2026-10 (tháng), 2026-Q3 (quý), 2026 (năm) hoặc 2026-01-01..2026-03-31, và phải bắt đầu không muộn hơn hôm nay.",
        "Write the period as 2026-10 (month), 2026-Q3 (quarter), 2026 (year) or 2026-01-01..2026-03-31; it must begin no later than today.";
    no_agency_title => "Không có đơn vị", "No such agency";
    no_agency => "Không có đơn vị với mã này.", "There is no agency with this code.";
    no_report_role => "Tài khoản này không có quyền xem báo cáo sử dụng.", "This account may not see the usage reports.";
    out_of_scope => "Bạn không có quyền xem số liệu của đơn vị này. Lần truy cập này đã được ghi lại.", "You may not see this agency's figures. This attempt has been recorded.";
    // The register.
    register_title => "Sổ theo dõi văn bản điện tử", "Register of official documents exchanged";
    register_number => "Số/ký hiệu", "Number";
    register_type => "Loại văn bản", "Document type";
    register_any_type => "Tất cả", "All";
    register_from => "Từ ngày", "From";
    register_to => "Đến ngày", "To";
    register_search => "Tìm", "Search";
    register_found => "{} văn bản; trang {}/{}.", "{} documents; page {} of {}.";
    register_none => "Không có văn bản nào khớp.", "No document matches.";
    col_date => "Ngày", "Date";
    col_direction => "Chiều", "Direction";
    col_sender => "Người gửi", "Sender";
    col_sender_agency => "Đơn vị gửi", "Sending agency";
    col_recipient_agencies => "Đơn vị nhận", "Receiving agencies";
    col_external => "Nhận ngoài", "Outside recipients";
    col_subject => "Trích yếu", "Subject";
    col_tracking => "Đã nhận / đã đọc", "Received / read";
    tracking_counts => "nhận {}/{} · đọc {}/{}", "received {}/{} · read {}/{}";
    dir_sent => "gửi", "sent";
    dir_received => "nhận", "received";
    dir_refused => "bị chặn", "refused";
    recalled => "đã thu hồi", "recalled";
    previous => "« Trang trước", "« Previous";
    next => "Trang sau »", "Next »";
    bad_date => "Ngày viết dạng 2026-12-31.", "Write dates as 2026-12-31.";
    // The follow-up list.
    unused_title => "Danh sách theo dõi địa chỉ chưa sử dụng", "Follow-up list of unused addresses";
    unused_none_title => "Địa chỉ chưa sử dụng trong kỳ ({})", "Addresses not used in the period ({})";
    unused_none_hint => "Không đăng nhập, không gửi thư lần nào trong kỳ.", "No login and nothing sent in the whole period.";
    irregular_title => "Địa chỉ sử dụng chưa thường xuyên ({})", "Addresses not used regularly ({})";
    irregular_hint => "Có hoạt động nhưng ít hơn {}% số tuần của kỳ.", "Used, but in fewer than {}% of the weeks of the period.";
    missing_title => "Đơn vị còn cán bộ chưa được cấp địa chỉ ({})", "Agencies with staff still without an address ({})";
    col_address => "Địa chỉ", "Address";
    col_name => "Họ tên", "Name";
    col_weeks => "Số tuần hoạt động", "Weeks active";
    col_missing => "Còn thiếu", "Missing";
    nobody => "Không có.", "None.";
    // The login page.
    login_title => "Đăng nhập", "Log in";
    login_address => "Địa chỉ thư điện tử", "Email address";
    login_password => "Mật khẩu", "Password";
    login_hint => "Dùng địa chỉ và mật khẩu của hộp thư công vụ (như trên điện thoại, Outlook, Thunderbird).",
        "Use the address and password of your official mailbox (as on your phone, Outlook, Thunderbird).";
    login_cross_site => "Yêu cầu đăng nhập không đến từ trang này.", "This login request did not come from this page.";
    login_bad_form => "Biểu mẫu không hợp lệ.", "Invalid form.";
    login_empty => "Vui lòng nhập địa chỉ thư và mật khẩu.", "Please enter your email address and password.";
    login_refused => "Sai địa chỉ thư hoặc mật khẩu, hoặc hộp thư đang bị tạm khóa.",
        "Wrong email address or password, or the mailbox is suspended.";
    login_locked => "Đăng nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau {} phút.",
        "Too many failed logins. For safety, try again in {} minutes.";
    // The administrators' desk: shared.
    admin_only => "Chỉ quản trị viên được dùng trang này.", "Only administrators may use this page.";
    desk_label => "Quản trị", "Administration";
    desk_search => "Tìm tài khoản", "Find accounts";
    desk_issue => "Cấp tài khoản", "Issue accounts";
    desk_quarantine => "Thư bị giữ lại", "Held mail";
    desk_queue => "Hàng đợi gửi đi", "Outbound queue";
    desk_health => "Tình trạng máy chủ", "Server health";
    status_active => "đang hoạt động", "active";
    status_suspended => "tạm khóa", "suspended";
    status_removed => "đã xóa", "removed";
    bad_action_title => "Thao tác không hợp lệ", "Invalid action";
    bad_action => "Thao tác không hợp lệ.", "Invalid action.";
    no_account_title => "Không có tài khoản", "No such account";
    no_account => "Không tìm thấy tài khoản này.", "This account was not found.";
    go_back => "Quay lại", "Back";
    col_action => "Thao tác", "Action";
    col_full_name => "Họ và tên", "Full name";
    col_line => "Dòng", "Line";
    col_quota => "Hạn mức", "Quota";
    unlimited => "không giới hạn", "unlimited";
    // Finding accounts.
    admin_title => "Quản trị tài khoản", "Account administration";
    admin_search_label => "Tìm theo họ tên hoặc địa chỉ (có dấu hay không dấu đều được)",
        "Search by name or address (with or without diacritics)";
    admin_search => "Tìm", "Search";
    admin_found => "{} tài khoản", "Accounts found: {}";
    admin_found_first => " (chỉ hiện {} đầu tiên)", " (only the first {} shown)";
    col_status => "Trạng thái", "Status";
    admin_details => "Chi tiết, hạn mức, hộp thư đơn vị", "Details, quota, unit mailboxes";
    admin_suspend => "Tạm khóa", "Suspend";
    admin_resume => "Mở khóa", "Resume";
    admin_reset => "Đặt lại mật khẩu", "Reset password";
    admin_suspended => "Đã tạm khóa tài khoản {}.", "Account {} suspended.";
    admin_resumed => "Đã mở khóa tài khoản {}.", "Account {} resumed.";
    admin_not_done => "Không thực hiện", "Not done";
    admin_not_self => "Không thể tự khóa tài khoản của chính mình.", "You cannot suspend your own account.";
    reset_title => "Đặt lại mật khẩu", "Password reset";
    reset_new => "Mật khẩu mới của {} (chỉ hiện một lần, hãy chuyển cho người dùng qua kênh an toàn):",
        "The new password of {} (shown only once: pass it to the user over a safe channel):";
    reset_hint => "Người dùng nên đổi mật khẩu này ngay sau khi đăng nhập.", "The user should change this password right after logging in.";
    // One account.
    account_page_title => "Tài khoản", "Account";
    account_kind => "Loại", "Kind";
    kind_unit => "hộp thư đơn vị", "unit mailbox";
    kind_personal => "cá nhân", "personal";
    account_usage => "Dung lượng", "Size";
    messages_n => "{} thư", "{} messages";
    quota_title_admin => "Hạn mức", "Quota";
    quota_size_label => "Dung lượng tối đa (ví dụ 2 GB, 500 MiB, không giới hạn)", "Largest size (for example 2 GB, 500 MiB, unlimited)";
    quota_messages_label => "Số thư tối đa (để trống: không giới hạn)", "Most messages (empty: no limit)";
    quota_change => "Đổi hạn mức", "Change the quota";
    quota_bad => "Hạn mức không hợp lệ: {}", "Invalid quota: {}";
    quota_bad_messages => "Số thư tối đa phải là một số nguyên (hoặc để trống).", "The most messages must be a whole number (or empty).";
    quota_set => "Đã đặt hạn mức: {}.", "Quota set: {}.";
    unit_title => "Hộp thư đơn vị", "Unit mailboxes";
    unit_shared_with => "Những người được mở hộp thư này:", "Who may open this mailbox:";
    unit_nobody => "Chưa ai.", "Nobody yet.";
    unit_grant_to => "Cho tài khoản (địa chỉ) mở hộp thư này", "Let an account (address) open this mailbox";
    read_only_box => " Chỉ đọc", " Read only";
    grant_button => "Cấp quyền", "Grant";
    revoke_button => "Thu hồi", "Revoke";
    unit_access => "Các hộp thư đơn vị tài khoản này mở được:", "Unit mailboxes this account may open:";
    unit_none => "Chưa có.", "None yet.";
    unit_open => "Cho mở hộp thư đơn vị (địa chỉ, ví dụ vanthu@…)", "Let it open a unit mailbox (address, for example vanthu@…)";
    unit_hint => "Ứng dụng thư của người được cấp thấy hộp thư dưới thư mục Shared/…; quyền thu hồi có hiệu lực từ lệnh IMAP kế tiếp.",
        "The grantee's mail app shows the mailbox under the Shared/… folder; a revocation takes effect from the next IMAP command.";
    mode_read_only => "chỉ đọc", "read only";
    mode_read_write => "đọc và ghi", "read and write";
    grant_failed => "Chưa cấp được quyền: {}", "Not granted: {}";
    grant_created => "{} nay mở được {} ({}).", "{} may now open {} ({}).";
    grant_changed => "Quyền của {} với {} nay là {}.", "{}'s access to {} is now {}.";
    grant_unchanged => "{} đã có quyền {} với {}; không đổi gì.", "{} already has {} access to {}; nothing changed.";
    revoke_failed => "Chưa thu hồi được: {}", "Not revoked: {}";
    revoked => "Đã thu hồi quyền mở {} của {}.", "Access to {} revoked for {}.";
    // Issuing accounts.
    issue_title => "Cấp tài khoản", "Issue accounts";
    issue_domain => "Tên miền", "Domain";
    issue_not_done => "Chưa cấp được: {}", "Not issued: {}";
    issue_one_title => "Cấp một tài khoản", "Issue one account";
    issue_full_name => "Họ và tên (có dấu)", "Full name (with diacritics)";
    issue_address => "Địa chỉ (để trống: tạo từ họ tên, ví dụ annv)", "Address (empty: made from the name, for example annv)";
    issue_quota => "Hạn mức (để trống: mặc định {}; ví dụ 2 GB, không giới hạn)", "Quota (empty: the default {}; for example 2 GB, unlimited)";
    issue_unit => " Hộp thư đơn vị (văn thư, dùng chung)", " Unit mailbox (registry office, shared)";
    issue_button => "Cấp tài khoản", "Issue the account";
    import_title => "Nhập danh sách cán bộ (tệp CSV)", "Import a staff list (CSV file)";
    import_hint_1 => "Dòng đầu là tiêu đề cột: ", "The first line holds the column titles: ";
    import_required => " (bắt buộc); ", " (required); ";
    import_optional => " (không bắt buộc). Lưu từ Excel bằng “CSV UTF-8”. ", " (optional). Save from Excel as “CSV UTF-8”. ";
    import_hint_2 => "Tệp được kiểm tra toàn bộ như lệnh ", "The whole file is checked as by the command ";
    import_hint_3 => ": nếu có dòng lỗi, trang báo từng dòng và không tạo tài khoản nào.", ": if a row is wrong, the page lists each one and creates no account.";
    import_file => "Tệp danh sách (.csv)", "Staff list file (.csv)";
    import_button => "Kiểm tra và cấp tài khoản", "Check and issue the accounts";
    col_initial_password => "Mật khẩu ban đầu", "Initial password";
    unit_suffix => " (hộp thư đơn vị)", " (unit mailbox)";
    issued_hint => "Mật khẩu chỉ hiện một lần: hãy in hoặc chép trang này rồi chuyển cho từng người qua kênh an toàn. Người dùng nên đổi mật khẩu sau lần đăng nhập đầu.",
        "The passwords are shown only once: print or copy this page, then pass each one on over a safe channel. Users should change their password after the first login.";
    issue_more => "Cấp thêm", "Issue more";
    issued_one => "Đã cấp tài khoản {}.", "Account {} issued.";
    import_errors => "Tệp {} có {} lỗi. ", "The file {} has {} errors. ";
    import_nothing => "Chưa tạo tài khoản nào", "No account was created";
    import_valid_left => " (kể cả {} dòng hợp lệ). Hãy sửa tệp rồi tải lên lại.", " (not even the {} valid rows). Fix the file and upload it again.";
    col_import_error => "Lỗi (như lệnh govmail user import báo)", "Error (as govmail user import reports it)";
    import_other => "Tải lên tệp khác", "Upload another file";
    upload_too_large => "Không đọc được tệp tải lên (tối đa {} MB).", "The upload could not be read ({} MB at most).";
    no_file_name => "(không tên)", "(no name)";
    imported => "Đã cấp {} tài khoản từ tệp {} trên {}.", "{} accounts issued from the file {} on {}.";
    // Held mail and the outbound queue.
    secs_n => "{} giây", "{} s";
    mins_n => "{} phút", "{} min";
    hours_mins => "{} giờ {} phút", "{} h {} min";
    days_hours => "{} ngày {} giờ", "{} days {} h";
    hours_n => "{} giờ", "{} h";
    days_n => "{} ngày", "{} days";
    rows_first => "Chỉ hiện {} thư đầu trong tổng số {}; xem hết bằng lệnh trên máy chủ.", "Only the first {} of {} messages shown; see them all with the command on the server.";
    quarantine_hint => "Thư nhận được nhưng chưa giao cho người nhận, ví dụ văn bản có dấu mật (không được gửi qua thư điện tử nối mạng). Xem nội dung bằng lệnh ",
        "Mail received but not delivered to its recipients, for example a document marked secret (which may not travel by networked mail). See its content with the command ";
    quarantine_empty => "Không có thư nào bị giữ lại.", "No mail is held.";
    col_number => "Số", "No.";
    col_received_at => "Nhận lúc", "Received at";
    col_recipients => "Người nhận", "Recipients";
    col_mail_subject => "Tiêu đề", "Subject";
    col_reason => "Lý do", "Reason";
    col_size => "Cỡ", "Size";
    release_button => "Giao cho người nhận", "Deliver to the recipients";
    delete_button => "Xóa hẳn", "Delete";
    bad_message_number => "Số thư không hợp lệ.", "Invalid message number.";
    no_longer_held => "Không còn thư số {} trong danh sách giữ lại.", "Message {} is no longer held.";
    released => "Đã giao thư số {} vào {} hộp thư.", "Message {} delivered to {} mailboxes.";
    deleted => "Đã xóa hẳn thư số {}.", "Message {} deleted.";
    queue_hint => "Thư gửi ra ngoài chưa tới được máy chủ nhận; máy chủ tự thử lại theo lịch. “Thử lại ngay” đưa thư lên đầu lịch; “Hủy gửi” bỏ thư khỏi hàng đợi (không gửi nữa, không báo người gửi).",
        "Outgoing mail that has not yet reached the receiving server; the server retries on a schedule by itself. “Retry now” puts the message first in the schedule; “Cancel” takes it off the queue (not sent, the sender is not told).";
    queue_empty => "Hàng đợi trống.", "The queue is empty.";
    col_waited => "Đã chờ", "Waiting for";
    col_pending => "Còn chờ gửi tới", "Still to";
    col_attempts => "Số lần thử", "Attempts";
    col_next_attempt => "Lần thử tới", "Next attempt";
    col_last_error => "Lỗi gần nhất", "Last error";
    null_sender => "<> (báo cáo phát thư)", "<> (delivery report)";
    now_ => "ngay", "now";
    in_ => "sau {}", "in {}";
    retry_button => "Thử lại ngay", "Retry now";
    remove_button => "Hủy gửi", "Cancel";
    no_longer_queued => "Không còn thư số {} trong hàng đợi (có thể đã gửi xong).", "Message {} is no longer queued (it may have been sent).";
    retried => "Thư số {} sẽ được gửi lại trong vài giây.", "Message {} will be sent again in a few seconds.";
    removed => "Đã hủy gửi thư số {}; thư sẽ không được gửi.", "Message {} cancelled; it will not be sent.";
    // Server health.
    m_up => "Kho dữ liệu trả lời", "The store answers";
    m_accounts => "Tài khoản đang dùng", "Accounts in service";
    m_messages => "Thư trong các hộp thư", "Messages in the mailboxes";
    m_used => "Dung lượng tính cho các tài khoản", "Size charged to the accounts";
    m_near_quota => "Tài khoản dùng từ 90% hạn mức", "Accounts at 90% of their quota or more";
    m_queue => "Thư trong hàng đợi gửi đi", "Messages in the outbound queue";
    m_oldest => "Thư chờ lâu nhất", "Longest wait in the queue";
    m_quarantine => "Thư bị giữ lại", "Held messages";
    m_low_disk => "Thư bị từ chối vì thiếu chỗ đĩa", "Messages refused for lack of disk space";
    m_acme => "Lần gia hạn chứng chỉ (ACME) thất bại", "Failed certificate renewals (ACME)";
    yes => "có", "yes";
    no => "KHÔNG", "NO";
    cert_expired => "ĐÃ HẾT HẠN ngày {}", "EXPIRED on {}";
    cert_renew => "hết hạn ngày {}, còn {} ngày: cần gia hạn", "expires on {}, {} days left: renew it";
    cert_ok => "hết hạn ngày {}, còn {} ngày", "expires on {}, {} days left";
    cert_unreadable => "không đọc được: {}", "cannot be read: {}";
    disk_database => "Cơ sở dữ liệu", "Database";
    disk_blobs => "Nội dung thư (mỗi thư lưu một lần)", "Message contents (each stored once)";
    disk_drive => "Ổ đĩa", "Disk";
    disk_used => "đã dùng {}% của {}; còn trống {}", "{}% of {} used; {} free";
    disk_reserve => "Mức dự trữ", "Reserve";
    disk_reserve_hint => " (dưới mức này máy chủ tạm từ chối nhận thư mới)", " (below it the server refuses new mail for a while)";
    health_overview => "Tổng quan", "Overview";
    health_no_metrics => "Máy chủ này không cung cấp số liệu.", "This server provides no figures.";
    health_certificate => "Chứng chỉ TLS", "TLS certificate";
    health_file => "Tệp: ", "File: ";
    health_no_certificate => "Không có thông tin chứng chỉ.", "No certificate information.";
    health_disk => "Dung lượng đĩa", "Disk space";
    health_data_dir => "Thư mục dữ liệu: ", "Data directory: ";
    health_disk_unreadable => "Không đọc được dung lượng đĩa.", "The disk space could not be read.";
    health_all => "Tất cả chỉ số", "All metrics";
    health_all_hint => "Như điểm cuối /metrics (Prometheus) trả về; các bộ đếm tính từ lần khởi động máy chủ.",
        "As the /metrics endpoint (Prometheus) returns them; counters run from the server's start.";
    col_metric => "Chỉ số", "Metric";
    col_value => "Giá trị", "Value";
    col_meaning => "Ý nghĩa", "Meaning";
}

impl Lang {
    /// The text of `key` in this language.
    pub fn t(self, key: K) -> &'static str {
        let (vi, en) = table(key);
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The text of `key` with each `{}` replaced by the next of `values` (extra `{}` stay
    /// empty, extra values are dropped).
    pub fn fill(self, key: K, values: &[&(dyn std::fmt::Display + Sync)]) -> String {
        let mut out = String::new();
        let mut values = values.iter();
        let mut parts = self.t(key).split("{}");
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            if let Some(v) = values.next() {
                out.push_str(&v.to_string());
            }
            out.push_str(part);
        }
        out
    }

    /// The text of `key` as HTML, each `{}` replaced by the next of `values` (markup such as
    /// `b { (address) }`, kept as it is); the text itself is escaped.
    pub fn fill_html(self, key: K, values: &[maud::Markup]) -> maud::Markup {
        let mut out = String::new();
        let mut values = values.iter();
        let mut parts = self.t(key).split("{}");
        if let Some(first) = parts.next() {
            out.push_str(&maud::html! { (first) }.into_string());
        }
        for part in parts {
            if let Some(v) = values.next() {
                out.push_str(&v.0);
            }
            out.push_str(&maud::html! { (part) }.into_string());
        }
        maud::PreEscaped(out)
    }

    /// The `lang` attribute of the page (BCP 47).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("vi") {
            Some(Lang::Vi)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// The language of a request: the cookie, else `Accept-Language`, else Vietnamese.
    pub fn of(headers: &HeaderMap) -> Lang {
        let cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value.trim()));
        if let Some(lang) = cookie {
            return lang;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::Vi, accept_language)
    }
}

/// English when an `Accept-Language` value (RFC 9110 §12.5.4) names both languages and
/// prefers English (`en-GB,en;q=0.9,vi;q=0.5`, or `vi;q=0`); Vietnamese otherwise. A browser
/// that names English only is most often just an English-language browser in Vietnam (headless
/// Chromium sends `en-US` too): the console stays in Vietnamese until its user chooses.
fn accept_language(value: &str) -> Lang {
    // The highest weight (in thousandths) given to each language.
    let (mut vi, mut en): (Option<u16>, Option<u16>) = (None, None);
    for item in value.split(',').take(32) {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(|t| Lang::from_code(t.trim())) else {
            continue;
        };
        // A malformed weight counts as 0 (not acceptable).
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1000, |q| {
                q.trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
                    .map_or(0, |q| (q * 1000.0).round() as u16)
            });
        let slot = match lang {
            Lang::Vi => &mut vi,
            Lang::En => &mut en,
        };
        *slot = Some(slot.map_or(q, |old| old.max(q)));
    }
    match (vi, en) {
        (Some(vi), Some(en)) if en > vi => Lang::En,
        _ => Lang::Vi,
    }
}

/// The request's language as an extractor (never fails).
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.headers))
    }
}

#[derive(Deserialize, Default)]
pub struct Switch {
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

/// `GET /console/lang?to=en&back=/console/report`: keeps the choice for a year and goes back
/// to the page (only a path of the console or the login page: never another site).
pub async fn switch(Query(q): Query<Switch>) -> Response {
    let Some(lang) = Lang::from_code(&q.to) else {
        return (StatusCode::BAD_REQUEST, "vi or en").into_response();
    };
    let back = if (q.back.starts_with("/console") || q.back == "/login")
        && !q.back.contains("//")
        && !q.back.contains('\\')
    {
        q.back
    } else {
        "/console".into()
    };
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, back),
            (
                header::SET_COOKIE,
                format!(
                    "{LANG_COOKIE}={}; Secure; SameSite=Lax; Path=/; Max-Age=31536000",
                    lang.code()
                ),
            ),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_texts_with_the_same_placeholders() {
        for &k in K::ALL {
            let (vi, en) = table(k);
            assert!(!vi.is_empty() && !en.is_empty(), "{k:?}");
            assert_eq!(vi.matches("{}").count(), en.matches("{}").count(), "{k:?}");
        }
    }

    #[test]
    fn placeholders_are_filled_in_order() {
        assert_eq!(
            Lang::En.fill(K::register_found, &[&12, &1, &3]),
            "12 documents; page 1 of 3."
        );
        assert_eq!(Lang::Vi.fill(K::hello, &[&"Ngọc"]), "Xin chào, Ngọc");
    }

    #[test]
    fn html_placeholders_keep_their_markup_and_the_text_is_escaped() {
        let who = || maud::html! { b { "a<b@x" } };
        assert_eq!(
            Lang::Vi
                .fill_html(K::admin_suspended, &[who()])
                .into_string(),
            "Đã tạm khóa tài khoản <b>a&lt;b@x</b>."
        );
        assert_eq!(
            Lang::En
                .fill_html(K::admin_suspended, &[who()])
                .into_string(),
            "Account <b>a&lt;b@x</b> suspended."
        );
        // Text around the placeholders is escaped like any maud literal.
        assert_eq!(
            Lang::Vi.fill_html(K::null_sender, &[]).into_string(),
            "&lt;&gt; (báo cáo phát thư)"
        );
    }

    #[test]
    fn the_cookie_wins_then_accept_language_then_vietnamese() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::of(&h), Lang::Vi);
        h.insert(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9".parse().unwrap());
        assert_eq!(Lang::of(&h), Lang::Vi, "an English browser only");
        h.insert(
            header::ACCEPT_LANGUAGE,
            "en-GB,en;q=0.9,vi;q=0.5".parse().unwrap(),
        );
        assert_eq!(Lang::of(&h), Lang::En);
        h.insert(header::ACCEPT_LANGUAGE, "en;q=0.5, vi".parse().unwrap());
        assert_eq!(Lang::of(&h), Lang::Vi);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "fr, en;q=0.1, vi;q=0".parse().unwrap(),
        );
        assert_eq!(Lang::of(&h), Lang::En, "vi;q=0: not acceptable");
        h.insert(header::ACCEPT_LANGUAGE, "en;q=0, vi;q=0".parse().unwrap());
        assert_eq!(Lang::of(&h), Lang::Vi);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "en;q=0.8,vi;q=0.8".parse().unwrap(),
        );
        assert_eq!(Lang::of(&h), Lang::Vi, "a tie goes to Vietnamese");
        h.insert(
            header::ACCEPT_LANGUAGE,
            "en;q=abc,vi;q=0.1".parse().unwrap(),
        );
        assert_eq!(Lang::of(&h), Lang::Vi, "a malformed weight is 0");
        h.insert(
            header::COOKIE,
            format!("a=b; {LANG_COOKIE}=vi").parse().unwrap(),
        );
        h.insert(header::ACCEPT_LANGUAGE, "en".parse().unwrap());
        assert_eq!(Lang::of(&h), Lang::Vi);
    }

    #[tokio::test]
    async fn the_switch_goes_back_only_to_the_console() {
        let go = |to: &str, back: &str| Switch {
            to: to.into(),
            back: back.into(),
        };
        let r = switch(Query(go("en", "/console/report?period=2026"))).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[header::LOCATION], "/console/report?period=2026");
        assert!(
            r.headers()[header::SET_COOKIE]
                .to_str()
                .unwrap()
                .starts_with("__Host-govmail-lang=en; Secure")
        );
        for evil in [
            "https://evil.example/",
            "//evil.example",
            "/console//evil",
            "/x",
        ] {
            let r = switch(Query(go("vi", evil))).await;
            assert_eq!(r.headers()[header::LOCATION], "/console", "{evil}");
        }
        assert_eq!(
            switch(Query(go("fr", "/console"))).await.status(),
            StatusCode::BAD_REQUEST
        );
    }
}
