//! Keeping the library safe and in shape: backups and restore, a health check after an unclean
//! shutdown (with the search index rebuilt when it is damaged), and optimising.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::articles::index_article;
use super::{Store, migrations, schema_has};
use crate::analysis::fts5::{ArticleAnalysis, analyse_article_ahead};
use crate::config::LIBRARY_FILE_NAME;
use crate::error::{Error, Result};

/// Pages copied per backup step (between progress reports).
const PAGES_PER_STEP: i32 = 1024;

/// What a backup file holds, checked before anything is restored from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub bytes: u64,
    pub articles: u64,
    pub bookmarks: u64,
    pub schema_version: i64,
}

/// The state of a library after a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "problems", rename_all = "snake_case")]
pub enum Health {
    Healthy,
    /// The database is sound but the full-text index does not match the articles.
    IndexDamaged(Vec<String>),
    /// The database file itself is damaged.
    Corrupt(Vec<String>),
}

impl Health {
    /// What the check found wrong (nothing: empty).
    pub fn problems(self) -> Vec<String> {
        match self {
            Health::Healthy => Vec::new(),
            Health::IndexDamaged(problems) => problems
                .into_iter()
                .map(|problem| format!("full-text index: {problem}"))
                .collect(),
            Health::Corrupt(problems) => problems,
        }
    }
}

/// How thoroughly `health` checks the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckDepth {
    /// `quick_check`: the structure, in a fraction of the time (at every unclean start).
    Quick,
    /// `integrity_check`: also every index against its table.
    Thorough,
}

/// The library panel's figures: where the library is, how big, and its latest backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibraryInfo {
    pub path: PathBuf,
    /// The database file and its write-ahead log.
    pub bytes: u64,
    pub articles: u64,
    pub bookmarks: u64,
    pub backup_folder: PathBuf,
    pub latest_backup: Option<BackupSummary>,
}

/// Size before and after `optimize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Optimized {
    pub bytes_before: u64,
    pub bytes_after: u64,
}

/// Copies one database into another with SQLite's online backup, reporting the share done.
fn copy_database(
    from: &Connection,
    to: &mut Connection,
    progress: &mut dyn FnMut(f64),
) -> Result<()> {
    let backup = Backup::new(from, to)?;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        let state = backup.progress();
        if state.pagecount > 0 {
            progress(1.0 - f64::from(state.remaining) / f64::from(state.pagecount));
        }
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds a lock for a moment (an import committing): wait.
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn sync_file(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|e| Error::io(path, e))
}

fn file_size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |meta| meta.len())
}

/// Opens a library file that came from elsewhere (a backup to restore) without trusting it:
/// read-only, in SQLite's defensive mode (no writes to the schema or to shadow tables), and with
/// `trusted_schema` off (functions with side effects never run from its views or triggers).
fn open_untrusted(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    Ok(conn)
}

/// A schema as SQLite stores it: (type, name, table, SQL) of every table, index, view and
/// trigger, in a fixed order. SQLite's own statistics tables are left out: `ANALYZE` adds them
/// and they hold no code.
fn schema_rows(conn: &Connection) -> Result<Vec<[Option<String>; 4]>> {
    let mut rows = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema \
         WHERE NOT (type = 'table' AND name LIKE 'sqlite_stat%') \
         ORDER BY type, name, tbl_name, sql",
    )?;
    let rows = rows
        .query_map([], |row| {
            Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?])
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What in `found` differs from Newsdesk's own schema at `version` (built fresh in memory by
/// the same migrations), as "extra trigger x" / "missing table y" lines; empty when equal.
fn schema_differences(found: &Connection, version: i64) -> Result<Vec<String>> {
    let mut own = Connection::open_in_memory()?;
    crate::analysis::fts5::register(&own)?;
    migrations::migrate_to(&mut own, version, &mut |_| {})?;
    let (own, found) = (schema_rows(&own)?, schema_rows(found)?);
    let describe = |what: &str, row: &[Option<String>; 4]| {
        let [kind, name, ..] = row;
        format!(
            "{what} {} {}",
            kind.as_deref().unwrap_or("?"),
            name.as_deref().unwrap_or("?")
        )
    };
    let extra = found
        .iter()
        .filter(|row| !own.contains(row))
        .map(|row| describe("a foreign", row));
    let missing = own
        .iter()
        .filter(|row| !found.contains(row))
        .map(|row| describe("no", row));
    Ok(extra.chain(missing).collect())
}

/// Opens a backup without trusting it and checks it is a sound Newsdesk library this build can
/// read, with exactly Newsdesk's own schema (no foreign tables, indexes, views or triggers).
pub fn inspect_backup(path: &Path) -> Result<BackupSummary> {
    open_backup(path).map(|(_, summary)| summary)
}

/// `inspect_backup`, also returning the connection it checked (the restore copies from it).
fn open_backup(path: &Path) -> Result<(Connection, BackupSummary)> {
    let not_a_backup = |why: String| {
        Error::InvalidInput(format!(
            "{} is not a usable Newsdesk backup: {why}",
            path.display()
        ))
    };
    if !path.is_file() {
        return Err(not_a_backup("there is no such file".into()));
    }
    let conn = open_untrusted(path)?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|e| not_a_backup(e.to_string()))?;
    if check != "ok" {
        return Err(not_a_backup(format!("it is damaged ({check})")));
    }
    let schema_version = migrations::schema_version(&conn)?;
    if schema_version > migrations::SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found: schema_version,
            supported: migrations::SCHEMA_VERSION,
        });
    }
    let differences = schema_differences(&conn, schema_version)?;
    if !differences.is_empty() {
        return Err(not_a_backup(format!(
            "its schema is not Newsdesk's own ({})",
            differences.join(", ")
        )));
    }
    let count = |table: &str| -> Result<u64> {
        let sql = format!("SELECT count(*) FROM {table}");
        let count: i64 = conn
            .query_row(&sql, [], |row| row.get(0))
            .map_err(|_| not_a_backup(format!("it has no {table} table")))?;
        Ok(count as u64)
    };
    let summary = BackupSummary {
        path: path.to_path_buf(),
        bytes: file_size(path),
        articles: count("articles")?,
        bookmarks: count("bookmarks")?,
        schema_version,
    };
    Ok((conn, summary))
}

/// The folder backups go to by default: `backups/` beside the library.
pub fn backup_folder(library: &Path) -> PathBuf {
    library.parent().unwrap_or(Path::new(".")).join("backups")
}

/// A file in the default backup folder named `{kind}-{current time}.sqlite3`.
fn stamped_backup_path(library: &Path, kind: &str) -> PathBuf {
    let stamp = super::now().format("%Y-%m-%d-%H%M%S");
    backup_folder(library).join(format!("{kind}-{stamp}.sqlite3"))
}

/// A new backup file name in the default folder, stamped with the current time.
pub fn new_backup_path(library: &Path) -> PathBuf {
    stamped_backup_path(library, "library")
}

/// What the newest backup in the default folder holds, if there is one and it is usable.
pub fn latest_backup(library: &Path) -> Option<BackupSummary> {
    let entries = fs::read_dir(backup_folder(library)).ok()?;
    let newest = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "sqlite3"))
        .max_by_key(|path| fs::metadata(path).and_then(|meta| meta.modified()).ok())?;
    inspect_backup(&newest).ok()
}

/// Before an upgrade changes a library's schema, a copy of it as it was goes to the backups
/// folder (`before-schema-N-….sqlite3`), synced to disk.
pub(super) fn copy_before_upgrade(conn: &Connection, library: &Path, version: i64) -> Result<()> {
    let first = stamped_backup_path(library, &format!("before-schema-{version}"));
    // An upgrade cut short and started again within the same second keeps both copies.
    let mut copy = first.clone();
    for retry in 2.. {
        if !copy.exists() {
            break;
        }
        copy = first.with_extension(format!("{retry}.sqlite3"));
    }
    if let Some(folder) = copy.parent() {
        fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    }
    conn.execute("VACUUM INTO ?1", [copy.to_string_lossy()])?;
    sync_file(&copy)
}

impl Store {
    /// Writes a consistent copy of the library to a new file (SQLite's online backup: imports
    /// and reading may go on meanwhile), synced to disk. Returns what the backup holds.
    pub fn backup_to(&self, target: &Path, progress: &mut dyn FnMut(f64)) -> Result<BackupSummary> {
        if target.exists() {
            return Err(Error::InvalidInput(format!(
                "{} already exists; choose a new file",
                target.display()
            )));
        }
        if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        }
        let partial = target.with_extension("partial");
        let mut copy = Connection::open(&partial)?;
        let copied = copy_database(self.conn(), &mut copy, progress)
            .and_then(|()| Ok(copy.execute_batch("PRAGMA journal_mode = DELETE")?));
        drop(copy);
        if let Err(error) = copied.and_then(|()| sync_file(&partial)) {
            let _ = fs::remove_file(&partial);
            return Err(error);
        }
        fs::rename(&partial, target).map_err(|e| Error::io(target, e))?;
        inspect_backup(target)
    }

    /// Replaces the library's content with a backup's. The backup is checked first (see
    /// `inspect_backup`: a file with foreign triggers or views is refused); the current
    /// content is saved beside the library (`…before-restore….sqlite3`) and put back if the
    /// restore fails. Returns the path of that safety copy.
    pub fn restore_from(
        &mut self,
        backup: &Path,
        progress: &mut dyn FnMut(f64),
    ) -> Result<PathBuf> {
        // The copy comes from the very connection that was checked.
        let (source, _) = open_backup(backup)?;
        let safety = stamped_backup_path(self.path(), "before-restore");
        self.backup_to(&safety, &mut |_| {})?;
        let restored = copy_database(&source, self.conn_mut(), progress)
            .and_then(|()| super::configure(self.conn_mut()))
            .and_then(|()| migrations::migrate(self.conn_mut()))
            .and_then(|()| match self.health(CheckDepth::Quick)? {
                Health::Healthy => Ok(()),
                Health::IndexDamaged(_) => self.rebuild_search_index(&mut |_| {}),
                Health::Corrupt(problems) => Err(Error::Malformed(problems.join("; "))),
            });
        if let Err(error) = restored {
            let previous = Connection::open_with_flags(&safety, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            copy_database(&previous, self.conn_mut(), &mut |_| {})?;
            return Err(Error::Malformed(format!(
                "the restore failed and the library was put back as it was: {error}"
            )));
        }
        Ok(safety)
    }

    /// Where the library is, its size on disk, its counts and its latest backup (if readable).
    pub fn info(&self) -> Result<LibraryInfo> {
        let count = |table: &str| -> Result<u64> {
            let sql = format!("SELECT count(*) FROM {table}");
            Ok(self
                .conn()
                .query_row(&sql, [], |row| row.get::<_, i64>(0))? as u64)
        };
        let wal = PathBuf::from(format!("{}-wal", self.path().display()));
        Ok(LibraryInfo {
            path: self.path().to_path_buf(),
            bytes: file_size(self.path()) + file_size(&wal),
            articles: count("articles")?,
            bookmarks: count("bookmarks")?,
            backup_folder: backup_folder(self.path()),
            latest_backup: latest_backup(self.path()),
        })
    }

    /// Checks the database (`quick_check` or, thorough, `integrity_check`) and the full-text
    /// index. FTS5's index check is written as an insert: it runs on the writer's connection.
    pub fn health(&self, depth: CheckDepth) -> Result<Health> {
        let pragma = match depth {
            CheckDepth::Quick => "PRAGMA quick_check",
            CheckDepth::Thorough => "PRAGMA integrity_check",
        };
        let problems: Vec<String> = self
            .conn()
            .prepare(pragma)?
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        if problems != ["ok"] {
            return Ok(Health::Corrupt(problems));
        }
        Ok(match self.search_index_problem() {
            None => Health::Healthy,
            Some(problem) => Health::IndexDamaged(vec![problem]),
        })
    }

    /// What FTS5's own check finds wrong with the search index, if anything.
    pub(super) fn search_index_problem(&self) -> Option<String> {
        self.conn()
            .execute_batch(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1);
                 INSERT INTO articles_prefixes (articles_prefixes) VALUES ('integrity-check');",
            )
            .err()
            .map(|error| error.to_string())
    }

    /// After an unclean shutdown: checks the library and, when only the search index is damaged,
    /// rebuilds it (progress 0–1). Returns what the check found (a rebuilt index is healthy now).
    pub fn recover(&self, progress: &mut dyn FnMut(f64)) -> Result<Health> {
        let health = self.health(CheckDepth::Quick)?;
        if let Health::IndexDamaged(_) = health {
            self.rebuild_search_index(progress)?;
        }
        Ok(health)
    }

    /// Rebuilds the full-text index from the articles, in one transaction, reporting progress.
    pub fn rebuild_search_index(&self, progress: &mut dyn FnMut(f64)) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        index_all_articles(&tx, progress)?;
        tx.commit()?;
        Ok(())
    }

    /// Merges the full-text index into one segment and compacts the file (VACUUM).
    pub fn optimize(&self) -> Result<Optimized> {
        let bytes_before = file_size(self.path());
        self.conn().execute_batch(
            "INSERT INTO articles_fts (articles_fts) VALUES ('optimize');
             INSERT INTO articles_prefixes (articles_prefixes) VALUES ('optimize');",
        )?;
        self.conn().execute_batch("VACUUM")?;
        self.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(Optimized {
            bytes_before,
            bytes_after: file_size(self.path()),
        })
    }
}

/// Articles read, analysed and indexed at a time by `index_all_articles` (between progress
/// reports).
const REINDEX_BATCH: i64 = 500;

/// An article as the index is given it again: its texts as written (what is analysed) and the
/// title and caption as its content reads them (`articles_indexed`).
struct StoredTexts {
    id: i64,
    title: String,
    caption: Option<String>,
    body: String,
    indexed_title: Option<String>,
    indexed_caption: Option<String>,
}

/// Empties the full-text index and indexes every article again, reporting progress (0–1). The
/// caller holds the transaction. As in an import, another thread analyses the next articles
/// (`analyse_article_ahead`) while this one writes the index of the last: the analysis costs
/// about as much as the writes.
pub(super) fn index_all_articles(conn: &Connection, progress: &mut dyn FnMut(f64)) -> Result<()> {
    let total: i64 = conn.query_row("SELECT count(*) FROM articles", [], |row| row.get(0))?;
    conn.execute_batch(
        "INSERT INTO articles_fts (articles_fts) VALUES ('delete-all');
         INSERT INTO articles_prefixes (articles_prefixes) VALUES ('delete-all');",
    )?;
    // The index's content: titles and captions in their story's language (schema 12). A
    // library waiting for its upgrade may have its index rebuilt at an older schema, without
    // the view (after a crash).
    let content = if schema_has(conn, "articles_indexed")? {
        "articles_indexed"
    } else {
        "articles"
    };
    let mut read = conn.prepare(&format!(
        "SELECT a.id, a.title, a.caption, a.body, c.title, c.caption \
         FROM articles a JOIN {content} c ON c.id = a.id WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"
    ))?;
    let mut last_id = 0;
    let mut next_batch = || -> Result<Vec<StoredTexts>> {
        let batch = read
            .query_map([last_id, REINDEX_BATCH], |row| {
                Ok(StoredTexts {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    caption: row.get(2)?,
                    body: row.get(3)?,
                    indexed_title: row.get(4)?,
                    indexed_caption: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if let Some(last) = batch.last() {
            last_id = last.id;
        }
        Ok(batch)
    };
    std::thread::scope(|scope| -> Result<()> {
        // At most two batches on their way (`in_flight`): 16 MB more at the peak, for the
        // 100,000-story library's upgrade in half the time (BENCHMARKS.md).
        let (to_analyse, unanalysed) = mpsc::sync_channel::<Vec<StoredTexts>>(1);
        let (to_write, analysed) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("newsdesk-reindex".into())
            .spawn_scoped(scope, move || {
                for batch in unanalysed {
                    let batch: Vec<(StoredTexts, ArticleAnalysis)> = batch
                        .into_iter()
                        .map(|texts| {
                            let analysis = analyse_article_ahead(
                                &texts.title,
                                texts.caption.as_deref(),
                                &texts.body,
                            );
                            (texts, analysis)
                        })
                        .collect();
                    if to_write.send(batch).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| Error::Internal(format!("could not start re-indexing: {e}")))?;
        let gone = || Error::Internal("re-indexing stopped: its analysis thread ended".into());
        let (mut in_flight, mut reading, mut done) = (0, true, 0);
        loop {
            // Two batches ahead: the next is analysed while this thread writes the last.
            while reading && in_flight < 2 {
                let batch = next_batch()?;
                reading = !batch.is_empty();
                if reading {
                    to_analyse.send(batch).map_err(|_| gone())?;
                    in_flight += 1;
                }
            }
            if in_flight == 0 {
                break;
            }
            in_flight -= 1;
            for (texts, analysis) in analysed.recv().map_err(|_| gone())? {
                // The tokenizer replays the tokens made ahead for the exact texts it is given
                // (a title the content reads in another language is analysed again).
                let indexed = [
                    texts.indexed_title.as_deref(),
                    texts.indexed_caption.as_deref(),
                ];
                index_article(conn, texts.id, indexed, &texts.body, &analysis)?;
                done += 1;
            }
            progress(done as f64 / total.max(1) as f64);
        }
        Ok(())
    })?;
    progress(1.0);
    Ok(())
}

/// Marks a library as in use while a program has it open. A marker left behind after every
/// program let go of the library means the last run ended without closing (a crash, a killed
/// process, a power cut): time for a health check.
///
/// Who still uses the library is told by an OS lock, which dies with its process: every program
/// holds a shared lock on `<library>.lock` while it runs. A program that can take that lock
/// alone is the only one; only then does a marker mean a crash, and only the last one to leave
/// removes the marker. So a CLI run while the app is open neither warns of a crash nor takes the
/// app's marker away.
pub struct RunMarker {
    marker: PathBuf,
    lock: File,
}

impl RunMarker {
    /// Takes the library's shared lock and puts the marker beside it; the flag says whether the
    /// last run ended without closing (a marker there, and no other program running).
    pub fn acquire(library: &Path) -> Result<(RunMarker, bool)> {
        let marker = RunMarker::path(library);
        let lock_path = sibling_file(library, "lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        let alone = match lock.try_lock() {
            Ok(()) => true,
            Err(TryLockError::WouldBlock) => false,
            Err(TryLockError::Error(e)) => return Err(Error::io(&lock_path, e)),
        };
        let unclean = alone && marker.exists();
        // Shared from here on. The marker is written only once the shared lock is held: a
        // program that takes the lock alone in between sees no marker of this run.
        let exclusive_released = if alone { lock.unlock() } else { Ok(()) };
        let locked = exclusive_released.and_then(|()| lock.lock_shared());
        locked.map_err(|e| Error::io(&lock_path, e))?;
        fs::write(&marker, std::process::id().to_string()).map_err(|e| Error::io(&marker, e))?;
        Ok((RunMarker { marker, lock }, unclean))
    }

    /// Whether a marker is beside the library: another program has it open, or the last one
    /// to have it open did not close it (a crash); `acquire` tells which.
    pub fn present(library: &Path) -> bool {
        RunMarker::path(library).exists()
    }

    fn path(library: &Path) -> PathBuf {
        sibling_file(library, "running")
    }
}

/// `<library file name>.<suffix>` beside the library.
pub(super) fn sibling_file(library: &Path, suffix: &str) -> PathBuf {
    library.with_file_name(format!("{}.{suffix}", library_file_name(library)))
}

fn library_file_name(library: &Path) -> String {
    library.file_name().map_or_else(
        || LIBRARY_FILE_NAME.into(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether a file is part of the library: the database itself, SQLite's files beside it
/// (`-wal`, `-shm`, `-journal`) or a lock or marker put beside it (`sibling_file`). An import
/// of the folder that holds the library leaves them alone.
pub fn is_library_file(library: &Path, file: &Path) -> bool {
    let name = library_file_name(library);
    let named_so = file.file_name().is_some_and(|file_name| {
        let file_name = file_name.to_string_lossy();
        file_name
            .strip_prefix(name.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '.']))
    });
    let folder = |path: &Path| {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()
    };
    named_so && folder(file).is_some_and(|at| Some(at) == folder(library))
}

impl Drop for RunMarker {
    fn drop(&mut self) {
        // The last program to let go removes the marker; the others leave it to that one.
        if self.lock.unlock().is_ok() && self.lock.try_lock().is_ok() {
            // Nothing to do if it is already gone.
            let _ = fs::remove_file(&self.marker);
        }
        let _ = self.lock.unlock();
    }
}
