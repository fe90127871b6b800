use newsdesk::ListFilter;
use newsdesk::model::{Reading, SavedProgress};
use tauri::{AppHandle, Runtime, State};

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Opens an article for reading: returns it with the position to restore (and the words of
/// `search` marked) at once, and records the visit in the background (it may have to wait for
/// an import).
#[tauri::command(async)]
pub fn open_article(
    state: State<'_, AppState>,
    id: i64,
    search: Option<String>,
) -> CommandResult<Reading> {
    let reading = state.library().reading(id, search.as_deref())?;
    state.write_later(move |library| library.record_visit(id).map(drop));
    Ok(reading)
}

/// Saves how far the article was read (0.0–1.0); the end marks it read.
#[tauri::command]
pub async fn save_progress(
    state: State<'_, AppState>,
    id: i64,
    progress: f64,
) -> CommandResult<SavedProgress> {
    state
        .write(move |library| library.set_progress(id, progress))
        .await
}

#[tauri::command]
pub async fn mark_read(state: State<'_, AppState>, id: i64, read: bool) -> CommandResult<()> {
    state
        .write(move |library| library.mark_read(id, read))
        .await
}

/// Marks every article a list shows read; returns the ids of those that were not read before.
#[tauri::command]
pub async fn mark_all_read(
    state: State<'_, AppState>,
    filter: ListFilter,
) -> CommandResult<Vec<i64>> {
    state
        .write(move |library| library.mark_all_read(&filter))
        .await
}

/// Opens an article's original web page (its stored http or https address) in the system
/// browser. The page names the article, never the address.
#[tauri::command(async)]
pub fn open_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<()> {
    let url = state.library().web_link(id)?;
    open_in_browser(&app, &url).map_err(CommandError::internal)
}

/// Opens a web address in the user's browser: on Linux without the WebKit variables the app
/// set for itself (`webkit_env`), elsewhere through Tauri's opener plugin.
#[cfg(target_os = "linux")]
fn open_in_browser<R: Runtime>(_app: &AppHandle<R>, url: &str) -> std::io::Result<()> {
    crate::webkit_env::open_web_page(url)
}

#[cfg(not(target_os = "linux"))]
fn open_in_browser<R: Runtime>(app: &AppHandle<R>, url: &str) -> tauri_plugin_opener::Result<()> {
    use tauri_plugin_opener::OpenerExt;
    app.opener().open_url(url, None::<&str>)
}
