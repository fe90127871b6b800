//! The import pipeline: folders, a file whole or not at all, dedup, bad files, progress, cancel.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};

use common::*;
use newsdesk::ListFilter;
use newsdesk::model::{FileStatus, ImportProgress};

/// The seed's fourth story, re-typed with other spacing, plus one new story.
const OVERLAPPING_DUMP: &str = "Japan PM  Takaichi Reappointed Following Election\n\nTT\n\n\
Japan PM Takaichi Reappointed Following Election\n\n";

fn overlapping_dump() -> String {
    let seed = std::fs::read_to_string(fixture(SEED)).unwrap();
    let japan_body = seed.split("EPA/FRANCK ROBICHON\n\n").last().unwrap();
    format!("{OVERLAPPING_DUMP}{japan_body}\n\n\nA New Story\n\nTT\n\nA New Story\n\nIt is new.\n")
}

#[test]
fn a_failing_file_in_the_middle_of_a_folder_leaves_the_others_imported() {
    let (dir, library) = new_library();
    let folder = dir.path().join("news");
    write(
        &folder,
        "a-seed.txt",
        &std::fs::read(fixture(SEED)).unwrap(),
    );
    write(&folder, "b-photo.png", PNG_BYTES);
    write(&folder, "b-scan.txt", PNG_BYTES);
    write(&folder, "c-notes/d-note.txt", b"A note\n\nWith a body.");
    write(&folder, ".hidden.txt", b"Hidden\n\nNot imported.");
    let report = import(&library, std::slice::from_ref(&folder));

    let summary: Vec<(String, FileStatus, u32)> = report
        .files
        .iter()
        .map(|f| {
            let name = f
                .path
                .strip_prefix(folder.to_str().unwrap())
                .unwrap()
                .to_string();
            (name, f.status, f.added)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("/a-seed.txt".to_string(), FileStatus::Imported, 4),
            ("/b-photo.png".to_string(), FileStatus::Skipped, 0),
            ("/b-scan.txt".to_string(), FileStatus::Failed, 0),
            ("/c-notes/d-note.txt".to_string(), FileStatus::Imported, 1),
        ]
    );
    // A file whose name says it is not news is passed over; one that claims to be text but
    // is not is a failure, with the reason.
    assert_eq!(
        report.files[1].error.as_deref(),
        Some("skipped: a PNG image is not a news file")
    );
    assert_eq!(
        report.files[2].error.as_deref(),
        Some("not a text file: it is a PNG image, which Newsdesk cannot import")
    );
    assert_eq!(
        (
            report.added,
            report.duplicates,
            report.failed,
            report.skipped
        ),
        (5, 0, 1, 1)
    );
    assert_eq!(library.stats().unwrap().articles, 5);
}

#[test]
fn the_folder_that_holds_the_library_imports_its_news_and_leaves_the_library_alone() {
    let (dir, library) = seeded_library();
    // As the app and the CLI do: its lock and its marker go beside the library.
    let _in_use = newsdesk::RunMarker::acquire(library.path()).unwrap();
    write(
        dir.path(),
        "story.md",
        b"# A story\n\nIt sits beside the library.",
    );
    write(dir.path(), "other.db-wal", PNG_BYTES);
    let library_files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("library.sqlite3"))
        .collect();
    for expected in [
        "library.sqlite3-wal",
        "library.sqlite3.lock",
        "library.sqlite3.running",
    ] {
        assert!(
            library_files.iter().any(|name| name == expected),
            "{library_files:?}"
        );
    }
    // Named like the library, but not one of its files.
    write(
        dir.path(),
        "library.sqlite3 notes.md",
        b"# Notes\n\nAbout the library.",
    );
    // The folder, and one of the library's files named directly by another spelling of its path.
    let marker = dir.path().join(".").join("library.sqlite3.running");
    let report = import(&library, &[dir.path().to_path_buf(), marker]);

    let status_of = |name: &str| {
        let file = report
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap();
        (file.status, file.error.as_deref())
    };
    let own = Some("skipped: a file of this library is not a news file");
    for name in &library_files {
        assert_eq!(status_of(name), (FileStatus::Skipped, own), "{name}");
    }
    assert_eq!(
        report.files.last().map(|f| (f.status, f.error.as_deref())),
        Some((FileStatus::Skipped, own))
    );
    assert_eq!(
        status_of("other.db-wal"),
        (
            FileStatus::Skipped,
            Some("skipped: a database's journal is not a news file")
        )
    );
    assert_eq!(status_of("story.md"), (FileStatus::Imported, None));
    assert_eq!(status_of("notes.md"), (FileStatus::Imported, None));
    assert_eq!((report.added, report.failed), (2, 0), "{report:?}");
    assert_eq!(library.stats().unwrap().articles, 6);
}

#[test]
fn a_missing_path_is_reported_not_fatal() {
    let (dir, library) = new_library();
    let report = import(&library, &[dir.path().join("nope.txt"), fixture(SEED)]);
    assert_eq!(report.files[0].status, FileStatus::Failed);
    assert!(
        report.files[0]
            .error
            .as_deref()
            .unwrap()
            .contains("nope.txt")
    );
    assert_eq!(report.added, 4);
}

#[test]
fn the_same_story_from_another_file_is_a_duplicate_of_the_stored_one() {
    let (dir, library) = seeded_library();
    let japan_id = library.list(&ListFilter::All, 10, 0).unwrap()[3].id;
    let other = write(dir.path(), "other.txt", overlapping_dump().as_bytes());
    let report = import(&library, &[other]);
    let file = &report.files[0];
    assert_eq!(
        (file.status, file.added, file.duplicates),
        (FileStatus::Imported, 1, 1)
    );
    assert_eq!(file.duplicate_of, [japan_id]);
    assert_eq!(library.stats().unwrap().articles, 5);
}

#[test]
fn a_file_that_breaks_halfway_leaves_nothing_behind() {
    let (dir, library) = seeded_library();
    let before = library.stats().unwrap();
    let mut export = Vec::new();
    library.export_json(&mut export).unwrap();
    // Keep the first article of a fresh export, then cut the document off mid-article.
    let fresh = String::from_utf8(export)
        .unwrap()
        .replace("Russian Senators", "Different Senators")
        .replace("Poland Bars", "Hungary Bars");
    let cut = &fresh[..fresh.find("Starmer").unwrap()];
    let broken = write(dir.path(), "broken-export.json", cut.as_bytes());
    let report = import(&library, &[broken]);
    assert_eq!(report.files[0].status, FileStatus::Failed);
    assert!(
        report.files[0]
            .error
            .as_deref()
            .unwrap()
            .starts_with("not a valid Newsdesk export")
    );
    let after = library.stats().unwrap();
    assert_eq!(
        (after.articles, after.words),
        (before.articles, before.words)
    );
    assert!(library.check_integrity().unwrap().is_empty());
}

#[test]
fn progress_reaches_every_file() {
    let (dir, library) = new_library();
    let files: Vec<_> = (0..3)
        .map(|i| {
            write(
                dir.path(),
                &format!("{i}.txt"),
                format!("Story {i}\n\nBody {i}.").as_bytes(),
            )
        })
        .collect();
    let mut seen: Vec<ImportProgress> = Vec::new();
    let report = common::importer(&library)
        .on_progress(|p| seen.push(p.clone()))
        .import_paths(&files)
        .unwrap();
    assert_eq!(report.added, 3);
    let last = seen.last().unwrap();
    assert_eq!(
        (last.files_done, last.files_total, last.articles_added),
        (3, 3, 3)
    );
    assert_eq!(last.current_file, None);
    assert_eq!(
        last.bytes_total,
        files
            .iter()
            .map(|f| std::fs::metadata(f).unwrap().len())
            .sum::<u64>()
    );
    assert_eq!(last.bytes_done, last.bytes_total);
    assert!(seen.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done));
    assert!(seen.windows(2).all(|w| w[0].files_done <= w[1].files_done));
    assert!(
        seen.iter()
            .any(|p| p.current_file.as_deref() == Some(files[1].to_str().unwrap()))
    );
}

#[test]
fn cancelling_rolls_back_the_current_file_and_skips_the_rest() {
    let (dir, library) = new_library();
    let first = write(dir.path(), "1.txt", b"First\n\nBody.");
    let second = fixture(SEED);
    let third = write(dir.path(), "3.txt", b"Third\n\nBody.");
    let cancel = AtomicBool::new(false);
    let second_name = second.display().to_string();
    let report = common::importer(&library)
        .cancel_flag(&cancel)
        .on_progress(|p| {
            // Cancel as soon as the second file starts: before its first article is stored.
            if p.current_file.as_deref() == Some(second_name.as_str()) {
                cancel.store(true, Ordering::Relaxed);
            }
        })
        .import_paths(&[first, second, third])
        .unwrap();
    let statuses: Vec<FileStatus> = report.files.iter().map(|f| f.status).collect();
    assert_eq!(
        statuses,
        [
            FileStatus::Imported,
            FileStatus::Cancelled,
            FileStatus::Cancelled
        ]
    );
    assert_eq!(report.added, 1);
    let titles: Vec<String> = library
        .list(&ListFilter::All, 10, 0)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles, ["First"]);
}

/// A big file is committed in batches, which other connections see; a cancel after several of
/// them deletes them all, and no other file's articles.
#[test]
fn cancelling_after_some_batches_deletes_what_the_file_stored() {
    let (dir, library) = seeded_library();
    let dump = dir.path().join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&dump).unwrap());
    newsdesk_corpus::Corpus::new(3)
        .write_dump(&mut file, 3_000)
        .unwrap();
    drop(file);
    let db = library.path().to_path_buf();
    let cancel = AtomicBool::new(false);
    let mut seen_by_another_connection = 0;
    let report = common::importer(&library)
        .cancel_flag(&cancel)
        .on_progress(|p| {
            if p.articles_added >= 500 && !cancel.load(Ordering::Relaxed) {
                // Opening the library leaves a live importer's journal entry alone.
                let other = newsdesk::Library::open(&db).unwrap();
                seen_by_another_connection = other.stats().unwrap().articles;
                cancel.store(true, Ordering::Relaxed);
            }
        })
        .import_paths(&[dump])
        .unwrap();
    assert_eq!(report.files[0].status, FileStatus::Cancelled);
    assert_eq!(report.added, 0);
    assert!(
        seen_by_another_connection > 4 + 100,
        "batches were committed: {seen_by_another_connection} articles seen"
    );
    let stats = library.stats().unwrap();
    assert_eq!(stats.articles, 4, "only the seed's stories are left");
    assert_eq!(
        stats.imports, 2,
        "the seed's and the cancelled file's records"
    );
    assert_eq!(library.check_integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn newest_import_first_then_file_order() {
    let (dir, library) = seeded_library();
    let later = write(
        dir.path(),
        "later.txt",
        b"Later\n\nTT\n\nLater\n\nBody.\n\nSecond\n\nTT\n\nSecond\n\nBody two.",
    );
    import(&library, &[later]);
    let titles: Vec<String> = library
        .list(&ListFilter::All, 3, 0)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(
        titles,
        [
            "Later",
            "Second",
            "Russian Senators Ratify North Korean Defense Pact"
        ]
    );
}

#[test]
fn sample_news_imports_from_memory_under_its_own_source() {
    let (_dir, library) = new_library();
    let sample = newsdesk::Input::Bytes {
        name: "sample-news.txt".into(),
        bytes: newsdesk::SAMPLE_NEWS.into(),
    };
    let report = common::importer(&library)
        .source_name(newsdesk::SAMPLE_NEWS_SOURCE)
        .import(&[sample], Vec::new())
        .unwrap();
    assert_eq!(report.added, 4);
    let sources = library.sources().unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(
        (sources[0].source.as_str(), sources[0].articles),
        ("Sample news", 4)
    );
}

#[test]
fn progress_moves_within_one_big_file() {
    let (dir, library) = new_library();
    let path = dir.path().join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    newsdesk_corpus::Corpus::new(3)
        .write_dump(&mut file, 800)
        .unwrap();
    drop(file);
    let mut seen: Vec<ImportProgress> = Vec::new();
    let report = common::importer(&library)
        .on_progress(|p| seen.push(p.clone()))
        .import_paths(&[path])
        .unwrap();
    assert_eq!(report.added, 800);
    let within: Vec<&ImportProgress> = seen
        .iter()
        .filter(|p| p.files_done == 0 && p.bytes_done > 0 && p.bytes_done < p.bytes_total)
        .collect();
    assert!(
        within
            .iter()
            .any(|p| p.articles_added > 0 && p.articles_added < 800),
        "no articles counted inside the file: {seen:?}"
    );
    assert!(
        within
            .windows(2)
            .all(|w| w[0].bytes_done <= w[1].bytes_done),
        "progress went back: {within:?}"
    );
}
