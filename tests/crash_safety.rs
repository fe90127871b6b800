//! Crash safety: a real CLI import of a large dump, killed with SIGKILL at moments spread over it,
//! leaves a library that passes SQLite's and FTS5's integrity checks, in which every file is
//! either fully present or absent; importing again then completes. Imports commit in batches:
//! the file being imported at the kill is named by the import journal, and opening the library
//! rolls it back (the test counts those entries before the open, and checks none is left after).
//!
//! `NEWSDESK_KILL_ITERATIONS` sets the number of kills (default 20); `NEWSDESK_KILL_SEED` the
//! start of the sequence of kill moments (printed, so a failure can be replayed).
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdesk::Library;
use newsdesk_corpus::Corpus;

const FILES: u64 = 6;
const STORIES_PER_FILE: u64 = 250;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Writes the dump files (each its own corpus, so no story is in two files).
fn write_dumps(dir: &Path) -> PathBuf {
    let folder = dir.join("dumps");
    std::fs::create_dir_all(&folder).unwrap();
    for index in 0..FILES {
        let path = folder.join(format!("dump-{index}.txt"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        Corpus::new(100 + index)
            .write_dump(&mut file, STORIES_PER_FILE)
            .unwrap();
    }
    folder
}

fn cli_import(db: &Path, folder: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(folder)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Import journal entries in a library file (none if it has no journal yet).
fn journal_entries(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let has_journal: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'import_journal')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    if !has_journal {
        return 0;
    }
    conn.query_row("SELECT count(*) FROM import_journal", [], |row| row.get(0))
        .unwrap()
}

/// Importers' lock files left beside the library.
fn import_locks(db: &Path) -> Vec<String> {
    let folder = db.parent().unwrap();
    let prefix = format!("{}.import-", db.file_name().unwrap().to_string_lossy());
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&prefix))
        .collect()
}

/// Checks the library after a crash (opening it rolls back the killed import's file); returns
/// how many files were fully imported.
fn check_library(db: &Path, iteration: u64) -> u64 {
    let library = Library::open(db).unwrap();
    assert_eq!(
        journal_entries(db),
        0,
        "iteration {iteration}: journal left"
    );
    assert_eq!(
        import_locks(db),
        Vec::<String>::new(),
        "iteration {iteration}"
    );
    assert_eq!(
        library.check_integrity().unwrap(),
        Vec::<String>::new(),
        "iteration {iteration}"
    );
    let sources = library.sources().unwrap();
    for source in &sources {
        assert_eq!(
            source.articles, STORIES_PER_FILE,
            "iteration {iteration}: {} is partly imported",
            source.source
        );
    }
    assert_eq!(
        library.stats().unwrap().articles,
        sources.len() as u64 * STORIES_PER_FILE
    );
    sources.len() as u64
}

#[test]
fn sigkill_during_an_import_leaves_every_file_whole_or_absent() {
    let iterations = env_number("NEWSDESK_KILL_ITERATIONS", 20);
    let seed = env_number("NEWSDESK_KILL_SEED", 0x5eed);
    let dir = tempfile::tempdir().unwrap();
    let folder = write_dumps(dir.path());

    // How long a whole import takes here: the kills fall anywhere within it.
    let started = Instant::now();
    let status = cli_import(&dir.path().join("timing.sqlite3"), &folder)
        .status()
        .unwrap();
    assert!(status.success());
    let full = started.elapsed();

    let mut complete_files = Vec::new();
    let mut rolled_back = 0;
    for iteration in 0..iterations {
        let db = dir.path().join(format!("library-{iteration}.sqlite3"));
        let mut child = cli_import(&db, &folder).spawn().unwrap();
        std::thread::sleep(full.mul_f64(kill_share(seed, iteration)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        if !db.exists() {
            complete_files.push(0);
            continue; // killed before the library was created
        }
        let journaled = journal_entries(&db);
        assert!(journaled <= 1, "iteration {iteration}: {journaled} entries");
        rolled_back += journaled;
        complete_files.push(check_library(&db, iteration));

        let status = cli_import(&db, &folder).status().unwrap();
        assert!(status.success(), "iteration {iteration}: re-import failed");
        assert_eq!(
            check_library(&db, iteration),
            FILES,
            "iteration {iteration}"
        );
        std::fs::remove_file(&db).unwrap();
    }
    eprintln!(
        "{iterations} kills (seed {seed:#x}, full import {full:?}): files complete at the kill: \
         {complete_files:?}; {rolled_back} files rolled back from the journal"
    );
    // Most kills fall in the middle of a file (committed in batches): the journal is what
    // keeps those files out.
    assert!(
        iterations < 5 || rolled_back > 0,
        "no kill fell in the middle of a file"
    );
}

/// How far into the import the kill of `iteration` falls, as a share of it: a golden-ratio
/// sequence from `seed` spreads the kills over the whole import, jumping back and forth.
fn kill_share(seed: u64, iteration: u64) -> f64 {
    (seed.wrapping_add(iteration) as f64 * 0.618_033_988_749_895).fract()
}

/// Runs `newsdesk list` on a library; returns whether it said the last run did not end cleanly.
fn list_warns_of_a_crash(db: &Path) -> bool {
    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--db")
        .arg(db)
        .arg("list")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stderr).contains("not closed properly")
}

#[test]
fn a_program_using_the_library_is_no_crash_but_a_killed_one_is() {
    let dir = tempfile::tempdir().unwrap();
    // Big enough to be still importing while the second program runs.
    let dump = dir.path().join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&dump).unwrap());
    Corpus::new(7).write_dump(&mut file, 8_000).unwrap();
    drop(file);
    let db = dir.path().join("library.sqlite3");
    let marker = dir.path().join("library.sqlite3.running");
    let mut importing = cli_import(&db, &dump).spawn().unwrap();
    let until = Instant::now() + Duration::from_secs(30);
    while !marker.exists() {
        assert!(
            Instant::now() < until,
            "the import never marked the library"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A second program while the import runs: no warning, and the importer's marker stays.
    assert!(!list_warns_of_a_crash(&db));
    assert!(
        marker.exists(),
        "the second program took the running import's marker away"
    );
    assert_eq!(
        importing.try_wait().unwrap(),
        None,
        "the import ran all along"
    );

    importing.kill().unwrap(); // SIGKILL: the import's lock dies with it, its marker stays
    importing.wait().unwrap();
    assert!(
        list_warns_of_a_crash(&db),
        "a killed import is found at the next start"
    );
    assert!(
        !list_warns_of_a_crash(&db),
        "checked once, then a clean library"
    );
    assert!(!marker.exists());
}
