//! The command layer, called through Tauri's real IPC handling (mock runtime): argument
//! decoding, error mapping to `{kind, message}`, search answering during a long import, and a
//! command surface that takes no path or URL from the webview.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use newsdesk::importer::WorkerCommand;
use newsdesk_app::{AppState, DRAG_DROP_EVENT, DROPPED_EVENT};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, Emitter, Listener, WebviewWindow, WebviewWindowBuilder};

struct TestApp {
    app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

/// The app binary, which imports start as their parsing worker.
fn worker() -> WorkerCommand {
    WorkerCommand::new(env!("CARGO_BIN_EXE_newsdesk-app"))
}

fn app(library: &Path) -> TestApp {
    let state = AppState::open(library, worker()).expect("open library");
    let app = newsdesk_app::with_commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("build app");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("build webview");
    TestApp { app, webview }
}

impl TestApp {
    /// Drops files on the window as Tauri reports a drop (its `tauri://drag-drop` event, the one
    /// the end-to-end test emits from the page) and returns what the page is told: `{token, names}`.
    fn drop_files(&self, paths: &[PathBuf]) -> Value {
        let (told_tx, told_rx) = mpsc::channel();
        let listener = self.app.listen_any(DROPPED_EVENT, move |event| {
            let _ = told_tx.send(serde_json::from_str::<Value>(event.payload()).unwrap());
        });
        self.app
            .emit(
                DRAG_DROP_EVENT,
                json!({"paths": paths, "position": {"x": 10, "y": 20}}),
            )
            .unwrap();
        let told = told_rx.recv_timeout(Duration::from_secs(5)).unwrap();
        self.app.unlisten(listener);
        told
    }
}

/// A channel argument as the JS side sends it (the mock runtime discards its messages).
const CHANNEL: &str = "__CHANNEL__:1";

fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    command: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request).map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn core_errors_reach_the_ui_as_kind_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    assert_eq!(
        invoke(&app.webview, "open_article", json!({"id": 999})),
        Err(json!({"kind": "not_found", "message": "no article with id 999"}))
    );
    assert_eq!(
        invoke(&app.webview, "open_link", json!({"id": 999})),
        Err(json!({"kind": "not_found", "message": "no article with id 999"}))
    );
    assert_eq!(
        invoke(
            &app.webview,
            "save_progress",
            json!({"id": 1, "progress": 0.5})
        ),
        Err(json!({"kind": "not_found", "message": "no article with id 1"}))
    );
}

#[test]
fn sample_news_import_then_list_read_search_and_bookmark() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    let webview = &app.webview;

    let report = invoke(webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    assert_eq!(
        (report["added"].as_u64(), report["failed"].as_u64()),
        (Some(4), Some(0))
    );

    let overview = invoke(webview, "library_overview", json!({})).unwrap();
    assert_eq!(overview["all"], 4);
    assert_eq!(
        overview["sources"],
        json!([{"source": "Sample news", "articles": 4}])
    );

    let list = invoke(
        webview,
        "list_articles",
        json!({"filter": {"kind": "all"}, "limit": 10, "offset": 0}),
    )
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 4);

    let results = invoke(webview, "search", json!({"request": {"text": "takaichi"}})).unwrap();
    assert_eq!(results["total"], 1);
    let japan = results["hits"][0]["id"].clone();
    assert_eq!(
        results["hits"][0]["title"],
        "Japan PM Takaichi Reappointed Following Election"
    );

    let reading = invoke(webview, "open_article", json!({"id": japan})).unwrap();
    assert_eq!(reading["article"]["credit"], "EPA/FRANCK ROBICHON");
    assert_eq!(reading["progress"], 0.0);

    assert_eq!(
        invoke(webview, "toggle_bookmark", json!({"id": japan})),
        Ok(json!(true))
    );
    let bookmarks = invoke(webview, "list_bookmarks", json!({})).unwrap();
    assert_eq!(bookmarks[0]["article"]["id"], japan);

    invoke(
        webview,
        "save_progress",
        json!({"id": japan, "progress": 0.5}),
    )
    .unwrap();
    let again = invoke(webview, "open_article", json!({"id": japan})).unwrap();
    assert_eq!(again["progress"], 0.5);

    // Mark all read: the bookmarked story, then the three others; nothing twice. Each list's
    // unread count, asked first, is what it marks.
    let unread = |filter: Value| invoke(webview, "count_unread", json!({ "filter": filter }));
    assert_eq!(unread(json!({"kind": "bookmarked"})), Ok(json!(1)));
    assert_eq!(unread(json!({"kind": "all"})), Ok(json!(4)));
    let marked = invoke(
        webview,
        "mark_all_read",
        json!({"filter": {"kind": "bookmarked"}}),
    );
    assert_eq!(marked, Ok(json!([japan])));
    let marked = invoke(webview, "mark_all_read", json!({"filter": {"kind": "all"}})).unwrap();
    assert_eq!(marked.as_array().map(Vec::len), Some(3));
    assert!(!marked.as_array().unwrap().contains(&japan));
    assert_eq!(
        unread(json!({"kind": "source", "value": "Sample news"})),
        Ok(json!(0))
    );
    let overview = invoke(webview, "library_overview", json!({})).unwrap();
    assert_eq!(overview["unread"], 0);

    // The same sample again adds nothing.
    let report = invoke(webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    assert_eq!(
        (report["added"].as_u64(), report["duplicates"].as_u64()),
        (Some(0), Some(4))
    );
}

/// The page hears when another program writes to the library (here a second `Library`, as the
/// CLI is), and not of the app's own writes.
#[test]
fn the_page_hears_of_other_programs_writes_not_of_the_app_s_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    let app = app(&path);
    let webview = &app.webview;
    invoke(webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    let (told_tx, told_rx) = mpsc::channel();
    app.app
        .listen_any(newsdesk_app::LIBRARY_CHANGED_EVENT, move |_| {
            let _ = told_tx.send(());
        });
    let list = invoke(
        webview,
        "list_articles",
        json!({"filter": {"kind": "all"}, "limit": 10, "offset": 0}),
    )
    .unwrap();
    let id = list[0]["id"].as_i64().unwrap();

    // The app's own writes, for three of the watcher's looks: nothing.
    invoke(webview, "toggle_bookmark", json!({"id": id})).unwrap();
    invoke(webview, "mark_all_read", json!({"filter": {"kind": "all"}})).unwrap();
    assert!(told_rx.recv_timeout(Duration::from_millis(3_500)).is_err());

    // Another program's: told, once.
    let other = newsdesk::Library::open(&path).unwrap();
    other.remove_bookmark(id).unwrap();
    told_rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the page is told");
    assert!(told_rx.recv_timeout(Duration::from_millis(2_500)).is_err());
}

/// Writes a TT dump big enough that importing it takes a while: `stories` numbered stories of
/// about 3 KB in the TT layout.
fn big_dump(dir: &Path, stories: u64) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("big-dump.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let sentence = "The council met again on the harbour works, the budget and the new tram line. ";
    for story in 0..stories {
        let title = format!("Council story number {story}");
        write!(file, "{title}\n\nTT\n\n{title}\n\n").unwrap();
        for paragraph in 0..8 {
            let text = sentence.repeat(5);
            write!(file, "Paragraph {paragraph} of story {story}. {text}\n\n").unwrap();
        }
    }
    file.flush().unwrap();
    path
}

/// Starts importing `dump` through the command on another thread; the receiver gets its result.
fn import_in_background(app: &TestApp, dump: PathBuf) -> mpsc::Receiver<Result<Value, Value>> {
    let (done_tx, done_rx) = mpsc::channel();
    let importer = app.webview.clone();
    let token = app.drop_files(&[dump])["token"].clone();
    std::thread::spawn(move || {
        let result = invoke(
            &importer,
            "import_held",
            json!({"token": token, "onProgress": CHANNEL}),
        );
        // The test may have ended (and dropped the receiver) on a failure of its own.
        let _ = done_tx.send(result);
    });
    done_rx
}

#[test]
fn search_and_reading_answer_while_a_long_import_runs() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    let webview = app.webview.clone();
    invoke(&webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    let japan = invoke(&webview, "search", json!({"request": {"text": "takaichi"}})).unwrap()["hits"][0]["id"].clone();
    let dump = big_dump(dir.path(), 3000);

    let done_rx = import_in_background(&app, dump);

    // While the import runs: a second import is refused, searching and reading all succeed.
    std::thread::sleep(Duration::from_millis(100));
    let busy = invoke(&webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap_err();
    assert_eq!(busy["kind"], "busy");

    let mut answered_during_import = 0;
    let mut slowest = Duration::ZERO;
    let result = loop {
        if let Ok(result) = done_rx.try_recv() {
            break result;
        }
        let started = Instant::now();
        let results = invoke(&webview, "search", json!({"request": {"text": "takaichi"}})).unwrap();
        assert_eq!(results["total"], 1, "search sees the committed library");
        let reading = invoke(&webview, "open_article", json!({"id": japan})).unwrap();
        assert_eq!(reading["article"]["id"], japan);
        invoke(&webview, "library_overview", json!({})).unwrap();
        invoke(
            &webview,
            "list_articles",
            json!({"filter": {"kind": "all"}, "limit": 50, "offset": 0}),
        )
        .unwrap();
        slowest = slowest.max(started.elapsed());
        answered_during_import += 1;
    };
    let report = result.expect("import succeeds");
    assert_eq!(report["added"], 3000);
    assert!(
        answered_during_import >= 10,
        "only {answered_during_import} rounds answered during the import"
    );
    // Reads never waited for the import's transaction (generous bound: debug build, shared CI).
    assert!(
        slowest < Duration::from_secs(2),
        "slowest round took {slowest:?}"
    );
    // The visits recorded during the import were written once it finished.
    std::thread::sleep(Duration::from_millis(300));
    let history = invoke(&webview, "list_history", json!({"limit": 10, "offset": 0})).unwrap();
    assert_eq!(history[0]["article"]["id"], japan);
}

#[test]
fn cancelling_a_long_import_keeps_nothing_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    let webview = app.webview.clone();
    let dump = big_dump(dir.path(), 3000);
    let done_rx = import_in_background(&app, dump);
    std::thread::sleep(Duration::from_millis(300));
    invoke(&webview, "cancel_import", json!({})).unwrap();
    let report = done_rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap()
        .unwrap();
    assert_eq!(report["files"][0]["status"], "cancelled");
    assert_eq!(report["added"], 0);
    assert_eq!(
        invoke(&webview, "library_overview", json!({})).unwrap()["all"],
        0
    );
    // The importer is free again.
    let report = invoke(&webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    assert_eq!(report["added"], 4);
}

#[test]
fn the_first_start_after_a_crash_rebuilds_a_damaged_index_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    {
        let library = newsdesk::Library::open(&path).unwrap();
        let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/000_d3a13ba8676159af.txt");
        newsdesk::Importer::new(&library)
            .worker(worker())
            .import_paths(&[seed])
            .unwrap();
        damage_index(&path);
        std::fs::write(dir.path().join("lib.sqlite3.running"), "1").unwrap();
    }
    let app = app(&path);
    let check = invoke(
        &app.webview,
        "startup_check",
        json!({"onProgress": CHANNEL}),
    )
    .unwrap();
    assert_eq!(check["checked"], true);
    assert_eq!(check["health"]["state"], "index_damaged");
    let again = invoke(
        &app.webview,
        "startup_check",
        json!({"onProgress": CHANNEL}),
    )
    .unwrap();
    assert_eq!(again["checked"], false, "the check runs once");
    let results = invoke(
        &app.webview,
        "search",
        json!({"request": {"text": "takaichi"}}),
    )
    .unwrap();
    assert_eq!(results["total"], 1);
}

#[test]
fn a_library_from_the_last_release_is_re_indexed_once_after_the_window_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/library-v3.sqlite3");
    std::fs::copy(fixture, &path).unwrap();
    let app = app(&path);
    let search = |text: &str| {
        invoke(&app.webview, "search", json!({"request": {"text": text}})).unwrap()["total"].clone()
    };
    // The window can list and search with the old index before the upgrade.
    assert_eq!(
        invoke(&app.webview, "library_overview", json!({})).unwrap()["all"],
        31
    );
    assert_eq!(search("首相"), 0);
    let upgrade = |app: &TestApp| {
        invoke(
            &app.webview,
            "finish_upgrade",
            json!({"onProgress": CHANNEL}),
        )
        .unwrap()
    };
    // From version 3, what search finds since: stems and CJK words (schema 4), compatibility
    // forms (schema 10), compounds typed without their hyphens (schema 11), titles in their
    // story's language (schema 12), Hebrew behind its prefix letters (schema 13), Bulgarian and
    // Croatian (schema 14).
    let finds = upgrade(&app);
    let finds = finds.as_array().unwrap();
    assert_eq!(finds.len(), 6, "{finds:?}");
    assert!(finds[0].as_str().unwrap().contains("other forms of words"));
    assert!(finds[1].as_str().unwrap().contains("full-width"));
    assert!(finds[2].as_str().unwrap().contains("hyphens"));
    assert!(finds[3].as_str().unwrap().contains("titles"));
    assert!(finds[4].as_str().unwrap().contains("Hebrew"));
    assert!(finds[5].as_str().unwrap().contains("Bulgarian"));
    assert_eq!(search("首相"), 1);
    // "troops" in the seed's Russia story and in the language set's troops story.
    assert_eq!(search("troop"), 2);
    assert_eq!(upgrade(&app), Value::Null, "the upgrade runs once");
    drop(app);
    // Started again: nothing left to upgrade.
    assert_eq!(upgrade(&self::app(&path)), Value::Null);
}

/// Damages the search index the way a crash between writes could (the core has no way to do
/// that on purpose, so the test edits the file with SQLite directly).
fn damage_index(path: &Path) {
    let library = newsdesk::Library::open(path).unwrap();
    let id = library
        .search(&newsdesk::SearchRequest::new("takaichi"))
        .unwrap()
        .hits[0]
        .article
        .id;
    drop(library);
    let conn = rusqlite::Connection::open(path).unwrap();
    newsdesk::analysis::fts5::register(&conn).unwrap();
    conn.execute(
        "INSERT INTO articles_fts (articles_fts, rowid, title, caption, body) \
         SELECT 'delete', id, title, caption, body FROM articles WHERE id = ?1",
        [id],
    )
    .unwrap();
}

#[test]
fn backup_then_restore_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    let webview = &app.webview;
    let nothing = invoke(
        webview,
        "restore_library",
        json!({"latest": true, "onProgress": CHANNEL}),
    );
    assert_eq!(
        nothing,
        Err(json!({"kind": "not_found", "message": "there is no usable backup to restore"}))
    );
    invoke(webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    let backup = invoke(
        webview,
        "backup_library",
        json!({"choose": false, "onProgress": CHANNEL}),
    )
    .unwrap();
    assert_eq!(
        (backup["articles"].as_u64(), backup["bookmarks"].as_u64()),
        (Some(4), Some(0))
    );
    assert!(
        Path::new(backup["path"].as_str().unwrap()).starts_with(dir.path().join("backups")),
        "{backup}"
    );

    let list = invoke(
        webview,
        "list_articles",
        json!({"filter": {"kind": "all"}, "limit": 10, "offset": 0}),
    )
    .unwrap();
    for article in list.as_array().unwrap() {
        invoke(webview, "delete_article", json!({"id": article["id"]})).unwrap();
    }
    assert_eq!(
        invoke(webview, "library_overview", json!({})).unwrap()["all"],
        0
    );

    let kept = invoke(
        webview,
        "restore_library",
        json!({"latest": true, "onProgress": CHANNEL}),
    )
    .unwrap();
    assert!(kept.as_str().unwrap().contains("before-restore-"));
    assert_eq!(
        invoke(webview, "library_overview", json!({})).unwrap()["all"],
        4
    );
    let info = invoke(webview, "library_info", json!({})).unwrap();
    assert_eq!(info["articles"], 4);
    assert!(
        info["latest_backup"]["path"]
            .as_str()
            .unwrap()
            .contains("before-restore-")
    );
}

/// The files in a folder, sorted.
fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|entry| entry.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn dropped_files_are_imported_by_a_token_that_works_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    let webview = &app.webview;
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/000_d3a13ba8676159af.txt");

    let told = app.drop_files(std::slice::from_ref(&seed));
    assert_eq!(told["names"], json!(["000_d3a13ba8676159af.txt"]));
    let token = told["token"].as_str().unwrap();
    assert_eq!(token.len(), 16);
    let import = |args: Value| invoke(webview, "import_held", args);
    let report = import(json!({"token": token, "onProgress": CHANNEL})).unwrap();
    assert_eq!(report["added"], 4);

    let refused = Err(json!({
        "kind": "invalid_input",
        "message": "these files were not handed to Newsdesk, or were imported already"
    }));
    // A token used before, and one the page made up.
    assert_eq!(
        import(json!({"token": token, "onProgress": CHANNEL})),
        refused
    );
    assert_eq!(
        import(json!({"token": "0123456789abcdef", "onProgress": CHANNEL})),
        refused
    );
    // A second drop gets a token of its own.
    let again = app.drop_files(std::slice::from_ref(&seed));
    assert_ne!(again["token"], told["token"]);
    assert_eq!(
        import(json!({"token": again["token"], "onProgress": CHANNEL})).unwrap()["duplicates"],
        4
    );
}

#[test]
fn the_webview_cannot_name_a_path_or_a_url() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    let webview = &app.webview;
    let secret = dir.path().join("secret.txt");
    std::fs::write(
        &secret,
        "A private note\n\nthat must never be imported by the page.",
    )
    .unwrap();

    // Import: no command takes paths; a path where a token belongs is refused.
    let import_paths = invoke(
        webview,
        "import_paths",
        json!({"paths": [&secret], "onProgress": CHANNEL}),
    );
    assert_eq!(import_paths, Err(json!("Command import_paths not found")));
    let as_token = invoke(
        webview,
        "import_held",
        json!({"token": &secret, "onProgress": CHANNEL}),
    );
    assert_eq!(as_token.unwrap_err()["kind"], "invalid_input");
    let paths_instead = invoke(
        webview,
        "import_held",
        json!({"paths": [&secret], "onProgress": CHANNEL}),
    )
    .unwrap_err();
    assert!(
        paths_instead
            .as_str()
            .unwrap()
            .contains("missing required key token"),
        "{paths_instead}"
    );
    assert_eq!(
        invoke(webview, "library_overview", json!({})).unwrap()["all"],
        0
    );

    // Links: an article id, never a URL.
    let url = invoke(webview, "open_link", json!({"url": "file:///etc/passwd"})).unwrap_err();
    assert!(
        url.as_str().unwrap().contains("missing required key id"),
        "{url}"
    );
    invoke(webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    let sample = invoke(
        webview,
        "list_articles",
        json!({"filter": {"kind": "all"}, "limit": 1, "offset": 0}),
    )
    .unwrap()[0]["id"]
        .clone();
    assert_eq!(
        invoke(
            webview,
            "open_link",
            json!({"id": sample, "url": "https://evil.example/"})
        ),
        Err(json!({
            "kind": "invalid_input",
            "message": format!("article {sample} has no web address to open")
        }))
    );

    // Backup and restore: a `path` is not an argument; backups go to the library's own folder
    // and a restore takes the latest of them.
    let elsewhere = dir.path().join("elsewhere.sqlite3");
    let backup = invoke(
        webview,
        "backup_library",
        json!({"path": &elsewhere, "choose": false, "onProgress": CHANNEL}),
    )
    .unwrap();
    assert!(!elsewhere.exists());
    let backups = files_in(&dir.path().join("backups"));
    assert_eq!(backups, [PathBuf::from(backup["path"].as_str().unwrap())]);
    {
        let other = newsdesk::Library::open(dir.path().join("other.sqlite3")).unwrap();
        newsdesk::Importer::new(&other)
            .worker(worker())
            .import_paths(std::slice::from_ref(&secret))
            .unwrap();
        other.backup_to(&elsewhere, &mut |_| {}).unwrap();
    }
    let no_flag = invoke(
        webview,
        "restore_library",
        json!({"path": &elsewhere, "onProgress": CHANNEL}),
    )
    .unwrap_err();
    assert!(
        no_flag
            .as_str()
            .unwrap()
            .contains("missing required key latest"),
        "{no_flag}"
    );
    invoke(
        webview,
        "restore_library",
        json!({"path": &elsewhere, "latest": true, "onProgress": CHANNEL}),
    )
    .unwrap();
    let titles: Vec<Value> = invoke(
        webview,
        "list_articles",
        json!({"filter": {"kind": "all"}, "limit": 10, "offset": 0}),
    )
    .unwrap()
    .as_array()
    .unwrap()
    .iter()
    .map(|article| article["title"].clone())
    .collect();
    assert_eq!(
        titles.len(),
        4,
        "the library's own backup, not the page's file: {titles:?}"
    );
    assert!(!titles.contains(&json!("A private note")));
}
