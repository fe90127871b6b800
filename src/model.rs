//! The data model shared by the store, the importers, the CLI and the desktop app.
//!
//! Article bodies are typed blocks, never markup: whatever a file contains, it reaches the reader
//! as plain text in a paragraph, heading, quote, list item or pre-formatted block.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text;

/// The kind of one block of an article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    Quote,
    ListItem,
    Preformatted,
}

impl BlockKind {
    pub const ALL: [BlockKind; 5] = [
        BlockKind::Paragraph,
        BlockKind::Heading,
        BlockKind::Quote,
        BlockKind::ListItem,
        BlockKind::Preformatted,
    ];

    /// One-letter code used to store the kinds of an article's blocks compactly.
    pub fn code(self) -> char {
        match self {
            BlockKind::Paragraph => 'p',
            BlockKind::Heading => 'h',
            BlockKind::Quote => 'q',
            BlockKind::ListItem => 'l',
            BlockKind::Preformatted => 'c',
        }
    }

    pub fn from_code(code: char) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// One block of an article body: plain text of a known kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    /// A block of the given kind with its text cleaned; `None` when nothing is left.
    pub fn new(kind: BlockKind, raw: &str) -> Option<Block> {
        let text = match kind {
            BlockKind::Preformatted => text::clean_preformatted(raw),
            _ => text::clean_inline(raw),
        };
        (!text.is_empty()).then_some(Block { kind, text })
    }

    /// A block from text that is already clean (as `text::clean_inline` leaves it): no second
    /// pass over it. `None` when empty.
    pub(crate) fn from_clean(kind: BlockKind, text: &str) -> Option<Block> {
        debug_assert!(kind == BlockKind::Preformatted || text == crate::text::clean_inline(text));
        (!text.is_empty()).then(|| Block {
            kind,
            text: text.to_string(),
        })
    }

    pub fn paragraph(raw: &str) -> Option<Block> {
        Block::new(BlockKind::Paragraph, raw)
    }

    pub fn heading(raw: &str) -> Option<Block> {
        Block::new(BlockKind::Heading, raw)
    }
}

/// A title longer than this is running text, not a title (`NewArticle::with_title_in_bounds`).
pub(crate) const MAX_TITLE_CHARS: usize = 200;
/// The length of a title made from the start of running text.
pub(crate) const SHORT_TITLE_CHARS: usize = 100;

/// An article as a parser produces it, before it is stored.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewArticle {
    pub title: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub blocks: Vec<Block>,
}

impl NewArticle {
    /// The article without the characters no stored text keeps (see `text::is_unsafe_char`),
    /// whatever format it came from; blocks left empty are dropped.
    pub fn without_unsafe_chars(mut self) -> NewArticle {
        let strip = |s: &mut String| {
            if let std::borrow::Cow::Owned(clean) = text::strip_unsafe(s) {
                *s = clean;
            }
        };
        strip(&mut self.title);
        strip(&mut self.source);
        let optional = [
            &mut self.caption,
            &mut self.credit,
            &mut self.url,
            &mut self.author,
        ];
        optional.into_iter().flatten().for_each(strip);
        self.blocks
            .iter_mut()
            .for_each(|block| strip(&mut block.text));
        self.blocks.retain(|block| !block.text.is_empty());
        self
    }

    /// The article with a title a window can show. A "title" longer than `MAX_TITLE_CHARS` is
    /// running text (a page without a title line, or one crafted to bury the reader under a
    /// screenful of headline): it is kept whole as the body's first paragraph, and the article
    /// is titled with its start.
    pub fn with_title_in_bounds(mut self) -> NewArticle {
        if self.title.chars().count() > MAX_TITLE_CHARS {
            let whole = std::mem::take(&mut self.title);
            self.title = text::shorten(&whole, SHORT_TITLE_CHARS);
            self.blocks.insert(
                0,
                Block {
                    kind: BlockKind::Paragraph,
                    text: whole,
                },
            );
        }
        self
    }

    /// Number of words in the body.
    pub fn word_count(&self) -> u32 {
        let count: usize = self
            .blocks
            .iter()
            .map(|block| crate::analysis::word_count(&block.text))
            .sum();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// The identity of a story for duplicate detection: its normalised title and body, hashed.
    /// Case, spacing and punctuation differences do not make two copies of a story different.
    pub fn content_hash(&self) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(text::normalize_for_matching(&self.title).as_bytes());
        for block in &self.blocks {
            hasher.update(b"\n");
            hasher.update(text::normalize_for_matching(&block.text).as_bytes());
        }
        hasher.finalize().to_hex().to_string()
    }
}

/// A stored article, as `newsdesk show --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    pub title: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub imported_at: DateTime<Utc>,
    pub word_count: u32,
    pub bookmarked: bool,
    pub blocks: Vec<Block>,
    /// The language of its text as a BCP 47 tag ("en", "ar", "ja"), when known
    /// (`analysis::language::article_language`).
    #[serde(default)]
    pub language: Option<String>,
}

impl Article {
    /// The article as it was imported (what an export carries of it).
    pub fn into_new_article(self) -> NewArticle {
        NewArticle {
            title: self.title,
            caption: self.caption,
            credit: self.credit,
            source: self.source,
            url: self.url,
            author: self.author,
            published_at: self.published_at,
            blocks: self.blocks,
        }
    }
}

/// One row of an article list, as `newsdesk list --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub title: String,
    pub credit: Option<String>,
    pub source: String,
    pub imported_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub bookmarked: bool,
    /// Reading progress 0.0–1.0 of the last visit; `None` if never opened.
    pub progress: Option<f64>,
    /// Read to the end (or marked read).
    pub read: bool,
    /// The article's language as a BCP 47 tag, as `Article::language`.
    pub language: Option<String>,
    /// The start of the body, on one line.
    pub excerpt: String,
}

/// A bookmark on an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub article_id: i64,
    pub created_at: DateTime<Utc>,
    pub note: Option<String>,
}

/// A bookmark with the article it points at, for the bookmarks list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookmarkEntry {
    pub article: ArticleSummary,
    pub created_at: DateTime<Utc>,
    pub note: Option<String>,
}

/// The reading history of one article: when it was last opened and how far it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub article_id: i64,
    pub opened_at: DateTime<Utc>,
    /// The last scroll position, 0.0–1.0.
    pub progress: f64,
}

/// What saving a reading position did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SavedProgress {
    /// The position kept, 0.0–1.0.
    pub progress: f64,
    /// The article now counts as read (it was read to its end; the library alone decides).
    pub read: bool,
}

/// One line of the history list: the article (with its progress) and when it was last opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub article: ArticleSummary,
    pub opened_at: DateTime<Utc>,
}

/// What kind of file an import found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The "TT" text dump: stories with a `TT` header line.
    Tt,
    /// Any other text file: one article.
    Text,
    /// A Newsdesk JSON export.
    NewsdeskJson,
    /// A web page: its main article.
    Html,
    /// A Markdown note: one article.
    Markdown,
    /// An RSS, Atom or JSON Feed document: one article per entry.
    Feed,
    /// A zip archive of any of the other formats.
    Zip,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Tt => "tt",
            Format::Text => "text",
            Format::NewsdeskJson => "newsdesk-json",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Feed => "feed",
            Format::Zip => "zip",
        }
    }
}

/// Outcome of importing one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// At least one new article was added.
    Imported,
    /// Every article in the file was already in the library.
    Duplicate,
    /// Nothing was imported from this file; `error` says why.
    Failed,
    /// The import was cancelled before this file was finished; nothing of it was kept.
    Cancelled,
    /// A file found in a folder that is clearly not news (an image, a program …); `error` says
    /// what it is. Not a failure.
    Skipped,
}

impl FileStatus {
    pub fn name(self) -> &'static str {
        match self {
            FileStatus::Imported => "imported",
            FileStatus::Duplicate => "duplicate",
            FileStatus::Failed => "failed",
            FileStatus::Cancelled => "cancelled",
            FileStatus::Skipped => "skipped",
        }
    }
}

/// The report on one imported file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub format: Option<Format>,
    pub status: FileStatus,
    pub added: u32,
    pub duplicates: u32,
    pub error: Option<String>,
    /// Ids of the already stored articles that this file's duplicates matched.
    pub duplicate_of: Vec<i64>,
    /// The file's first article (added now or stored before): what opening the file shows.
    pub first_article: Option<i64>,
}

/// The report on a whole import.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    pub added: u32,
    pub duplicates: u32,
    pub failed: u32,
    /// Files found in folders that are not news (see `FileStatus::Skipped`).
    #[serde(default)]
    pub skipped: u32,
}

impl ImportReport {
    pub fn push(&mut self, file: FileReport) {
        self.added += file.added;
        self.duplicates += file.duplicates;
        match file.status {
            FileStatus::Failed => self.failed += 1,
            FileStatus::Skipped => self.skipped += 1,
            _ => {}
        }
        self.files.push(file);
    }
}

/// Progress of a running import, pushed to a sink after every article and every file.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ImportProgress {
    pub files_done: u32,
    pub files_total: u32,
    pub current_file: Option<String>,
    pub articles_added: u32,
    pub duplicates: u32,
    pub failed: u32,
    /// Bytes of all files, and bytes read so far (also within the current file).
    pub bytes_total: u64,
    pub bytes_done: u64,
}

/// A piece of a search snippet; `hit` marks the words that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetSegment {
    pub text: String,
    pub hit: bool,
}

/// One search result: the article's summary fields, its relevance and a snippet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// Relevance; higher is better.
    pub score: f64,
    pub snippet: Vec<SnippetSegment>,
}

/// A page of search results and the total number of matches.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: u64,
    pub hits: Vec<SearchHit>,
}

/// An import source (file name, later feed or site) and how many articles came from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCount {
    pub source: String,
    pub articles: u64,
}

/// The counts a library's navigation shows, and its sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub all: u64,
    pub unread: u64,
    pub bookmarks: u64,
    pub continue_reading: u64,
    pub history: u64,
    pub sources: Vec<SourceCount>,
}

/// An article opened for reading, with where the reader left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub article: Article,
    /// The saved reading position, 0.0–1.0, to restore.
    pub progress: f64,
    pub read: bool,
    /// The note of its bookmark, if it is bookmarked with one.
    pub note: Option<String>,
    /// The words a search matched, when the article was opened from a search.
    pub highlights: Option<Highlights>,
}

/// An article's text split into segments with the searched words marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlights {
    pub title: Vec<SnippetSegment>,
    pub caption: Option<Vec<SnippetSegment>>,
    /// One list of segments per block, in block order.
    pub blocks: Vec<Vec<SnippetSegment>>,
}

/// Counts describing the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: u64,
    pub words: u64,
    pub bookmarks: u64,
    pub history: u64,
    pub read: u64,
    pub sources: u64,
    pub imports: u64,
    pub database_bytes: u64,
    pub schema_version: i64,
}
