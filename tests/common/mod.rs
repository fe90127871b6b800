//! Helpers shared by the integration tests: real library files in temporary folders.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

use newsdesk::importer::WorkerCommand;
use newsdesk::model::{ImportReport, SnippetSegment};
use newsdesk::{Importer, Library, ListFilter};
use tempfile::TempDir;

pub const SEED: &str = "000_d3a13ba8676159af.txt";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A new library file in its own temporary folder (removed when the `TempDir` drops).
pub fn new_library() -> (TempDir, Library) {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = Library::open(dir.path().join("library.sqlite3")).expect("open library");
    (dir, library)
}

/// The `newsdesk` CLI, which the importer starts as its parsing worker in these tests.
pub fn worker() -> WorkerCommand {
    WorkerCommand::new(env!("CARGO_BIN_EXE_newsdesk"))
}

/// An importer into `library` whose files are read by the `newsdesk` CLI as worker.
pub fn importer(library: &Library) -> Importer<'_> {
    Importer::new(library).worker(worker())
}

pub fn import(library: &Library, paths: &[PathBuf]) -> ImportReport {
    importer(library).import_paths(paths).expect("import runs")
}

/// A library holding the seed's four stories.
pub fn seeded_library() -> (TempDir, Library) {
    let (dir, library) = new_library();
    let report = import(&library, &[fixture(SEED)]);
    assert_eq!(report.added, 4, "{report:?}");
    (dir, library)
}

/// The ids of the first 100 articles a list filter shows, in its order.
pub fn ids_in(library: &Library, filter: &ListFilter) -> Vec<i64> {
    library
        .list(filter, 100, 0)
        .expect("list articles")
        .iter()
        .map(|a| a.id)
        .collect()
}

/// Writes a file into a folder and returns its path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&path, bytes).expect("write file");
    path
}

/// The first bytes of a real PNG image.
pub const PNG_BYTES: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// The marked (matched) parts of a snippet, in order.
pub fn marked(segments: &[SnippetSegment]) -> Vec<&str> {
    segments
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect()
}
