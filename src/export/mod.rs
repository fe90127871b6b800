//! Newsdesk's own formats, in one place: the lossless JSON export of a library (written here,
//! read back by `reader`), and the Markdown and HTML documents of bookmarks.
//!
//! The export is `{"format": "newsdesk-export", "version": 1, "exported_at": …, "articles": [...]}`
//! with articles in library order, written and read as a stream, one article at a time. Each
//! article carries its reading state, which an import restores. The store provides the
//! articles (`Library::export_json`); nothing here touches SQLite.

pub(crate) mod reader;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Article, BlockKind, BookmarkEntry, NewArticle};
use crate::store::now;

/// The `format` field that marks a Newsdesk export.
pub const EXPORT_FORMAT: &str = "newsdesk-export";
/// The version of the export document this build writes and reads.
pub const EXPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedBookmark {
    pub created_at: DateTime<Utc>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedVisit {
    pub opened_at: DateTime<Utc>,
    pub progress: f64,
}

/// One article of an export, with everything the reader did with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedArticle {
    #[serde(flatten)]
    pub article: NewArticle,
    #[serde(flatten)]
    pub state: ReadingState,
}

/// What a reader did with an exported article, and when it was imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingState {
    pub imported_at: DateTime<Utc>,
    pub bookmark: Option<ExportedBookmark>,
    pub visit: Option<ExportedVisit>,
    pub read_at: Option<DateTime<Utc>>,
}

/// The formats bookmarks can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum BookmarkFormat {
    /// A Markdown document: each story with its note and full text.
    Markdown,
    /// A standalone HTML page (text escaped, no scripts).
    Html,
    /// A Newsdesk export of the bookmarked articles (imports back, notes included).
    Json,
}

impl BookmarkFormat {
    /// What a file of this format is called in a file dialog, and its extension.
    pub fn file_kind(self) -> (&'static str, &'static str) {
        match self {
            BookmarkFormat::Markdown => ("Markdown", "md"),
            BookmarkFormat::Html => ("Web page", "html"),
            BookmarkFormat::Json => ("Newsdesk export", "json"),
        }
    }
}

fn io(e: std::io::Error) -> Error {
    Error::io("export output", e)
}

/// Creates the file at `path`, writes it through `write` (buffered), then syncs it to disk.
pub fn write_synced(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let mut writer = BufWriter::new(file);
    write(&mut writer)?;
    writer
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?
        .sync_all()
        .map_err(|e| Error::io(path, e))
}

/// Writes a Newsdesk export document, streaming the articles `each_article` hands over one by
/// one.
pub fn write_document(
    out: &mut dyn Write,
    each_article: impl FnOnce(&mut dyn FnMut(ExportedArticle) -> Result<()>) -> Result<()>,
) -> Result<()> {
    write!(
        out,
        "{{\"format\":{},\"version\":{EXPORT_VERSION},\"exported_at\":{},\"articles\":[",
        serde_json::to_string(EXPORT_FORMAT)?,
        serde_json::to_string(&now())?,
    )
    .map_err(io)?;
    let mut first = true;
    each_article(&mut |exported| {
        if !first {
            out.write_all(b",").map_err(io)?;
        }
        first = false;
        Ok(serde_json::to_writer(&mut *out, &exported)?)
    })?;
    out.write_all(b"]}\n").map_err(io)?;
    out.flush().map_err(io)?;
    Ok(())
}

/// The line under the title of a bookmarks document: "3 stories, exported from Newsdesk on …".
fn exported_line(stories: usize) -> String {
    let count = match stories {
        1 => "1 story".to_string(),
        n => format!("{n} stories"),
    };
    format!(
        "{count}, exported from Newsdesk on {}.",
        now().format("%Y-%m-%d")
    )
}

/// An article's web address, if it is one a reader may follow (http or https).
fn followable_url(article: &Article) -> Option<&str> {
    article
        .url
        .as_deref()
        .and_then(|url| crate::links::external_url(url).ok())
}

/// The line under a story's title: credit, source and dates.
fn byline(article: &Article, entry: &BookmarkEntry) -> String {
    let date = |time: chrono::DateTime<chrono::Utc>| time.format("%Y-%m-%d").to_string();
    [
        article.author.clone(),
        article.credit.clone(),
        Some(article.source.clone()),
        article.published_at.map(date),
        Some(format!("bookmarked {}", date(entry.created_at))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The characters that mean something to Markdown (CommonMark and GitHub's) wherever they sit
/// in a line: emphasis, code, links and images (`[`), raw HTML and autolinks (`<`), entities,
/// headings' closing `#`, tables, strikethrough, and `@` (e-mail autolinks).
const MARKDOWN_INLINE: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '#', '|', '~', '@',
];

/// Text as Markdown shows it literally, on one line: control characters removed and line breaks
/// folded, every character of `MARKDOWN_INLINE` escaped wherever it sits, and a character that
/// would start a block at the start of a line (`-`, `+`, `=`, `1.`, `1)`) escaped there.
fn markdown_text(text: &str) -> String {
    let line = crate::text::clean_inline(text);
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let mut escaped = String::with_capacity(line.len() + line.len() / 8);
    for (index, c) in line.char_indices() {
        let starts_block = (index == 0 && matches!(c, '-' | '+' | '='))
            || (digits > 0 && index == digits && matches!(c, '.' | ')'));
        if starts_block || MARKDOWN_INLINE.contains(&c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

pub(crate) fn write_markdown(
    out: &mut dyn Write,
    stories: &[(Article, BookmarkEntry)],
) -> Result<()> {
    writeln!(out, "# Bookmarks\n\n{}", exported_line(stories.len())).map_err(io)?;
    for (article, entry) in stories {
        writeln!(
            out,
            "\n## {}\n\n*{}*",
            markdown_text(&article.title),
            markdown_text(&byline(article, entry))
        )
        .map_err(io)?;
        if let Some(url) = followable_url(article) {
            // An autolink ends at the first ">": percent-encode the angle brackets.
            let url = url.replace('<', "%3C").replace('>', "%3E");
            writeln!(out, "\n<{url}>").map_err(io)?;
        }
        if let Some(note) = &entry.note {
            writeln!(out, "\n> **Note:** {}", markdown_text(note)).map_err(io)?;
        }
        if let Some(caption) = &article.caption {
            writeln!(out, "\n*Photo: {}*", markdown_text(caption)).map_err(io)?;
        }
        for block in &article.blocks {
            let text = match block.kind {
                BlockKind::Paragraph => markdown_text(&block.text),
                BlockKind::Heading => format!("### {}", markdown_text(&block.text)),
                BlockKind::Quote => format!("> {}", markdown_text(&block.text)),
                BlockKind::ListItem => format!("- {}", markdown_text(&block.text)),
                BlockKind::Preformatted => {
                    format!("```\n{}\n```", block.text.replace("```", "ˋˋˋ"))
                }
            };
            writeln!(out, "\n{text}").map_err(io)?;
        }
    }
    out.flush().map_err(io)
}

/// Text made safe inside HTML elements and attribute values (without control characters).
fn html_text(text: &str) -> String {
    crate::text::strip_unsafe(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub(crate) fn write_html(out: &mut dyn Write, stories: &[(Article, BookmarkEntry)]) -> Result<()> {
    writeln!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Bookmarks</title>\n<style>body{{max-width:42rem;margin:2rem auto;padding:0 1rem;\
         font:1.1rem/1.6 Georgia,serif;color:#1b1f24}}h2{{margin-top:2.5rem}}\
         .byline,.caption{{font:.9rem/1.5 system-ui,sans-serif;color:#4d5562}}\
         .note{{background:#f5f6f8;padding:.6rem .9rem;border-left:3px solid #1d4e89}}</style>\n\
         </head>\n<body>\n<h1>Bookmarks</h1>\n<p class=\"byline\">{}</p>",
        exported_line(stories.len())
    )
    .map_err(io)?;
    for (article, entry) in stories {
        // The story's own text: in its language, each part in the direction of its first letter
        // (Arabic and Hebrew right to left); the export's words around it stay English.
        let text = match &article.language {
            Some(tag) => format!(" lang=\"{}\" dir=\"auto\"", html_text(tag)),
            None => " dir=\"auto\"".to_string(),
        };
        writeln!(
            out,
            "<article>\n<h2{text}>{}</h2>\n<p class=\"byline\">{}</p>",
            html_text(&article.title),
            html_text(&byline(article, entry))
        )
        .map_err(io)?;
        if let Some(url) = followable_url(article) {
            writeln!(
                out,
                "<p class=\"byline\"><a href=\"{0}\">{0}</a></p>",
                html_text(url)
            )
            .map_err(io)?;
        }
        if let Some(note) = &entry.note {
            writeln!(
                out,
                "<p class=\"note\"><strong>Note:</strong> <span dir=\"auto\">{}</span></p>",
                html_text(note)
            )
            .map_err(io)?;
        }
        if let Some(caption) = &article.caption {
            writeln!(
                out,
                "<p class=\"caption\">Photo: <span{text}>{}</span></p>",
                html_text(caption)
            )
            .map_err(io)?;
        }
        let mut in_list = false;
        for block in &article.blocks {
            let item = block.kind == BlockKind::ListItem;
            if item != in_list {
                writeln!(out, "{}", if item { "<ul>" } else { "</ul>" }).map_err(io)?;
                in_list = item;
            }
            let tag = match block.kind {
                BlockKind::Paragraph => "p",
                BlockKind::Heading => "h3",
                BlockKind::Quote => "blockquote",
                BlockKind::ListItem => "li",
                BlockKind::Preformatted => "pre",
            };
            writeln!(out, "<{tag}{text}>{}</{tag}>", html_text(&block.text)).map_err(io)?;
        }
        if in_list {
            writeln!(out, "</ul>").map_err(io)?;
        }
        writeln!(out, "</article>").map_err(io)?;
    }
    writeln!(out, "</body>\n</html>").map_err(io)?;
    out.flush().map_err(io)
}
