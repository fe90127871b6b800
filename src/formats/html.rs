//! Web pages: the main article, found by rs-trafilatura (a port of trafilatura; see
//! docs/html-extraction.md for why this extractor), with the page's metadata: title, author,
//! published time and site name (OpenGraph, JSON-LD, `<time>`), and its canonical address.
//! The article's HTML becomes typed blocks, cleared of page furniture (`chrome.rs`); no markup
//! is stored, nothing is fetched.

use super::ArticleSink;
use super::blocks::{Parse, html_to_blocks, parse_html};
use super::chrome::{Page, remove_chrome};
use super::detect::{closes, first_element, last_line};
use super::plain::{text_blocks, title_from_blocks};
use crate::error::{Error, Result};
use crate::links::canonical_url;
use crate::model::NewArticle;
use crate::text::clean_inline;

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
    let title = match metadata.title.as_deref().map(clean_inline) {
        Some(title) if !title.is_empty() => title,
        _ => title_from_blocks(&mut blocks).unwrap_or_default(),
    };
    // The extractor's text is a guide to its HTML only when both are whole: it cuts the text
    // at `max_extracted_len`.
    let extractor_text = (extracted.content_html.is_some()
        && extracted.content_text.len() < options.max_extracted_len)
        .then_some(extracted.content_text.as_str());
    remove_chrome(
        &mut blocks,
        &Page {
            title: &title,
            author: metadata.author.as_deref(),
            extractor_text,
        },
    );
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
