//! Newsdesk's core: the news library (SQLite + FTS5), importers, search, bookmarks and reading
//! history. No GUI here: the `newsdesk` CLI and the desktop app are thin shells over this API.

pub mod analysis;
pub mod error;
pub mod import;
pub mod links;
pub mod model;
pub mod search;
pub mod store;
pub mod text;

pub use error::{Error, Result};
pub use import::{Importer, Input};
pub use search::{SearchOrder, SearchRequest};
pub use store::{Library, ListFilter, default_library_path, resolve_library_path};

/// The app identifier: names the app-data folder the library lives in (shared by CLI and app).
pub const APP_IDENTIFIER: &str = "org.newsdesk.Newsdesk";

/// Environment variable naming the library file to open instead of the default.
pub const ENV_DB: &str = "NEWSDESK_DB";

/// Environment variable naming a data folder holding the library (used by tests of the app).
pub const ENV_DATA_DIR: &str = "NEWSDESK_DATA_DIR";

/// The bundled sample: four world-news stories in the TT text-dump layout.
pub const SAMPLE_NEWS: &[u8] = include_bytes!("../tests/fixtures/000_d3a13ba8676159af.txt");
/// The source name sample articles are filed under.
pub const SAMPLE_NEWS_SOURCE: &str = "Sample news";
