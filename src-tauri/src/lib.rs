//! Newsdesk's desktop shell: a Tauri window over the `newsdesk` core. The shell holds state,
//! forwards commands and streams import progress; all behaviour lives in the core.

pub mod commands;
pub mod error;
pub mod startup;
pub mod state;
#[cfg(target_os = "linux")]
pub mod webkit_env;
pub mod window_state;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Listener, Manager, RunEvent, Runtime, Url, WindowEvent};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

pub use state::{AppState, Held};
use window_state::WindowStateSaver;

/// Registers every command and the guard on a builder (the app and the command-layer tests
/// share this).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::*;
    builder
        .plugin(guard())
        .plugin(watch_other_writers())
        .invoke_handler(tauri::generate_handler![
            library::library_overview,
            library::list_articles,
            library::count_unread,
            library::delete_article,
            article::open_article,
            article::save_progress,
            article::mark_read,
            article::mark_all_read,
            article::open_link,
            search::search,
            bookmarks::toggle_bookmark,
            bookmarks::set_bookmark,
            bookmarks::remove_bookmark,
            bookmarks::list_bookmarks,
            history::list_history,
            history::clear_history_entry,
            history::clear_history,
            import::import_held,
            import::import_sample,
            import::cancel_import,
            import::choose_import,
            maintenance::library_info,
            maintenance::finish_upgrade,
            maintenance::startup_check,
            maintenance::backup_library,
            maintenance::restore_library,
            maintenance::optimize_library,
            maintenance::export_bookmarks,
            app::files_to_open,
            app::report_ready,
            app::report_startup,
        ])
}

/// The end-to-end tests drive the real drop handler by emitting Tauri's drag-drop event from
/// the page (no test can drag files from the desktop). Emitting events is not in the app's
/// capability; only a debug build started with `NEWSDESK_E2E=1` grants it.
#[cfg(debug_assertions)]
fn allow_test_events<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    if std::env::var_os("NEWSDESK_E2E").is_some() {
        let capability = tauri::ipc::CapabilityBuilder::new("end-to-end-tests")
            .window("main")
            .permission("core:event:allow-emit");
        app.add_capability(capability)?;
    }
    Ok(())
}

/// The event telling the page that there are files to open (see `app::files_to_open`).
const OPEN_FILES_EVENT: &str = "newsdesk://open-files";

/// Tauri's event for files dropped on the window (the page hears it too, for its overlay).
pub const DRAG_DROP_EVENT: &str = "tauri://drag-drop";

/// The event telling the page that files were dropped: a `Held` (token and names).
pub const DROPPED_EVENT: &str = "newsdesk://dropped";

/// The shell's guard, as a plugin so that the app and the command tests get the same one:
/// - files dropped on the window are received here, held, and only their token and names go to
///   the page (`DROPPED_EVENT`), which imports them with `import_held`;
/// - the webview never leaves the app's own pages (a link or a script cannot navigate it);
/// - on Linux the page is marked, before it is parsed, to take fontconfig's own font families:
///   WebKitGTK matches fonts with fontconfig, for which the platform keywords of the page's
///   font stacks are lookups missed before its first frame (ui/css/app.css, `data-fonts`).
fn guard<R: Runtime>() -> TauriPlugin<R> {
    let builder = tauri::plugin::Builder::new("newsdesk-guard");
    #[cfg(target_os = "linux")]
    let builder = builder
        .js_init_script("document.documentElement?.setAttribute('data-fonts', 'fontconfig');");
    builder
        .on_navigation(|_, url| is_app_page(url))
        .setup(|app, _| {
            let handle = app.clone();
            // Tauri sends this event to listeners of every target on a drop (and so does a test
            // emitting it; the page cannot: emitting events is not in its capability).
            app.listen_any(DRAG_DROP_EVENT, move |event| {
                hold_dropped(&handle, event.payload());
            });
            Ok(())
        })
        .build()
}

/// The event telling the page that another program changed the library: the CLI imported
/// files, a second window bookmarked a story (see `watch_other_writers`).
pub const LIBRARY_CHANGED_EVENT: &str = "newsdesk://library-changed";

/// How often the app looks for other programs' writes to its library.
const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// Tells the page when another program has written to the library since it last looked
/// (`Library::writes_by_others`; the app's own writes, imports included, never count), so the
/// window shows what the CLI or another window changed without a restart. A thread looks once
/// a WATCH_INTERVAL: a question for the library's writer, which answers between an import's
/// batches.
fn watch_other_writers<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("newsdesk-watch")
        .setup(|app, _| {
            let app = app.clone();
            std::thread::Builder::new()
                .name("newsdesk-watch".into())
                .spawn(move || {
                    let mut seen = None;
                    loop {
                        std::thread::sleep(WATCH_INTERVAL);
                        // None until the library is open (it opens while the window is made).
                        let Some(state) = app.try_state::<AppState>() else {
                            continue;
                        };
                        let Ok(now) = state.library().writes_by_others() else {
                            continue;
                        };
                        if seen.is_some_and(|seen| seen != now) {
                            let _ = app.emit(LIBRARY_CHANGED_EVENT, ());
                        }
                        seen = Some(now);
                    }
                })?;
            Ok(())
        })
        .build()
}

/// The app's own pages: `tauri://localhost` (Linux, macOS) and `http(s)://tauri.localhost`
/// (Windows). Nothing else may be loaded into the window.
fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

/// What a drop carries (Tauri's drag-drop payload; the position is not needed).
#[derive(serde::Deserialize)]
struct Dropped {
    paths: Vec<PathBuf>,
}

/// Files were dropped on the window: hold them and tell the page their token and names.
fn hold_dropped<R: Runtime>(app: &AppHandle<R>, payload: &str) {
    let Ok(Dropped { paths }) = serde_json::from_str(payload) else {
        return;
    };
    if paths.is_empty() {
        return;
    }
    if let Some(state) = app.try_state::<AppState>() {
        let _ = app.emit(DROPPED_EVENT, state.hold(paths));
    }
}

/// The files and folders among command-line arguments (relative ones from `cwd`).
fn paths_in(args: impl IntoIterator<Item = String>, cwd: &Path) -> Vec<PathBuf> {
    args.into_iter()
        .filter(|arg| !arg.starts_with('-'))
        .map(|arg| cwd.join(arg))
        .filter(|path| path.exists())
        .collect()
}

/// Files arrived (a file opened with Newsdesk): keep them for the page and tell it.
fn open_files<R: Runtime>(app: &AppHandle<R>, files: Vec<PathBuf>) {
    if files.is_empty() {
        return;
    }
    if let Some(state) = app.try_state::<AppState>() {
        state.add_files_to_open(files);
        // The page asks for the files when it starts; if it runs already, this tells it.
        let _ = app.emit(OPEN_FILES_EVENT, ());
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// SIGTERM (a logout, a shutdown, `kill`) closes the app as its window's close button does: the
/// library is closed and its run marker removed, so the next start does not take it for a crash
/// and check the whole library.
#[cfg(target_os = "linux")]
fn exit_cleanly_on_sigterm<R: Runtime>(app: AppHandle<R>) {
    glib::unix_signal_add_local_once(libc::SIGTERM, move || app.exit(0));
}

/// Environment variable that keeps WebKitGTK's accelerated compositing (`webkit_env`).
pub const ENV_COMPOSITING: &str = "NEWSDESK_COMPOSITING";

/// Runs the app: opens the library (env `NEWSDESK_DB` / `NEWSDESK_DATA_DIR`, else the app-data
/// folder — the same file the CLI uses) and shows the window. Files given on the command line
/// (how Linux and Windows pass files opened with Newsdesk) are imported and shown.
pub fn run() {
    startup::note_start();
    #[cfg(target_os = "linux")]
    webkit_env::paint_without_compositing();
    // The library opens on a thread of its own while Tauri creates the window (from `build` to
    // `setup`); setup takes it, waiting only if it is not open yet.
    let (library_opened, opened_library) = mpsc::sync_channel::<newsdesk::Result<AppState>>(1);
    let custom_library = [newsdesk::ENV_DB, newsdesk::ENV_DATA_DIR]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    let mut builder = tauri::Builder::default();
    #[cfg(not(target_os = "linux"))]
    {
        // Opens articles' web pages (on Linux, `webkit_env` does).
        builder = builder.plugin(tauri_plugin_opener::init());
    }
    if !custom_library {
        // One window per library: opening a file while Newsdesk runs hands it to that window.
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            open_files(app, paths_in(args.into_iter().skip(1), Path::new(&cwd)));
        }));
    }
    let builder = builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .on_window_event(|window, event| {
            if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_))
                && let Some(saver) = window.try_state::<WindowStateSaver>()
            {
                saver.changed();
            }
        })
        .setup(move |app| {
            startup::mark("setup");
            #[cfg(debug_assertions)]
            allow_test_events(app)?;
            #[cfg(target_os = "linux")]
            exit_cleanly_on_sigterm(app.handle().clone());
            app.manage(WindowStateSaver::start(app.handle().clone()));
            let opened = opened_library.recv().unwrap_or_else(|_| {
                Err(newsdesk::Error::Internal(
                    "opening the library failed".into(),
                ))
            });
            match opened {
                Ok(state) => {
                    let cwd = std::env::current_dir().unwrap_or_default();
                    state.add_files_to_open(paths_in(std::env::args().skip(1), &cwd));
                    app.manage(state);
                    startup::mark("setup-done");
                    Ok(())
                }
                Err(error) => {
                    app.dialog()
                        .message(format!("Newsdesk cannot open its library.\n\n{error}"))
                        .title("Newsdesk")
                        .kind(MessageDialogKind::Error)
                        .blocking_show();
                    Err(error.into())
                }
            }
        });
    let app = match with_commands(builder).build(tauri::generate_context!()) {
        Ok(app) => {
            startup::mark("plugins");
            // Only now: a second start for the default library has handed its files to the
            // first one and ended in `build` (single-instance), before touching the library.
            std::thread::spawn(move || {
                let opened = newsdesk::resolve_library_path(None).and_then(|path| {
                    AppState::open(&path, newsdesk::importer::WorkerCommand::current_exe()?)
                });
                startup::mark("library-opened");
                let _ = library_opened.send(opened);
            });
            app
        }
        Err(error) => {
            eprintln!("newsdesk: {error}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| match event {
        // macOS hands files opened with Newsdesk over as an event.
        #[cfg(target_os = "macos")]
        RunEvent::Opened { urls } => {
            open_files(
                app,
                urls.into_iter()
                    .filter_map(|url| url.to_file_path().ok())
                    .collect(),
            );
        }
        RunEvent::Exit => {
            if let Some(state) = app.try_state::<AppState>() {
                state.close();
            }
        }
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_may_load() {
        let allowed = |url: &str| is_app_page(&url.parse().unwrap());
        assert!(allowed("tauri://localhost/"));
        assert!(allowed("tauri://localhost/index.html#x"));
        assert!(allowed("http://tauri.localhost/index.html"));
        assert!(allowed("https://tauri.localhost/"));
        for refused in [
            "https://example.com/",
            "http://localhost:8080/",
            "http://tauri.localhost:8080/",
            "https://tauri.localhost.evil.com/",
            "tauri://evil/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "about:blank",
        ] {
            assert!(!allowed(refused), "{refused}");
        }
    }
}
