//! The lossless JSON export of a whole library, and restoring the reading state it carries.
//!
//! The document is `{"format": "newsdesk-export", "version": 1, "exported_at": …, "articles": [...]}`
//! with articles in library order. It is written as a stream, one article at a time, and
//! `import::newsdesk_json` reads it back the same way.

use std::io::Write;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::{Library, now, optional_time, time, time_to_sql};
use crate::error::{Error, Result};
use crate::model::{Block, NewArticle};

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
    pub title: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub imported_at: DateTime<Utc>,
    pub blocks: Vec<Block>,
    pub bookmark: Option<ExportedBookmark>,
    pub visit: Option<ExportedVisit>,
    pub read_at: Option<DateTime<Utc>>,
}

impl ExportedArticle {
    pub fn to_new_article(&self) -> NewArticle {
        NewArticle {
            title: self.title.clone(),
            caption: self.caption.clone(),
            credit: self.credit.clone(),
            source: self.source.clone(),
            url: self.url.clone(),
            author: self.author.clone(),
            published_at: self.published_at,
            blocks: self.blocks.clone(),
        }
    }

    /// Restores the bookmark, visit and read mark onto a stored article, never overwriting
    /// newer state already in the library.
    pub(crate) fn restore_state(&self, conn: &Connection, article_id: i64) -> Result<()> {
        if let Some(bookmark) = &self.bookmark {
            conn.prepare_cached(
                "INSERT INTO bookmarks (article_id, created_at, note) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (article_id) DO NOTHING",
            )?
            .execute(params![
                article_id,
                time_to_sql(&bookmark.created_at),
                bookmark.note
            ])?;
        }
        if let Some(visit) = &self.visit {
            if !(0.0..=1.0).contains(&visit.progress) {
                return Err(Error::Malformed(format!(
                    "reading progress {} of \"{}\" is not between 0 and 1",
                    visit.progress, self.title
                )));
            }
            conn.prepare_cached(
                "INSERT INTO history (article_id, opened_at, progress) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (article_id) DO UPDATE SET opened_at = excluded.opened_at, \
                 progress = excluded.progress WHERE excluded.opened_at > history.opened_at",
            )?
            .execute(params![
                article_id,
                time_to_sql(&visit.opened_at),
                visit.progress
            ])?;
        }
        if let Some(read_at) = &self.read_at {
            conn.prepare_cached(
                "INSERT INTO read_marks (article_id, read_at) VALUES (?1, ?2) \
                 ON CONFLICT (article_id) DO NOTHING",
            )?
            .execute(params![article_id, time_to_sql(read_at)])?;
        }
        Ok(())
    }
}

impl Library {
    /// Writes the whole library as one JSON document, streaming article by article.
    pub fn export_json(&self, out: &mut dyn Write) -> Result<()> {
        let io = |e: std::io::Error| Error::io("export output", e);
        write!(
            out,
            "{{\"format\":{},\"version\":{EXPORT_VERSION},\"exported_at\":{},\"articles\":[",
            serde_json::to_string(EXPORT_FORMAT)?,
            serde_json::to_string(&now())?,
        )
        .map_err(io)?;
        let mut stmt = self.conn().prepare(
            "SELECT a.id, a.published_at, a.imported_at, b.created_at, b.note, \
             h.opened_at, h.progress, r.read_at \
             FROM articles a LEFT JOIN bookmarks b ON b.article_id = a.id \
             LEFT JOIN history h ON h.article_id = a.id \
             LEFT JOIN read_marks r ON r.article_id = a.id ORDER BY a.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut first = true;
        while let Some(row) = rows.next()? {
            let article = self.article(row.get(0)?)?;
            let bookmark = match optional_time(row, 3)? {
                Some(created_at) => Some(ExportedBookmark {
                    created_at,
                    note: row.get(4)?,
                }),
                None => None,
            };
            let visit = match optional_time(row, 5)? {
                Some(opened_at) => Some(ExportedVisit {
                    opened_at,
                    progress: row.get(6)?,
                }),
                None => None,
            };
            let exported = ExportedArticle {
                title: article.title,
                caption: article.caption,
                credit: article.credit,
                source: article.source,
                url: article.url,
                author: article.author,
                published_at: optional_time(row, 1)?,
                imported_at: time(row, 2)?,
                blocks: article.blocks,
                bookmark,
                visit,
                read_at: optional_time(row, 7)?,
            };
            if !first {
                out.write_all(b",").map_err(io)?;
            }
            first = false;
            serde_json::to_writer(&mut *out, &exported)?;
        }
        out.write_all(b"]}\n").map_err(io)?;
        out.flush().map_err(io)?;
        Ok(())
    }
}
