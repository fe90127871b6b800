//! The library: one SQLite file holding articles, their full-text index, bookmarks, reading
//! history and the record of imports.
//!
//! A `Library` owns one connection. Several may be open on the same file at once (WAL mode): the
//! desktop app keeps one for the importer and one for reading, so search never waits for an import.

mod articles;
mod bookmarks;
mod export;
mod history;
mod journal;
mod maintenance;
mod migrations;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags};

pub use articles::ListFilter;
pub(crate) use articles::{
    Inserted, NEWEST_FIRST, PreparedArticle, SUMMARY_COLUMNS, SUMMARY_JOINS, SUMMARY_WIDTH,
    insert_article, stored_body, summary_from_row,
};
pub use export::{
    BookmarkFormat, EXPORT_FORMAT, EXPORT_VERSION, ExportedArticle, ExportedBookmark,
    ExportedVisit, write_synced,
};
pub(crate) use journal::{JournalEntry, batch_transaction};
pub use maintenance::{
    BackupSummary, Health, LibraryInfo, Optimized, RunMarker, backup_folder, inspect_backup,
    latest_backup, new_backup_path,
};
pub use migrations::SCHEMA_VERSION;

use crate::error::{Error, Result};
use crate::model::Stats;

/// An open Newsdesk library.
pub struct Library {
    conn: Connection,
    path: PathBuf,
    /// This connection kept a copy of the library before upgrading it (one copy per upgrade).
    copied_before_upgrade: bool,
}

impl Library {
    /// Opens the library file at `path`, creating it (and its folder) if needed, and brings its
    /// schema up to date. A library written by a newer Newsdesk is refused, never modified.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        Library::open_reporting(path, &mut |_| {})
    }

    /// Opens the library as `open` does; when bringing it up to date re-indexes its articles
    /// (a new search analysis), `reindexing` hears the share done (0–1), for a progress bar.
    pub fn open_reporting(
        path: impl AsRef<Path>,
        reindexing: &mut dyn FnMut(f64),
    ) -> Result<Library> {
        let mut library = Library::open_leaving_reindex(path)?;
        library.finish_upgrade(reindexing)?;
        Ok(library)
    }

    /// Opens the library as `open` does, but leaves an upgrade that re-indexes the articles
    /// (which takes about a minute for 100,000 of them) to [`Library::finish_upgrade`], so that a
    /// program can show itself first. Until then the library reads and writes as before, with
    /// the search index of its old version.
    pub fn open_leaving_reindex(path: impl AsRef<Path>) -> Result<Library> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags)?;
        configure(&mut conn)?;
        let found = migrations::schema_version(&conn)?;
        // A new library has nothing to re-index: it is made whole at once.
        let target = match migrations::before_first_reindex(found) {
            Some(version) if found > 0 => version,
            _ => SCHEMA_VERSION,
        };
        let copied_before_upgrade = found > 0 && found < target;
        if copied_before_upgrade {
            maintenance::copy_before_upgrade(&conn, &path, found)?;
        }
        migrations::migrate_to(&mut conn, target, &mut |_| {})?;
        if has_import_journal(&conn)? {
            journal::roll_back_abandoned(&mut conn, &path)?;
        }
        Ok(Library {
            conn,
            path,
            copied_before_upgrade,
        })
    }

    /// Whether the library waits for [`Library::finish_upgrade`].
    pub fn upgrade_pending(&self) -> Result<bool> {
        Ok(migrations::schema_version(&self.conn)? < SCHEMA_VERSION)
    }

    /// Brings the library up to date after a copy of it is kept (unless this connection kept one
    /// when it opened the library; see `open_leaving_reindex`):
    /// the articles are re-indexed in one transaction, `reindexing` hearing the share done. A
    /// crash or a kill in the middle leaves the library as it was, and the next open starts
    /// again. Nothing to do when the library is up to date.
    pub fn finish_upgrade(&mut self, reindexing: &mut dyn FnMut(f64)) -> Result<()> {
        let found = migrations::schema_version(&self.conn)?;
        if found < SCHEMA_VERSION && !self.copied_before_upgrade {
            maintenance::copy_before_upgrade(&self.conn, &self.path, found)?;
            self.copied_before_upgrade = true;
        }
        migrations::migrate_to(&mut self.conn, SCHEMA_VERSION, reindexing)
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

    /// Checks the database file and the full-text index; returns the problems found (none: empty).
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.retain(|line| line != "ok");
        if let Some(problem) = self.search_index_problem() {
            problems.push(format!("full-text index: {problem}"));
        }
        Ok(problems)
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
    /// passive checkpoint). Imports leave this for later; the app asks for it after each one.
    pub fn checkpoint(&self) -> Result<()> {
        checkpoint(&self.conn)
    }
}

/// Copies the write-ahead log into the database file without waiting for readers (SQLite's
/// passive checkpoint): what ends an import, for the library and the benchmark's baselines.
pub fn checkpoint(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}

/// Opens a database file with the library's connection settings (journal, synchronous, page
/// cache, tokenizer, busy handling) and no schema: for the tables the benchmark compares the
/// library with, so that they run under the same settings.
pub fn open_configured(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&mut conn)?;
    Ok(conn)
}

/// Whether the library's schema has the import journal (a library waiting for
/// `finish_upgrade` may not yet).
fn has_import_journal(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'import_journal')",
        [],
        |row| row.get(0),
    )?)
}

/// How long a write waits for another connection's transaction before it fails.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a waiting write tries again. SQLite's own busy timeout sleeps up to 100 ms between
/// tries and would miss the short gaps an import leaves between its batches.
const BUSY_POLL: Duration = Duration::from_millis(1);

/// How long a long job (an import, a roll-back) pauses before each of its transactions: writes
/// waiting for the library (trying every `BUSY_POLL`) get their turn.
const WRITER_TURN: Duration = Duration::from_millis(2);

/// Connection settings that are not part of the schema.
fn configure(conn: &mut Connection) -> Result<()> {
    crate::analysis::fts5::register(conn)?;
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

/// The default library file: `library.sqlite3` in the platform's app-data folder under the app
/// identifier — the same file the desktop app opens, so the CLI and the app share one library.
pub fn default_library_path() -> Result<PathBuf> {
    let data = dirs::data_dir().ok_or_else(|| {
        Error::InvalidInput(
            "cannot find this system's app-data folder; pass --db PATH or set NEWSDESK_DB".into(),
        )
    })?;
    Ok(data.join(crate::APP_IDENTIFIER).join(LIBRARY_FILE_NAME))
}

/// Where to open the library: an explicit path, else `NEWSDESK_DB`, else `library.sqlite3` in
/// `NEWSDESK_DATA_DIR`, else the default location.
pub fn resolve_library_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    if let Some(path) = explicit.or_else(|| from_env(crate::ENV_DB)) {
        return Ok(path);
    }
    match from_env(crate::ENV_DATA_DIR) {
        Some(dir) => Ok(dir.join(LIBRARY_FILE_NAME)),
        None => default_library_path(),
    }
}

/// File name of the library inside a data folder.
pub const LIBRARY_FILE_NAME: &str = "library.sqlite3";

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
        let library = Library::open(dir.path().join("library.sqlite3")).expect("open");
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
        let library = Library::open(dir.path().join("library.sqlite3")).expect("open");
        let cache = |library: &Library| -> i64 {
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
}
