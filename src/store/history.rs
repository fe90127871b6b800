//! Reading history and read state: the last visit of each article, its reading progress, and
//! whether it was read to the end.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::articles::{
    Articles, ListFilter, SUMMARY_JOINS, SUMMARY_WIDTH, summary_columns, summary_from_row,
    unread_condition,
};
use super::bookmarks::Bookmarks;
use super::{now, time, time_to_sql};
use crate::error::{Error, Result};
use crate::model::{HistoryEntry, Reading, SavedProgress, Visit};

/// Reading progress from which an article counts as read to the end.
pub const READ_THRESHOLD: f64 = 0.98;

/// The reading history (a visit per article, with its reading progress) and the read marks.
pub(crate) struct History<'c> {
    pub(super) conn: &'c Connection,
}

impl History<'_> {
    /// Records that an article was opened now. Its reading progress is kept, so the reader can
    /// restore the last position; the returned visit carries it.
    pub fn record_visit(&self, article_id: i64) -> Result<Visit> {
        Articles { conn: self.conn }.ensure(article_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO history (article_id, opened_at) VALUES (?1, ?2) \
                 ON CONFLICT (article_id) DO UPDATE SET opened_at = excluded.opened_at",
            )?
            .execute(params![article_id, time_to_sql(&now())])?;
        self.visit(article_id)?.ok_or(Error::NotFound(article_id))
    }

    /// An article to read, with the position to restore (no highlights: see `Library::reading`).
    pub fn reading(&self, article_id: i64) -> Result<Reading> {
        let article = Articles { conn: self.conn }.get(article_id)?;
        Ok(Reading {
            progress: self.visit(article_id)?.map_or(0.0, |visit| visit.progress),
            read: self.is_read(article_id)?,
            note: Bookmarks { conn: self.conn }
                .get(article_id)?
                .and_then(|bookmark| bookmark.note),
            highlights: None,
            article,
        })
    }

    /// Saves the reading progress (0.0–1.0, clamped) of an article; reaching the end marks it read.
    pub fn set_progress(&self, article_id: i64, progress: f64) -> Result<SavedProgress> {
        if !progress.is_finite() {
            return Err(Error::InvalidInput(format!(
                "reading progress must be a number from 0 to 1, not {progress}"
            )));
        }
        let progress = progress.clamp(0.0, 1.0);
        Articles { conn: self.conn }.ensure(article_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO history (article_id, opened_at, progress) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (article_id) DO UPDATE SET progress = excluded.progress",
            )?
            .execute(params![article_id, time_to_sql(&now()), progress])?;
        let read = progress >= READ_THRESHOLD;
        if read {
            self.mark_read(article_id, true)?;
        }
        Ok(SavedProgress { progress, read })
    }

    /// The last visit of an article, if it was ever opened.
    pub fn visit(&self, article_id: i64) -> Result<Option<Visit>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT article_id, opened_at, progress FROM history WHERE article_id = ?1",
            )?
            .query_row([article_id], |row| {
                Ok(Visit {
                    article_id: row.get(0)?,
                    opened_at: time(row, 1)?,
                    progress: row.get(2)?,
                })
            })
            .optional()?)
    }

    /// Marks an article read or unread.
    pub fn mark_read(&self, article_id: i64, read: bool) -> Result<()> {
        Articles { conn: self.conn }.ensure(article_id)?;
        if read {
            self.conn
                .prepare_cached(
                    "INSERT INTO read_marks (article_id, read_at) VALUES (?1, ?2) \
                     ON CONFLICT (article_id) DO NOTHING",
                )?
                .execute(params![article_id, time_to_sql(&now())])?;
        } else {
            self.conn
                .execute("DELETE FROM read_marks WHERE article_id = ?1", [article_id])?;
        }
        Ok(())
    }

    /// Marks every article a list shows read; returns those that were not read before, in no
    /// particular order.
    pub fn mark_all_read(&self, filter: &ListFilter) -> Result<Vec<i64>> {
        let (condition, filter_args) = unread_condition(filter);
        // The time is the statement's first parameter, the filter's come after it.
        let args = std::iter::once(Value::Text(time_to_sql(&now()))).chain(filter_args);
        let sql = format!(
            "INSERT INTO read_marks (article_id, read_at) \
             SELECT a.id, ? FROM articles a {SUMMARY_JOINS} WHERE {condition} \
             RETURNING article_id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let marked = stmt.query_map(params_from_iter(args), |row| row.get(0))?;
        Ok(marked.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether an article was read to the end (or marked read).
    pub fn is_read(&self, article_id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM read_marks WHERE article_id = ?1)")?
            .query_row([article_id], |row| row.get(0))?)
    }

    /// The reading history: each article once, last opened first.
    pub fn page(&self, limit: u32, offset: u32) -> Result<Vec<HistoryEntry>> {
        let columns = summary_columns(self.conn)?;
        let sql = format!(
            "SELECT {columns}, h.opened_at FROM history h JOIN articles a ON a.id = h.article_id \
             LEFT JOIN bookmarks b ON b.article_id = a.id \
             ORDER BY h.opened_at DESC, a.id DESC LIMIT ?1 OFFSET ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([limit, offset], |row| {
            Ok(HistoryEntry {
                article: summary_from_row(row)?,
                opened_at: time(row, SUMMARY_WIDTH)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many articles have a visit.
    pub fn count(&self) -> Result<u64> {
        let visits: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM history")?
            .query_row([], |row| row.get(0))?;
        Ok(visits as u64)
    }

    /// Forgets one article's visit and reading position (its read mark stays).
    pub fn clear_entry(&self, article_id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM history WHERE article_id = ?1", [article_id])?
            > 0)
    }

    /// Forgets all visits and reading positions; returns how many were removed.
    pub fn clear(&self) -> Result<u64> {
        Ok(self.conn.execute("DELETE FROM history", [])? as u64)
    }
}
