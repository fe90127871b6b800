//! The import journal (migration 0005): a row per file being imported, so that a file committed
//! in batches is still imported whole or not at all.
//!
//! Whether the program importing a file is still alive is told by an OS lock, which dies with its
//! process: the importer holds an exclusive lock on `<library>.import-<owner>.lock` from before
//! its journal row exists until after it is gone. A row whose lock can be taken belongs to a
//! program that died (killed, crashed, power cut); opening the library rolls it back. A row whose
//! lock is held belongs to another program importing right now, and is left alone.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::maintenance::sibling_file;
use super::{WRITER_TURN, data_version, now, time_to_sql};
use crate::error::{Error, Result};

/// Articles deleted per transaction when an import is rolled back: other writers get their turn
/// in between.
const DELETE_BATCH: i64 = 500;

/// A write transaction that takes the write lock at once (waiting for it as the library's busy
/// handler says), so that it never fails half-way because another connection wrote first.
pub(crate) fn write_transaction(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// How many pauses in a row a long job makes while other connections keep writing.
const MAX_YIELDS: u32 = 10;

/// A pause of a long job after another connection wrote during its last one: that program is
/// busy with the library (a user's action of several statements, each its own transaction).
const BUSY_TURN: Duration = Duration::from_millis(15);

/// The next write transaction of a long job (an import's batch, a roll-back's), begun after a
/// pause in which writes waiting for the library go first. While other connections keep
/// committing during its pauses, the job pauses again (longer, up to `MAX_YIELDS` times), so
/// that a user's action of several statements (saving the reading progress also marks the
/// story read) finishes before the job's next batch.
pub(crate) fn batch_transaction(conn: &mut Connection) -> Result<Transaction<'_>> {
    let mut seen = data_version(conn)?;
    let mut pause = WRITER_TURN;
    for _ in 0..MAX_YIELDS {
        std::thread::sleep(pause);
        let now = data_version(conn)?;
        if now == seen {
            break;
        }
        (seen, pause) = (now, BUSY_TURN);
    }
    write_transaction(conn)
}

/// The lock that says an importer is alive.
struct OwnerLock {
    file: File,
    path: PathBuf,
}

impl OwnerLock {
    /// Takes the lock of a new owner name (process id, time and a counter: unique on this machine).
    fn take(library: &Path) -> Result<(String, OwnerLock)> {
        static TAKEN: AtomicU64 = AtomicU64::new(0);
        let owner = format!(
            "{}-{}-{}",
            std::process::id(),
            now().timestamp_micros(),
            TAKEN.fetch_add(1, Ordering::Relaxed)
        );
        let path = lock_path(library, &owner);
        let file = open_lock_file(&path)?;
        file.lock().map_err(|e| Error::io(&path, e))?;
        Ok((owner, OwnerLock { file, path }))
    }
}

impl Drop for OwnerLock {
    fn drop(&mut self) {
        // Nothing to do if it is already gone; the lock goes with the file handle anyway.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn lock_path(library: &Path, owner: &str) -> PathBuf {
    sibling_file(library, &format!("import-{owner}.lock"))
}

fn open_lock_file(path: &Path) -> Result<File> {
    File::options()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))
}

/// A file being imported: its import's id, named by the journal while the lock is held.
pub(crate) struct JournalEntry {
    import_id: i64,
    _lock: OwnerLock,
}

impl JournalEntry {
    /// Takes an owner lock, then, in one transaction, writes the import's record (`record`
    /// returns its id) and the journal row naming it.
    pub(crate) fn begin(
        conn: &mut Connection,
        library: &Path,
        record: impl FnOnce(&Connection) -> Result<i64>,
    ) -> Result<JournalEntry> {
        let (owner, lock) = OwnerLock::take(library)?;
        let tx = write_transaction(conn)?;
        let import_id = record(&tx)?;
        tx.execute(
            "INSERT INTO import_journal (import_id, owner, started_at) VALUES (?1, ?2, ?3)",
            params![import_id, owner, time_to_sql(&now())],
        )?;
        tx.commit()?;
        Ok(JournalEntry {
            import_id,
            _lock: lock,
        })
    }

    pub(crate) fn import_id(&self) -> i64 {
        self.import_id
    }

    /// The file is whole: in one transaction, `record` completes the import's record and the
    /// journal forgets the import.
    pub(crate) fn finish(
        self,
        conn: &mut Connection,
        record: impl FnOnce(&Connection) -> Result<()>,
    ) -> Result<()> {
        let tx = write_transaction(conn)?;
        record(&tx)?;
        tx.execute(
            "DELETE FROM import_journal WHERE import_id = ?1",
            [self.import_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The file failed or was cancelled: its articles, its import's record and its journal row
    /// go, a transaction per `step` call (`step` runs `roll_back_step` on the library's writer,
    /// so that other writes interleave), while this entry's lock is held.
    pub(crate) fn roll_back(self, mut step: impl FnMut(i64) -> Result<bool>) -> Result<()> {
        while !step(self.import_id)? {}
        Ok(())
    }
}

/// Deletes what an import stored (its articles, their index entries and reading state, its
/// record) and its journal row, a batch of articles per transaction. The journal row goes last,
/// so an interrupted roll-back is finished at the next open. Nothing happens if the journal no
/// longer names the import (its importer finished it in the meantime).
fn roll_back_import(conn: &mut Connection, import_id: i64) -> Result<()> {
    while !roll_back_step(conn, import_id)? {}
    Ok(())
}

/// One transaction of rolling back an import: deletes a batch of its articles or, when none is
/// left, its record and journal row. Says whether the roll-back is over.
pub(crate) fn roll_back_step(conn: &mut Connection, import_id: i64) -> Result<bool> {
    let tx = batch_transaction(conn)?;
    let journaled = tx
        .query_row(
            "SELECT 1 FROM import_journal WHERE import_id = ?1",
            [import_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !journaled {
        return Ok(true);
    }
    let deleted = tx
        .prepare_cached(
            "DELETE FROM articles WHERE id IN \
             (SELECT id FROM articles WHERE import_id = ?1 LIMIT ?2)",
        )?
        .execute(params![import_id, DELETE_BATCH])?;
    if deleted == 0 {
        tx.execute(
            "DELETE FROM import_journal WHERE import_id = ?1",
            [import_id],
        )?;
        tx.execute("DELETE FROM imports WHERE id = ?1", [import_id])?;
    }
    tx.commit()?;
    Ok(deleted == 0)
}

/// Rolls back every import whose importer died (its owner lock is free); returns how many.
/// Imports of programs still running are left to them.
pub(crate) fn roll_back_abandoned(conn: &mut Connection, library: &Path) -> Result<usize> {
    let entries: Vec<(i64, String)> = conn
        .prepare("SELECT import_id, owner FROM import_journal ORDER BY import_id")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rolled_back = 0;
    for (import_id, owner) in entries {
        let path = lock_path(library, &owner);
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => {
                // Held while rolling back, so that two programs opening at once do not both.
                let lock = OwnerLock { file, path };
                roll_back_import(conn, import_id)?;
                drop(lock);
                rolled_back += 1;
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
    }
    Ok(rolled_back)
}
