use tauri_build::{AppManifest, Attributes};

/// Every app command, allow-listed: a command missing here cannot be called from the UI.
const COMMANDS: &[&str] = &[
    // library
    "library_overview",
    "list_articles",
    "count_unread",
    "delete_article",
    // article
    "open_article",
    "save_progress",
    "mark_read",
    "mark_all_read",
    "open_link",
    // search
    "search",
    // bookmarks
    "toggle_bookmark",
    "set_bookmark",
    "remove_bookmark",
    "list_bookmarks",
    // history
    "list_history",
    "clear_history_entry",
    "clear_history",
    // import
    "import_held",
    "import_sample",
    "cancel_import",
    "choose_import",
    // library care
    "library_info",
    "finish_upgrade",
    "startup_check",
    "backup_library",
    "restore_library",
    "optimize_library",
    "export_bookmarks",
    // app
    "files_to_open",
    "report_ready",
    "report_startup",
];

fn main() {
    let attributes = Attributes::new().app_manifest(AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build failed: {error:#}");
    }
}
