//! Bookmarks, each with an optional note.

use rusqlite::{Connection, OptionalExtension, params};

use super::articles::{Articles, SUMMARY_WIDTH, summary_columns, summary_from_row};
use super::{now, time, time_to_sql};
use crate::error::Result;
use crate::model::{Bookmark, BookmarkEntry};

/// The bookmarks table.
pub(crate) struct Bookmarks<'c> {
    pub(super) conn: &'c Connection,
}

impl Bookmarks<'_> {
    /// Bookmarks an article, or updates the note of an existing bookmark (keeping its date).
    pub fn add(&self, article_id: i64, note: Option<&str>) -> Result<Bookmark> {
        Articles { conn: self.conn }.ensure(article_id)?;
        let note = clean_note(note);
        self.conn
            .prepare_cached(
                "INSERT INTO bookmarks (article_id, created_at, note) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (article_id) DO UPDATE SET note = excluded.note",
            )?
            .execute(params![article_id, time_to_sql(&now()), note])?;
        self.get(article_id)?
            .ok_or(crate::error::Error::NotFound(article_id))
    }

    /// Removes a bookmark; returns whether there was one.
    pub fn remove(&self, article_id: i64) -> Result<bool> {
        Articles { conn: self.conn }.ensure(article_id)?;
        let removed = self
            .conn
            .execute("DELETE FROM bookmarks WHERE article_id = ?1", [article_id])?;
        Ok(removed > 0)
    }

    /// Bookmarks an article if it is not, un-bookmarks it if it is; returns the new state.
    pub fn toggle(&self, article_id: i64) -> Result<bool> {
        if self.remove(article_id)? {
            Ok(false)
        } else {
            self.add(article_id, None)?;
            Ok(true)
        }
    }

    /// The bookmark on an article, if any.
    pub fn get(&self, article_id: i64) -> Result<Option<Bookmark>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT article_id, created_at, note FROM bookmarks WHERE article_id = ?1",
            )?
            .query_row([article_id], |row| {
                Ok(Bookmark {
                    article_id: row.get(0)?,
                    created_at: time(row, 1)?,
                    note: row.get(2)?,
                })
            })
            .optional()?)
    }

    /// Every bookmark, newest first, with its article.
    pub fn all(&self) -> Result<Vec<BookmarkEntry>> {
        let columns = summary_columns(self.conn)?;
        let sql = format!(
            "SELECT {columns}, b.created_at, b.note FROM bookmarks b \
             JOIN articles a ON a.id = b.article_id \
             LEFT JOIN history h ON h.article_id = a.id \
             ORDER BY b.created_at DESC, a.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |row| {
            Ok(BookmarkEntry {
                article: summary_from_row(row)?,
                created_at: time(row, SUMMARY_WIDTH)?,
                note: row.get(SUMMARY_WIDTH + 1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A bookmark's note as it is stored: one line of text without control characters, or none.
pub(crate) fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(crate::text::clean_inline)
        .filter(|n| !n.is_empty())
}
