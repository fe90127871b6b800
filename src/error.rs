//! The one error type of the core. Every message is written for the person using Newsdesk:
//! it says what went wrong and, where it can, what to do about it.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("library database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("no article with id {0}")]
    NotFound(i64),

    #[error(
        "this library was written by a newer version of Newsdesk (schema version {found}; \
         this build understands up to {supported}); update Newsdesk to open it"
    )]
    NewerSchema { found: i64, supported: i64 },

    /// The file could be read but is not something Newsdesk can import.
    #[error("{0}")]
    Unsupported(String),

    /// The file looked importable but its content is broken.
    #[error("{0}")]
    Malformed(String),

    #[error("{0}")]
    InvalidInput(String),

    #[error("import cancelled")]
    Cancelled,

    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),

    /// Newsdesk itself failed (a bug): the message says where.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// A stable, machine-readable name for the kind of error (used by the CLI's JSON and the app).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Database(_) => "database",
            Error::Io { .. } => "io",
            Error::NotFound(_) => "not_found",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Unsupported(_) => "unsupported",
            Error::Malformed(_) => "malformed",
            Error::InvalidInput(_) => "invalid_input",
            Error::Cancelled => "cancelled",
            Error::Json(_) => "json",
            Error::Internal(_) => "internal",
        }
    }

    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
