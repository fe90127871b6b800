use newsdesk::model::HistoryEntry;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The reading history, last opened first.
#[tauri::command(async)]
pub fn list_history(
    state: State<'_, AppState>,
    limit: u32,
    offset: u32,
) -> CommandResult<Vec<HistoryEntry>> {
    Ok(state.library().history(limit, offset)?)
}

#[tauri::command]
pub async fn clear_history_entry(state: State<'_, AppState>, id: i64) -> CommandResult<bool> {
    state
        .write(move |library| library.clear_history_entry(id))
        .await
}

#[tauri::command]
pub async fn clear_history(state: State<'_, AppState>) -> CommandResult<u64> {
    state.write(|library| library.clear_history()).await
}
