//! Imports run on a worker thread with their own connection; progress streams to the UI over a
//! channel, so the window stays responsive and search keeps answering.
//!
//! The page never names a file: what it imports was handed to the app by the user (a drop, the
//! file dialog, a file opened with Newsdesk) and is held by the backend under a token.

use newsdesk::model::{ImportProgress, ImportReport};
use newsdesk::{Importer, Input};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{CommandError, CommandResult};
use crate::state::{AppState, Held};

/// Imports the files and folders held under `token` (see `AppState::hold`); a token works once.
#[tauri::command]
pub async fn import_held(
    state: State<'_, AppState>,
    token: String,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    let paths = state.take_held(&token)?;
    run_import(&state, on_progress, move |importer| {
        importer.import_paths(&paths)
    })
    .await
}

/// Imports the bundled sample news (four world-news stories).
#[tauri::command]
pub async fn import_sample(
    state: State<'_, AppState>,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    let sample = Input::Bytes {
        name: "sample-news.txt".into(),
        bytes: newsdesk::SAMPLE_NEWS.into(),
    };
    run_import(&state, on_progress, move |importer| {
        importer
            .source_name(newsdesk::SAMPLE_NEWS_SOURCE)
            .import(&[sample], Vec::new())
    })
    .await
}

/// Stops the running import before its next article; the file being imported is rolled back.
#[tauri::command(async)]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_job();
}

/// Shows the system's file dialog: files (several), or one folder. The choice is held for
/// `import_held`; `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn choose_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    folder: bool,
) -> CommandResult<Option<Held>> {
    let dialog = app.dialog().file().set_title("Import news into Newsdesk");
    let picked = if folder {
        dialog.blocking_pick_folder().map(|path| vec![path])
    } else {
        dialog
            .add_filter(
                "News files",
                &[
                    "txt", "text", "json", "html", "htm", "md", "markdown", "xml", "rss", "atom",
                    "zip",
                ],
            )
            .add_filter("All files", &["*"])
            .blocking_pick_files()
    };
    let Some(picked) = picked.filter(|picked| !picked.is_empty()) else {
        return Ok(None);
    };
    let paths = picked
        .into_iter()
        .map(|path| path.into_path().map_err(CommandError::internal))
        .collect::<CommandResult<_>>()?;
    Ok(Some(state.hold(paths)))
}

/// Runs an import as the app's long job, forwarding its progress to the channel.
async fn run_import(
    state: &AppState,
    on_progress: Channel<ImportProgress>,
    work: impl FnOnce(Importer<'_>) -> newsdesk::Result<ImportReport> + Send + 'static,
) -> CommandResult<ImportReport> {
    let worker = state.worker().clone();
    state
        .begin_job()?
        .run(move |library, cancel| {
            let importer = Importer::new(library)
                .worker(worker)
                .cancel_flag(cancel)
                // A closed channel (window reloaded) must not stop the import.
                .on_progress(|progress| drop(on_progress.send(progress.clone())));
            work(importer)
        })
        .await
}
