//! Markdown notes: one article. The title is the front matter's `title:`, else a `#` heading
//! at the top, else the first paragraph. Headings, paragraphs, quotes, list items and code
//! blocks become typed blocks; inline markup is flattened to its text and raw HTML is dropped.

use chrono::{DateTime, NaiveDate, Utc};
use pulldown_cmark::{Event, Options, Tag, TagEnd};

use super::ArticleSink;
use super::plain::title_from_blocks;
use crate::error::{Error, Result};
use crate::links::canonical_url;
use crate::model::{Block, BlockKind, NewArticle};
use crate::text::clean_inline;

/// The fields a YAML front matter may give (`key: value` lines; other keys are ignored).
#[derive(Debug, Default, PartialEq)]
struct FrontMatter {
    title: Option<String>,
    author: Option<String>,
    date: Option<DateTime<Utc>>,
    url: Option<String>,
}

pub(crate) fn parse(note: &str, source: &str, sink: &mut dyn ArticleSink) -> Result<()> {
    let (front, mut blocks) = read(note);
    let title = match front.title {
        Some(title) => title,
        None if blocks.first().is_some_and(|b| b.kind == BlockKind::Heading) => {
            blocks.remove(0).text
        }
        None => title_from_blocks(&mut blocks)
            .ok_or_else(|| Error::Malformed("no articles found in the file".into()))?,
    };
    sink.add(NewArticle {
        title,
        source: source.to_string(),
        url: front.url.as_deref().and_then(canonical_url),
        author: front.author,
        published_at: front.date,
        blocks,
        ..NewArticle::default()
    })
}

/// The front matter and the body's blocks.
fn read(note: &str) -> (FrontMatter, Vec<Block>) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES;
    let mut front = FrontMatter::default();
    let mut blocks = Vec::new();
    let mut text = String::new();
    // The kind of block each open container builds; the innermost decides.
    let mut kinds: Vec<BlockKind> = Vec::new();
    let mut in_metadata = false;
    let mut in_image = 0usize;
    let mut flush = |text: &mut String, kinds: &[BlockKind]| {
        let kind = kinds.last().copied().unwrap_or(BlockKind::Paragraph);
        blocks.extend(Block::new(kind, text));
        text.clear();
    };
    for event in pulldown_cmark::Parser::new_ext(note, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => front = front_matter(&t),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(tag) => {
                let inner = match tag {
                    Tag::Heading { .. } => BlockKind::Heading,
                    Tag::BlockQuote(_) => BlockKind::Quote,
                    Tag::Item if kinds.last() != Some(&BlockKind::Quote) => BlockKind::ListItem,
                    Tag::CodeBlock(_) => BlockKind::Preformatted,
                    Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::FootnoteDefinition(_) => {
                        kinds.last().copied().unwrap_or(BlockKind::Paragraph)
                    }
                    _ => continue,
                };
                flush(&mut text, &kinds);
                kinds.push(inner);
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::Paragraph
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            ) => {
                flush(&mut text, &kinds);
                kinds.pop();
            }
            Event::Text(t) | Event::Code(t) if in_image == 0 => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Rule => flush(&mut text, &kinds),
            _ => {}
        }
    }
    flush(&mut text, &kinds);
    (front, blocks)
}

/// Reads `key: value` lines of a YAML front matter (quotes around values removed).
fn front_matter(yaml: &str) -> FrontMatter {
    let mut front = FrontMatter::default();
    for line in yaml.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = clean_inline(value.trim().trim_matches(['"', '\'']));
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => front.title = Some(value),
            "author" | "byline" => front.author = Some(value),
            "date" | "published" | "published_at" => front.date = parse_date(&value),
            "url" | "link" | "canonical_url" | "source_url" => front.url = Some(value),
            _ => {}
        }
    }
    front
}

/// RFC 3339 (`2026-03-02T08:15:00+01:00`) or a plain day (`2026-03-02`, taken as midnight UTC).
fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .and_then(|day| day.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(note: &str) -> Vec<(BlockKind, String)> {
        read(note).1.into_iter().map(|b| (b.kind, b.text)).collect()
    }

    #[test]
    fn markdown_structure_becomes_blocks() {
        use BlockKind::*;
        let note = "# Title\n\nA *para*\nwith `code` and <b>html</b>.\n\n> quoted\n> on.\n\n\
            - one\n- two\n  - nested\n\n1. first\n\n```\nlet x = 1;\n\nx\n```\n\n\
            ![a photo](https://example.com/p.png)\n\n## Sub\n\n---\n\nEnd.";
        assert_eq!(
            kinds_and_texts(note),
            [
                (Heading, "Title".into()),
                (Paragraph, "A para with code and html.".into()),
                (Quote, "quoted on.".into()),
                (ListItem, "one".into()),
                (ListItem, "two".into()),
                (ListItem, "nested".into()),
                (ListItem, "first".into()),
                (Preformatted, "let x = 1;\n \nx".into()),
                (Heading, "Sub".into()),
                (Paragraph, "End.".into()),
            ]
        );
    }

    #[test]
    fn front_matter_gives_title_author_date_and_url() {
        let (front, blocks) = read(
            "---\ntitle: \"Notes: the budget\"\nauthor: Ana Lima\ndate: 2026-03-02\n\
             url: https://example.com/budget?utm_source=x\ntags: [a, b]\n---\n\nBody.",
        );
        assert_eq!(front.title.as_deref(), Some("Notes: the budget"));
        assert_eq!(front.author.as_deref(), Some("Ana Lima"));
        assert_eq!(
            front.date.map(|d| d.to_rfc3339()),
            Some("2026-03-02T00:00:00+00:00".into())
        );
        assert_eq!(
            front.url.as_deref(),
            Some("https://example.com/budget?utm_source=x")
        );
        assert_eq!(blocks.len(), 1);
    }
}
