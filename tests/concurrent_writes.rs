//! Writes never wait for a whole import: while a big dump is imported, the same `Library` (as in
//! the app: its writes queue on the library's one writer with the import's batches), another
//! `Library` on the same file, and another program (the `newsdesk` CLI) bookmark, save the
//! reading progress and mark read every 200 ms. Every write succeeds, and the 99th percentile
//! of their latency stays within 250 ms (imports commit in batches of about 40 ms; see
//! `importer::Batches`).
//!
//! The dump is `NEWSDESK_CONCURRENT_MB` megabytes (default `DEFAULT_DUMP_MB`: a debug build
//! imports about 1 MB a second here, so CI runs a smaller dump than the 300 MB; the
//! benchmark, `newsdesk-bench --writes-during-import-only 300`, runs the full size in release).
//! The figures are printed, so a failure on a loaded machine says by how much.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use newsdesk::{Library, ListFilter};
use newsdesk_corpus::Corpus;
use tempfile::TempDir;

const DEFAULT_DUMP_MB: u64 = 24;
const WRITE_EVERY: Duration = Duration::from_millis(200);
const P99_LIMIT: Duration = Duration::from_millis(250);
/// Write rounds needed while the import runs for the figures to mean something (and for every
/// one of the library's `STORIES` to have been written to).
const MIN_ROUNDS: usize = 20;
/// Stories in the library before the import (the writes go to them in turn).
const STORIES: u64 = 20;

/// One import at a time: two at once on a small machine would measure each other.
static ONE_IMPORT: Mutex<()> = Mutex::new(());

fn dump_bytes() -> u64 {
    let megabytes = std::env::var("NEWSDESK_CONCURRENT_MB")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(DEFAULT_DUMP_MB);
    megabytes << 20
}

/// A library holding a few stories to write to, and a big dump of other stories beside it.
struct Setup {
    db: PathBuf,
    ids: Vec<i64>,
    dump: PathBuf,
    dump_stories: u64,
}

fn library_and_dump(dir: &Path) -> Setup {
    let db = dir.join("library.sqlite3");
    let small = dir.join("small.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&small).unwrap());
    Corpus::new(1).write_dump(&mut file, STORIES).unwrap();
    drop(file);
    let library = Library::open(&db).unwrap();
    let report = common::import(&library, &[small]);
    assert_eq!(u64::from(report.added), STORIES);
    let ids = common::ids_in(&library, &ListFilter::default());
    assert_eq!(ids.len() as u64, STORIES);

    let dump = dir.join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&dump).unwrap());
    let (stories, bytes) = Corpus::new(2)
        .write_dump_of_size(&mut file, dump_bytes())
        .unwrap();
    drop(file);
    eprintln!("dump: {stories} stories, {:.0} MB", bytes as f64 / 1e6);
    Setup {
        db,
        ids,
        dump,
        dump_stories: stories,
    }
}

/// Latencies of the writes, and how many write rounds ran during the import.
struct Measured {
    latencies: Vec<Duration>,
    rounds: usize,
}

impl Measured {
    fn percentile(&self, share: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let rank = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1]
    }

    fn check(&self, who: &str, import_took: Duration, idle: Duration) {
        let (median, p99) = (self.percentile(0.5), self.percentile(0.99));
        let max = self.percentile(1.0);
        eprintln!(
            "{who}: {} writes in {} rounds during a {import_took:.1?} import; latency median \
             {median:.1?}, p99 {p99:.1?}, max {max:.1?} (idle {idle:.1?})",
            self.latencies.len(),
            self.rounds
        );
        assert!(
            self.rounds >= MIN_ROUNDS,
            "{who}: the import was over after {} rounds; use a bigger dump",
            self.rounds
        );
        assert!(
            p99 <= idle + P99_LIMIT,
            "{who}: p99 {p99:?} is more than {P99_LIMIT:?} over the idle {idle:?}"
        );
    }
}

/// Imports the dump into the library on another thread while `round` runs every `WRITE_EVERY`
/// (given the round's number; it returns each write's latency, failing the test on an error);
/// returns the import's duration and the measured writes. The whole dump is imported, although
/// the other side opened the library while the import's journal named the file.
fn while_importing(
    setup: &Setup,
    library: Arc<Library>,
    round: impl Fn(usize) -> Vec<Duration>,
) -> (Duration, Measured) {
    let dump = setup.dump.clone();
    let started = Instant::now();
    let importing = std::thread::spawn(move || {
        let report = common::import(&library, &[dump]);
        (report, started.elapsed())
    });
    let mut measured = Measured {
        latencies: Vec::new(),
        rounds: 0,
    };
    while !importing.is_finished() {
        let next = Instant::now() + WRITE_EVERY;
        measured.latencies.extend(round(measured.rounds));
        measured.rounds += 1;
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    let (report, took) = importing.join().unwrap();
    assert_eq!(report.failed, 0, "{report:?}");
    assert_eq!(u64::from(report.added), setup.dump_stories);
    let library = Library::open(&setup.db).unwrap();
    let articles = library.stats().unwrap().articles;
    assert_eq!(articles, setup.ids.len() as u64 + setup.dump_stories);
    (took, measured)
}

/// Measures `writes` (one round: the latency of each write) five times on the idle library, then
/// every `WRITE_EVERY` while the dump imports into `importing`, and checks the figures; returns
/// the last round's article (the one its writes went to).
fn measure(
    who: &str,
    setup: &Setup,
    importing: Arc<Library>,
    writes: impl Fn(usize) -> Vec<Duration>,
) -> i64 {
    let idle = Measured {
        latencies: (0..5).flat_map(&writes).collect(),
        rounds: 5,
    }
    .percentile(0.5);
    let (took, measured) = while_importing(setup, importing, &writes);
    measured.check(who, took, idle);
    setup.ids[(measured.rounds - 1) % setup.ids.len()]
}

/// The big dump beside a small library, one test at a time.
fn big_import() -> (MutexGuard<'static, ()>, TempDir, Setup) {
    let one = ONE_IMPORT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let setup = library_and_dump(dir.path());
    (one, dir, setup)
}

fn timed(write: impl FnOnce()) -> Duration {
    let started = Instant::now();
    write();
    started.elapsed()
}

/// A round of the writes a reader makes (bookmark, reading progress, read mark) through `library`.
fn reader_writes(library: &Library, ids: &[i64], round: usize) -> Vec<Duration> {
    let id = ids[round % ids.len()];
    let progress = (round % 9) as f64 / 10.0;
    vec![
        timed(|| {
            library.add_bookmark(id, Some("later")).unwrap();
        }),
        timed(|| {
            library.set_progress(id, progress).unwrap();
        }),
        timed(|| library.mark_read(id, true).unwrap()),
    ]
}

/// The writes are there, next to the whole dump.
fn check_written(library: &Library, last: i64) {
    assert!(library.bookmark(last).unwrap().is_some());
    assert!(library.is_read(last).unwrap());
    assert_eq!(library.bookmarks().unwrap().len() as u64, STORIES);
    assert_eq!(library.check_integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn the_importing_library_takes_writes_between_its_batches() {
    let (_one, _dir, setup) = big_import();
    let library = Arc::new(Library::open(&setup.db).unwrap());
    let writes = |round| reader_writes(&library, &setup.ids, round);
    let last = measure(
        "the importing library",
        &setup,
        Arc::clone(&library),
        writes,
    );
    check_written(&library, last);
}

#[test]
fn another_connection_writes_while_a_big_dump_imports() {
    let (_one, _dir, setup) = big_import();
    let reader = Library::open(&setup.db).unwrap();
    let importing = Arc::new(Library::open(&setup.db).unwrap());
    let writes = |round| reader_writes(&reader, &setup.ids, round);
    let last = measure("second library", &setup, importing, writes);
    check_written(&reader, last);
}

/// Runs the `newsdesk` CLI on the library; fails the test unless it succeeds.
fn cli(db: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(output.status.success(), "newsdesk {args:?}: {output:?}");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("not closed properly"),
        "newsdesk {args:?} took the running import for a crash"
    );
    took
}

#[test]
fn another_program_writes_while_a_big_dump_imports() {
    let (_one, _dir, setup) = big_import();
    let (db, ids) = (&setup.db, &setup.ids);
    let writes = |round: usize| {
        let id = ids[round % ids.len()].to_string();
        vec![
            cli(db, &["bookmark", "add", &id]),
            cli(db, &["open", "--progress", "0.5", &id]),
            cli(db, &["mark-read", &id]),
        ]
    };
    // A program's own start (and a debug build's) is no waiting for the import: the bound is
    // over its idle latency.
    let importing = Arc::new(Library::open(db).unwrap());
    let last = measure("newsdesk CLI", &setup, importing, writes);

    let library = Library::open(db).unwrap();
    assert!(library.bookmark(last).unwrap().is_some());
    assert!(library.is_read(last).unwrap());
    assert_eq!(
        library.visit(last).unwrap().map(|visit| visit.progress),
        Some(0.5)
    );
}
