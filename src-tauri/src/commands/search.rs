use newsdesk::SearchRequest;
use newsdesk::model::SearchResults;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Searches the library; any text is accepted.
#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, request: SearchRequest) -> CommandResult<SearchResults> {
    Ok(state.library().search(&request)?)
}
