//! Where things are: the app's identifier, the environment variables Newsdesk reads, and the
//! library file a program opens. The only module that reads the environment.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The app identifier: names the app-data folder the library lives in (shared by CLI and app).
pub const APP_IDENTIFIER: &str = "org.newsdesk.Newsdesk";

/// Environment variable naming the library file to open instead of the default.
pub const ENV_DB: &str = "NEWSDESK_DB";

/// Environment variable naming a data folder holding the library (used by tests of the app).
pub const ENV_DATA_DIR: &str = "NEWSDESK_DATA_DIR";

/// The default library file: `library.sqlite3` in the platform's app-data folder under the app
/// identifier — the same file the desktop app opens, so the CLI and the app share one library.
pub fn default_library_path() -> Result<PathBuf> {
    let data = dirs::data_dir().ok_or_else(|| {
        Error::InvalidInput(
            "cannot find this system's app-data folder; pass --db PATH or set NEWSDESK_DB".into(),
        )
    })?;
    Ok(data.join(APP_IDENTIFIER).join(LIBRARY_FILE_NAME))
}

/// Where to open the library: an explicit path, else `NEWSDESK_DB`, else `library.sqlite3` in
/// `NEWSDESK_DATA_DIR`, else the default location.
pub fn resolve_library_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    if let Some(path) = explicit.or_else(|| from_env(ENV_DB)) {
        return Ok(path);
    }
    match from_env(ENV_DATA_DIR) {
        Some(dir) => Ok(dir.join(LIBRARY_FILE_NAME)),
        None => default_library_path(),
    }
}

/// File name of the library inside a data folder.
pub const LIBRARY_FILE_NAME: &str = "library.sqlite3";
