// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Started as the importer's parsing worker: serve, and exit (before any window exists).
    newsdesk::importer::serve_if_requested();
    newsdesk_app::run();
}
