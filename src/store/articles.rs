//! Articles: storing, reading, listing and deleting.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::migrations::has_recorded_stemming_and_counts;
use super::{optional_time, time, time_to_sql};
use crate::analysis::fts5::{ArticleAnalysis, analyse_article_ahead, with_fields_analysed};
use crate::analysis::language::article_language;
use crate::error::{Error, Result};
use crate::links::canonical_url;
use crate::model::{Article, ArticleSummary, Block, BlockKind, NewArticle, SourceCount};

/// Which articles a list shows. In JSON: `{"kind": "all"}`, `{"kind": "source", "value": "x"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ListFilter {
    /// Every article, newest import first.
    #[default]
    All,
    /// Articles not read to the end.
    Unread,
    /// Bookmarked articles (newest import first; see `Library::bookmarks` for bookmark order).
    Bookmarked,
    /// Started but not finished, last opened first.
    ContinueReading,
    /// Articles from one source.
    Source(String),
}

/// Columns of an `ArticleSummary`, read by `summary_from_row`: `SUMMARY_BASE` and the recorded
/// stemming language (see `summary_columns`). Need the aliases `a` (articles), `b` (bookmarks,
/// left-joined) and `h` (history, left-joined). The body's start is the excerpt's source and as
/// much as `article_language` reads to tell a language by its script.
const SUMMARY_BASE: &str = "a.id, a.title, a.credit, a.source, a.imported_at, \
     a.published_at, b.article_id IS NOT NULL, h.progress, \
     EXISTS (SELECT 1 FROM read_marks r WHERE r.article_id = a.id), substr(a.body, 1, 1000)";

/// The columns of an `ArticleSummary` in this library (see `stem_language_column`).
pub(crate) fn summary_columns(conn: &Connection) -> Result<String> {
    Ok(format!("{SUMMARY_BASE}, {}", stem_language_column(conn)?))
}

/// The language an article's body was stemmed in: its column, or NULL in a library waiting for
/// its upgrade to a schema that records it (`has_recorded_stemming_and_counts`), whose articles
/// have their language detected instead.
fn stem_language_column(conn: &Connection) -> Result<&'static str> {
    Ok(if has_recorded_stemming_and_counts(conn)? {
        "a.stem_language"
    } else {
        "NULL"
    })
}

pub(crate) const SUMMARY_JOINS: &str = "LEFT JOIN bookmarks b ON b.article_id = a.id \
     LEFT JOIN history h ON h.article_id = a.id";

/// The number of columns `summary_columns` selects.
pub(crate) const SUMMARY_WIDTH: usize = 11;
/// Which of them is the body's recorded stemming language (`Stemmer::recorded`, or NULL).
pub(crate) const SUMMARY_STEMMED_AS: usize = 10;
/// Length of a list excerpt, in characters.
const EXCERPT_CHARS: usize = 220;

/// Newest import first; within one file, the file's own order.
pub(crate) const NEWEST_FIRST: &str = "a.imported_at DESC, a.import_id DESC, a.id ASC";

/// The number of articles, from the counts kept per source (migration 0008).
const ALL_ARTICLES: &str = "(SELECT coalesce(sum(articles), 0) FROM source_counts)";
/// The same in a library waiting for an upgrade (see `has_recorded_stemming_and_counts`).
const ALL_ARTICLES_COUNTED: &str = "(SELECT count(*) FROM articles)";

const IS_READ: &str = "EXISTS (SELECT 1 FROM read_marks r WHERE r.article_id = a.id)";

pub(crate) fn summary_from_row(row: &Row) -> rusqlite::Result<ArticleSummary> {
    let body_start: String = row.get(9)?;
    Ok(ArticleSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        credit: row.get(2)?,
        source: row.get(3)?,
        imported_at: time(row, 4)?,
        published_at: optional_time(row, 5)?,
        bookmarked: row.get(6)?,
        progress: row.get(7)?,
        read: row.get(8)?,
        language: article_language(
            row.get::<_, Option<String>>(SUMMARY_STEMMED_AS)?.as_deref(),
            &body_start,
        )
        .map(str::to_string),
        excerpt: excerpt(&body_start),
    })
}

/// The start of a body as one line, cut at a word boundary.
fn excerpt(body_start: &str) -> String {
    let flat = body_start.replace(BLOCK_SEPARATOR, " ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// An article ready to be stored: everything that needs no database is computed (hash, address,
/// stored body), so an import can do this work on another thread than the one writing.
pub(crate) struct PreparedArticle {
    pub article: NewArticle,
    hash: String,
    canonical_url: Option<String>,
    word_count: u32,
    block_kinds: String,
    body: String,
    /// The search index's view of the article: its tokens, its prefix-table terms, how the
    /// body is stemmed, the title and caption as indexed (in the body's language).
    indexed: ArticleAnalysis,
}

impl PreparedArticle {
    /// Every article passes here before it is stored, whichever format and process it came
    /// from: this is where control and bidirectional characters are taken out, and a title too
    /// long to be one goes into the body.
    pub(crate) fn new(article: NewArticle) -> PreparedArticle {
        let article = article.without_unsafe_chars().with_title_in_bounds();
        let (block_kinds, body) = encode_body(&article.blocks);
        let indexed = analyse_article_ahead(&article.title, article.caption.as_deref(), &body);
        PreparedArticle {
            indexed,
            hash: article.content_hash(),
            canonical_url: article.url.as_deref().and_then(canonical_url),
            word_count: article.word_count(),
            block_kinds,
            body,
            article,
        }
    }
}

/// What storing an article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inserted {
    Added(i64),
    /// The same story is already stored under this id.
    Duplicate(i64),
}

impl Inserted {
    /// The stored article: the new one, or the one it duplicates.
    pub(crate) fn id(self) -> i64 {
        match self {
            Inserted::Added(id) | Inserted::Duplicate(id) => id,
        }
    }
}

/// Stores one article unless the same story is already in the library: the same canonical web
/// address, or the same normalised title and body.
pub(crate) fn insert_article(
    conn: &Connection,
    prepared: &PreparedArticle,
    import_id: i64,
    imported_at: &DateTime<Utc>,
) -> Result<Inserted> {
    let article = &prepared.article;
    let existing: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM articles WHERE canonical_url = ?1 \
             UNION ALL SELECT id FROM articles WHERE content_hash = ?2 LIMIT 1",
        )?
        .query_row(params![prepared.canonical_url, prepared.hash], |row| {
            row.get(0)
        })
        .optional()?;
    if let Some(id) = existing {
        return Ok(Inserted::Duplicate(id));
    }
    let caption = article.caption.as_deref();
    let imported_at = time_to_sql(imported_at);
    conn.prepare_cached(
        "INSERT INTO articles (import_id, title, caption, credit, source, url, author, \
         published_at, imported_at, word_count, content_hash, block_kinds, body, canonical_url, \
         stem_language) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        import_id,
        article.title,
        caption,
        article.credit,
        article.source,
        article.url,
        article.author,
        article.published_at.as_ref().map(time_to_sql),
        imported_at,
        prepared.word_count,
        prepared.hash,
        prepared.block_kinds,
        prepared.body,
        prepared.canonical_url,
        prepared.indexed.stemmed_as,
    ])?;
    let id = conn.last_insert_rowid();
    count_one_more(conn, &article.source, &imported_at, import_id)?;
    // The index entry, in the same transaction (see migration 0003 for why not a trigger).
    let indexed = &prepared.indexed;
    let texts = [Some(indexed.title.as_str()), indexed.caption.as_deref()];
    index_article(conn, id, texts, &prepared.body, indexed)?;
    Ok(Inserted::Added(id))
}

/// Writes an article's search-index entries with its tokens analysed ahead (`analysis`): its
/// title and caption as the index's content reads them (`texts`; in the story's language), its
/// body, and its prefix-table terms.
pub(crate) fn index_article(
    conn: &Connection,
    id: i64,
    [title, caption]: [Option<&str>; 2],
    body: &str,
    analysis: &ArticleAnalysis,
) -> Result<()> {
    let mut index = conn.prepare_cached(
        "INSERT INTO articles_fts (rowid, title, caption, body) VALUES (?1, ?2, ?3, ?4)",
    )?;
    with_fields_analysed(&analysis.fields, || {
        index.execute(params![id, title, caption, body])
    })?;
    conn.prepare_cached("INSERT INTO articles_prefixes (rowid, starts) VALUES (?1, ?2)")?
        .execute(params![id, analysis.prefixes])?;
    Ok(())
}

/// Stores a one-paragraph article from source "test" (for the store's tests).
#[cfg(test)]
pub(crate) fn insert_test_article(
    conn: &Connection,
    title: &str,
    body: &str,
    import_id: i64,
    imported_at: &DateTime<Utc>,
) -> Inserted {
    let article = NewArticle {
        title: title.into(),
        caption: None,
        credit: None,
        source: "test".into(),
        url: None,
        author: None,
        published_at: None,
        blocks: vec![Block::paragraph(body).expect("a paragraph")],
    };
    insert_article(conn, &PreparedArticle::new(article), import_id, imported_at).expect("stored")
}

/// Counts a stored article in its source's number and in its run of the list (migrations 0008
/// and 0009 for why not triggers). Two plain statements each: an upsert would make a statement
/// transaction, at which FTS5 writes out its pending terms.
fn count_one_more(
    conn: &Connection,
    source: &str,
    imported_at: &str,
    import_id: i64,
) -> Result<()> {
    let counted = conn
        .prepare_cached("UPDATE source_counts SET articles = articles + 1 WHERE source = ?1")?
        .execute([source])?;
    if counted == 0 {
        conn.prepare_cached("INSERT INTO source_counts (source, articles) VALUES (?1, 1)")?
            .execute([source])?;
    }
    let counted = conn
        .prepare_cached(
            "UPDATE list_runs SET articles = articles + 1 \
             WHERE imported_at = ?1 AND import_id = ?2",
        )?
        .execute(params![imported_at, import_id])?;
    if counted == 0 {
        conn.prepare_cached(
            "INSERT INTO list_runs (imported_at, import_id, articles) VALUES (?1, ?2, 1)",
        )?
        .execute(params![imported_at, import_id])?;
    }
    Ok(())
}

/// Separates blocks in the stored body. Block texts never contain it (see `text::clean_*`).
const BLOCK_SEPARATOR: &str = "\n\n";

/// Stores blocks as (one kind letter per block, block texts separated by a blank line), so the
/// body column is plain text the full-text index and snippets can use directly. Blocks made by
/// `Block::new` are stored as they are; a block built by hand that could break the layout (an
/// empty line in it, or nothing at all) is cleaned first.
fn encode_body(blocks: &[Block]) -> (String, String) {
    let clean: Vec<Cow<Block>> = blocks
        .iter()
        .filter_map(|block| {
            if block.text.is_empty()
                || block.text.contains(BLOCK_SEPARATOR)
                || block.text.trim() != block.text
            {
                Block::new(block.kind, &block.text).map(Cow::Owned)
            } else {
                Some(Cow::Borrowed(block))
            }
        })
        .collect();
    let kinds = clean.iter().map(|block| block.kind.code()).collect();
    let mut body = String::with_capacity(clean.iter().map(|b| b.text.len() + 2).sum());
    for (index, block) in clean.iter().enumerate() {
        if index > 0 {
            body.push_str(BLOCK_SEPARATOR);
        }
        body.push_str(&block.text);
    }
    (kinds, body)
}

/// The body as the library stores and indexes it.
pub(crate) fn stored_body(blocks: &[Block]) -> String {
    encode_body(blocks).1
}

fn decode_body(id: i64, kinds: &str, body: &str) -> Result<Vec<Block>> {
    let corrupt = || Error::Malformed(format!("article {id} has a damaged body in the library"));
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let texts: Vec<&str> = body.split(BLOCK_SEPARATOR).collect();
    if texts.len() != kinds.chars().count() {
        return Err(corrupt());
    }
    kinds
        .chars()
        .zip(texts)
        .map(|(code, text)| {
            let kind = BlockKind::from_code(code).ok_or_else(corrupt)?;
            Ok(Block {
                kind,
                text: text.to_string(),
            })
        })
        .collect()
}

/// The articles table (with the search index entries that go with each article).
pub(crate) struct Articles<'c> {
    pub(super) conn: &'c Connection,
}

impl Articles<'_> {
    /// One article with its body.
    pub fn get(&self, id: i64) -> Result<Article> {
        let stem_language = stem_language_column(self.conn)?;
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT a.id, a.title, a.caption, a.credit, a.source, a.url, a.author, \
                 a.published_at, a.imported_at, a.word_count, \
                 EXISTS (SELECT 1 FROM bookmarks b WHERE b.article_id = a.id), \
                 a.block_kinds, a.body, {stem_language} \
                 FROM articles a WHERE a.id = ?1"
            ))?
            .query_row([id], |row| {
                let article = Article {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    caption: row.get(2)?,
                    credit: row.get(3)?,
                    source: row.get(4)?,
                    url: row.get(5)?,
                    author: row.get(6)?,
                    published_at: optional_time(row, 7)?,
                    imported_at: time(row, 8)?,
                    word_count: row.get(9)?,
                    bookmarked: row.get(10)?,
                    blocks: Vec::new(),
                    language: None,
                };
                Ok((
                    article,
                    row.get::<_, String>(11)?,
                    row.get::<_, String>(12)?,
                    row.get::<_, Option<String>>(13)?,
                ))
            })
            .optional()?;
        let (mut article, kinds, body, stem_language) = row.ok_or(Error::NotFound(id))?;
        article.blocks = decode_body(id, &kinds, &body)?;
        article.language = article_language(stem_language.as_deref(), &body).map(str::to_string);
        Ok(article)
    }

    /// An article's web address, for opening in a browser: refused unless it is an absolute
    /// http or https address (see `links::external_url`).
    pub fn web_link(&self, id: i64) -> Result<String> {
        let url: Option<String> = self
            .conn
            .query_row("SELECT url FROM articles WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?
            .ok_or(Error::NotFound(id))?;
        let url = url.ok_or_else(|| {
            Error::InvalidInput(format!("article {id} has no web address to open"))
        })?;
        Ok(crate::links::external_url(&url)?.to_string())
    }

    /// A page of article summaries.
    pub fn list(
        &self,
        filter: &ListFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<ArticleSummary>> {
        let (condition, mut args) = filter_condition(filter);
        let order = match filter {
            ListFilter::ContinueReading => "h.opened_at DESC",
            _ => NEWEST_FIRST,
        };
        // The page's ids first: for the whole library that reads only the newest-first index,
        // so a page deep in 100,000 articles costs little more than the first one.
        let sql = format!(
            "SELECT a.id FROM articles a {SUMMARY_JOINS} \
             WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?"
        );
        args.push(Value::Integer(limit.into()));
        args.push(Value::Integer(offset.into()));
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args), |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Then their summaries, with the columns this library has (looked up once a page).
        let columns = summary_columns(self.conn)?;
        let mut summary = self.conn.prepare_cached(&format!(
            "SELECT {columns} FROM articles a {SUMMARY_JOINS} WHERE a.id = ?1"
        ))?;
        ids.into_iter()
            .map(|id| {
                summary
                    .query_row([id], summary_from_row)
                    .optional()?
                    .ok_or(Error::NotFound(id))
            })
            .collect()
    }

    /// How many articles a list would show in all.
    pub fn count(&self, filter: &ListFilter) -> Result<u64> {
        // The two largest lists are counted from the articles per source (a row per source;
        // counting the articles read an index entry for each, 4.4 MB at 100,000 articles, into
        // the page cache) and the read marks (a read mark always belongs to an article:
        // deleting the article deletes it).
        let all = if has_recorded_stemming_and_counts(self.conn)? {
            ALL_ARTICLES
        } else {
            ALL_ARTICLES_COUNTED
        };
        let sql = match filter {
            ListFilter::All => format!("SELECT {all}"),
            ListFilter::Unread => format!("SELECT {all} - (SELECT count(*) FROM read_marks)"),
            _ => {
                let (condition, args) = filter_condition(filter);
                return self.count_where(&condition, args);
            }
        };
        let count: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row([], |row| row.get(0))?;
        Ok(count as u64)
    }

    /// How many articles of a list are unread: what Mark all read would mark.
    pub fn count_unread(&self, filter: &ListFilter) -> Result<u64> {
        match filter {
            ListFilter::All | ListFilter::Unread => self.count(&ListFilter::Unread),
            // Only unread articles are continued.
            ListFilter::ContinueReading => self.count(filter),
            ListFilter::Bookmarked | ListFilter::Source(_) => {
                let (condition, args) = unread_condition(filter);
                self.count_where(&condition, args)
            }
        }
    }

    /// How many articles meet a condition over aliases `a`, `b` and `h`.
    fn count_where(&self, condition: &str, args: Vec<Value>) -> Result<u64> {
        let sql = format!("SELECT count(*) FROM articles a {SUMMARY_JOINS} WHERE {condition}");
        let count: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |row| row.get(0))?;
        Ok(count as u64)
    }

    /// Every source with its number of articles, by name.
    pub fn sources(&self) -> Result<Vec<SourceCount>> {
        let sql = if has_recorded_stemming_and_counts(self.conn)? {
            "SELECT source, articles FROM source_counts ORDER BY source COLLATE NOCASE"
        } else {
            "SELECT source, count(*) FROM articles GROUP BY source ORDER BY source COLLATE NOCASE"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |row| {
            Ok(SourceCount {
                source: row.get(0)?,
                articles: row.get::<_, i64>(1)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes an article; its bookmark, history and index entries go with it.
    pub fn delete(&self, id: i64) -> Result<()> {
        let deleted = self
            .conn
            .execute("DELETE FROM articles WHERE id = ?1", [id])?;
        if deleted == 0 {
            return Err(Error::NotFound(id));
        }
        Ok(())
    }

    /// Fails with `NotFound` unless the article exists.
    pub(crate) fn ensure(&self, id: i64) -> Result<()> {
        let exists: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1)")?
            .query_row([id], |row| row.get(0))?;
        if exists {
            Ok(())
        } else {
            Err(Error::NotFound(id))
        }
    }
}

/// The SQL condition and arguments of a list's unread articles: what Mark all read marks.
pub(crate) fn unread_condition(filter: &ListFilter) -> (String, Vec<Value>) {
    let (condition, args) = filter_condition(filter);
    (format!("({condition}) AND NOT {IS_READ}"), args)
}

/// The SQL condition (over aliases `a`, `b`, `h`) and its arguments for a list filter.
pub(crate) fn filter_condition(filter: &ListFilter) -> (String, Vec<Value>) {
    match filter {
        ListFilter::All => ("1".into(), vec![]),
        ListFilter::Unread => (format!("NOT {IS_READ}"), vec![]),
        ListFilter::Bookmarked => ("b.article_id IS NOT NULL".into(), vec![]),
        ListFilter::ContinueReading => (format!("h.progress > 0 AND NOT {IS_READ}"), vec![]),
        ListFilter::Source(source) => ("a.source = ?".into(), vec![Value::Text(source.clone())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_encoding_round_trips_every_kind() {
        let blocks = vec![
            Block::paragraph("First paragraph.").unwrap(),
            Block::heading("A heading").unwrap(),
            Block::new(BlockKind::Quote, "A quote").unwrap(),
            Block::new(BlockKind::ListItem, "An item").unwrap(),
            Block::new(BlockKind::Preformatted, "fn main() {\n\n    run();\n}").unwrap(),
        ];
        let (kinds, body) = encode_body(&blocks);
        assert_eq!(kinds, "phqlc");
        assert_eq!(decode_body(1, &kinds, &body).unwrap(), blocks);
    }

    #[test]
    fn empty_blocks_are_dropped_and_empty_body_decodes() {
        let blocks = vec![Block {
            kind: BlockKind::Paragraph,
            text: " \u{00A0}".into(),
        }];
        let (kinds, body) = encode_body(&blocks);
        assert_eq!((kinds.as_str(), body.as_str()), ("", ""));
        assert!(decode_body(1, &kinds, &body).unwrap().is_empty());
    }

    #[test]
    fn a_damaged_body_is_an_error_not_a_panic() {
        assert!(matches!(
            decode_body(7, "pp", "only one"),
            Err(Error::Malformed(_))
        ));
        assert!(matches!(
            decode_body(7, "x", "text"),
            Err(Error::Malformed(_))
        ));
    }
}
