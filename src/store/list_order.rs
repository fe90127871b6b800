//! A set of matches in the list's own order (`NEWEST_FIRST`: newest import first, each import in
//! its files' order, which is ascending ids), without walking past every other article.
//!
//! The list is a sequence of runs, one per (imported_at, import_id) (`list_runs`, migration 0009),
//! each in ascending ids. A run that holds every id from its first to its last (no other import
//! wrote in between, which its number of articles tells) has as matches exactly the matches in
//! that range, in the order they already have: nothing of the run is read but its first and last
//! ids. At 100,000 stories in one import, a word in 3 % of them (`shc -cu`) walked 65,000 entries
//! of the list's index for its newest 2,000 matches. Other runs are walked, and so is the rest of
//! the list from the first small run on: finding a run costs more than walking a few articles.

use std::cell::OnceCell;
use std::ops::ControlFlow;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::articles::NEWEST_FIRST;
use super::id_rows;
use super::id_sets::Members;
use super::migrations::has_list_runs;
use crate::error::Result;

/// A run of fewer articles than this, and the rest of the list after it, is walked.
const WALKED_RUN_ARTICLES: i64 = 64;

/// One run of the list: its place and its number of articles.
struct Run {
    imported_at: String,
    import_id: i64,
    articles: i64,
}

/// The matches to put in the list's order: their ids (ascending), or the index expression they
/// match. An expression's matches are read from the index a run at a time, and all of them only
/// when a run has to be walked: for a word in 90 % of 100,000 stories, counting them and reading
/// the 2,000 of one run took 5.7 ms where reading all their ids took 8.7.
pub(super) enum Matches<'a> {
    Ids(&'a [i64]),
    Index(&'a str),
}

/// The ids of the articles matching `expression`, ascending.
pub(super) fn match_ids(conn: &Connection, expression: &str) -> Result<Vec<i64>> {
    id_rows::ids(
        conn,
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid",
        &[Value::Text(expression.to_string())],
    )
}

/// Every id of `matches`, read once.
fn all_ids<'m>(
    conn: &Connection,
    matches: &Matches<'m>,
    read: &'m OnceCell<Vec<i64>>,
) -> Result<&'m [i64]> {
    match *matches {
        Matches::Ids(ids) => Ok(ids),
        Matches::Index(expression) => {
            if let Some(ids) = read.get() {
                return Ok(ids);
            }
            let ids = match_ids(conn, expression)?;
            Ok(read.get_or_init(|| ids))
        }
    }
}

/// How the list can be taken in one state of the library (read once a search, in its read
/// transaction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ListShape {
    /// Run by run: the library has runs (it is not an older schema, read as it is until its
    /// upgrade) and no article without an import (none since schema 1; checked, not assumed).
    Runs,
    /// Only by walking the list's index.
    Walked,
}

impl ListShape {
    pub(super) fn of(conn: &Connection) -> Result<ListShape> {
        Ok(
            if has_list_runs(conn)? && !has_article_without_import(conn)? {
                ListShape::Runs
            } else {
                ListShape::Walked
            },
        )
    }
}

/// Whether the list begins with a run that holds every id of its range and is not walked: then
/// the newest matches of an expression are read from the index without reading all of them.
pub(super) fn starts_with_a_whole_run(conn: &Connection, shape: ListShape) -> Result<bool> {
    if shape == ListShape::Walked {
        return Ok(false);
    }
    let first = conn
        .prepare_cached(
            "SELECT imported_at, import_id, articles FROM list_runs \
             ORDER BY imported_at DESC, import_id DESC LIMIT 1",
        )?
        .query_row([], run_from_row)
        .optional()?;
    Ok(match first {
        Some(run) if run.articles >= WALKED_RUN_ARTICLES => whole_range(conn, &run)?.is_some(),
        _ => false,
    })
}

fn run_from_row(row: &rusqlite::Row) -> rusqlite::Result<Run> {
    Ok(Run {
        imported_at: row.get(0)?,
        import_id: row.get(1)?,
        articles: row.get(2)?,
    })
}

/// Calls `take` with each of `matches` that passes the filters (SQL conditions over alias `a`,
/// each starting with " AND ", and their values), in the list's order, until it breaks. Run it
/// in the read transaction `shape` was read in: the runs' counts must agree with the articles.
pub(super) fn for_each_match(
    conn: &Connection,
    shape: ListShape,
    matches: Matches,
    filters: (&str, &[Value]),
    take: &mut dyn FnMut(i64) -> ControlFlow<()>,
) -> Result<()> {
    let read = OnceCell::new();
    let mut walk_from = None;
    // A filter needs every article's row: the list is walked.
    if shape == ListShape::Runs && filters.0.is_empty() {
        let mut runs = conn.prepare_cached(
            "SELECT imported_at, import_id, articles FROM list_runs \
             ORDER BY imported_at DESC, import_id DESC",
        )?;
        let mut rows = runs.query([])?;
        while let Some(row) = rows.next()? {
            let run = run_from_row(row)?;
            if run.articles < WALKED_RUN_ARTICLES {
                walk_from = Some(run);
                break;
            }
            if take_run(conn, &run, &matches, &read, take)?.is_break() {
                return Ok(());
            }
        }
        if walk_from.is_none() {
            return Ok(());
        }
    }
    let members = Members::new(all_ids(conn, &matches, &read)?);
    walk(conn, &members, filters, walk_from.as_ref(), take).map(drop)
}

/// Whether some article has no import.
fn has_article_without_import(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM articles INDEXED BY articles_import \
             WHERE import_id IS NULL)",
        )?
        .query_row([], |row| row.get(0))?)
}

/// A run's first and last ids, when it holds every id between them.
fn whole_range(conn: &Connection, run: &Run) -> Result<Option<(i64, i64)>> {
    let end = |last: bool| -> Result<Option<i64>> {
        let sql = if last {
            "SELECT id FROM articles INDEXED BY articles_newest \
             WHERE imported_at = ?1 AND import_id = ?2 ORDER BY id DESC LIMIT 1"
        } else {
            "SELECT id FROM articles INDEXED BY articles_newest \
             WHERE imported_at = ?1 AND import_id = ?2 ORDER BY id LIMIT 1"
        };
        let mut statement = conn.prepare_cached(sql)?;
        let mut rows = statement.query(params![run.imported_at, run.import_id])?;
        Ok(rows.next()?.map(|row| row.get(0)).transpose()?)
    };
    Ok(match (end(false)?, end(true)?) {
        (Some(first), Some(last))
            if last.checked_sub(first).and_then(|span| span.checked_add(1))
                == Some(run.articles) =>
        {
            Some((first, last))
        }
        _ => None,
    })
}

/// Takes the matches of one run: the matches between its first and last ids when it holds every
/// id between them, else those its walk meets.
fn take_run<'m>(
    conn: &Connection,
    run: &Run,
    matches: &Matches<'m>,
    read: &'m OnceCell<Vec<i64>>,
    take: &mut dyn FnMut(i64) -> ControlFlow<()>,
) -> Result<ControlFlow<()>> {
    if let Some((first, last)) = whole_range(conn, run)? {
        if let (Matches::Index(expression), None) = (matches, read.get()) {
            return walk_ids(
                conn,
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 \
                 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid",
                &[
                    Value::Text(expression.to_string()),
                    Value::Integer(first),
                    Value::Integer(last),
                ],
                &Members::All,
                take,
            );
        }
        let ids = all_ids(conn, matches, read)?;
        let from = ids.partition_point(|&id| id < first);
        let to = ids.partition_point(|&id| id <= last);
        for &id in &ids[from..to] {
            if take(id).is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        return Ok(ControlFlow::Continue(()));
    }
    walk_ids(
        conn,
        "SELECT id FROM articles INDEXED BY articles_newest \
         WHERE imported_at = ? AND import_id = ? ORDER BY id",
        &[
            Value::Text(run.imported_at.clone()),
            Value::Integer(run.import_id),
        ],
        &Members::new(all_ids(conn, matches, read)?),
        take,
    )
}

/// Walks the list's index (from run `from` on, if given), taking the ids among `members`.
fn walk(
    conn: &Connection,
    members: &Members,
    (filters_sql, filter_args): (&str, &[Value]),
    from: Option<&Run>,
    take: &mut dyn FnMut(i64) -> ControlFlow<()>,
) -> Result<ControlFlow<()>> {
    let (from_sql, mut args) = match from {
        Some(run) => (
            " AND (a.imported_at, a.import_id) <= (?, ?)",
            vec![
                Value::Text(run.imported_at.clone()),
                Value::Integer(run.import_id),
            ],
        ),
        None => ("", Vec::new()),
    };
    args.extend(filter_args.iter().cloned());
    let sql = format!(
        "SELECT a.id FROM articles a INDEXED BY articles_newest WHERE 1{from_sql}{filters_sql} \
         ORDER BY {NEWEST_FIRST}"
    );
    walk_ids(conn, &sql, &args, members, take)
}

/// Steps through the ids `sql` reads, taking those among `members`; whether `take` broke.
fn walk_ids(
    conn: &Connection,
    sql: &str,
    args: &[Value],
    members: &Members,
    take: &mut dyn FnMut(i64) -> ControlFlow<()>,
) -> Result<ControlFlow<()>> {
    let mut flow = ControlFlow::Continue(());
    id_rows::for_each_id(conn, sql, args, |id| {
        if members.contains(id) {
            flow = take(id);
        }
        flow
    })?;
    Ok(flow)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::store::Store;
    use crate::store::articles::insert_test_article;

    /// A library whose articles come in `batches` of (import, day of May it was imported, how
    /// many): the ids run in batch order, and an import may have several batches (two imports
    /// at once) or several days (an export imported again keeps its stories' first days).
    fn library_with(batches: &[(i64, u32, usize)]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let library = Store::open(&dir.path().join("library.sqlite3")).unwrap();
        let mut story = 0;
        for &(import, day, count) in batches {
            library
                .conn()
                .execute(
                    "INSERT OR IGNORE INTO imports (id, path, imported_at, status) \
                     VALUES (?1, 'x', '', 'done')",
                    [import],
                )
                .unwrap();
            let imported: DateTime<Utc> = format!("2026-05-{day:02}T00:00:00Z").parse().unwrap();
            for _ in 0..count {
                story += 1;
                let (title, body) = (format!("Story {story}"), format!("story {story}"));
                insert_test_article(library.conn(), &title, &body, import, &imported);
            }
        }
        (dir, library)
    }

    /// The first `limit` of `matches` in the list's order, by `for_each_match`.
    fn first_listed(conn: &Connection, matches: Matches, limit: usize) -> Vec<i64> {
        let mut taken = Vec::new();
        let snapshot = conn.unchecked_transaction().unwrap();
        let shape = ListShape::of(conn).unwrap();
        for_each_match(conn, shape, matches, ("", &[]), &mut |id| {
            taken.push(id);
            if taken.len() >= limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
        snapshot.commit().unwrap();
        taken
    }

    /// The first `limit` of `matches` in the list's order, by `for_each_match` and by SQL.
    fn both(library: &Store, matches: &[i64], limit: usize) -> (Vec<i64>, Vec<i64>) {
        let taken = first_listed(library.conn(), Matches::Ids(matches), limit);
        let mut listed = library
            .conn()
            .prepare(&format!(
                "SELECT a.id FROM articles a ORDER BY {NEWEST_FIRST}"
            ))
            .unwrap();
        let expected = listed
            .query_map([], |row| row.get::<_, i64>(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|id| matches.binary_search(id).is_ok())
            .take(limit)
            .collect();
        (taken, expected)
    }

    /// Match sets of every density, and every limit that matters, against SQL's order.
    fn assert_list_order(library: &Store, case: &str) {
        let ids: Vec<i64> = library
            .conn()
            .prepare("SELECT id FROM articles ORDER BY id")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for every in [1, 2, 3, 7, 50] {
            for shift in [0, 1] {
                let matches: Vec<i64> = ids
                    .iter()
                    .copied()
                    .filter(|id| (id + shift) % every == 0)
                    .collect();
                for limit in [1, 5, 70, 1000] {
                    let (taken, expected) = both(library, &matches, limit);
                    assert_eq!(taken, expected, "{case}: every {every}, +{shift}, {limit}");
                }
            }
        }
    }

    #[test]
    fn runs_give_the_list_s_order() {
        // One import: a run that holds every id in its range.
        let (_dir, library) = library_with(&[(1, 3, 150)]);
        assert_list_order(&library, "one import");
        // Two imports at once (their batches interleaved), a later one, a small one between.
        let (_dir, library) = library_of_shapes();
        assert_list_order(&library, "interleaved, small and big runs");
        // Articles deleted at a run's ends and inside it: its range shrinks, holds gaps.
        for deleted in ["1, 2, 80", "395, 394, 250", "71, 150"] {
            let (_dir, library) = library_of_shapes();
            library
                .conn()
                .execute(&format!("DELETE FROM articles WHERE id IN ({deleted})"), [])
                .unwrap();
            assert_list_order(&library, &format!("deleted {deleted}"));
        }
        // An export imported again: one import, the days its stories were first imported.
        let (_dir, library) = library_with(&[(1, 2, 70), (2, 9, 80), (2, 4, 70), (2, 9, 10)]);
        assert_list_order(&library, "an export imported again");
    }

    /// Runs, newest first: import 6 (80 stories), import 2 (80, ids 71–150, written while
    /// import 1 was), import 1 (120: ids 1–70 and 151–200), import 4 (100), then two small
    /// runs (imports 3 and 5) and the walk of the rest.
    fn library_of_shapes() -> (tempfile::TempDir, Store) {
        library_with(&[
            (1, 6, 70),
            (2, 7, 80),
            (1, 6, 50),
            (3, 2, 10),
            (4, 5, 100),
            (5, 1, 5),
            (6, 8, 80),
        ])
    }

    /// An index expression's matches, read run by run from the index, come in the same order as
    /// its ids read at once, whatever the runs.
    #[test]
    fn an_expressions_matches_read_by_run_are_its_ids_in_order() {
        let shapes = [
            ("one import", library_with(&[(1, 3, 150)])),
            ("runs of every kind", library_of_shapes()),
            ("a small run first", library_with(&[(1, 3, 100), (2, 4, 5)])),
        ];
        for (case, (_dir, library)) in &shapes {
            let conn = library.conn();
            for expression in [
                r#""story""#,
                r#""story" NOT "7""#,
                r#""5" OR "77" OR "150" OR "300" OR "390""#,
                r#""nothing""#,
            ] {
                let ids = match_ids(conn, expression).unwrap();
                for limit in [1, 3, 100, 1000] {
                    assert_eq!(
                        first_listed(conn, Matches::Index(expression), limit),
                        first_listed(conn, Matches::Ids(&ids), limit),
                        "{case}: {expression}, {limit}"
                    );
                }
            }
        }
        let starts_whole = |library: &Store| {
            let shape = ListShape::of(library.conn()).unwrap();
            starts_with_a_whole_run(library.conn(), shape).unwrap()
        };
        assert!(starts_whole(&shapes[0].1.1));
        assert!(starts_whole(&shapes[1].1.1));
        assert!(!starts_whole(&shapes[2].1.1), "a small run first is walked");
        let (_dir, interleaved) = library_with(&[(1, 3, 70), (2, 2, 70), (1, 3, 70)]);
        assert!(!starts_whole(&interleaved));
    }

    /// The runs' counts are what the order goes by: a count that claims a run holds every id
    /// of its range, while another import wrote in between, puts that import's matches in it.
    #[test]
    fn a_run_s_count_decides_whether_it_is_walked() {
        let (_dir, library) = library_with(&[(1, 3, 70), (2, 4, 70), (1, 3, 70)]);
        let all: Vec<i64> = (1..=210).collect();
        let (taken, expected) = both(&library, &all, 210);
        assert_eq!(taken, expected);
        assert_eq!(
            taken[..70],
            (71..=140).collect::<Vec<_>>(),
            "import 2 first"
        );
        library
            .conn()
            .execute(
                "UPDATE list_runs SET articles = 210 WHERE import_id = 1",
                [],
            )
            .unwrap();
        let (taken, expected) = both(&library, &all, 210);
        assert_ne!(taken, expected);
    }

    /// The runs' counts are the articles' own: after inserts, deletes and a moved article, and
    /// as the migration counts a library stored before them.
    #[test]
    fn the_runs_count_their_articles() {
        let counted = |library: &Store, table: &str| -> Vec<(String, i64, i64)> {
            let sql = match table {
                "list_runs" => {
                    "SELECT imported_at, import_id, articles FROM list_runs \
                                ORDER BY 1, 2"
                }
                _ => {
                    "SELECT imported_at, import_id, count(*) FROM articles \
                      GROUP BY 1, 2 ORDER BY 1, 2"
                }
            };
            let mut statement = library.conn().prepare(sql).unwrap();
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let (_dir, library) = library_of_shapes();
        assert_eq!(counted(&library, "list_runs").len(), 6);
        assert_eq!(
            counted(&library, "list_runs"),
            counted(&library, "articles")
        );
        let conn = library.conn();
        conn.execute(
            "DELETE FROM articles WHERE id IN (1, 2, 311, 312, 313, 314, 315)",
            [],
        )
        .unwrap();
        conn.execute("UPDATE articles SET import_id = 6 WHERE id = 3", [])
            .unwrap();
        conn.execute(
            "UPDATE articles SET imported_at = '2026-05-09T00:00:00.000000Z' WHERE id = 4",
            [],
        )
        .unwrap();
        conn.execute("UPDATE articles SET title = 'same run' WHERE id = 5", [])
            .unwrap();
        // Import 5 is gone; article 3 (day 6) makes a run of import 6's, article 4 a day's.
        assert_eq!(counted(&library, "list_runs").len(), 7);
        assert_eq!(
            counted(&library, "list_runs"),
            counted(&library, "articles")
        );
        // Stored before schema 9: counted by the migration.
        conn.execute_batch(
            "DROP TRIGGER articles_left_run; DROP TRIGGER articles_moved_run;
             DROP TABLE list_runs; PRAGMA user_version = 8;",
        )
        .unwrap();
        // The later migrations run too, and one re-indexes: with the library's tokenizer.
        let mut conn = Connection::open(library.path()).unwrap();
        crate::analysis::fts5::register(&conn).unwrap();
        crate::store::migrations::migrate(&mut conn).unwrap();
        assert_eq!(
            counted(&library, "list_runs"),
            counted(&library, "articles")
        );
    }

    /// An article without an import, or an older schema's library: the list is walked.
    #[test]
    fn without_runs_the_list_is_walked() {
        let (_dir, library) = library_of_shapes();
        library
            .conn()
            .execute(
                "INSERT INTO articles (import_id, title, source, imported_at, word_count, \
                 content_hash, block_kinds, body) \
                 VALUES (NULL, 't', 's', '2026-05-05T00:00:00.000000Z', 1, 'h', 'p', 'b')",
                [],
            )
            .unwrap();
        assert!(has_article_without_import(library.conn()).unwrap());
        assert_eq!(ListShape::of(library.conn()).unwrap(), ListShape::Walked);
        assert_list_order(&library, "an article without an import");
        let (_dir, library) = library_of_shapes();
        library
            .conn()
            .pragma_update(None, "user_version", 8)
            .unwrap();
        assert_eq!(ListShape::of(library.conn()).unwrap(), ListShape::Walked);
        assert_list_order(&library, "schema 8");
    }
}
