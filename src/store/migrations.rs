//! Schema migrations: append-only `.sql` files, applied in order, tracked by `PRAGMA user_version`.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// One step of the schema.
struct Migration {
    sql: &'static str,
    /// The search index is built anew after the SQL (its analysis changed).
    reindex: bool,
    /// What search finds after this step that it did not before, told to the user once the
    /// upgrade is done ("search now finds …").
    finds: Option<&'static str>,
}

const fn sql(sql: &'static str) -> Migration {
    Migration {
        sql,
        reindex: false,
        finds: None,
    }
}

/// A step that re-indexes the articles.
const fn reindexing(sql: &'static str, finds: Option<&'static str>) -> Migration {
    Migration {
        sql,
        reindex: true,
        finds,
    }
}

/// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[
    sql(include_str!("migrations/0001_initial.sql")),
    sql(include_str!("migrations/0002_canonical_url.sql")),
    sql(include_str!(
        "migrations/0003_fts_insert_without_trigger.sql"
    )),
    reindexing(
        include_str!("migrations/0004_analyzed_search_index.sql"),
        Some("other forms of words, and Chinese, Japanese and Korean words inside sentences"),
    ),
    sql(include_str!("migrations/0005_import_journal.sql")),
    reindexing(
        include_str!("migrations/0006_stems_where_they_differ.sql"),
        None,
    ),
    reindexing(include_str!("migrations/0007_prefix_table.sql"), None),
    sql(include_str!(
        "migrations/0008_stem_language_and_source_counts.sql"
    )),
    sql(include_str!("migrations/0009_list_runs.sql")),
    reindexing(
        include_str!("migrations/0010_compatibility_forms_and_paired_scripts.sql"),
        Some(
            "Thai, Lao, Khmer and Burmese words inside sentences, Chinese words in traditional \
             and simplified characters alike (臺灣, 台湾), words set in full-width or half-width \
             letters (ＷＨＯ, ｺﾛﾅ) and Greek typed in capitals",
        ),
    ),
    reindexing(
        include_str!("migrations/0011_compounds_and_more_stemmed_languages.sql"),
        Some(
            "words written with hyphens when they are typed without them (email finds \
             “e-mail”, covid19 “COVID-19”), and other forms of words in Polish, Czech, \
             Catalan, Indonesian, Lithuanian, Estonian, Ukrainian, Hindi, Nepali, Persian and \
             Armenian",
        ),
    ),
    reindexing(
        include_str!("migrations/0012_titles_in_their_story_s_language.sql"),
        Some(
            "other forms of the words of titles and captions, which are now read in their \
             story's language (teams finds “Rescue teams search for survivors”), and phrases \
             that go on after a word written with hyphens (\"email scam\" finds “e-mail scam”)",
        ),
    ),
    reindexing(
        include_str!("migrations/0013_hebrew_serbian_and_vietnamese.sql"),
        Some(
            // An English word between two Hebrew ones: a comma alone would be read right to
            // left with them, and the examples shown in the wrong order.
            "other forms of Hebrew words, behind prefix letters too (ירושלים finds \
             “בירושלים” and מפגין finds “מפגינים”), and of Serbian words, typed in either \
             alphabet (грађани finds “грађана”, beograd “Београду”)",
        ),
    ),
    reindexing(
        include_str!("migrations/0014_bulgarian_and_croatian.sql"),
        Some(
            "other forms of Bulgarian words (парламент finds “Парламентът”, министър \
             “министърът”), and of Croatian words and Bosnian and Serbian ones written in \
             Latin letters (poplava finds “Poplave”)",
        ),
    ),
];

/// What search finds after the pending migrations of a library at version `found` that it did
/// not before, oldest first.
pub(crate) fn search_finds_since(found: i64) -> Vec<&'static str> {
    MIGRATIONS
        .iter()
        .skip(usize::try_from(found).unwrap_or(0))
        .filter_map(|migration| migration.finds)
        .collect()
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema that added `articles.stem_language` and `source_counts`. A library waiting for an
/// upgrade that re-indexes it stays at an older schema until then, and the window reads it as it
/// is: reads of these check `has_recorded_stemming_and_counts` first.
const RECORDED_STEMMING_AND_COUNTS: i64 = 8;

/// Whether the library's schema has `articles.stem_language` and `source_counts`.
pub(crate) fn has_recorded_stemming_and_counts(conn: &Connection) -> Result<bool> {
    Ok(schema_version(conn)? >= RECORDED_STEMMING_AND_COUNTS)
}

/// The schema that added `list_runs` (read, like schema 8's additions, only where it is).
const LIST_RUNS: i64 = 9;

/// Whether the library's schema has `list_runs`.
pub(crate) fn has_list_runs(conn: &Connection) -> Result<bool> {
    Ok(schema_version(conn)? >= LIST_RUNS)
}

/// The version just before the first pending migration that re-indexes the articles, if one is
/// pending for a library at version `found`.
pub(crate) fn before_first_reindex(found: i64) -> Option<i64> {
    MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
        .find(|(_, migration)| migration.reindex)
        .map(|(index, _)| index as i64)
}

pub(crate) fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every pending migration, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION, &mut |_| {})
}

/// Applies pending migrations up to `target` (tests use this to build old schemas). A migration
/// that re-indexes the articles reports its progress (0–1) to `reindexing`; it runs in the
/// migration's transaction, so a crash during it leaves the old schema and index, and the next
/// open starts it again.
pub(crate) fn migrate_to(
    conn: &mut Connection,
    target: i64,
    reindexing: &mut dyn FnMut(f64),
) -> Result<()> {
    let found = schema_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let (mut next, target) = (found as usize, target as usize);
    while next < target {
        // A re-index runs once, after the last pending migration that asks for one: the
        // migrations up to it share its transaction, so a crash still leaves the version found.
        let last_reindex = (next..target).rev().find(|&i| MIGRATIONS[i].reindex);
        let end = match last_reindex {
            Some(last) if MIGRATIONS[next].reindex => last + 1,
            _ => next + 1,
        };
        let tx = conn.transaction()?;
        for migration in &MIGRATIONS[next..end] {
            tx.execute_batch(migration.sql)?;
        }
        // A new library has nothing to re-index (and nothing to report).
        let articles = |tx: &rusqlite::Transaction| -> Result<bool> {
            Ok(
                tx.query_row("SELECT EXISTS (SELECT 1 FROM articles)", [], |row| {
                    row.get(0)
                })?,
            )
        };
        if MIGRATIONS[end - 1].reindex && articles(&tx)? {
            super::maintenance::index_all_articles(&tx, reindexing)?;
        }
        tx.pragma_update(None, "user_version", end as i64)?;
        tx.commit()?;
        next = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{CheckDepth, Health, Store};

    #[test]
    fn every_old_schema_upgrades_to_the_current_one() {
        for start in 0..=SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            crate::analysis::fts5::register(&conn).unwrap();
            migrate_to(&mut conn, start, &mut |_| {}).unwrap();
            assert_eq!(schema_version(&conn).unwrap(), start);
            migrate(&mut conn).unwrap();
            assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
            let tables: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE name IN \
                     ('articles', 'articles_fts', 'bookmarks', 'history', 'read_marks', 'imports')",
                    [],
                    |row| row.get(0),
                )
                .unwrap();
            assert_eq!(tables, 6);
            let canonical_index: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_index_list('articles') \
                     WHERE name = 'articles_canonical_url' AND \"unique\" AND partial",
                    [],
                    |row| row.get(0),
                )
                .unwrap();
            assert_eq!(canonical_index, 1);
        }
    }

    #[test]
    fn a_newer_schema_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, Error::NewerSchema { found, supported }
            if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION));
        assert!(err.to_string().contains("newer version of Newsdesk"));
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn an_upgrade_first_copies_the_library_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 1, &mut |_| {}).unwrap();
            conn.execute(
                "INSERT INTO articles (title, source, imported_at, word_count, content_hash, block_kinds, body) \
                 VALUES ('Old story', 'old.txt', '2025-01-01T00:00:00.000000Z', 2, 'h', 'p', 'Old body')",
                [],
            )
            .unwrap();
        }
        let library = Store::open(&path).unwrap();
        assert_eq!(schema_version(library.conn()).unwrap(), SCHEMA_VERSION);
        let summary = crate::store::latest_backup(&path).expect("a copy before the upgrade");
        let name = summary
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with("before-schema-1-"), "{name}");
        assert_eq!((summary.articles, summary.schema_version), (1, 1));
        // A fresh library is not copied.
        let fresh = dir.path().join("fresh.sqlite3");
        Store::open(&fresh).unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path().join("backups"))
                .unwrap()
                .count(),
            1
        );
    }

    /// A library as version 3 wrote it: one article in the old `unicode61` index.
    fn version_3_library(path: &std::path::Path) {
        let mut conn = Connection::open(path).unwrap();
        migrate_to(&mut conn, 3, &mut |_| {}).unwrap();
        conn.execute_batch(
            "INSERT INTO articles (id, title, source, imported_at, word_count, content_hash, block_kinds, body) \
             VALUES (1, 'Troops deployed to the border', 'old.txt', '2025-01-01T00:00:00.000000Z', 4, 'h', 'p', \
                     '高市首相が自民党の総裁に選ばれた。');
             INSERT INTO articles_fts (rowid, title, caption, body) SELECT id, title, caption, body FROM articles;",
        )
        .unwrap();
        let old_match: i64 = conn
            .query_row(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'troop'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(old_match, 0, "the old index knows no stems");
    }

    /// Opens a library as the `Library` facade does, re-indexing it on this thread.
    fn open_reporting(path: &std::path::Path, reindexing: &mut dyn FnMut(f64)) -> Store {
        let mut store = Store::open_writer(path).unwrap();
        store.finish_upgrade(reindexing).unwrap();
        store
    }

    #[test]
    fn a_version_3_library_is_re_indexed_once_with_progress() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        version_3_library(&path);
        let mut progress = Vec::new();
        let library = open_reporting(&path, &mut |p| progress.push(p));
        assert_eq!(progress, [1.0, 1.0]);
        assert_eq!(schema_version(library.conn()).unwrap(), SCHEMA_VERSION);
        let found = |text: &str| {
            let request = crate::SearchRequest::new(text);
            library
                .search(&request, &request.query().plan())
                .unwrap()
                .total
        };
        assert_eq!((found("troop"), found("首相"), found("自民党")), (1, 1, 1));
        assert_eq!(
            library.health(CheckDepth::Thorough).unwrap(),
            Health::Healthy
        );
        drop(library);
        // Opened again: nothing left to do.
        let mut again = Vec::new();
        open_reporting(&path, &mut |p| again.push(p));
        assert_eq!(again, Vec::<f64>::new());
    }

    #[test]
    fn an_upgrade_cut_short_during_the_re_index_leaves_version_3_and_runs_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        version_3_library(&path);
        // The process dies in the middle of re-indexing (here: a panic unwinding through it).
        let crashed = std::panic::catch_unwind(|| {
            open_reporting(&path, &mut |_| panic!("power cut"));
        });
        assert!(crashed.is_err());
        let conn = Connection::open(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 3);
        drop(conn);
        let library = Store::open(&path).unwrap();
        assert_eq!(schema_version(library.conn()).unwrap(), SCHEMA_VERSION);
        let request = crate::SearchRequest::new("troop");
        let troops = library.search(&request, &request.query().plan()).unwrap();
        assert_eq!(troops.total, 1);
    }

    #[test]
    fn the_articles_per_source_follow_every_change_to_the_articles() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::analysis::fts5::register(&conn).unwrap();
        migrate_to(&mut conn, 7, &mut |_| {}).unwrap();
        let add = |conn: &Connection, id: i64, source: &str| {
            conn.execute(
                "INSERT INTO articles (id, title, source, imported_at, word_count, content_hash, \
                 block_kinds, body) VALUES (?1, 't', ?2, '2025-01-01T00:00:00Z', 1, ?1, 'p', 'b')",
                rusqlite::params![id, source],
            )
            .unwrap();
            // Deleting an article deletes its index entry (a trigger): it must have one.
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, caption, body) VALUES (?1, 't', NULL, 'b')",
                [id],
            )
            .unwrap();
        };
        let counted = |conn: &Connection| -> Vec<(String, i64)> {
            let mut stmt = conn
                .prepare("SELECT source, articles FROM source_counts ORDER BY source")
                .unwrap();
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let pairs = |list: &[(&str, i64)]| -> Vec<(String, i64)> {
            list.iter().map(|(s, n)| (s.to_string(), *n)).collect()
        };
        // Articles stored before the counts existed are counted by the migration (inserts
        // after it count themselves: tests/maintenance.rs).
        for (id, source) in [
            (1, "a.txt"),
            (2, "a.txt"),
            (3, "b.html"),
            (4, "c.md"),
            (5, "a.txt"),
        ] {
            add(&conn, id, source);
        }
        migrate(&mut conn).unwrap();
        assert_eq!(
            counted(&conn),
            pairs(&[("a.txt", 3), ("b.html", 1), ("c.md", 1)])
        );
        conn.execute("DELETE FROM articles WHERE id IN (3, 5)", [])
            .unwrap();
        assert_eq!(counted(&conn), pairs(&[("a.txt", 2), ("c.md", 1)]));
        conn.execute("UPDATE articles SET source = 'c.md' WHERE id = 1", [])
            .unwrap();
        assert_eq!(counted(&conn), pairs(&[("a.txt", 1), ("c.md", 2)]));
        conn.execute(
            "UPDATE articles SET source = 'c.md', title = 'u' WHERE id = 4",
            [],
        )
        .unwrap();
        assert_eq!(counted(&conn), pairs(&[("a.txt", 1), ("c.md", 2)]));
        conn.execute("DELETE FROM articles", []).unwrap();
        assert_eq!(counted(&conn), Vec::new());
    }
}
