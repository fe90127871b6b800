//! The store owns the SQLite file: connection settings, schema and migrations, and the SQL of
//! every table — articles and their full-text index, bookmarks, reading history, the import
//! record and journal, search, backup and restore.
//!
//! A `Store` is one connection. The `Library` facade (`crate::library`) keeps two: a reader,
//! opened `query_only`, and the writer, owned by one thread that runs every write in turn
//! (`writer::Writer`). Other programs may have the same file open (WAL mode).

mod articles;
mod bookmarks;
mod export;
mod history;
mod id_rows;
mod id_sets;
mod imports;
mod journal;
mod list_order;
mod maintenance;
mod migrations;
mod rank;
mod search;
pub(crate) mod writer;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags};

use articles::Articles;
pub use articles::ListFilter;
pub(crate) use articles::{Inserted, PreparedArticle, stored_body};
use bookmarks::Bookmarks;
use history::History;
pub(crate) use imports::Incoming;
pub use maintenance::{
    BackupSummary, CheckDepth, Health, LibraryInfo, Optimized, RunMarker, backup_folder,
    inspect_backup, is_library_file, latest_backup, new_backup_path,
};
pub use migrations::SCHEMA_VERSION;

use crate::error::{Error, Result};
use crate::model::{Overview, Stats};

/// One connection to a library file.
pub(crate) struct Store {
    conn: Connection,
    path: PathBuf,
    /// This connection kept a copy of the library before upgrading it (one copy per upgrade).
    copied_before_upgrade: bool,
}

impl Store {
    /// Opens the library file at `path` for writing (the writer's connection), creating it and
    /// its folder if needed, and brings its schema up to date but for an upgrade that
    /// re-indexes the articles, left to `finish_upgrade`. A library written by a newer
    /// Newsdesk is refused, never modified. The imports of importers that died are rolled back.
    pub(crate) fn open_writer(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        let found = migrations::schema_version(&conn)?;
        // A new library has nothing to re-index: it is made whole at once.
        let target = match migrations::before_first_reindex(found) {
            Some(version) if found > 0 => version,
            _ => SCHEMA_VERSION,
        };
        let copied_before_upgrade = found > 0 && found < target;
        if copied_before_upgrade {
            maintenance::copy_before_upgrade(&conn, path, found)?;
        }
        migrations::migrate_to(&mut conn, target, &mut |_| {})?;
        if schema_has(&conn, "import_journal")? {
            journal::roll_back_abandoned(&mut conn, path)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            copied_before_upgrade,
        })
    }

    /// Opens a reading connection (`query_only`) to a library the writer has opened.
    pub(crate) fn open_reader(path: &Path) -> Result<Store> {
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            copied_before_upgrade: false,
        })
    }

    /// A reading connection (`query_only`) to a library that can be read as it is, without the
    /// writer's open: the file exists, its schema is this version's (nothing to upgrade, not a
    /// newer Newsdesk's) and its import journal is empty (no import to roll back, none under
    /// way). `None` otherwise. It maps the file into memory (`READ_ONCE_MAPPED_BYTES`).
    pub(crate) fn open_reader_if_current(path: &Path) -> Result<Option<Store>> {
        if !path.is_file() {
            return Ok(None);
        }
        let store = Store::open_reader(path)?;
        store
            .conn
            .pragma_update(None, "mmap_size", READ_ONCE_MAPPED_BYTES)?;
        let current = migrations::schema_version(&store.conn)? == SCHEMA_VERSION
            && !store.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM import_journal)",
                [],
                |row| row.get::<_, bool>(0),
            )?;
        Ok(current.then_some(store))
    }

    /// A writing connection with its schema wholly up to date (for the store's own tests).
    #[cfg(test)]
    pub(crate) fn open(path: &Path) -> Result<Store> {
        let mut store = Store::open_writer(path)?;
        store.finish_upgrade(&mut |_| {})?;
        Ok(store)
    }

    /// The tables, for reading (or for writing, inside `transaction`).
    pub(crate) fn tables(&self) -> Tables<'_> {
        Tables { conn: &self.conn }
    }

    /// Runs `write` in one write transaction, taken at once (it waits for other programs as the
    /// busy handler says, and never fails half-way because one wrote first): the statements of
    /// one action commit together or not at all.
    pub(crate) fn transaction<T>(
        &mut self,
        write: impl FnOnce(&Tables<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = journal::write_transaction(&mut self.conn)?;
        let done = write(&Tables { conn: &tx })?;
        tx.commit()?;
        Ok(done)
    }

    /// Whether the library waits for `finish_upgrade`.
    pub fn upgrade_pending(&self) -> Result<bool> {
        Ok(migrations::schema_version(&self.conn)? < SCHEMA_VERSION)
    }

    /// Brings the library up to date after a copy of it is kept (unless this connection kept one
    /// when it opened the library; see `open_writer`):
    /// the articles are re-indexed in one transaction, `reindexing` hearing the share done. A
    /// crash or a kill in the middle leaves the library as it was, and the next open starts
    /// again. Nothing to do when the library is up to date. Returns what search finds now that
    /// it did not before (`Library::finish_upgrade`).
    pub fn finish_upgrade(&mut self, reindexing: &mut dyn FnMut(f64)) -> Result<Vec<&'static str>> {
        let found = migrations::schema_version(&self.conn)?;
        if found < SCHEMA_VERSION && !self.copied_before_upgrade {
            maintenance::copy_before_upgrade(&self.conn, &self.path, found)?;
            self.copied_before_upgrade = true;
        }
        migrations::migrate_to(&mut self.conn, SCHEMA_VERSION, reindexing)?;
        Ok(migrations::search_finds_since(found))
    }

    /// The file this library lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Counts describing the library.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |row| row.get::<_, i64>(0))? as u64)
        };
        let page_count = count("PRAGMA page_count")?;
        let page_size = count("PRAGMA page_size")?;
        Ok(Stats {
            articles: count("SELECT count(*) FROM articles")?,
            words: count("SELECT coalesce(sum(word_count), 0) FROM articles")?,
            bookmarks: count("SELECT count(*) FROM bookmarks")?,
            history: count("SELECT count(*) FROM history")?,
            read: count("SELECT count(*) FROM read_marks")?,
            sources: count("SELECT count(DISTINCT source) FROM articles")?,
            imports: count("SELECT count(*) FROM imports")?,
            database_bytes: page_count * page_size,
            schema_version: migrations::schema_version(&self.conn)?,
        })
    }

    /// Bounds this connection's page cache to `kib` KiB (the default, 32 MB, is for imports and
    /// index merges). Pages beyond it are read from the file again, which the OS caches.
    pub fn limit_page_cache(&self, kib: u32) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(kib))?;
        Ok(())
    }

    /// Gives back the memory this connection's page cache holds (after a long job: the cache
    /// keeps every page it read until the connection closes).
    pub fn release_memory(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    /// Copies the write-ahead log into the database file, without waiting for readers (SQLite's
    /// passive checkpoint). No connection does it on its own (see `configure`).
    pub fn checkpoint(&self) -> Result<()> {
        checkpoint(&self.conn)
    }

    /// A number that changes whenever another connection commits (see `data_version`).
    pub fn data_version(&self) -> Result<i64> {
        data_version(&self.conn)
    }
}

/// Changes whenever another connection commits, never for this one's own commits (SQLite's
/// `data_version`).
pub(crate) fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |row| row.get(0))?)
}

/// Typed handles on the library's tables, in the style of gitbutler's `but-db`: on the reader's
/// connection for reads, on the writer's transaction for writes (the reader is `query_only`:
/// a write through it fails).
pub(crate) struct Tables<'c> {
    conn: &'c Connection,
}

impl<'c> Tables<'c> {
    pub(crate) fn articles(&self) -> Articles<'c> {
        Articles { conn: self.conn }
    }

    pub(crate) fn bookmarks(&self) -> Bookmarks<'c> {
        Bookmarks { conn: self.conn }
    }

    pub(crate) fn history(&self) -> History<'c> {
        History { conn: self.conn }
    }

    /// The counts for the library's navigation (all, unread, bookmarks …) and its sources.
    pub fn overview(&self) -> Result<Overview> {
        let articles = self.articles();
        Ok(Overview {
            all: articles.count(&ListFilter::All)?,
            unread: articles.count(&ListFilter::Unread)?,
            bookmarks: articles.count(&ListFilter::Bookmarked)?,
            continue_reading: articles.count(&ListFilter::ContinueReading)?,
            history: self.history().count()?,
            sources: articles.sources()?,
        })
    }
}

/// Copies the write-ahead log into the database file without waiting for readers (SQLite's
/// passive checkpoint).
pub fn checkpoint(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}

/// Opens a database file with the library's connection settings (journal, synchronous, no
/// automatic checkpoints, page cache, tokenizer, busy handling) and no schema: for the tables
/// the benchmark compares the library with, so that they run under the same settings.
pub fn open_with_library_settings(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&mut conn)?;
    Ok(conn)
}

/// Whether the library's schema has a table, view, index or trigger of this name. Asked of the
/// file, not of its version: a library waiting for its upgrade (`finish_upgrade`) may not have
/// it yet, and a migration changes the schema before it records its version.
fn schema_has(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = ?1)",
        [name],
        |row| row.get(0),
    )?)
}

/// How long a write waits for another connection's transaction before it fails.
/// How much of a library a reader opened for one command (`open_reader_if_current`) maps into
/// memory. Such a process starts with an empty page cache: mapped, the pages a search touches
/// are read where the system keeps them instead of copied by a call each (a CLI search at
/// 100,000 stories: p95 23.6 → 19.2 ms; BENCHMARKS.md). The app's long-lived reader does not
/// map: every page it ever touched would stay in its memory, beyond the page cache's bound.
/// The most SQLite maps by default (`SQLITE_MAX_MMAP_SIZE`); pages beyond are read as before.
const READ_ONCE_MAPPED_BYTES: i64 = 0x7fff_0000;

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a waiting write tries again. SQLite's own busy timeout sleeps up to 100 ms between
/// tries and would miss the short gaps an import leaves between its batches.
const BUSY_POLL: Duration = Duration::from_millis(1);

/// How long a long job (an import, a roll-back) pauses before each of its transactions: writes
/// waiting for the library (trying every `BUSY_POLL`) get their turn.
const WRITER_TURN: Duration = Duration::from_millis(2);

/// A connection to the library file with Newsdesk's settings.
fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    configure(&mut conn)?;
    Ok(conn)
}

/// Connection settings that are not part of the schema.
fn configure(conn: &mut Connection) -> Result<()> {
    crate::analysis::fts5::register(conn)?;
    rank::register(conn)?;
    let mut waiting_since = Instant::now();
    conn.busy_handler(Some(move |attempt: i32| {
        if attempt == 0 {
            waiting_since = Instant::now();
        }
        let keep_waiting = waiting_since.elapsed() < BUSY_TIMEOUT;
        if keep_waiting {
            std::thread::sleep(BUSY_POLL);
        }
        keep_waiting
    }))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // No write pays for copying the log into the file: SQLite's automatic checkpoint runs in
    // the commit that crosses 1,000 pages of log, which during an import was any program's
    // bookmark (50–700 ms). The importer checkpoints after each of its batches instead
    // (`Library::checkpoint`), and closing the last connection checkpoints what is left.
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 32 MB of page cache: the full-text index's merges and ranking touch many pages.
    conn.pragma_update(None, "cache_size", -32_768)?;
    // Every statement the library runs stays prepared (the default keeps only 16).
    conn.set_prepared_statement_cache_capacity(64);
    // Plans that do not depend on bound values. Without this, SQLite marks statements whose
    // LIMIT or comparisons take a parameter for re-preparing when that parameter changes, and
    // rusqlite clears the bindings of every statement returned to its cache: each use of such
    // a statement was parsed and planned again (half the time of a search).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// The current time, at the precision the library stores.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

/// How times are written to the database: RFC 3339, UTC, fixed microsecond precision, so that
/// text order is time order.
pub(crate) fn time_to_sql(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn time_from_sql(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

/// Reads a time column (`NULL` → `None`).
pub(crate) fn optional_time(
    row: &rusqlite::Row,
    index: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    row.get::<_, Option<String>>(index)?
        .map(|text| time_from_sql(&text))
        .transpose()
}

pub(crate) fn time(row: &rusqlite::Row, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    time_from_sql(&row.get::<_, String>(index)?)
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;

    /// A cached statement whose LIMIT is a parameter runs again with other values without
    /// being parsed again.
    #[test]
    fn cached_statements_are_not_prepared_again_for_new_values() {
        let dir = tempfile::tempdir().expect("temp dir");
        let library = Store::open(&dir.path().join("library.sqlite3")).expect("open");
        let sql = "SELECT a.id FROM articles a WHERE a.id > ?1 ORDER BY a.id LIMIT ?2";
        for limit in 1..=5 {
            let mut stmt = library.conn().prepare_cached(sql).expect("prepare");
            let ids: Vec<i64> = stmt
                .query_map([limit * 10, limit], |row| row.get(0))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            assert!(ids.is_empty());
        }
        let stmt = library.conn().prepare_cached(sql).expect("prepare");
        assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0);
        assert_eq!(stmt.get_status(StatementStatus::Run), 5);
    }

    #[test]
    fn a_connections_page_cache_can_be_bounded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let library = Store::open(&dir.path().join("library.sqlite3")).expect("open");
        let cache = |library: &Store| -> i64 {
            library
                .conn()
                .pragma_query_value(None, "cache_size", |row| row.get(0))
                .expect("cache_size")
        };
        assert_eq!(cache(&library), -32_768);
        library.limit_page_cache(8 * 1024).expect("limit");
        assert_eq!(cache(&library), -8_192);
        library.release_memory().expect("release");
        assert_eq!(
            cache(&library),
            -8_192,
            "shrinking empties the cache, not its bound"
        );
    }

    /// Only a reader for one command maps the library: the app's reader and writer copy pages
    /// into their bounded caches.
    #[test]
    fn only_a_reader_for_one_command_maps_the_library() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("library.sqlite3");
        let mapped = |store: &Store| -> i64 {
            store
                .conn()
                .pragma_query_value(None, "mmap_size", |row| row.get(0))
                .expect("mmap_size")
        };
        let writer = Store::open(&path).expect("open");
        assert_eq!(mapped(&writer), 0);
        assert_eq!(mapped(&Store::open_reader(&path).expect("reader")), 0);
        drop(writer);
        let once = Store::open_reader_if_current(&path)
            .expect("open")
            .expect("a current library");
        assert_eq!(mapped(&once), READ_ONCE_MAPPED_BYTES);
    }
}
