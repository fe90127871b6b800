//! Bookmarks, history, reading progress, read state, deletion and the lossless export.

mod common;

use common::*;
use newsdesk::{Error, Library, ListFilter};

#[test]
fn bookmarks_with_notes_newest_first() {
    let (_dir, library) = seeded_library();
    let ids = ids_in(&library, &ListFilter::All);
    library
        .add_bookmark(ids[0], Some("  read   later\u{a0}"))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    library.add_bookmark(ids[2], None).unwrap();
    let listed: Vec<(i64, Option<String>)> = library
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|b| (b.article.id, b.note))
        .collect();
    assert_eq!(
        listed,
        [(ids[2], None), (ids[0], Some("read later".into()))]
    );
    assert!(library.article(ids[0]).unwrap().bookmarked);
    assert_eq!(library.count(&ListFilter::Bookmarked).unwrap(), 2);

    // Re-adding changes the note, keeps the date.
    let created = library.bookmark(ids[0]).unwrap().unwrap().created_at;
    let updated = library.add_bookmark(ids[0], Some("changed")).unwrap();
    assert_eq!(
        (updated.created_at, updated.note.as_deref()),
        (created, Some("changed"))
    );

    assert!(!library.toggle_bookmark(ids[0]).unwrap());
    assert!(library.toggle_bookmark(ids[0]).unwrap());
    assert!(library.remove_bookmark(ids[0]).unwrap());
    assert!(!library.remove_bookmark(ids[0]).unwrap());
    assert!(matches!(
        library.add_bookmark(999, None),
        Err(Error::NotFound(999))
    ));
}

#[test]
fn visits_progress_and_continue_reading() {
    let (_dir, library) = seeded_library();
    let ids = ids_in(&library, &ListFilter::All);
    let visit = library.record_visit(ids[1]).unwrap();
    assert_eq!(visit.progress, 0.0);
    library.set_progress(ids[1], 0.4).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    library.record_visit(ids[3]).unwrap();
    library.set_progress(ids[3], 1.0).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    library.record_visit(ids[0]).unwrap();

    // Reopening keeps the position, so the reader can restore it.
    assert_eq!(library.record_visit(ids[1]).unwrap().progress, 0.4);

    let history: Vec<(i64, f64, bool)> = library
        .history(10, 0)
        .unwrap()
        .into_iter()
        .map(|h| {
            (
                h.article.id,
                h.article.progress.unwrap_or(-1.0),
                h.article.read,
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (ids[1], 0.4, false),
            (ids[0], 0.0, false),
            (ids[3], 1.0, true)
        ]
    );

    let continuing = ids_in(&library, &ListFilter::ContinueReading);
    assert_eq!(continuing, [ids[1]], "started and not finished");

    assert!(library.is_read(ids[3]).unwrap());
    assert_eq!(library.count(&ListFilter::Unread).unwrap(), 3);
    library.mark_read(ids[3], false).unwrap();
    assert_eq!(library.count(&ListFilter::Unread).unwrap(), 4);
    // Counts agree with the lists, also after a read article is deleted.
    library.mark_read(ids[2], true).unwrap();
    library.delete_article(ids[2]).unwrap();
    for filter in [ListFilter::All, ListFilter::Unread] {
        let listed = ids_in(&library, &filter).len() as u64;
        assert_eq!(library.count(&filter).unwrap(), listed, "{filter:?}");
    }
    assert_eq!(library.count(&ListFilter::Unread).unwrap(), 3);

    let summary = &library.list(&ListFilter::All, 10, 0).unwrap()[1];
    assert_eq!(summary.progress, Some(0.4));

    assert!(library.set_progress(ids[1], f64::NAN).is_err());
    assert_eq!(library.set_progress(ids[1], 7.0).unwrap().progress, 1.0);
}

/// "Mark all read" marks what a list shows and nothing else, says which articles it marked (not
/// those read before), and marks nothing twice; each list's unread count, asked first, is the
/// number it marks.
#[test]
fn marking_a_whole_list_read() {
    let (_dir, library) = seeded_library();
    import(&library, &[fixture("languages")]);
    let sorted = |mut ids: Vec<i64>| {
        ids.sort_unstable();
        ids
    };
    let mark_all_read = |filter: ListFilter| {
        let unread = library.count_unread(&filter).unwrap();
        let marked = library.mark_all_read(&filter).unwrap();
        assert_eq!(marked.len() as u64, unread, "{filter:?}");
        assert_eq!(library.count_unread(&filter).unwrap(), 0, "{filter:?}");
        sorted(marked)
    };
    let seed = sorted(ids_in(&library, &ListFilter::Source(SEED.into())));
    let others: Vec<i64> = ids_in(&library, &ListFilter::All)
        .into_iter()
        .filter(|id| !seed.contains(id))
        .collect();
    assert_eq!((seed.len(), others.len()), (4, 39));

    // One source, one of its stories read before.
    library.mark_read(seed[0], true).unwrap();
    assert_eq!(
        library
            .count_unread(&ListFilter::Source(SEED.into()))
            .unwrap(),
        3
    );
    assert_eq!(mark_all_read(ListFilter::Source(SEED.into())), seed[1..]);
    let others_count = others.len() as u64;
    assert_eq!(library.count(&ListFilter::Unread).unwrap(), others_count);
    assert!(mark_all_read(ListFilter::Source(SEED.into())).is_empty());

    // Bookmarks (one of them read before), then what is being read.
    library.add_bookmark(others[0], None).unwrap();
    library.add_bookmark(others[1], None).unwrap();
    library.mark_read(others[1], true).unwrap();
    assert_eq!(mark_all_read(ListFilter::Bookmarked), [others[0]]);
    library.set_progress(others[2], 0.5).unwrap();
    assert_eq!(mark_all_read(ListFilter::ContinueReading), [others[2]]);
    assert_eq!(
        library.count(&ListFilter::Unread).unwrap(),
        others_count - 3
    );

    // Everything else.
    assert_eq!(
        library.count_unread(&ListFilter::All).unwrap(),
        others_count - 3
    );
    assert_eq!(mark_all_read(ListFilter::All), sorted(others[3..].to_vec()));
    assert_eq!(library.count(&ListFilter::Unread).unwrap(), 0);
    assert_eq!(library.overview().unwrap().unread, 0);
    assert!(mark_all_read(ListFilter::Unread).is_empty());
    assert!(library.is_read(others[3]).unwrap());
}

/// A window learns that another program changed its library (the CLI imported files, a second
/// `Library` removed a bookmark), once per change, and is never told of its own writes, an
/// import included.
#[test]
fn writes_by_other_programs_are_told_apart_from_its_own() {
    let (dir, library) = seeded_library();
    let ids = ids_in(&library, &ListFilter::All);
    let before = library.writes_by_others().unwrap();
    library.add_bookmark(ids[0], None).unwrap();
    library.mark_all_read(&ListFilter::All).unwrap();
    import(&library, &[fixture("languages/ru-granitsa.md")]);
    library.checkpoint().unwrap();
    assert_eq!(library.writes_by_others().unwrap(), before);

    let other = Library::open(library.path()).unwrap();
    other.remove_bookmark(ids[0]).unwrap();
    let after_other = library.writes_by_others().unwrap();
    assert_ne!(after_other, before);
    assert_eq!(library.writes_by_others().unwrap(), after_other);
    drop(other);

    let story = write(
        dir.path(),
        "cli.txt",
        b"Filed from the command line\n\nIts text.\n",
    );
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--db")
        .arg(library.path())
        .arg("import")
        .arg(&story)
        .output()
        .unwrap();
    assert!(cli.status.success(), "{cli:?}");
    assert_ne!(library.writes_by_others().unwrap(), after_other);
}

#[test]
fn clearing_history_one_or_all() {
    let (_dir, library) = seeded_library();
    let ids = ids_in(&library, &ListFilter::All);
    for id in &ids {
        library.record_visit(*id).unwrap();
    }
    library.set_progress(ids[0], 1.0).unwrap();
    assert!(library.clear_history_entry(ids[1]).unwrap());
    assert_eq!(library.history(10, 0).unwrap().len(), 3);
    assert_eq!(library.clear_history().unwrap(), 3);
    assert!(library.history(10, 0).unwrap().is_empty());
    assert!(
        library.is_read(ids[0]).unwrap(),
        "read marks survive clearing history"
    );
}

#[test]
fn deleting_an_article_takes_its_bookmark_and_history() {
    let (_dir, library) = seeded_library();
    let id = ids_in(&library, &ListFilter::All)[0];
    library.add_bookmark(id, Some("note")).unwrap();
    library.record_visit(id).unwrap();
    library.set_progress(id, 1.0).unwrap();
    library.delete_article(id).unwrap();
    assert!(matches!(library.article(id), Err(Error::NotFound(_))));
    let stats = library.stats().unwrap();
    assert_eq!(
        (stats.articles, stats.bookmarks, stats.history, stats.read),
        (3, 0, 0, 0)
    );
    assert!(matches!(
        library.delete_article(id),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn the_export_reimports_to_the_same_library() {
    let (dir, library) = seeded_library();
    import(&library, &[fixture("cp1252.txt")]);
    let ids = ids_in(&library, &ListFilter::All);
    library.add_bookmark(ids[1], Some("for Monday")).unwrap();
    library.record_visit(ids[2]).unwrap();
    library.set_progress(ids[2], 0.25).unwrap();
    library.record_visit(ids[3]).unwrap();
    library.set_progress(ids[3], 1.0).unwrap();
    library.clear_history_entry(ids[3]).unwrap();

    let export_path = dir.path().join("export.json");
    let mut export = Vec::new();
    library.export_json(&mut export).unwrap();
    std::fs::write(&export_path, &export).unwrap();
    let document: serde_json::Value = serde_json::from_slice(&export).unwrap();
    assert_eq!(document["format"], "newsdesk-export");
    assert_eq!(document["articles"].as_array().unwrap().len(), 5);

    let (_dir2, restored) = new_library();
    let report = import(&restored, std::slice::from_ref(&export_path));
    assert_eq!((report.added, report.failed), (5, 0), "{report:?}");
    assert_eq!(
        report.files[0].format,
        Some(newsdesk::model::Format::NewsdeskJson)
    );

    // Same articles in the same order, same bodies, same reading state.
    let strip = |lib: &Library| -> Vec<serde_json::Value> {
        let mut items = Vec::new();
        for summary in lib.list(&ListFilter::All, 100, 0).unwrap() {
            let mut article = serde_json::to_value(lib.article(summary.id).unwrap()).unwrap();
            article.as_object_mut().unwrap().remove("id");
            let mut summary = serde_json::to_value(summary).unwrap();
            summary.as_object_mut().unwrap().remove("id");
            items.push(serde_json::json!([article, summary]));
        }
        items
    };
    assert_eq!(strip(&library), strip(&restored));
    let notes: Vec<Option<String>> = restored
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|b| b.note)
        .collect();
    assert_eq!(notes, [Some("for Monday".to_string())]);
    let (a, b) = (
        library.history(10, 0).unwrap(),
        restored.history(10, 0).unwrap(),
    );
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].opened_at, a[0].article.progress),
        (b[0].opened_at, b[0].article.progress)
    );
    assert_eq!(
        library.stats().unwrap().read,
        restored.stats().unwrap().read
    );

    // A second export of the restored library is the same document (but for its date).
    let mut again = Vec::new();
    restored.export_json(&mut again).unwrap();
    let again: serde_json::Value = serde_json::from_slice(&again).unwrap();
    assert_eq!(again["articles"], document["articles"]);

    // Importing the export into the library it came from adds nothing.
    let report = import(&library, &[export_path]);
    assert_eq!((report.added, report.duplicates), (0, 5));
}

#[test]
fn a_library_from_a_newer_newsdesk_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let err = Library::open(&path).err().unwrap();
    assert_eq!(err.kind(), "newer_schema");
    assert!(err.to_string().contains("update Newsdesk"));
}
