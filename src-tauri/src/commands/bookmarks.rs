use newsdesk::model::{Bookmark, BookmarkEntry};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Bookmarks or un-bookmarks an article; returns whether it is bookmarked now.
#[tauri::command]
pub async fn toggle_bookmark(state: State<'_, AppState>, id: i64) -> CommandResult<bool> {
    state
        .write(move |library| library.toggle_bookmark(id))
        .await
}

/// Bookmarks an article with a note (or changes the note).
#[tauri::command]
pub async fn set_bookmark(
    state: State<'_, AppState>,
    id: i64,
    note: Option<String>,
) -> CommandResult<Bookmark> {
    state
        .write(move |library| library.add_bookmark(id, note.as_deref()))
        .await
}

#[tauri::command]
pub async fn remove_bookmark(state: State<'_, AppState>, id: i64) -> CommandResult<bool> {
    state
        .write(move |library| library.remove_bookmark(id))
        .await
}

/// Every bookmark, newest first.
#[tauri::command(async)]
pub fn list_bookmarks(state: State<'_, AppState>) -> CommandResult<Vec<BookmarkEntry>> {
    Ok(state.library().bookmarks()?)
}
