//! Full-text search over the library: ranked or newest-first, filtered, with snippets.

pub mod highlight;
pub mod query;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

pub use self::query::{Query, Term};
use crate::error::Result;
use crate::model::{SearchHit, SearchResults, SnippetSegment};
use crate::store::{Library, SUMMARY_COLUMNS, SUMMARY_JOINS, SUMMARY_WIDTH, summary_from_row};

/// Column weights for bm25: a word in the title counts far more than one in the body.
const WEIGHT_TITLE: f64 = 10.0;
const WEIGHT_CAPTION: f64 = 3.0;
const WEIGHT_BODY: f64 = 1.0;
/// Snippet length in words.
const SNIPPET_WORDS: u32 = 24;
/// Marks around matched words in FTS5 snippets; control characters never occur in stored text.
const HIT_START: char = '\u{2}';
const HIT_END: char = '\u{3}';

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    #[default]
    Relevance,
    Newest,
}

/// A search request. In JSON every field but `text` may be left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    pub text: String,
    pub order: SearchOrder,
    pub bookmarked_only: bool,
    pub source: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

impl SearchRequest {
    pub fn new(text: impl Into<String>) -> Self {
        SearchRequest {
            text: text.into(),
            ..SearchRequest::default()
        }
    }
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            text: String::new(),
            order: SearchOrder::Relevance,
            bookmarked_only: false,
            source: None,
            limit: 50,
            offset: 0,
        }
    }
}

impl Library {
    /// Searches the library. Any text is accepted: what cannot be searched is ignored, and a
    /// query with nothing searchable finds nothing.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let query = Query::parse(&request.text);
        let mut conditions = Vec::new();
        let mut args = Vec::new();
        match (query.fts_expression(), query.exclusion_expression()) {
            (Some(expression), _) => {
                conditions.push("articles_fts MATCH ?".to_string());
                args.push(Value::Text(expression));
            }
            (None, Some(excluded)) => {
                conditions.push(
                    "a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
                        .to_string(),
                );
                args.push(Value::Text(excluded));
            }
            (None, None) => return Ok(SearchResults::default()),
        }
        if request.bookmarked_only {
            conditions.push("EXISTS (SELECT 1 FROM bookmarks b WHERE b.article_id = a.id)".into());
        }
        if let Some(source) = &request.source {
            conditions.push("a.source = ?".into());
            args.push(Value::Text(source.clone()));
        }
        let ranked = query.match_expression().is_some();
        let from = if ranked {
            "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        } else {
            "articles a"
        };
        let filter = conditions.join(" AND ");

        let total: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT count(*) FROM {from} WHERE {filter}"))?
            .query_row(params_from_iter(args.iter()), |row| row.get(0))?;

        let (score, snippet) = if ranked {
            (
                format!("-bm25(articles_fts, {WEIGHT_TITLE}, {WEIGHT_CAPTION}, {WEIGHT_BODY})"),
                format!("snippet(articles_fts, 2, char(2), char(3), '…', {SNIPPET_WORDS})"),
            )
        } else {
            ("0.0".to_string(), "substr(a.body, 1, 200)".to_string())
        };
        let order = match request.order {
            SearchOrder::Relevance if ranked => "score DESC, a.id DESC",
            _ => "a.imported_at DESC, a.import_id DESC, a.id ASC",
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, {snippet}, {score} AS score FROM {from} {SUMMARY_JOINS} \
             WHERE {filter} ORDER BY {order} LIMIT ? OFFSET ?"
        );
        args.push(Value::Integer(request.limit.into()));
        args.push(Value::Integer(request.offset.into()));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let hits = stmt
            .query_map(params_from_iter(args.iter()), |row| {
                Ok(SearchHit {
                    article: summary_from_row(row)?,
                    snippet: snippet_segments(&row.get::<_, String>(SUMMARY_WIDTH)?),
                    score: row.get(SUMMARY_WIDTH + 1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SearchResults {
            total: total as u64,
            hits,
        })
    }
}

/// Splits an FTS5 snippet with hit marks into segments; block breaks become spaces.
fn snippet_segments(marked: &str) -> Vec<SnippetSegment> {
    let mut segments: Vec<SnippetSegment> = Vec::new();
    let mut hit = false;
    for (index, piece) in marked.split([HIT_START, HIT_END]).enumerate() {
        if index > 0 {
            // Each mark toggles: the text after a start mark is a hit, after an end mark not.
            hit = !hit;
        }
        let text = piece.replace("\n\n", " ").replace('\n', " ");
        if text.is_empty() {
            continue;
        }
        match segments.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(&text),
            _ => segments.push(SnippetSegment { text, hit }),
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_segments() {
        let segments =
            snippet_segments("…the \u{2}North\u{3} \u{2}Korean\u{3} troops\n\nin Kursk…");
        let flat: Vec<(&str, bool)> = segments.iter().map(|s| (s.text.as_str(), s.hit)).collect();
        assert_eq!(
            flat,
            [
                ("…the ", false),
                ("North", true),
                (" ", false),
                ("Korean", true),
                (" troops in Kursk…", false)
            ]
        );
        assert!(snippet_segments("").is_empty());
    }
}
