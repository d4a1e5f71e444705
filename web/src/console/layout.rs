//! The page frame every console page shares, the stylesheet, and the error pages.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::Authed;

const CSS: &str = include_str!("console.css");

/// `GET /console/console.css`: the one stylesheet (cached for a day; it changes only with the
/// program).
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        CSS,
    )
        .into_response()
}

/// A whole page: the header with the menu for `who` (none on the login page), then `body`.
pub fn page(title: &str, who: Option<&Authed>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — Thư điện tử công vụ" }
                link rel="stylesheet" href="/console/console.css";
            }
            body {
                header {
                    a.brand href="/console" { "Thư điện tử công vụ" }
                    @if let Some(who) = who {
                        nav {
                            a href="/console" { "Trang chính" }
                            a href="/console/password" { "Đổi mật khẩu" }
                            a href="/console/vacation" { "Trả lời tự động" }
                            @if who.may_view_reports() {
                                a href="/console/report" { "Báo cáo sử dụng" }
                            }
                            @if who.is_admin() {
                                a href="/console/admin" { "Quản trị tài khoản" }
                            }
                            form method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(who.session.csrf());
                                button.link type="submit" { "Đăng xuất (" (who.account.address) ")" }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A page with `status` and one message (and a way back).
pub fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let body = html! {
        h1 { (title) }
        p.error { (text) }
        p { a href="/console" { "Về trang chính" } }
    };
    (status, page(title, None, body)).into_response()
}

pub fn forbidden(text: &str) -> Response {
    message(StatusCode::FORBIDDEN, "Không được phép", text)
}

pub fn server_error() -> Response {
    message(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Lỗi máy chủ",
        "Máy chủ đang gặp sự cố, chưa thực hiện được yêu cầu. Hãy thử lại sau ít phút; nếu \
         vẫn lỗi, báo cho quản trị viên.",
    )
}
