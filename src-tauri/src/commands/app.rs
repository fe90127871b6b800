//! The app's own lifecycle: files it was asked to open, and the start-up measurement.

use std::sync::OnceLock;
use std::time::Instant;

use tauri::State;

use crate::state::{AppState, Held};

/// When the process started (set first thing in `run`).
pub static STARTED: OnceLock<Instant> = OnceLock::new();

/// Environment variable that makes the app report its first paint (benchmarks).
pub const ENV_REPORT_READY: &str = "NEWSDESK_REPORT_READY";

/// The files the app was asked to open (file associations) that are not imported yet, held
/// for `import_held`; `None` when there are none.
#[tauri::command(async)]
pub fn files_to_open(state: State<'_, AppState>) -> Option<Held> {
    state.take_files_to_open()
}

/// The page has painted its first frame. With `NEWSDESK_REPORT_READY=1`, prints
/// `newsdesk-ready <ms since the process started>` for the start-up benchmark; otherwise nothing.
#[tauri::command(async)]
pub fn report_ready() {
    if std::env::var_os(ENV_REPORT_READY).is_some()
        && let Some(started) = STARTED.get()
    {
        println!("newsdesk-ready {}", started.elapsed().as_millis());
    }
}
