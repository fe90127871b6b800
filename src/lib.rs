//! Newsdesk's core: the news library (SQLite + FTS5), importers, search, bookmarks and reading
//! history. No GUI here: the `newsdesk` CLI and the desktop app are thin shells over
//! [`Library`] and [`Importer`]; see ARCHITECTURE.md for the parts and what each may use.

pub mod analysis;
pub mod config;
pub mod error;
pub mod export;
mod formats;
pub mod importer;
mod library;
pub mod links;
pub mod model;
pub mod search;
mod store;
pub mod text;

pub use config::{
    APP_IDENTIFIER, ENV_DATA_DIR, ENV_DB, default_library_path, resolve_library_path,
};
pub use error::{Error, Result};
pub use export::{BookmarkFormat, write_synced};
pub use formats::{Input, parse_bytes};
pub use importer::Importer;
pub use library::Library;
pub use search::{SearchOrder, SearchRequest};
pub use store::{
    BackupSummary, Health, LibraryInfo, ListFilter, Optimized, RunMarker, SCHEMA_VERSION,
    backup_folder, checkpoint, inspect_backup, latest_backup, new_backup_path, now,
    open_with_library_settings,
};

/// The bundled sample: four world-news stories in the TT text-dump layout.
pub const SAMPLE_NEWS: &[u8] = include_bytes!("../tests/fixtures/000_d3a13ba8676159af.txt");
/// The source name sample articles are filed under.
pub const SAMPLE_NEWS_SOURCE: &str = "Sample news";
