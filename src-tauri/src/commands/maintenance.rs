//! Library care: the library panel's figures, backup, restore, optimize, bookmark exports, and
//! the check after an unclean shutdown. Long work runs as the app's one long job, with progress.

use std::path::PathBuf;

use newsdesk::{BackupSummary, BookmarkFormat, Health, LibraryInfo, Optimized};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Where the library is, its size, counts and latest backup.
#[tauri::command(async)]
pub fn library_info(state: State<'_, AppState>) -> CommandResult<LibraryInfo> {
    Ok(state.library().info()?)
}

/// A library from an older Newsdesk whose search index this version analyses differently is
/// re-indexed once, at start, as the app's long job with progress (0–1), the window already
/// shown. When it was, what search finds now that it did not before (phrases to follow
/// "search now finds"); null when there was nothing to do.
#[tauri::command]
pub async fn finish_upgrade(
    state: State<'_, AppState>,
    on_progress: Channel<f64>,
) -> CommandResult<Option<Vec<&'static str>>> {
    if !state.take_upgrade_pending() {
        return Ok(None);
    }
    let finds = state
        .begin_job()?
        .run(move |library, _| library.finish_upgrade(&mut |done| drop(on_progress.send(done))))
        .await?;
    Ok(Some(finds))
}

/// What the start-up check found.
#[derive(Debug, Serialize)]
pub struct StartupCheck {
    /// Whether a check ran (only after an unclean shutdown).
    pub checked: bool,
    pub health: Health,
    /// The backup to offer when the library is damaged.
    pub latest_backup: Option<BackupSummary>,
}

/// After an unclean shutdown: checks the library once, rebuilding a damaged search index with
/// progress (0–1). Otherwise answers at once.
#[tauri::command]
pub async fn startup_check(
    state: State<'_, AppState>,
    on_progress: Channel<f64>,
) -> CommandResult<StartupCheck> {
    if !state.take_unchecked() {
        return Ok(StartupCheck {
            checked: false,
            health: Health::Healthy,
            latest_backup: None,
        });
    }
    let health = state
        .begin_job()?
        .run(move |library, _| library.recover(&mut |done| drop(on_progress.send(done))))
        .await?;
    let latest_backup = match health {
        Health::Corrupt(_) => newsdesk::latest_backup(state.path()),
        _ => None,
    };
    Ok(StartupCheck {
        checked: true,
        health,
        latest_backup,
    })
}

/// Backs up the library: to a new file in the library's backups folder, or to a file chosen in
/// the save dialog (`choose`). `None` when the dialog was cancelled. The page never names a file.
#[tauri::command]
pub async fn backup_library<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    choose: bool,
    on_progress: Channel<f64>,
) -> CommandResult<Option<BackupSummary>> {
    let default = newsdesk::new_backup_path(state.path());
    let target = if choose {
        let dialog = library_file_dialog(&app, "Back up the Newsdesk library").set_file_name(
            default
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let Some(chosen) = chosen_path(dialog.blocking_save_file())? else {
            return Ok(None);
        };
        chosen
    } else {
        default
    };
    let summary = state
        .begin_job()?
        .run(move |library, _| library.backup_to(&target, &mut |done| drop(on_progress.send(done))))
        .await?;
    Ok(Some(summary))
}

/// Replaces the library with a backup: the latest one in the backups folder (`latest`, what
/// the start-up check offers), or one chosen in the open dialog. Returns where the library as
/// it was is kept; `None` when the dialog was cancelled. The page never names a file.
#[tauri::command]
pub async fn restore_library<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    latest: bool,
    on_progress: Channel<f64>,
) -> CommandResult<Option<PathBuf>> {
    let source = if latest {
        newsdesk::latest_backup(state.path())
            .ok_or_else(|| CommandError::new("not_found", "there is no usable backup to restore"))?
            .path
    } else {
        let dialog = library_file_dialog(&app, "Restore a Newsdesk backup")
            .set_directory(newsdesk::backup_folder(state.path()));
        let Some(chosen) = chosen_path(dialog.blocking_pick_file())? else {
            return Ok(None);
        };
        chosen
    };
    let kept = state
        .begin_job()?
        .run(move |library, _| {
            library.restore_from(&source, &mut |done| drop(on_progress.send(done)))
        })
        .await?;
    Ok(Some(kept))
}

/// Merges the search index and compacts the library file.
#[tauri::command]
pub async fn optimize_library(state: State<'_, AppState>) -> CommandResult<Optimized> {
    state
        .begin_job()?
        .run(|library, _| library.optimize())
        .await
}

/// Writes the bookmarks (all, or `ids`) to a file chosen in the save dialog; `None` when it was
/// cancelled.
#[tauri::command(async)]
pub fn export_bookmarks<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: BookmarkFormat,
    ids: Option<Vec<i64>>,
) -> CommandResult<Option<PathBuf>> {
    let (name, extension) = format.file_kind();
    let chosen = app
        .dialog()
        .file()
        .set_title("Export bookmarks")
        .set_file_name(format!("bookmarks.{extension}"))
        .add_filter(name, &[extension])
        .blocking_save_file();
    let Some(path) = chosen_path(chosen)? else {
        return Ok(None);
    };
    let library = state.library();
    newsdesk::write_synced(&path, |out| {
        library.export_bookmarks(format, ids.as_deref(), out)
    })?;
    Ok(Some(path))
}

/// A file dialog for library files (backups).
fn library_file_dialog<R: Runtime>(app: &AppHandle<R>, title: &str) -> FileDialogBuilder<R> {
    app.dialog()
        .file()
        .set_title(title)
        .add_filter("Newsdesk library", &["sqlite3"])
}

/// The local path a file dialog returned; `None` when it was cancelled.
fn chosen_path(chosen: Option<FilePath>) -> CommandResult<Option<PathBuf>> {
    chosen
        .map(|file| file.into_path().map_err(CommandError::internal))
        .transpose()
}
