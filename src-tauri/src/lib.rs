//! Newsdesk's desktop shell: a Tauri window over the `newsdesk` core. The shell holds state,
//! forwards commands and streams import progress; all behaviour lives in the core.

pub mod commands;
pub mod error;
pub mod state;
pub mod window_state;

use tauri::{Manager, Runtime, WindowEvent};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

pub use state::AppState;
use window_state::WindowStateSaver;

/// Registers every command on a builder (the app and the command-layer tests share this).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::*;
    builder.invoke_handler(tauri::generate_handler![
        library::library_overview,
        library::list_articles,
        library::delete_article,
        article::open_article,
        article::save_progress,
        article::mark_read,
        article::open_link,
        search::search,
        bookmarks::toggle_bookmark,
        bookmarks::set_bookmark,
        bookmarks::remove_bookmark,
        bookmarks::list_bookmarks,
        history::list_history,
        history::clear_history_entry,
        history::clear_history,
        import::import_paths,
        import::import_sample,
        import::cancel_import,
        import::choose_import_paths,
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

/// Runs the app: opens the library (env `NEWSDESK_DB` / `NEWSDESK_DATA_DIR`, else the app-data
/// folder — the same file the CLI uses) and shows the window.
pub fn run() {
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .on_window_event(|window, event| {
            if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_))
                && let Some(saver) = window.try_state::<WindowStateSaver>()
            {
                saver.changed();
            }
        })
        .setup(|app| {
            #[cfg(debug_assertions)]
            allow_test_events(app)?;
            app.manage(WindowStateSaver::start(app.handle().clone()));
            let opened =
                newsdesk::resolve_library_path(None).and_then(|path| AppState::open(&path));
            match opened {
                Ok(state) => {
                    app.manage(state);
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
    if let Err(error) = with_commands(builder).run(tauri::generate_context!()) {
        eprintln!("newsdesk: {error}");
        std::process::exit(1);
    }
}
