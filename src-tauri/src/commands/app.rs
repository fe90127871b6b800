//! The app's own lifecycle: files it was asked to open, and the start-up measurement.

use tauri::State;

use crate::startup::{self, Benchmark};
use crate::state::{AppState, Held};

/// The files the app was asked to open (file associations) that are not imported yet, held
/// for `import_held`; `None` when there are none.
#[tauri::command(async)]
pub fn files_to_open(state: State<'_, AppState>) -> Option<Held> {
    state.take_files_to_open()
}

/// The page has painted its first frame: printed for the start-up benchmark (see `startup`).
/// Answers what the benchmark asks of the page (nothing, outside a benchmark).
#[tauri::command(async)]
pub fn report_ready() -> Benchmark {
    startup::report_ready();
    startup::benchmark()
}

/// The page's start-up marks (name, ms of the page's clock), its clock now, and its counts
/// (requests, bytes), printed for the start-up benchmark.
#[tauri::command(async)]
pub fn report_startup(marks: Vec<(String, f64)>, now: f64, counts: Vec<(String, f64)>) {
    startup::report_page(&marks, now, &counts);
}
