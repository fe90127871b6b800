//! The `newsdesk` command line: its JSON output is a contract, its exit codes too.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use serde_json::Value;

const SUMMARY_KEYS: [&str; 11] = [
    "bookmarked",
    "credit",
    "excerpt",
    "id",
    "imported_at",
    "language",
    "progress",
    "published_at",
    "read",
    "source",
    "title",
];

fn newsdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove(newsdesk::ENV_DB)
        .output()
        .expect("run newsdesk")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    keys
}

#[test]
fn an_example_session_speaks_the_json_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let seed = fixture(SEED);
    let seed = seed.to_str().unwrap();

    let report = json(&newsdesk(&db, &["import", "--json", seed]));
    assert_eq!(
        keys(&report),
        ["added", "duplicates", "failed", "files", "skipped"]
    );
    assert_eq!(
        (report["added"].as_u64(), report["failed"].as_u64()),
        (Some(4), Some(0))
    );
    let file = &report["files"][0];
    assert_eq!(
        keys(file),
        [
            "added",
            "duplicate_of",
            "duplicates",
            "error",
            "first_article",
            "format",
            "path",
            "status"
        ]
    );
    assert_eq!(
        (file["format"].as_str(), file["status"].as_str()),
        (Some("tt"), Some("imported"))
    );
    assert!(file["error"].is_null());

    let again = json(&newsdesk(&db, &["import", "--json", seed]));
    assert_eq!(
        (again["added"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(4))
    );

    let list = json(&newsdesk(&db, &["list", "--json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(keys(&list[0]), SUMMARY_KEYS);
    assert!(
        list[0]["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("Russian lawmakers on Wednesday")
    );
    assert_eq!(list[0]["read"], false);
    assert_eq!(list[0]["credit"], "AFP");
    assert!(list[0]["progress"].is_null() && list[0]["published_at"].is_null());
    let japan = list[3]["id"].as_i64().unwrap().to_string();

    let results = json(&newsdesk(&db, &["search", "--json", "north korean troops"]));
    assert_eq!(keys(&results), ["hits", "total"]);
    assert_eq!(
        results["hits"][0]["title"],
        "Russian Senators Ratify North Korean Defense Pact"
    );
    let mut hit_keys = SUMMARY_KEYS.to_vec();
    hit_keys.extend(["score", "snippet"]);
    hit_keys.sort();
    assert_eq!(keys(&results["hits"][0]), hit_keys);
    assert_eq!(keys(&results["hits"][0]["snippet"][0]), ["hit", "text"]);

    assert!(
        newsdesk(&db, &["bookmark", "add", &japan, "--note", "follow up"])
            .status
            .success()
    );
    let shown = json(&newsdesk(&db, &["show", "--json", &japan]));
    assert_eq!(
        keys(&shown),
        [
            "author",
            "blocks",
            "bookmarked",
            "caption",
            "credit",
            "id",
            "imported_at",
            "language",
            "published_at",
            "source",
            "title",
            "url",
            "word_count"
        ]
    );
    assert_eq!(shown["bookmarked"], true);
    assert_eq!(shown["credit"], "EPA/FRANCK ROBICHON");
    assert_eq!(shown["blocks"].as_array().unwrap().len(), 21);
    assert_eq!(shown["blocks"][0]["kind"], "paragraph");
    assert!(shown["url"].is_null() && shown["author"].is_null());
    assert_eq!(shown["language"], "en");

    let bookmarked = json(&newsdesk(&db, &["list", "--json", "--bookmarked"]));
    assert_eq!(bookmarked.as_array().unwrap().len(), 1);

    assert!(
        newsdesk(&db, &["open", "--progress", "0.5", &japan])
            .status
            .success()
    );
    let history = json(&newsdesk(&db, &["history", "--json"]));
    assert_eq!(
        history[0]["article"]["id"].as_i64().unwrap().to_string(),
        japan
    );
    assert_eq!(history[0]["article"]["progress"], 0.5);

    // Marking a whole list read: the bookmarked story, then the three others.
    let text = |output: Output| String::from_utf8_lossy(&output.stdout).into_owned();
    let marked = text(newsdesk(&db, &["mark-all-read", "--bookmarked"]));
    assert_eq!(marked, "Marked 1 article read.\n");
    let marked = text(newsdesk(&db, &["mark-all-read"]));
    assert_eq!(marked, "Marked 3 articles read.\n");
    let unread = json(&newsdesk(&db, &["list", "--json", "--unread"]));
    assert_eq!(unread.as_array().map(Vec::len), Some(0));

    let export = newsdesk(&db, &["export"]);
    let export: Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(export["articles"].as_array().unwrap().len(), 4);
    assert_eq!(export["articles"][3]["bookmark"]["note"], "follow up");

    let stats = json(&newsdesk(&db, &["stats", "--json"]));
    assert_eq!(
        (stats["articles"].as_u64(), stats["bookmarks"].as_u64()),
        (Some(4), Some(1))
    );

    let check = newsdesk(&db, &["check"]);
    assert_eq!(String::from_utf8_lossy(&check.stdout), "ok\n");
}

#[test]
fn import_exits_1_when_a_file_failed_after_importing_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let png = write(dir.path(), "photo.png", PNG_BYTES);
    let output = newsdesk(
        &db,
        &[
            "import",
            "--json",
            png.to_str().unwrap(),
            fixture(SEED).to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (report["added"].as_u64(), report["failed"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(report["files"][0]["status"], "failed");
    assert_eq!(
        report["files"][0]["error"],
        "not a text file: it is a PNG image, which Newsdesk cannot import"
    );
}

#[test]
fn a_search_only_reads_yet_still_recovers_a_crashed_library() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    import(&newsdesk::Library::open(&db).unwrap(), &[fixture(SEED)]);
    let lock = dir.path().join("lib.sqlite3.lock");
    let marker = dir.path().join("lib.sqlite3.running");

    let results = json(&newsdesk(&db, &["search", "--json", "takaichi"]));
    assert_eq!(results["total"], 1);
    assert!(!lock.exists(), "a search takes no run lock");

    // The last program to use the library died (its marker stayed): the search checks it first.
    std::fs::write(&marker, "4242").unwrap();
    let output = newsdesk(&db, &["search", "--json", "takaichi"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("not closed properly"));
    assert_eq!(json(&output)["total"], 1);
    assert!(lock.exists() && !marker.exists());
}

/// A library of the last release (schema 13) is re-indexed by the first command that opens it,
/// which says so and what search finds since, then answers from the new index.
#[test]
fn the_first_command_upgrades_a_library_and_says_what_search_finds_now() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    std::fs::copy(fixture("library-v13.sqlite3"), &db).unwrap();
    let output = newsdesk(&db, &["search", "--json", "парламент"]);
    assert_eq!(json(&output)["total"], 1);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "newsdesk: updating the search index for this version …\n\
         newsdesk: search now finds other forms of Bulgarian words (парламент finds \
         “Парламентът”, министър “министърът”), and of Croatian words and Bosnian and Serbian \
         ones written in Latin letters (poplava finds “Poplave”).\n"
    );
    let again = newsdesk(&db, &["search", "--json", "парламент"]);
    assert_eq!(json(&again)["total"], 1);
    assert_eq!(String::from_utf8_lossy(&again.stderr), "");
}

#[test]
fn a_search_still_refuses_a_newer_newsdesks_library() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    drop(newsdesk::Library::open(&db).unwrap());
    let newer = newsdesk::SCHEMA_VERSION + 1;
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let output = newsdesk(&db, &["search", "storm"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).starts_with(&format!(
            "newsdesk: this library was written by a newer version of Newsdesk (schema version {newer};"
        )),
        "{output:?}"
    );
}

#[test]
fn errors_are_plain_messages_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let output = newsdesk(&db, &["show", "42"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "newsdesk: no article with id 42\n"
    );
}

#[test]
fn the_library_comes_from_the_environment_when_not_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.sqlite3");
    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["import", fixture(SEED).to_str().unwrap()])
        .env(newsdesk::ENV_DB, &db)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(db.exists());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.ends_with("1 files: 4 articles added, 0 duplicates skipped, 0 files failed\n"),
        "{text}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_default_library_is_in_the_app_data_folder() {
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["stats", "--json"])
        .env_remove(newsdesk::ENV_DB)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        home.path()
            .join("data/org.newsdesk.Newsdesk/library.sqlite3")
            .exists()
    );
}

/// Terminal controls a hostile title may carry: an OSC window title, BEL, a clear-screen CSI,
/// NUL, DEL, the C1 CSI (U+009B) and a right-to-left override.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{0}Evil\u{7f}\u{9b}31m\u{202E}txt.exe";

/// The control bytes of printed text: C0 but newline, DEL, C1 and the bidirectional controls.
fn control_chars(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| newsdesk::text::is_unsafe_char(c))
        .collect()
}

#[test]
fn plain_output_never_prints_a_control_character_even_from_an_old_library() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    // A library written before imports removed control characters: the rows go in directly.
    drop(newsdesk::Library::open(&db).unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO articles (title, credit, source, imported_at, word_count, content_hash, \
         block_kinds, body) VALUES (?1, ?1, ?1, '2025-01-01T00:00:00.000000Z', 2, 'h', 'p', ?1)",
        [HOSTILE],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO bookmarks (article_id, created_at, note) \
         VALUES (1, '2025-01-02T00:00:00.000000Z', ?1)",
        [HOSTILE],
    )
    .unwrap();
    drop(conn);

    let shown = r"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{0}Evil\u{7f}\u{9b}31m\u{202e}txt.exe";
    let list = newsdesk(&db, &["list"]);
    assert!(list.status.success());
    assert_eq!(
        String::from_utf8(list.stdout).unwrap(),
        format!("     1 ★ {shown}  ({shown} · {shown})\n")
    );
    for args in [
        &["show", "1"][..],
        &["bookmark", "list"],
        &["open", "1"],
        &["history"],
    ] {
        let output = newsdesk(&db, args);
        assert!(output.status.success(), "{args:?}");
        assert_eq!(
            control_chars(&output.stdout),
            Vec::<char>::new(),
            "{args:?}"
        );
        assert_eq!(
            control_chars(&output.stderr),
            Vec::<char>::new(),
            "{args:?}"
        );
    }
    let show = String::from_utf8(newsdesk(&db, &["show", "1"]).stdout).unwrap();
    assert_eq!(show.lines().next(), Some(shown));
    assert!(show.ends_with(&format!("\n\n{shown}\n")), "{show}");
}

#[test]
fn a_newsdesk_json_import_strips_control_and_bidi_characters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let article = serde_json::json!({
        "title": HOSTILE,
        "caption": format!("Caption{HOSTILE}"),
        "credit": HOSTILE,
        "source": HOSTILE,
        "url": "https://example.com/\u{1b}[2Jstory",
        "author": "Au\u{0}thor\u{2066}",
        "imported_at": "2025-01-01T00:00:00Z",
        "blocks": [
            {"kind": "paragraph", "text": format!("Body {HOSTILE}")},
            {"kind": "preformatted", "text": "keep\ttab\nand line\u{1b}[0m"},
            {"kind": "paragraph", "text": "\u{1b}\u{7}"},
        ],
        "bookmark": {"created_at": "2025-01-02T00:00:00Z", "note": format!("Note{HOSTILE}")},
    });
    // "format" must come first (serde_json's own maps sort their keys).
    let export = format!(r#"{{"format":"newsdesk-export","version":1,"articles":[{article}]}}"#);
    let file = write(dir.path(), "export.json", export.as_bytes());
    let report = json(&newsdesk(
        &db,
        &["import", "--json", file.to_str().unwrap()],
    ));
    assert_eq!(report["added"], 1, "{report}");

    let clean = "]0;pwned[2JEvil31mtxt.exe";
    let shown = json(&newsdesk(&db, &["show", "--json", "1"]));
    assert_eq!(shown["title"], clean);
    assert_eq!(shown["caption"], format!("Caption{clean}"));
    assert_eq!(
        (&shown["credit"], &shown["source"]),
        (&clean.into(), &clean.into())
    );
    assert_eq!(shown["url"], "https://example.com/[2Jstory");
    assert_eq!(shown["author"], "Author");
    assert_eq!(
        shown["blocks"],
        serde_json::json!([
            {"kind": "paragraph", "text": format!("Body {clean}")},
            {"kind": "preformatted", "text": "keep\ttab\nand line[0m"},
        ])
    );
    let bookmarks = json(&newsdesk(&db, &["bookmark", "list", "--json"]));
    assert_eq!(bookmarks[0]["note"], format!("Note{clean}"));
}
