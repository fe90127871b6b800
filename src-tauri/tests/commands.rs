//! The command layer, called through Tauri's real IPC handling (mock runtime): argument
//! decoding, error mapping to `{kind, message}`, and search answering during a long import.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use newsdesk::import::WorkerCommand;
use newsdesk_app::AppState;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct TestApp {
    _app: App<MockRuntime>,
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
    TestApp { _app: app, webview }
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
        invoke(
            &app.webview,
            "open_link",
            json!({"url": "javascript:alert(1)"})
        ),
        Err(json!({
            "kind": "invalid_input",
            "message": "only web links (http, https) can be opened, not \"javascript:alert(1)\""
        }))
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

    // The same sample again adds nothing.
    let report = invoke(webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    assert_eq!(
        (report["added"].as_u64(), report["duplicates"].as_u64()),
        (Some(0), Some(4))
    );
}

/// Writes a TT dump big enough that importing it takes a while.
fn big_dump(dir: &Path, stories: u64) -> std::path::PathBuf {
    let path = dir.join("big-dump.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    newsdesk::corpus::Corpus::new(42)
        .write_dump(&mut file, stories)
        .unwrap();
    path
}

/// Starts importing `dump` through the command on another thread; the receiver gets its result.
fn import_in_background(
    webview: &WebviewWindow<MockRuntime>,
    dump: std::path::PathBuf,
) -> mpsc::Receiver<Result<Value, Value>> {
    let (done_tx, done_rx) = mpsc::channel();
    let importer = webview.clone();
    std::thread::spawn(move || {
        let result = invoke(
            &importer,
            "import_paths",
            json!({"paths": [dump], "onProgress": CHANNEL}),
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

    let done_rx = import_in_background(&webview, dump);

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
    let done_rx = import_in_background(&webview, dump);
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
        let mut library = newsdesk::Library::open(&path).unwrap();
        let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/000_d3a13ba8676159af.txt");
        newsdesk::Importer::new(&mut library)
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

/// Damages the search index the way a crash between writes could (the core has no way to do
/// that on purpose, so the test edits the file with Python's sqlite3).
fn damage_index(path: &Path) {
    let library = newsdesk::Library::open(path).unwrap();
    let id = library
        .search(&newsdesk::SearchRequest::new("takaichi"))
        .unwrap()
        .hits[0]
        .article
        .id;
    drop(library);
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import sqlite3; db = sqlite3.connect({path:?}); \
             db.execute(\"INSERT INTO articles_fts (articles_fts, rowid, title, caption, body) \
             SELECT 'delete', id, title, caption, body FROM articles WHERE id = {id}\"); db.commit()",
            path = path.display().to_string()
        ))
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn backup_then_restore_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("lib.sqlite3"));
    let webview = &app.webview;
    invoke(webview, "import_sample", json!({"onProgress": CHANNEL})).unwrap();
    let backup_path = dir.path().join("backup.sqlite3");
    let backup = invoke(
        webview,
        "backup_library",
        json!({"path": backup_path, "choose": false, "onProgress": CHANNEL}),
    )
    .unwrap();
    assert_eq!(
        (backup["articles"].as_u64(), backup["bookmarks"].as_u64()),
        (Some(4), Some(0))
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
        json!({"path": backup_path, "onProgress": CHANNEL}),
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

    let refused = invoke(
        webview,
        "restore_library",
        json!({"path": dir.path().join("nothing.sqlite3"), "onProgress": CHANNEL}),
    )
    .unwrap_err();
    assert_eq!(refused["kind"], "invalid_input");
}
