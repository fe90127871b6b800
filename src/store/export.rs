//! The library's side of Newsdesk's export: reading the articles with their reading state, and
//! restoring that state when an export is imported. The document itself is `crate::export`'s.

use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use super::bookmarks::clean_note;
use super::{Store, optional_time, time, time_to_sql};
use crate::error::{Error, Result};
use crate::export::{ExportedArticle, ExportedBookmark, ExportedVisit, ReadingState};

impl Store {
    /// Hands over the articles (all, or those of `only`), in library order, each with its
    /// reading state, as the export writes them.
    pub(crate) fn each_exported(
        &self,
        only: Option<&[i64]>,
        each: &mut dyn FnMut(ExportedArticle) -> Result<()>,
    ) -> Result<()> {
        let ids: Vec<Value> = only
            .unwrap_or_default()
            .iter()
            .map(|&id| Value::Integer(id))
            .collect();
        let condition = match only {
            None => "1".to_string(),
            Some(_) => format!("a.id IN ({})", vec!["?"; ids.len()].join(", ")),
        };
        let mut stmt = self.conn().prepare(&format!(
            "SELECT a.id, a.imported_at, b.created_at, b.note, \
             h.opened_at, h.progress, r.read_at \
             FROM articles a LEFT JOIN bookmarks b ON b.article_id = a.id \
             LEFT JOIN history h ON h.article_id = a.id \
             LEFT JOIN read_marks r ON r.article_id = a.id WHERE {condition} ORDER BY a.id",
        ))?;
        let mut rows = stmt.query(params_from_iter(ids))?;
        while let Some(row) = rows.next()? {
            let stored = self.tables().articles().get(row.get(0)?)?;
            let bookmark = match optional_time(row, 2)? {
                Some(created_at) => Some(ExportedBookmark {
                    created_at,
                    note: row.get(3)?,
                }),
                None => None,
            };
            let visit = match optional_time(row, 4)? {
                Some(opened_at) => Some(ExportedVisit {
                    opened_at,
                    progress: row.get(5)?,
                }),
                None => None,
            };
            each(ExportedArticle {
                article: stored.into_new_article(),
                state: ReadingState {
                    imported_at: time(row, 1)?,
                    bookmark,
                    visit,
                    read_at: optional_time(row, 6)?,
                },
            })?;
        }
        Ok(())
    }
}

/// Restores the bookmark, visit and read mark onto a stored article, never overwriting
/// newer state already in the library.
pub(crate) fn restore_state(
    conn: &Connection,
    article_id: i64,
    state: &ReadingState,
    title: &str,
) -> Result<()> {
    if let Some(bookmark) = &state.bookmark {
        conn.prepare_cached(
            "INSERT INTO bookmarks (article_id, created_at, note) VALUES (?1, ?2, ?3) \
             ON CONFLICT (article_id) DO NOTHING",
        )?
        .execute(params![
            article_id,
            time_to_sql(&bookmark.created_at),
            clean_note(bookmark.note.as_deref())
        ])?;
    }
    if let Some(visit) = &state.visit {
        if !(0.0..=1.0).contains(&visit.progress) {
            return Err(Error::Malformed(format!(
                "reading progress {} of \"{}\" is not between 0 and 1",
                visit.progress, title
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
    if let Some(read_at) = &state.read_at {
        conn.prepare_cached(
            "INSERT INTO read_marks (article_id, read_at) VALUES (?1, ?2) \
             ON CONFLICT (article_id) DO NOTHING",
        )?
        .execute(params![article_id, time_to_sql(read_at)])?;
    }
    Ok(())
}
