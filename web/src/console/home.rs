//! `GET /console`: who is logged in, their quota in use, and what their roles open.

use axum::response::{IntoResponse, Response};
use maud::html;

use storage::Role;

use super::Authed;
use super::layout::page;

/// Bytes as people read them (1 KiB = 1024 bytes), with a comma as the decimal mark.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

pub async fn page_handler(who: Authed) -> Response {
    page_of(&who)
}

fn page_of(who: &Authed) -> Response {
    let a = &who.account;
    let usage = a.quota_usage();
    let body = html! {
        h1 { "Xin chào, " (a.display_name) }
        div.card {
            h2 { "Dung lượng hộp thư" }
            @match usage.limit.bytes {
                Some(limit) if limit > 0 => {
                    p { "Đã dùng " (human_size(usage.used_bytes)) " trên " (human_size(limit))
                        " (" (format!("{:.0}", usage.used_bytes as f64 * 100.0 / limit as f64)) "%), "
                        (usage.used_messages) " thư." }
                    progress #quota value=(usage.used_bytes.min(limit)) max=(limit) { }
                    @if usage.used_bytes * 10 >= limit * 9 {
                        p.error { "Hộp thư sắp đầy: hãy xóa bớt thư cũ hoặc thư có tệp đính kèm lớn, rồi dọn Thùng rác." }
                    }
                }
                _ => {
                    p { "Đã dùng " (human_size(usage.used_bytes)) ", " (usage.used_messages) " thư (không giới hạn dung lượng)." }
                }
            }
        }
        div.card {
            h2 { "Tài khoản" }
            p { "Địa chỉ: " b { (a.address) } br; "Đơn vị: " (a.agency) }
            @if !who.roles.is_empty() {
                p { "Vai trò: "
                    @for (i, r) in who.roles.iter().enumerate() {
                        @if i > 0 { ", " }
                        (r.role.name_vi())
                        @if let Some(agency) = &r.agency { " (" (agency) ")" }
                    }
                }
            }
            ul {
                li { a href="/console/password" { "Đổi mật khẩu" } }
                li { a href="/console/vacation" { "Đặt thư trả lời tự động khi đi công tác, nghỉ phép" } }
                li { a href="/console/sent" { "Văn bản đã gửi: ai đã nhận, đã đọc" } }
                @if who.may_view_reports() {
                    li { a href="/console/report" { "Báo cáo tình hình sử dụng thư điện tử công vụ" } }
                }
                @if who.roles.iter().any(|r| r.role == Role::Admin) {
                    li { a href="/console/admin" { "Quản trị tài khoản" } }
                }
            }
        }
    };
    page("Trang chính", Some(who), body).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_the_cli() {
        assert_eq!(super::human_size(512), "512 B");
        assert_eq!(super::human_size(1536), "1,5 KiB");
        assert_eq!(super::human_size(2 * 1024 * 1024 * 1024), "2,0 GiB");
    }
}
