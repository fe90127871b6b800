use newsdesk::ListFilter;
use newsdesk::model::{ArticleSummary, Overview};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Counts for the sidebar and the list of sources.
#[tauri::command(async)]
pub fn library_overview(state: State<'_, AppState>) -> CommandResult<Overview> {
    Ok(state.library().overview()?)
}

/// A page of articles.
#[tauri::command(async)]
pub fn list_articles(
    state: State<'_, AppState>,
    filter: ListFilter,
    limit: u32,
    offset: u32,
) -> CommandResult<Vec<ArticleSummary>> {
    Ok(state.library().list(&filter, limit, offset)?)
}

/// How many articles of a list are unread (what Mark all read would mark).
#[tauri::command(async)]
pub fn count_unread(state: State<'_, AppState>, filter: ListFilter) -> CommandResult<u64> {
    Ok(state.library().count_unread(&filter)?)
}

#[tauri::command]
pub async fn delete_article(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.write(move |library| library.delete_article(id)).await
}
