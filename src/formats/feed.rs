//! Feeds: RSS 0.9x/1.0/2.0, Atom and JSON Feed, read by feed-rs. Each entry becomes an article
//! with its address, author and published date, filed under the feed's title; the entry's HTML
//! becomes typed blocks (see `blocks`).
//!
//! XML entities: the XML reader resolves only the predefined ones (`&amp;` …), so an entity
//! expansion bomb cannot grow; a document that declares entities is refused up front anyway,
//! with a message, rather than imported with its `&name;` references left in the text.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};
use feed_rs::model::{Entry, Text};
use feed_rs::parser::ParseFeedError;

use super::ArticleSink;
use super::blocks::html_to_blocks;
use super::detect::{closes, first_element, last_line};
use super::plain::{text_blocks, title_from_blocks};
use crate::error::{Error, Result};
use crate::links::canonical_url;
use crate::model::NewArticle;
use crate::text::clean_inline;

/// How far into the document a DTD's entity declarations are looked for.
const PROLOG_BYTES: usize = 64 << 10;

pub(crate) fn parse(
    bytes: &[u8],
    encoding: &'static Encoding,
    fallback_source: &str,
    sink: &mut dyn ArticleSink,
) -> Result<()> {
    let prolog = &bytes[..bytes.len().min(PROLOG_BYTES)];
    if contains(prolog, b"<!ENTITY") {
        return Err(Error::Unsupported(
            "the feed declares XML entities (<!ENTITY …>), which can expand without bound; \
             Newsdesk does not read such documents"
                .into(),
        ));
    }
    let head = String::from_utf8_lossy(prolog);
    if let Some(root) = first_element(&head).filter(|root| !closes(bytes, root)) {
        return Err(Error::Malformed(format!(
            "truncated XML: the feed ends at line {} before its closing </{root}>",
            last_line(bytes)
        )));
    }
    let feed = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build()
        .parse(&utf8_input(bytes, encoding)[..])
        .map_err(feed_error)?;
    let source = feed
        .title
        .as_ref()
        .map(plain_text)
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| fallback_source.to_string());
    let feed_author = feed.authors.first().and_then(|a| a.name.clone());
    for entry in feed.entries {
        if let Some(article) = entry_article(entry, &source, feed_author.as_deref())? {
            sink.add(article)?;
        }
    }
    Ok(())
}

/// The document as the XML reader should see it: as it is when it is UTF-8 or says its own
/// encoding (the reader honours the declaration and byte-order marks), else decoded with the
/// encoding sniffing found, since an undeclared legacy encoding would otherwise be read as UTF-8.
fn utf8_input<'b>(bytes: &'b [u8], encoding: &'static Encoding) -> Cow<'b, [u8]> {
    let declared = contains(&bytes[..bytes.len().min(200)], b"encoding=");
    if encoding == UTF_8 || declared || Encoding::for_bom(bytes).is_some() {
        Cow::Borrowed(bytes)
    } else {
        match encoding.decode_without_bom_handling(bytes).0 {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn feed_error(error: ParseFeedError) -> Error {
    match error {
        ParseFeedError::ParseError(kind) => {
            Error::Malformed(format!("not a readable feed: {kind}"))
        }
        ParseFeedError::IoError(e) => Error::Malformed(format!("the feed could not be read: {e}")),
        ParseFeedError::JsonSerde(e) => Error::Malformed(format!("broken JSON Feed: {e}")),
        ParseFeedError::JsonUnsupportedVersion(version) => {
            Error::Unsupported(format!("JSON Feed version {version} is not supported"))
        }
        ParseFeedError::XmlReader(e) => Error::Malformed(format!("broken XML in the feed: {e}")),
    }
}

/// One entry as an article; `None` for an entry with neither title nor text.
fn entry_article(
    entry: Entry,
    source: &str,
    feed_author: Option<&str>,
) -> Result<Option<NewArticle>> {
    let body = entry
        .content
        .as_ref()
        .and_then(|content| {
            let html = !content.content_type.to_string().starts_with("text/plain");
            content.body.as_ref().map(|body| (body.as_str(), html))
        })
        .or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|summary| (summary.content.as_str(), is_html(summary)))
        });
    let mut blocks = match body {
        Some((html, true)) => html_to_blocks(html)?,
        Some((text, false)) => text_blocks(text),
        None => Vec::new(),
    };
    let title = match entry
        .title
        .as_ref()
        .map(plain_text)
        .filter(|t| !t.is_empty())
    {
        Some(title) => title,
        None => match title_from_blocks(&mut blocks) {
            Some(title) => title,
            None => return Ok(None),
        },
    };
    let link = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or(entry.links.first());
    let author = entry
        .authors
        .first()
        .and_then(|person| person.name.as_deref())
        .or(feed_author)
        .map(person_name)
        .filter(|name| !name.is_empty());
    Ok(Some(NewArticle {
        title,
        source: source.to_string(),
        url: link.and_then(|link| canonical_url(&link.href)),
        author,
        published_at: entry.published.or(entry.updated),
        blocks,
        ..NewArticle::default()
    }))
}

/// A person's name as feeds write it; RSS's `email (Name)` leaves `(Name)` once the address is
/// taken out.
fn person_name(name: &str) -> String {
    let name = clean_inline(name);
    match name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        Some(inner) => inner.trim().to_string(),
        None => name,
    }
}

fn is_html(text: &Text) -> bool {
    !text.content_type.to_string().starts_with("text/plain")
}

/// A feed text (a title, the feed's name) as one line: markup in an HTML text removed.
fn plain_text(text: &Text) -> String {
    if is_html(text) {
        let blocks = html_to_blocks(&text.content).unwrap_or_default();
        let joined: Vec<&str> = blocks.iter().map(|block| block.text.as_str()).collect();
        clean_inline(&joined.join(" "))
    } else {
        clean_inline(&text.content)
    }
}
