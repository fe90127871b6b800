//! Links found in articles are opened in the system browser — but only web links.

use crate::error::{Error, Result};

/// Checks that a link is an absolute `http://` or `https://` URL with a host, and returns it
/// trimmed. Anything else (`javascript:`, `file:`, relative paths …) is refused.
pub fn external_url(link: &str) -> Result<&str> {
    let link = link.trim();
    let refuse = || {
        Error::InvalidInput(format!(
            "only web links (http, https) can be opened, not \"{link}\""
        ))
    };
    let (scheme, rest) = link.split_once("://").ok_or_else(refuse)?;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let clean = !link.chars().any(|c| c.is_whitespace() || c.is_control());
    if web && !host.is_empty() && clean {
        Ok(link)
    } else {
        Err(refuse())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_pass() {
        assert_eq!(
            external_url(" https://example.com/a?b#c ").unwrap(),
            "https://example.com/a?b#c"
        );
        assert!(external_url("HTTP://example.com").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "/relative",
            "https://",
            "ftp://x",
            "https:// spaced.com",
            "data:text/html,<b>",
            "https:/one-slash.com",
        ] {
            assert!(external_url(bad).is_err(), "{bad}");
        }
    }
}
