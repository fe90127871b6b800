//! The hostile corpus (`tests/hostile/`, see its README): every crafted file ends as imported
//! or as a failure of its own, with a reason, through the real CLI, within 20 s and 1 GB of
//! memory; the library passes its integrity checks afterwards. And the parsing worker: a crash
//! costs one file, a cancel stops a file that hangs at once.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::*;
use newsdesk::importer::WorkerCommand;
use newsdesk::model::FileStatus;
use newsdesk::{Library, ListFilter, SearchRequest};
use serde_json::Value;

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

const NESTED: &str = "the HTML is nested more than 512 elements deep";
const FLOODED: &str = "the HTML has more than 100,000 elements";
const STALLED: &str = "reading it took longer than 15 s without progress";

/// Every file of the corpus and how its import must end: `None` imported, `Some(reason)` failed
/// with a message containing the reason.
const CORPUS: &[(&str, Option<&str>)] = &[
    ("nesting-custom-elements.html", Some(NESTED)),
    ("nesting-self-closing-divs.html", Some(NESTED)),
    ("nesting-stray-end-tags.html", Some(NESTED)),
    ("nesting-ruby-outside-ruby.html", Some(NESTED)),
    ("nesting-formatting.html", Some(NESTED)),
    ("nesting-custom-elements.zip", Some(NESTED)),
    ("feed-nested-item-html.xml", Some(NESTED)),
    ("flood-br.zip", Some(FLOODED)),
    ("flood-reconstructed-formatting.html", Some(FLOODED)),
    ("flood-attributes.html", Some(STALLED)),
    ("nesting-quotes.md", None),
    ("nesting-lists.md", None),
    ("controls-in-export.json", None),
    ("controls-in-text.txt", None),
    ("markup-in-page.html", None),
    ("markup-in-feed.xml", None),
    ("markup-in-markdown.md", None),
];

/// Runs the CLI to its end; returns its report, the time it took and its peak memory in bytes
/// (the CLI's or its parsing worker's, whichever is larger: the kernel counts the children a
/// process waited for).
#[allow(
    clippy::zombie_processes,
    reason = "reaped by wait4, which also gives its memory"
)]
fn timed_cli(db: &Path, file: &Path) -> (Value, Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--db")
        .arg(db)
        .args(["import", "--json"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the CLI");
    let mut stdout = child.stdout.take().expect("stdout");
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut out).map(|_| out)
    });
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 waits for this child (not yet reaped by anyone) and fills the struct.
    let usage = unsafe {
        let pid = child.id() as libc::pid_t;
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid);
        usage.assume_init()
    };
    let elapsed = started.elapsed();
    assert!(
        libc::WIFEXITED(status) && matches!(libc::WEXITSTATUS(status), 0 | 1),
        "the CLI itself must never crash: status {status}"
    );
    let output = reading.join().expect("reader").expect("CLI output");
    let report = serde_json::from_slice(&output).expect("the CLI's JSON report");
    (report, elapsed, usage.ru_maxrss as u64 * 1024)
}

#[test]
fn every_hostile_file_ends_as_imported_or_failed_with_a_reason_in_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let corpus_dir = hostile("");
    let mut on_disk: Vec<String> = std::fs::read_dir(&corpus_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "README.md" && name != "make.py")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|(name, _)| name.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every file of tests/hostile/ is checked here"
    );

    let mut imported = 0;
    for (name, expected) in CORPUS {
        let (report, elapsed, peak) = timed_cli(&db, &hostile(name));
        let file = &report["files"][0];
        println!(
            "{name}: {} in {:.1} s, peak {} MB{}",
            file["status"],
            elapsed.as_secs_f64(),
            peak >> 20,
            file["error"]
                .as_str()
                .map_or(String::new(), |e| format!(" — {e}"))
        );
        match expected {
            None => {
                assert_eq!(file["status"], "imported", "{name}: {file}");
                imported += file["added"].as_u64().unwrap();
            }
            Some(reason) => {
                assert_eq!(file["status"], "failed", "{name}: {file}");
                let error = file["error"].as_str().unwrap();
                assert!(error.contains(reason), "{name}: {error}");
            }
        }
        assert!(elapsed < Duration::from_secs(20), "{name} took {elapsed:?}");
        assert!(peak < 1 << 30, "{name} peaked at {} MB", peak >> 20);
    }
    let library = Library::open(&db).unwrap();
    assert_eq!(library.check_integrity().unwrap(), Vec::<String>::new());
    assert_eq!(
        library.list(&ListFilter::All, 100, 0).unwrap().len(),
        imported as usize
    );
}

/// A worker that crashes on its first file (a real SIGSEGV), then serves as the real one.
fn crashing_once_worker(dir: &Path) -> WorkerCommand {
    let script = dir.join("worker.sh");
    let marker = dir.join("crashed");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nif [ ! -e '{marker}' ]; then touch '{marker}'; read job; kill -SEGV $$; fi\n\
             exec '{worker}' \"$@\"\n",
            marker = marker.display(),
            worker = env!("CARGO_BIN_EXE_newsdesk"),
        ),
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).unwrap();
    WorkerCommand::new(script)
}

#[test]
fn a_crashing_worker_costs_one_file_and_the_next_gets_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_library_dir, library) = new_library();
    let first = write(dir.path(), "first.txt", b"First story\n\nIts text.\n");
    let second = write(dir.path(), "second.txt", b"Second story\n\nIts text.\n");
    let report = newsdesk::Importer::new(&library)
        .worker(crashing_once_worker(dir.path()))
        .import_paths(&[first, second])
        .unwrap();
    assert_eq!(report.files[0].status, FileStatus::Failed);
    assert_eq!(
        report.files[0].error.as_deref(),
        Some("the file made Newsdesk's parser crash (signal 11)")
    );
    assert_eq!(report.files[1].status, FileStatus::Imported);
    let titles: Vec<String> = library
        .list(&ListFilter::All, 10, 0)
        .unwrap()
        .into_iter()
        .map(|article| article.title)
        .collect();
    assert_eq!(titles, ["Second story"]);
}

#[test]
fn cancel_stops_a_file_that_hangs_within_a_second() {
    let (_dir, library) = seeded_library();
    let cancel = AtomicBool::new(false);
    let cancelled_at = std::sync::Mutex::new(None);
    let returned_at = std::thread::scope(|scope| {
        scope.spawn(|| {
            // The attribute flood keeps html5ever's tokenizer busy for many seconds.
            std::thread::sleep(Duration::from_secs(2));
            *cancelled_at.lock().unwrap() = Some(Instant::now());
            cancel.store(true, Ordering::Relaxed);
        });
        let report = importer(&library)
            .cancel_flag(&cancel)
            .import_paths(&[hostile("flood-attributes.html"), fixture("cp1252.txt")])
            .unwrap();
        let returned_at = Instant::now();
        assert_eq!(report.files[0].status, FileStatus::Cancelled, "{report:?}");
        assert_eq!(report.files[1].status, FileStatus::Cancelled, "{report:?}");
        returned_at
    });
    let cancelled_at = cancelled_at.lock().unwrap().expect("cancelled");
    let waited = returned_at - cancelled_at;
    assert!(waited < Duration::from_secs(1), "cancel took {waited:?}");
    assert_eq!(library.list(&ListFilter::All, 10, 0).unwrap().len(), 4);
}

/// A worker that runs out of memory costs its file alone; the next file gets a fresh worker.
/// The worker's own cap is 512 MB; here the CLI is started under a 250 MB limit, which its worker
/// inherits and cannot raise, so a 63 MB page (about 480 MB to read) runs out of it.
#[cfg(target_os = "linux")]
#[test]
fn a_worker_out_of_memory_costs_one_file() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let paragraph = format!(
        "<p class=\"c\">{}</p>",
        "The council met again on the harbour works and the budget. ".repeat(11)
    );
    let page = format!(
        "<!doctype html><html><head><title>Huge page</title></head><body><article>{}\
         </article></body></html>",
        paragraph.repeat(95_000)
    );
    let huge = write(dir.path(), "huge.html", page.as_bytes());
    drop(page);
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command
        .arg("--db")
        .arg(dir.path().join("library.sqlite3"))
        .args(["import", "--json"])
        .arg(&huge)
        .arg(fixture("cp1252.txt"));
    // SAFETY: only setrlimit runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 250 << 20,
                rlim_max: 250 << 20,
            };
            match libc::setrlimit(libc::RLIMIT_DATA, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["files"][0]["status"], "failed", "{report}");
    let error = report["files"][0]["error"].as_str().unwrap();
    assert!(error.starts_with("reading it needed more than"), "{error}");
    assert_eq!(report["files"][1]["status"], "imported", "{report}");
}

/// A headline of 60,000 characters, in every format that has titles (a page crafted to fill the
/// window with its title, or running text without a title line), is stored as running text:
/// whole, as the body's first paragraph, still found by search, and the story is titled with
/// its start. Nothing is lost and the reader, lists and the window's title stay usable.
#[test]
fn a_title_too_long_to_be_one_goes_into_the_body() {
    let (dir, library) = new_library();
    let headline = format!("Breaking {}at the far end", "very ".repeat(12_000));
    // Each format's story differs, or all but the first would be duplicates of it.
    let story =
        |format: &str| format!("The {format} story under the headline, told at some length.");
    let article = serde_json::json!({
        "title": headline, "source": "export", "imported_at": "2026-11-30T12:00:00Z",
        "blocks": [{"kind": "paragraph", "text": story("export")}]
    });
    let export = format!(
        r#"{{"format": "newsdesk-export", "version": 1, "exported_at": "2026-11-30T12:00:00Z", "articles": [{article}]}}"#
    );
    let files = [
        write(
            dir.path(),
            "long.md",
            format!("# {headline}\n\n{}\n", story("Markdown")).as_bytes(),
        ),
        write(
            dir.path(),
            "long.txt",
            format!("{headline}\n\n{}\n", story("text")).as_bytes(),
        ),
        write(
            dir.path(),
            "long.html",
            format!(
                "<!doctype html><html><head><title>{headline}</title></head><body><article>\
                 <p>{}</p></article></body></html>",
                story("page")
            )
            .as_bytes(),
        ),
        write(
            dir.path(),
            "long.xml",
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed</title>\
                 <item><title>{headline}</title><description>{}</description></item>\
                 </channel></rss>",
                story("feed")
            )
            .as_bytes(),
        ),
        write(dir.path(), "long.json", export.as_bytes()),
    ];
    let report = import(&library, &files);
    assert_eq!((report.added, report.failed), (5, 0), "{report:?}");
    for summary in library.list(&ListFilter::All, 10, 0).unwrap() {
        assert!(
            summary.title.starts_with("Breaking very very") && summary.title.ends_with('…'),
            "{}: a title of {} characters",
            summary.source,
            summary.title.chars().count()
        );
        assert!(summary.title.chars().count() <= 101, "{}", summary.source);
        let article = library.article(summary.id).unwrap();
        assert_eq!(article.blocks[0].text, headline, "{}", summary.source);
    }
    let found = library
        .search(&SearchRequest::new("\"at the far end\""))
        .unwrap();
    assert_eq!(found.total, 5);
}
