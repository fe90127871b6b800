//! The record of imports: a row per file imported (or not), and storing a file's articles batch
//! by batch under its import.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::articles::{Inserted, PreparedArticle, insert_article};
use super::export::restore_state;
use super::journal::{self, JournalEntry, batch_transaction};
use super::{Store, time_to_sql};
use crate::error::Result;
use crate::export::ReadingState;
use crate::model::{FileReport, Format};

/// An article of a file being imported, ready to store.
pub(crate) struct Incoming {
    pub article: PreparedArticle,
    /// From a Newsdesk export: when it was first imported and what its reader did with it.
    pub exported: Option<Box<ReadingState>>,
}

impl Store {
    /// Stores a batch of a file's articles in one transaction, begun after other writers had
    /// their turn (see `batch_transaction`); says what became of each, in order.
    pub(crate) fn store_batch(
        &mut self,
        import_id: i64,
        imported_at: &DateTime<Utc>,
        batch: &[Incoming],
    ) -> Result<Vec<Inserted>> {
        let tx = batch_transaction(self.conn_mut())?;
        let mut inserted = Vec::with_capacity(batch.len());
        for incoming in batch {
            let outcome = match &incoming.exported {
                None => insert_article(&tx, &incoming.article, import_id, imported_at)?,
                Some(state) => {
                    let outcome =
                        insert_article(&tx, &incoming.article, import_id, &state.imported_at)?;
                    restore_state(&tx, outcome.id(), state, &incoming.article.article.title)?;
                    outcome
                }
            };
            inserted.push(outcome);
        }
        tx.commit()?;
        Ok(inserted)
    }

    /// Writes the import record of a file that stored nothing (it failed, was cancelled or
    /// could not be read).
    pub(crate) fn record_failed_import(
        &self,
        report: &FileReport,
        file_hash: Option<&str>,
        at: &DateTime<Utc>,
    ) -> Result<()> {
        record_import(self.conn(), report, file_hash, at).map(drop)
    }
}

/// Writes the import record of a file; returns its id.
fn record_import(
    conn: &Connection,
    report: &FileReport,
    file_hash: Option<&str>,
    at: &DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO imports (path, file_hash, format, imported_at, status, added, duplicates, error) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        report.path,
        file_hash,
        report.format.map(Format::name),
        time_to_sql(at),
        report.status.name(),
        report.added,
        report.duplicates,
        report.error,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Completes the import record of a file stored whole.
fn finish_import(conn: &Connection, import_id: i64, report: &FileReport) -> Result<()> {
    conn.prepare_cached(
        "UPDATE imports SET format = ?2, status = ?3, added = ?4, duplicates = ?5 WHERE id = ?1",
    )?
    .execute(params![
        import_id,
        report.format.map(Format::name),
        report.status.name(),
        report.added,
        report.duplicates,
    ])?;
    Ok(())
}

impl Store {
    /// Begins storing a file: its import record and the journal row that names it until it is
    /// whole (see `journal`).
    pub(crate) fn begin_file(
        &mut self,
        report: &FileReport,
        file_hash: Option<&str>,
        at: &DateTime<Utc>,
    ) -> Result<JournalEntry> {
        let library = self.path().to_path_buf();
        JournalEntry::begin(self.conn_mut(), &library, |conn| {
            record_import(conn, report, file_hash, at)
        })
    }

    /// The file is whole: its record says what it added, and the journal forgets it.
    pub(crate) fn finish_file(&mut self, entry: JournalEntry, report: &FileReport) -> Result<()> {
        let import_id = entry.import_id();
        entry.finish(self.conn_mut(), |conn| {
            finish_import(conn, import_id, report)
        })
    }

    /// One transaction of rolling back a file (see `JournalEntry::roll_back`).
    pub(crate) fn roll_back_step(&mut self, import_id: i64) -> Result<bool> {
        journal::roll_back_step(self.conn_mut(), import_id)
    }
}
