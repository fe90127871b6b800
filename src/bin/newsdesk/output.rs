//! Printing for people (plain text) and for programs (`--json`).

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::Path;

use newsdesk::Error;
use newsdesk::model::{
    Article, ArticleSummary, BlockKind, BookmarkEntry, FileStatus, HistoryEntry, ImportReport,
    SearchResults, Stats,
};
use serde::Serialize;

type Result = std::result::Result<(), Error>;

fn io(e: std::io::Error) -> Error {
    Error::io("standard output", e)
}

pub fn json(out: &mut impl Write, value: &impl Serialize) -> Result {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out).map_err(io)
}

/// Text from a library or a file, safe to print: control characters (newline and tab but) and
/// bidirectional controls are shown as escapes (`\u{1b}`), so no title can move the cursor,
/// retitle or clear the terminal, even in a library written before imports removed them.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(newsdesk::text::is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if newsdesk::text::is_unsafe_char(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

pub fn line(out: &mut impl Write, text: &str) -> Result {
    writeln!(out, "{}", visible(text)).map_err(io)
}

pub fn import_report(out: &mut impl Write, report: &ImportReport) -> Result {
    for file in &report.files {
        let format = file
            .format
            .map(|f| format!(" [{}]", f.name()))
            .unwrap_or_default();
        let detail = match file.status {
            FileStatus::Imported | FileStatus::Duplicate => {
                format!("{} added, {} duplicates", file.added, file.duplicates)
            }
            FileStatus::Failed | FileStatus::Cancelled | FileStatus::Skipped => {
                file.error.clone().unwrap_or_default()
            }
        };
        writeln!(
            out,
            "{:<9} {}{format}: {}",
            file.status.name(),
            visible(&file.path),
            visible(&detail)
        )
        .map_err(io)?;
    }
    writeln!(
        out,
        "{} files: {} articles added, {} duplicates skipped, {} files failed{}",
        report.files.len(),
        report.added,
        report.duplicates,
        report.failed,
        if report.skipped > 0 {
            format!(", {} not news", report.skipped)
        } else {
            String::new()
        }
    )
    .map_err(io)
}

fn summary_line(article: &ArticleSummary) -> String {
    let star = if article.bookmarked { "★" } else { " " };
    let credit = article
        .credit
        .as_deref()
        .map(|c| format!("{} · ", visible(c)))
        .unwrap_or_default();
    format!(
        "{:>6} {star} {}  ({credit}{})",
        article.id,
        visible(&article.title),
        visible(&article.source)
    )
}

pub fn article_list(out: &mut impl Write, articles: &[ArticleSummary]) -> Result {
    if articles.is_empty() {
        return line(out, "No articles.");
    }
    for article in articles {
        line(out, &summary_line(article))?;
    }
    Ok(())
}

pub fn article(out: &mut impl Write, article: &Article) -> Result {
    let bold = Style::for_stdout();
    writeln!(out, "{}", bold.strong(&visible(&article.title))).map_err(io)?;
    if let Some(caption) = &article.caption {
        let credit = article
            .credit
            .as_deref()
            .map(|c| format!(" ({})", visible(c)))
            .unwrap_or_default();
        writeln!(out, "Photo: {}{credit}", visible(caption)).map_err(io)?;
    }
    let published = article
        .published_at
        .map(|t| format!(" · published {}", t.format("%Y-%m-%d")))
        .unwrap_or_default();
    writeln!(
        out,
        "{} · {} words · imported {}{published}{}",
        visible(&article.source),
        article.word_count,
        article.imported_at.format("%Y-%m-%d %H:%M"),
        if article.bookmarked {
            " · ★ bookmarked"
        } else {
            ""
        }
    )
    .map_err(io)?;
    for block in &article.blocks {
        let shown = visible(&block.text);
        let text = match block.kind {
            BlockKind::Heading => bold.strong(&shown),
            BlockKind::Quote => format!("> {shown}"),
            BlockKind::ListItem => format!("• {shown}"),
            BlockKind::Paragraph | BlockKind::Preformatted => shown.into_owned(),
        };
        writeln!(out, "\n{text}").map_err(io)?;
    }
    Ok(())
}

pub fn search_results(out: &mut impl Write, results: &SearchResults) -> Result {
    let style = Style::for_stdout();
    let noun = if results.total == 1 {
        "match"
    } else {
        "matches"
    };
    writeln!(out, "{} {noun}", results.total).map_err(io)?;
    for hit in &results.hits {
        writeln!(
            out,
            "\n{:>6}  {}",
            hit.article.id,
            style.strong(&visible(&hit.article.title))
        )
        .map_err(io)?;
        let snippet: String = hit
            .snippet
            .iter()
            .map(|s| {
                if s.hit {
                    style.strong(&visible(&s.text))
                } else {
                    visible(&s.text).into_owned()
                }
            })
            .collect();
        writeln!(out, "        {snippet}").map_err(io)?;
    }
    Ok(())
}

pub fn bookmark_list(out: &mut impl Write, bookmarks: &[BookmarkEntry]) -> Result {
    if bookmarks.is_empty() {
        return line(out, "No bookmarks.");
    }
    for bookmark in bookmarks {
        line(out, &summary_line(&bookmark.article))?;
        if let Some(note) = &bookmark.note {
            writeln!(out, "         note: {}", visible(note)).map_err(io)?;
        }
    }
    Ok(())
}

pub fn history(out: &mut impl Write, history: &[HistoryEntry]) -> Result {
    if history.is_empty() {
        return line(out, "No history.");
    }
    for entry in history {
        let article = &entry.article;
        let state = if article.read {
            "read".to_string()
        } else {
            format!("{:>3.0}%", article.progress.unwrap_or(0.0) * 100.0)
        };
        writeln!(
            out,
            "{} {state:>4} {}",
            entry.opened_at.format("%Y-%m-%d %H:%M"),
            summary_line(&entry.article)
        )
        .map_err(io)?;
    }
    Ok(())
}

pub fn stats(out: &mut impl Write, stats: &Stats, path: &Path) -> Result {
    let rows = [
        ("library", path.display().to_string()),
        ("articles", stats.articles.to_string()),
        ("words", stats.words.to_string()),
        ("sources", stats.sources.to_string()),
        ("bookmarks", stats.bookmarks.to_string()),
        ("history", stats.history.to_string()),
        ("read", stats.read.to_string()),
        ("imports", stats.imports.to_string()),
        (
            "size",
            format!("{:.1} MB", stats.database_bytes as f64 / 1e6),
        ),
        ("schema", stats.schema_version.to_string()),
    ];
    for (name, value) in rows {
        writeln!(out, "{name:<10} {}", visible(&value)).map_err(io)?;
    }
    Ok(())
}

/// Bold text on a terminal, plain text otherwise.
struct Style {
    terminal: bool,
}

impl Style {
    fn for_stdout() -> Style {
        Style {
            terminal: std::io::stdout().is_terminal(),
        }
    }

    fn strong(&self, text: &str) -> String {
        if self.terminal {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}
