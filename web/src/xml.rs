//! Escaping text for XML and HTML (the answers are written with `format!`: small, fixed
//! shapes, every value from configuration or a request escaped here).

/// `text` with `& < > " '` escaped, for element content and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_escaped_and_vietnamese_kept() {
        assert_eq!(
            super::escape("Sở <TT&TT> \"Đà Nẵng\" 'x'"),
            "Sở &lt;TT&amp;TT&gt; &quot;Đà Nẵng&quot; &apos;x&apos;"
        );
    }
}
