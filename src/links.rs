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

/// Query parameters that only track where a reader came from; they never change the page.
const TRACKING_PARAMETERS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "ref",
    "ref_src",
    "ref_url",
    "cmpid",
    "ncid",
    "_ga",
    "_gl",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "spm",
    "share",
    "smid",
];

/// The identity of a web page for duplicate detection: an absolute `http`/`https` URL with the
/// scheme and host lower-cased, the default port, fragment and tracking parameters (`utm_*`,
/// `fbclid`, `gclid` …) removed. The other query parameters keep their order and spelling: some
/// sites do read them in order, and two links that differ there are not known to be one page.
/// `None` for anything that is not a web address.
pub fn canonical_url(link: &str) -> Option<String> {
    let mut url = url::Url::parse(link.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<&str> = url
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && !is_tracking(pair))
        .collect();
    let query = (!kept.is_empty()).then(|| kept.join("&"));
    url.set_query(query.as_deref());
    Some(url.into())
}

fn is_tracking(pair: &str) -> bool {
    let key = pair.split('=').next().unwrap_or(pair).to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMETERS.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_urls_drop_tracking_and_fold_the_host() {
        let cases = [
            (
                "https://WWW.Example.com:443/News/Story?utm_source=x&id=7&fbclid=abc#comments",
                Some("https://www.example.com/News/Story?id=7"),
            ),
            (
                "http://example.com/a?b=2&a=1&UTM_Medium=social&gclid=1&mc_cid=2&mc_eid=3&ref=home",
                Some("http://example.com/a?b=2&a=1"),
            ),
            (
                "https://example.com/?q=caf%C3%A9+au+lait",
                Some("https://example.com/?q=caf%C3%A9+au+lait"),
            ),
            ("HTTPS://example.com", Some("https://example.com/")),
            (
                "https://example.com/page?utm_campaign=x",
                Some("https://example.com/page"),
            ),
            (
                "https://example.com/page?&&",
                Some("https://example.com/page"),
            ),
            ("ftp://example.com/file", None),
            ("/relative/path", None),
            ("mailto:someone@example.com", None),
            ("not a url", None),
        ];
        for (link, canonical) in cases {
            assert_eq!(canonical_url(link).as_deref(), canonical, "{link}");
        }
    }

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
