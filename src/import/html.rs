//! Web pages: the main article, found by rs-trafilatura (a port of trafilatura; see
//! docs/html-extraction.md for why this extractor), with the page's metadata: title, author,
//! published time and site name (OpenGraph, JSON-LD, `<time>`), and its canonical address.
//! The article's HTML becomes typed blocks; no markup is stored, nothing is fetched.

use super::ArticleSink;
use super::blocks::{Parse, html_to_blocks, parse_html};
use super::detect::{closes, first_element, last_line};
use super::text::{text_blocks, title_from_blocks};
use crate::error::{Error, Result};
use crate::links::canonical_url;
use crate::model::{BlockKind, NewArticle};
use crate::text::{clean_inline, normalize_for_matching};

/// A whole document (its first element is `<html>`) must end with `</html>`: one that does not
/// was cut off, and importing it would keep half a story without a word. Fragments (a `.htm`
/// with only a `<div>`) have no end tag to miss.
fn check_complete(page: &str) -> Result<()> {
    if first_element(page).as_deref() != Some("html") || closes(page.as_bytes(), "html") {
        return Ok(());
    }
    Err(Error::Malformed(format!(
        "truncated HTML: the page ends at line {} without its closing </html>; save the page again",
        last_line(page.as_bytes())
    )))
}

/// Reads a page and hands its article to the sink. `fallback_source` names the source when the
/// page does not name its site.
pub(crate) fn parse(page: &str, fallback_source: &str, sink: &mut dyn ArticleSink) -> Result<()> {
    check_complete(page)?;
    // The extractor parses the page with the same html5ever: a page within the limits here is
    // within them there. (Its tree is not reused: the extractor takes text.)
    drop(parse_html(page, Parse::Document)?);
    let options = rs_trafilatura::Options::default();
    // The extractor is a large third-party parser: should any page make it panic, that page
    // fails alone, with a message, instead of taking the import down.
    let extracted =
        std::panic::catch_unwind(|| rs_trafilatura::extract_with_options(page, &options))
            .map_err(|_| {
                Error::Malformed(
                    "the page could not be read: the HTML extractor failed on it".into(),
                )
            })?
            .map_err(|e| Error::Malformed(format!("no article found in the page ({e})")))?;
    let metadata = extracted.metadata;
    let mut blocks = match extracted.content_html.as_deref() {
        Some(html) => html_to_blocks(html)?,
        None => text_blocks(&extracted.content_text),
    };
    let title = metadata
        .title
        .as_deref()
        .map(clean_inline)
        .unwrap_or_default();
    // The extractor may keep the headline at the top of the body: it is already the title.
    if blocks.first().is_some_and(|first| {
        first.kind == BlockKind::Heading
            && normalize_for_matching(&first.text) == normalize_for_matching(&title)
    }) {
        blocks.remove(0);
    }
    let title = match title {
        title if !title.is_empty() => title,
        _ => title_from_blocks(&mut blocks).unwrap_or_default(),
    };
    if blocks.is_empty() {
        return Err(Error::Malformed("no article text found in the page".into()));
    }
    let non_empty =
        |value: Option<String>| value.map(|v| clean_inline(&v)).filter(|v| !v.is_empty());
    let article = NewArticle {
        title,
        source: non_empty(metadata.sitename).unwrap_or_else(|| fallback_source.to_string()),
        url: metadata.url.as_deref().and_then(canonical_url),
        author: non_empty(metadata.author),
        published_at: metadata.date,
        blocks,
        ..NewArticle::default()
    };
    sink.add(article)
}
