//! `newsdesk_bm25`: BM25F over the index's weighted columns, told the number of rows a one-phrase
//! query matches.
//!
//! **The score** is BM25F (Robertson and Zaragoza's "simple BM25F"): a phrase's count in each
//! column is weighted and divided by that column's own length against the column's average, the
//! sum is saturated once (k1 = 1.2, b = 0.75), and phrases add up by their IDF (at least 1e-6),
//! as in FTS5's `bm25()`. FTS5's own divides every count by the whole row's length: a title that
//! is the query word for word lost to a short story that mentions the words in passing as soon
//! as its article was long (a 500,000-word report ranked below a story with "long" in its body,
//! its title "A very long report" notwithstanding).
//!
//! **The counts.** BM25 weighs each phrase of a query by how rare it is (its IDF); FTS5 counts the rows
//! that contain each phrase on its first call: a second pass over the phrase's whole doclist,
//! whatever the number of rows ranked. For a word in 89,561 of 100,000 stories that pass was a
//! fifth of a search. When a query is one phrase, the rows that contain it are the rows the query
//! matches, which a search has read already; this function takes that number and skips the pass.
//! Otherwise (several phrases, or no number) it counts as FTS5 does, except what the query's
//! phrase plan (`search::Expression::phrase_plan`) says need not be counted: a phrase written
//! twice (a stemmed word asks for its typed form twice) is counted once, and an excluded one
//! (`shc -cu`: a word in 35 % of the stories) not at all, since no matched row holds it and its
//! weight multiplies zero. Higher scores are better (FTS5's `bm25()` turns the sign).

use std::ffi::{CStr, c_int, c_void};
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;

use crate::analysis::fts5::fts5_api;
use crate::error::{Error, Result};

/// The function's SQL name. Arguments: the FTS5 table, the weights of its columns, the number of
/// rows the query matches (NULL if unknown), then the query's phrase plan
/// (`search::Expression::phrase_plan`; NULL to count every phrase).
const NAME: &CStr = c"newsdesk_bm25";

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Registers `newsdesk_bm25` on a connection.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    // SAFETY: the handle is the connection's own and stays valid while `conn` is borrowed; FTS5
    // copies the name.
    unsafe {
        let api = fts5_api(conn.handle())?;
        let create = (*api)
            .xCreateFunction
            .ok_or_else(|| Error::Malformed("SQLite's FTS5 cannot register functions".into()))?;
        let rc = create(api, NAME.as_ptr(), ptr::null_mut(), Some(bm25), None);
        if rc != ffi::SQLITE_OK {
            return Err(Error::Malformed(format!(
                "could not register the ranking function (SQLite error {rc})"
            )));
        }
    }
    Ok(())
}

/// Where the number of rows holding a phrase of the query comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhraseRows {
    /// Counted (or, for a one-phrase query, told).
    Counted,
    /// The same as an earlier phrase's: the phrase is written the same.
    SameAs(usize),
    /// Never in a matched row (excluded with NOT): its weight is never used.
    Excluded,
}

/// A phrase plan (`search::Expression::phrase_plan`) read; None if it is not one. FTS5 drops a
/// phrase with no token (`"-"`): the function then finds fewer phrases than the plan and counts
/// them all.
fn read_plan(plan: &str) -> Option<Vec<PhraseRows>> {
    plan.split(' ')
        .enumerate()
        .map(|(index, entry)| match entry {
            "c" => Some(PhraseRows::Counted),
            "x" => Some(PhraseRows::Excluded),
            _ => {
                let earlier: usize = entry.strip_prefix('=')?.parse().ok()?;
                (earlier < index).then_some(PhraseRows::SameAs(earlier))
            }
        })
        .collect()
}

/// What a query's ranking needs once: each phrase's IDF, each column's average length; and room
/// for a row's weighted counts of each phrase and its columns' weights (kept from row to row).
struct QueryData {
    idf: Vec<f64>,
    average_lengths: Vec<f64>,
    frequencies: Vec<f64>,
    column_weights: Vec<f64>,
}

unsafe extern "C" fn free_query_data(data: *mut c_void) {
    // SAFETY: FTS5 hands back the pointer `bm25` made with `Box::into_raw`, once.
    drop(unsafe { Box::from_raw(data.cast::<QueryData>()) });
}

/// Rows counted by `xQueryPhrase`.
unsafe extern "C" fn count_row(
    _api: *const ffi::Fts5ExtensionApi,
    _fts: *mut ffi::Fts5Context,
    rows: *mut c_void,
) -> c_int {
    // SAFETY: `query_data` passes a valid `i64` for the count.
    unsafe { *rows.cast::<i64>() += 1 };
    ffi::SQLITE_OK
}

/// Converts an FTS5 return code.
fn ok(rc: c_int) -> std::result::Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

/// The query's IDFs (as `fts5Bm25GetData` finds them) and its columns' average lengths;
/// `matched`: the number of rows the query matches, if known; `plan`: the query's phrase plan,
/// if given.
///
/// SAFETY: `api` and `fts` are the ones FTS5 passed to the function being run.
unsafe fn query_data(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    matched: Option<i64>,
    plan: Option<Vec<PhraseRows>>,
) -> std::result::Result<QueryData, c_int> {
    // SAFETY: the callbacks are FTS5's own for this call (the caller's contract).
    unsafe {
        let phrases =
            usize::try_from((api.xPhraseCount.ok_or(ffi::SQLITE_ERROR)?)(fts)).unwrap_or(0);
        let mut rows: i64 = 0;
        ok((api.xRowCount.ok_or(ffi::SQLITE_ERROR)?)(fts, &mut rows))?;
        let columns = (api.xColumnCount.ok_or(ffi::SQLITE_ERROR)?)(fts);
        let total_size = api.xColumnTotalSize.ok_or(ffi::SQLITE_ERROR)?;
        let mut average_lengths = Vec::new();
        for column in 0..columns {
            let mut tokens: i64 = 0;
            ok(total_size(fts, column, &mut tokens))?;
            average_lengths.push(tokens as f64 / rows.max(1) as f64);
        }
        let plan = plan
            .filter(|plan| plan.len() == phrases)
            .unwrap_or_else(|| vec![PhraseRows::Counted; phrases]);
        let mut idf: Vec<f64> = Vec::with_capacity(phrases);
        let mut rows_of = Vec::with_capacity(phrases);
        for (phrase, source) in plan.into_iter().enumerate() {
            let hits = match (source, matched) {
                (PhraseRows::Excluded, _) => {
                    idf.push(0.0);
                    rows_of.push(0);
                    continue;
                }
                (PhraseRows::SameAs(earlier), _) => rows_of[earlier],
                (PhraseRows::Counted, Some(matched)) if phrases == 1 => matched,
                (PhraseRows::Counted, _) => {
                    let mut hits: i64 = 0;
                    let query_phrase = api.xQueryPhrase.ok_or(ffi::SQLITE_ERROR)?;
                    ok(query_phrase(
                        fts,
                        c_int::try_from(phrase).unwrap_or(c_int::MAX),
                        (&raw mut hits).cast(),
                        Some(count_row),
                    ))?;
                    hits
                }
            };
            rows_of.push(hits);
            let value = (((rows - hits) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
            idf.push(if value <= 0.0 { 1e-6 } else { value });
        }
        Ok(QueryData {
            frequencies: vec![0.0; phrases],
            column_weights: vec![0.0; average_lengths.len()],
            average_lengths,
            idf,
        })
    }
}

/// The FTS5 auxiliary function (`fts5Bm25Function`, the sign turned).
unsafe extern "C" fn bm25(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    argument_count: c_int,
    arguments: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 passes its API, the query's context, the function's SQL context and
    // `argument_count` values for the duration of this call.
    let outcome = std::panic::catch_unwind(|| unsafe {
        let api = &*api;
        let arguments =
            std::slice::from_raw_parts(arguments, usize::try_from(argument_count).unwrap_or(0));
        score(api, fts, arguments)
    });
    // SAFETY: `ctx` is the function's context.
    unsafe {
        match outcome {
            Ok(Ok(score)) => ffi::sqlite3_result_double(ctx, score),
            Ok(Err(rc)) => ffi::sqlite3_result_error_code(ctx, rc),
            Err(_) => ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_ERROR),
        }
    }
}

/// The current row's score: `arguments` are the column weights, the matched rows, the plan.
///
/// SAFETY: `api`, `fts` and `arguments` are the ones FTS5 passed to `bm25`.
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    arguments: &[*mut ffi::sqlite3_value],
) -> std::result::Result<f64, c_int> {
    // SAFETY: the caller's contract; the query data lives in FTS5's auxiliary data for the
    // whole query and is only used during this call.
    unsafe {
        let columns =
            usize::try_from((api.xColumnCount.ok_or(ffi::SQLITE_ERROR)?)(fts)).unwrap_or(0);
        let get = api.xGetAuxdata.ok_or(ffi::SQLITE_ERROR)?;
        let mut data = get(fts, 0).cast::<QueryData>();
        if data.is_null() {
            let matched = arguments.get(columns).and_then(|&value| {
                (ffi::sqlite3_value_type(value) == ffi::SQLITE_INTEGER)
                    .then(|| ffi::sqlite3_value_int64(value))
            });
            let plan = arguments.get(columns + 1).and_then(|&value| {
                if ffi::sqlite3_value_type(value) != ffi::SQLITE_TEXT {
                    return None;
                }
                let text = ffi::sqlite3_value_text(value);
                (!text.is_null())
                    .then(|| CStr::from_ptr(text.cast()).to_str().ok())
                    .flatten()
                    .and_then(read_plan)
            });
            let made = Box::into_raw(Box::new(query_data(api, fts, matched, plan)?));
            let set = api.xSetAuxdata.ok_or(ffi::SQLITE_ERROR)?;
            ok(set(fts, made.cast(), Some(free_query_data)))?;
            data = made;
        }
        let data = &mut *data;
        data.frequencies.fill(0.0);
        // Each column's weight over its length normalisation in this row: 1 − b + b × its
        // length against its average (an empty column everywhere divides by nothing).
        let column_size = api.xColumnSize.ok_or(ffi::SQLITE_ERROR)?;
        for (column, (average, column_weight)) in data
            .average_lengths
            .iter()
            .zip(&mut data.column_weights)
            .enumerate()
        {
            let mut tokens: c_int = 0;
            ok(column_size(
                fts,
                c_int::try_from(column).unwrap_or(c_int::MAX),
                &mut tokens,
            ))?;
            let weight = arguments
                .get(column)
                .map_or(1.0, |&value| ffi::sqlite3_value_double(value));
            let normalisation = if *average > 0.0 {
                1.0 - B + B * f64::from(tokens) / average
            } else {
                1.0
            };
            *column_weight = weight / normalisation;
        }
        let mut instances: c_int = 0;
        ok((api.xInstCount.ok_or(ffi::SQLITE_ERROR)?)(
            fts,
            &mut instances,
        ))?;
        let inst = api.xInst.ok_or(ffi::SQLITE_ERROR)?;
        for instance in 0..instances {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            ok(inst(fts, instance, &mut phrase, &mut column, &mut offset))?;
            let weight = usize::try_from(column)
                .ok()
                .and_then(|column| data.column_weights.get(column))
                .copied()
                .unwrap_or(0.0);
            if let Some(frequency) = usize::try_from(phrase)
                .ok()
                .and_then(|phrase| data.frequencies.get_mut(phrase))
            {
                *frequency += weight;
            }
        }
        let mut score = 0.0;
        for (idf, frequency) in data.idf.iter().zip(&data.frequencies) {
            score += idf * (frequency * (K1 + 1.0)) / (frequency + K1);
        }
        Ok(score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stories of different lengths, as (title, caption, body).
    const STORIES: [(&str, &str, &str); 5] = [
        (
            "Floods in the north",
            "",
            "Rain and floods closed roads; floods again.",
        ),
        ("Election night", "Voters queue", "The election was close."),
        (
            "Markets",
            "",
            "Floods hit farm prices. Traders waited for the election.",
        ),
        ("Short", "", "floods"),
        (
            "Nothing here",
            "",
            "A story about gardens and long walks in the hills.",
        ),
    ];
    const WEIGHTS: [f64; 3] = [10.0, 3.0, 1.0];

    /// A table like the library's index (three weighted columns) holding `stories`.
    fn index_of(stories: &[(&str, &str, &str)]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(title, caption, body);")
            .unwrap();
        for (title, caption, body) in stories {
            conn.execute(
                "INSERT INTO t (title, caption, body) VALUES (?1, ?2, ?3)",
                [title, caption, body],
            )
            .unwrap();
        }
        conn
    }

    fn index() -> Connection {
        index_of(&STORIES)
    }

    /// (rowid, score) of every match, best first, by `score_sql`.
    fn scores(conn: &Connection, score_sql: &str, query: &str) -> Vec<(i64, f64)> {
        let sql = format!(
            "SELECT rowid, {score_sql} AS s FROM t WHERE t MATCH ?1 ORDER BY s DESC, rowid"
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map([query], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    const COUNTED: &str = "newsdesk_bm25(t, 10.0, 3.0, 1.0, NULL)";

    /// BM25F worked out here from the stories (the oracle): the score of each story holding
    /// any of `words`, best first.
    fn bm25f(stories: &[(&str, &str, &str)], words: &[&str]) -> Vec<(i64, f64)> {
        let tokens = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let rows: Vec<[Vec<String>; 3]> = stories
            .iter()
            .map(|(t, c, b)| [tokens(t), tokens(c), tokens(b)])
            .collect();
        let n = rows.len() as f64;
        let average: Vec<f64> = (0..3)
            .map(|c| rows.iter().map(|r| r[c].len() as f64).sum::<f64>() / n)
            .collect();
        let has = |row: &[Vec<String>; 3], word: &str| row.iter().flatten().any(|t| t == word);
        let idf = |word: &str| {
            let holding = rows.iter().filter(|row| has(row, word)).count() as f64;
            (((n - holding) + 0.5) / (holding + 0.5)).ln().max(1e-6)
        };
        let mut scored: Vec<(i64, f64)> = rows
            .iter()
            .zip(1..)
            .filter(|(row, _)| words.iter().any(|w| has(row, w)))
            .map(|(row, rowid)| {
                let score = words
                    .iter()
                    .map(|word| {
                        let f: f64 = (0..3)
                            .map(|c| {
                                let tf = row[c].iter().filter(|t| *t == word).count() as f64;
                                WEIGHTS[c] * tf / (1.0 - B + B * row[c].len() as f64 / average[c])
                            })
                            .sum();
                        idf(word) * f * (K1 + 1.0) / (f + K1)
                    })
                    .sum();
                (rowid, score)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }

    fn assert_close(found: &[(i64, f64)], expected: &[(i64, f64)], what: &str) {
        assert_eq!(
            found.len(),
            expected.len(),
            "{what}: {found:?} {expected:?}"
        );
        for ((id, score), (expected_id, expected_score)) in found.iter().zip(expected) {
            assert_eq!(id, expected_id, "{what}: {found:?} {expected:?}");
            assert!(
                (score - expected_score).abs() < 1e-9,
                "{what}: {found:?} {expected:?}"
            );
        }
    }

    #[test]
    fn the_scores_are_bm25f() {
        let conn = index();
        for words in [&["floods"][..], &["election"], &["floods", "election"]] {
            let query = words.join(" OR ");
            let expected = bm25f(&STORIES, words);
            assert!(!expected.is_empty(), "{query}");
            assert_close(&scores(&conn, COUNTED, &query), &expected, &query);
            // Told the rows the query matches: used only for a one-phrase query, where they are
            // the rows holding the phrase.
            let told = format!("newsdesk_bm25(t, 10.0, 3.0, 1.0, {})", expected.len());
            assert_close(&scores(&conn, &told, &query), &expected, &query);
        }
    }

    /// What BM25F is for: each column is measured by its own length. With FTS5's `bm25()`, which
    /// measures every count by the whole row, a long story titled with the words ranks below
    /// short ones that mention them in passing.
    #[test]
    fn a_title_match_is_not_drowned_by_a_long_body() {
        let long_body = "The government said on Tuesday that talks went on. ".repeat(2_000);
        let mut stories = vec![("A very long report", "", long_body.as_str())];
        for _ in 0..20 {
            stories.push((
                "Markets today",
                "",
                "Prices rose in a long day; a report said so.",
            ));
        }
        let conn = index_of(&stories);
        let query = "long report";
        assert_eq!(scores(&conn, COUNTED, query)[0].0, 1);
        assert_ne!(scores(&conn, "-bm25(t, 10.0, 3.0, 1.0)", query)[0].0, 1);
    }

    /// Expressions, each with its plan (the translator's tests check the plans it writes): the
    /// scores are those of every phrase counted, and a plan that is not the query's is ignored.
    #[test]
    fn a_plan_spares_counts_without_changing_a_score() {
        let conn = index();
        for (query, plan) in [
            (r#"("floods") NOT "rain""#, "c x"),
            (r#"("floods" OR "floods" OR "election")"#, "c =0 c"),
            (
                r#"("floods" AND "election") NOT ("rain" OR "gardens")"#,
                "c c x x",
            ),
            (r#""floods" NOT "rain" "election""#, "c x c"),
            (r#""floods" OR "election" NOT "rain""#, "c c c"),
            (r#""flood"* OR "flood""#, "c c"),
        ] {
            let counted = scores(&conn, COUNTED, query);
            assert!(!counted.is_empty(), "{query}");
            let planned = format!("newsdesk_bm25(t, 10.0, 3.0, 1.0, NULL, '{plan}')");
            assert_eq!(scores(&conn, &planned, query), counted, "{query}");
            // One entry short: not this query's plan, so every phrase is counted.
            let short = plan.rsplit_once(' ').map_or("", |(head, _)| head);
            let ignored = format!("newsdesk_bm25(t, 10.0, 3.0, 1.0, NULL, '{short}')");
            assert_eq!(
                scores(&conn, &ignored, query),
                counted,
                "{query}: {short:?}"
            );
        }
    }

    /// The plan is what the function goes by: one that calls a phrase excluded, or the same as
    /// another, changes its weight.
    #[test]
    fn the_plan_is_read() {
        let conn = index();
        let query = r#""floods" OR "election""#;
        let counted = scores(&conn, COUNTED, query);
        for wrong in ["c x", "c =0"] {
            let planned = format!("newsdesk_bm25(t, 10.0, 3.0, 1.0, NULL, '{wrong}')");
            assert_ne!(scores(&conn, &planned, query), counted, "{wrong}");
        }
    }

    #[test]
    fn only_a_plan_is_read_as_one() {
        assert_eq!(
            read_plan("c =0 x"),
            Some(vec![
                PhraseRows::Counted,
                PhraseRows::SameAs(0),
                PhraseRows::Excluded
            ])
        );
        for plan in ["c =1", "c =0x", "c y", ""] {
            assert_eq!(read_plan(plan), None, "{plan:?}");
        }
    }

    #[test]
    fn a_one_phrase_query_takes_the_rows_it_is_told() {
        let conn = index();
        // In 2 of the 5 rows: it weighs something.
        let counted = scores(&conn, COUNTED, "election");
        // Told that every row holds the word, the word weighs next to nothing.
        let told = scores(&conn, "newsdesk_bm25(t, 10.0, 3.0, 1.0, 5)", "election");
        assert_eq!(told.len(), counted.len());
        for ((_, told), (_, counted)) in told.iter().zip(&counted) {
            assert!(*told < counted / 100.0, "{told} against {counted}");
        }
        // Several phrases: the number is not theirs to take.
        let several = scores(
            &conn,
            "newsdesk_bm25(t, 10.0, 3.0, 1.0, 5)",
            "floods OR election",
        );
        assert_eq!(several, scores(&conn, COUNTED, "floods OR election"));
    }
}
