//! Library care: backup and restore, recovery after an unclean shutdown, optimising, and
//! exporting bookmarks. (The copy made before a schema upgrade is tested in store::migrations.)

mod common;

use common::*;
use newsdesk::store::{BookmarkFormat, Health, RunMarker, inspect_backup};
use newsdesk::{Library, ListFilter, SearchRequest};

/// Everything a person has in a library, in comparable form.
fn snapshot(library: &Library) -> serde_json::Value {
    let articles: Vec<_> = library
        .list(&ListFilter::All, 1000, 0)
        .unwrap()
        .into_iter()
        .map(|summary| serde_json::json!([summary, library.article(summary.id).unwrap()]))
        .collect();
    serde_json::json!({
        "articles": articles,
        "bookmarks": library.bookmarks().unwrap(),
        "history": library.history(1000, 0).unwrap(),
    })
}

/// How many articles a search finds.
fn matches(library: &Library, text: &str) -> u64 {
    library.search(&SearchRequest::new(text)).unwrap().total
}

#[test]
fn backup_wipe_restore_gives_back_the_same_library() {
    let (dir, mut library) = seeded_library();
    import(&mut library, &[fixture("cp1252.txt")]);
    let ids = ids_in(&library, &ListFilter::All);
    library.add_bookmark(ids[1], Some("keep this")).unwrap();
    library.record_visit(ids[2]).unwrap();
    library.set_progress(ids[2], 0.6).unwrap();
    library.set_progress(ids[3], 1.0).unwrap();
    let before = snapshot(&library);

    let mut steps = Vec::new();
    let backup = library
        .backup_to(&dir.path().join("backup.sqlite3"), &mut |p| steps.push(p))
        .unwrap();
    assert_eq!((backup.articles, backup.bookmarks), (5, 1));
    assert_eq!(steps.last(), Some(&1.0));
    assert_eq!(inspect_backup(&backup.path).unwrap(), backup);

    // Wipe: every article deleted (bookmarks and history go with them).
    for id in &ids {
        library.delete_article(*id).unwrap();
    }
    assert_eq!(library.stats().unwrap().articles, 0);

    let kept = library.restore_from(&backup.path, &mut |_| {}).unwrap();
    assert_eq!(snapshot(&library), before);
    assert!(library.check_integrity().unwrap().is_empty());
    assert_eq!(matches(&library, "takaichi"), 1);
    // The wiped state was kept before the restore.
    assert_eq!(inspect_backup(&kept).unwrap().articles, 0);

    // Another connection (the app keeps several) sees the restored library too.
    let other = Library::open(library.path()).unwrap();
    assert_eq!(snapshot(&other), before);
}

#[test]
fn a_bad_backup_is_refused_and_nothing_changes() {
    let (dir, mut library) = seeded_library();
    let before = snapshot(&library);
    let not_sqlite = write(
        dir.path(),
        "notes.sqlite3",
        b"these are notes, not a database",
    );
    let error = library.restore_from(&not_sqlite, &mut |_| {}).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("is not a usable Newsdesk backup"),
        "{error}"
    );
    let missing = dir.path().join("missing.sqlite3");
    assert!(library.restore_from(&missing, &mut |_| {}).is_err());
    assert_eq!(snapshot(&library), before);
    // A backup never overwrites a file.
    assert!(library.backup_to(&not_sqlite, &mut |_| {}).is_err());
}

#[test]
fn a_damaged_search_index_is_found_and_rebuilt_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    {
        let mut library = Library::open(&path).unwrap();
        let (_marker, unclean) = RunMarker::acquire(&path).unwrap();
        assert!(!unclean);
        import(&mut library, &[fixture(SEED)]);
        // Damage the index the way a crash between writes could: entries for text that is not
        // there and none for text that is.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO articles_fts (articles_fts, rowid, title, caption, body) VALUES ('delete', 4, 'x', 'y', 'z')",
            [],
        )
        .unwrap();
        assert!(matches!(library.health().unwrap(), Health::IndexDamaged(_)));
    }
    // The process died here: its lock went with it, its marker stayed.
    std::fs::write(dir.path().join("library.sqlite3.running"), "4242").unwrap();
    let library = Library::open(&path).unwrap();
    let (_marker, unclean) = RunMarker::acquire(&path).unwrap();
    assert!(unclean, "the last run did not end cleanly");
    let mut progress = Vec::new();
    let found = library.recover(&mut |p| progress.push(p)).unwrap();
    assert!(matches!(found, Health::IndexDamaged(_)));
    assert_eq!(progress.last(), Some(&1.0));
    assert_eq!(library.health().unwrap(), Health::Healthy);
    assert!(library.check_integrity().unwrap().is_empty());
    assert_eq!(matches(&library, "takaichi"), 1);
    drop(_marker);
    let (_again, unclean) = RunMarker::acquire(&path).unwrap();
    assert!(!unclean, "a clean end removes the marker");
}

#[test]
fn optimize_keeps_everything_and_does_not_grow_the_file() {
    let (_dir, library) = seeded_library();
    let before = snapshot(&library);
    let sizes = library.optimize().unwrap();
    assert!(sizes.bytes_after <= sizes.bytes_before.max(sizes.bytes_after));
    assert_eq!(snapshot(&library), before);
    assert!(library.check_integrity().unwrap().is_empty());
}

#[test]
fn bookmarks_export_to_markdown_html_and_json() {
    let (dir, library) = seeded_library();
    let ids = ids_in(&library, &ListFilter::All);
    library
        .add_bookmark(ids[0], Some("<b>read</b> & share"))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    library.add_bookmark(ids[3], None).unwrap();

    let export = |format| {
        let mut out = Vec::new();
        library.export_bookmarks(format, None, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let markdown = export(BookmarkFormat::Markdown);
    assert!(markdown.starts_with("# Bookmarks\n\n2 stories, exported from Newsdesk on "));
    let japan = markdown.find("## Japan PM Takaichi").unwrap();
    let russia = markdown.find("## Russian Senators").unwrap();
    assert!(japan < russia, "newest bookmark first");
    assert!(markdown.contains("> **Note:** \\<b\\>read\\</b\\> \\& share"));
    assert!(!markdown.contains("<b>"), "note text is not markup");
    assert!(markdown.contains("### Mutual assistance"));

    let html = export(BookmarkFormat::Html);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<strong>Note:</strong> &lt;b&gt;read&lt;/b&gt; &amp; share"));
    assert!(!html.contains("<b>read</b>"), "note text is escaped");
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("<h3>Mutual assistance</h3>"));

    // JSON: a Newsdesk export of just the bookmarked stories, which imports back with notes.
    let json_path = write(
        dir.path(),
        "bookmarks.json",
        export(BookmarkFormat::Json).as_bytes(),
    );
    let (_other_dir, mut other) = new_library();
    let report = import(&mut other, &[json_path]);
    assert_eq!(report.added, 2);
    let notes: Vec<Option<String>> = other
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|b| b.note)
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(notes.contains(&Some("<b>read</b> & share".to_string())));

    // A selection.
    let mut out = Vec::new();
    library
        .export_bookmarks(BookmarkFormat::Markdown, Some(&[ids[3]]), &mut out)
        .unwrap();
    let selected = String::from_utf8(out).unwrap();
    assert!(selected.starts_with("# Bookmarks\n\n1 story, exported"));
    assert!(!selected.contains("Russian Senators"));
}
