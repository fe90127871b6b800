//! The bad-input corpus (tests/fixtures/bad/): every broken, hostile or odd file gets a precise
//! message of its own or imports correctly, the other files of the import carry on, and the
//! library's articles stay exactly as they were for every refused file.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use newsdesk::model::{FileStatus, Format, ImportProgress};
use newsdesk::{Library, ListFilter};

fn bad(name: &str) -> PathBuf {
    fixture(&format!("bad/{name}"))
}

/// The library's articles with everything a reader did to them, as the export writes them
/// (without the export's own time stamp).
fn snapshot(library: &Library) -> serde_json::Value {
    let mut out = Vec::new();
    library.export_json(&mut out).unwrap();
    let mut document: serde_json::Value = serde_json::from_slice(&out).unwrap();
    document["exported_at"] = serde_json::Value::Null;
    document
}

/// Imports one bad file into a seeded library, next to a good one: the good one is imported,
/// the bad one fails with `message`, and the articles are otherwise unchanged.
fn assert_refused(path: &Path, message: &str) {
    let (dir, library) = seeded_library();
    let before = snapshot(&library);
    let good = write(dir.path(), "good.txt", b"A good note\n\nIt imports.");
    let report = import(&library, &[path.to_path_buf(), good]);
    let file = &report.files[0];
    assert_eq!(
        (file.status, file.added, file.error.as_deref()),
        (FileStatus::Failed, 0, Some(message)),
        "{}",
        path.display()
    );
    assert_eq!(report.files[1].status, FileStatus::Imported);
    let mut after = snapshot(&library);
    let articles = after["articles"].as_array_mut().unwrap();
    assert_eq!(articles.pop().unwrap()["title"], "A good note");
    assert_eq!(after, before, "{}", path.display());
    assert!(library.check_integrity().unwrap().is_empty());
}

#[test]
fn empty_and_binary_files_are_refused_by_what_they_are() {
    assert_refused(&bad("empty.txt"), "the file is empty");
    assert_refused(
        &bad("program"),
        "not a text file: it is a program (ELF executable), which Newsdesk cannot import",
    );
    assert_refused(
        &bad("photo.png"),
        "not a text file: it is a PNG image, which Newsdesk cannot import",
    );
}

#[test]
fn truncated_documents_are_refused_with_where_they_end() {
    assert_refused(
        &bad("truncated.html"),
        "truncated HTML: the page ends at line 77 without its closing </html>; save the page again",
    );
    assert_refused(
        &bad("truncated.xml"),
        "truncated XML: the feed ends at line 22 before its closing </rss>",
    );
}

#[test]
fn a_tt_dump_without_stories_is_refused() {
    assert_refused(
        &bad("zero-stories.txt"),
        "no stories found: the file has TT marks but no story titles above them",
    );
}

#[test]
fn hostile_documents_are_refused_before_they_cost_anything() {
    let started = Instant::now();
    assert_refused(
        &bad("billion-laughs.xml"),
        "the feed declares XML entities (<!ENTITY …>), which can expand without bound; \
         Newsdesk does not read such documents",
    );
    assert_refused(
        &bad("deeply-nested.html"),
        "the HTML is nested more than 512 elements deep; this is not a news page Newsdesk can read",
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn zip_bombs_stop_at_the_limits_whatever_their_headers_say() {
    assert_refused(
        &bad("zip-bomb.zip"),
        "the zip archive expands beyond 512 MB; refused",
    );
    assert_refused(
        &bad("zip-bomb-one-entry.zip"),
        "huge.txt in the zip archive expands beyond 64 MB; refused",
    );
    // Its header says 1,000 bytes; 100 MB come out. The read stops at the declared size.
    assert_refused(
        &bad("zip-bomb-lying-sizes.zip"),
        "small.txt in the zip archive cannot be unpacked: File is larger than its declared \
         uncompressed size",
    );
}

#[test]
fn odd_but_readable_text_imports_exactly() {
    let (_dir, library) = new_library();
    let report = import(&library, &[bad("mixed-line-endings.txt")]);
    assert_eq!(
        (report.files[0].format, report.added),
        (Some(Format::Tt), 4)
    );
    let (_seed_dir, seeded) = seeded_library();
    let titles = |library: &Library| -> Vec<String> {
        library
            .list(&ListFilter::All, 10, 0)
            .unwrap()
            .into_iter()
            .map(|a| library.article(a.id).unwrap())
            .map(|a| format!("{} {:?}", a.title, a.blocks))
            .collect()
    };
    assert_eq!(titles(&library), titles(&seeded));

    // A UTF-8 file damaged by one stray byte: the damage becomes one replacement character,
    // the rest of the text is not turned into mojibake by guessing another encoding.
    let report = import(&library, &[bad("invalid-utf8.txt")]);
    assert_eq!(report.added, 1, "{report:?}");
    let article = library
        .article(library.list(&ListFilter::All, 1, 0).unwrap()[0].id)
        .unwrap();
    assert_eq!(article.title, "Erdoğan visits São Paulo");
    assert_eq!(
        article.blocks[0].text,
        "The Turkish president met Brazil’s leaders on Monday.\u{FFFD} It was his first visit."
    );
}

#[test]
fn a_file_that_disappears_mid_import_fails_alone() {
    let (dir, library) = new_library();
    let first = write(dir.path(), "1.txt", b"First\n\nBody.");
    let vanishing = write(
        dir.path(),
        "2.html",
        b"<!doctype html><html><body><p>x</p></body></html>",
    );
    let third = write(dir.path(), "3.txt", b"Third\n\nBody.");
    let vanishing_name = vanishing.display().to_string();
    let report = common::importer(&library)
        .on_progress(|p: &ImportProgress| {
            if p.current_file.as_deref() == Some(vanishing_name.as_str()) {
                let _ = std::fs::remove_file(&vanishing_name);
            }
        })
        .import_paths(&[first, vanishing.clone(), third])
        .unwrap();
    let statuses: Vec<FileStatus> = report.files.iter().map(|f| f.status).collect();
    assert_eq!(
        statuses,
        [
            FileStatus::Imported,
            FileStatus::Failed,
            FileStatus::Imported
        ]
    );
    // "<path>: No such file or directory (os error 2)", in the system's words.
    let error = report.files[1].error.as_deref().unwrap();
    assert!(
        error.starts_with(&format!("{}: ", vanishing.display())) && error.ends_with("(os error 2)"),
        "{error}"
    );
}

/// A 2 GB file that takes no disk space: a sparse file with a text start.
#[cfg(unix)]
fn sparse_file(dir: &Path, name: &str, start: &[u8]) -> PathBuf {
    let path = write(dir, name, start);
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(2_250_000_000).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn a_two_gigabyte_file_is_refused_up_front_or_at_its_first_binary_byte() {
    let dir = tempfile::tempdir().unwrap();
    let start = format!(
        "<!doctype html><html><body>{}",
        "<p>Big.</p>\n".repeat(2_000)
    );
    let page = sparse_file(dir.path(), "huge.html", start.as_bytes());
    let started = Instant::now();
    assert_refused(
        &page,
        "the file is 2.1 GB; Newsdesk imports web pages, feeds and Markdown notes up to 64 MB",
    );
    // Text streams, so a huge text file is read, not refused; this one is text only at its
    // start and stops at the first NUL byte after that.
    let text = sparse_file(
        dir.path(),
        "huge.txt",
        "Title\n\nBody.\n".repeat(30_000).as_bytes(),
    );
    assert_refused(
        &text,
        "not a text file: it has binary data after a text start, which Newsdesk cannot import",
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}
