//! What the app keeps while it runs: three connections to one library, so that nothing the
//! window does waits for an import, and the flags of the running import.
//!
//! SQLite in WAL mode lets readers work while one connection writes. An import holds the write
//! lock for a whole file (all its articles or none), so:
//! - reads (lists, search, opening an article) use the `reader` and never wait;
//! - small writes (visits, progress, bookmarks) use the `writer` on a worker thread: they may
//!   wait for the import's transaction, but they never block the reader or the window;
//! - imports use the `importer`, one at a time.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use newsdesk::Library;

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    reader: Mutex<Library>,
    writer: Arc<Mutex<Library>>,
    importer: Arc<Mutex<Library>>,
    /// True while an import runs.
    importing: Arc<AtomicBool>,
    cancel: Arc<AtomicBool>,
}

impl AppState {
    /// Opens (creating if needed) the library file.
    pub fn open(path: &Path) -> newsdesk::Result<AppState> {
        let shared = |library| Arc::new(Mutex::new(library));
        Ok(AppState {
            reader: Mutex::new(Library::open(path)?),
            writer: shared(Library::open(path)?),
            importer: shared(Library::open(path)?),
            importing: Arc::new(AtomicBool::new(false)),
            cancel: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The connection for reading.
    pub fn reader(&self) -> CommandResult<MutexGuard<'_, Library>> {
        self.reader.lock().map_err(CommandError::internal)
    }

    /// Runs a small write on a worker thread with the writer connection.
    pub async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Library) -> newsdesk::Result<T> + Send + 'static,
    ) -> CommandResult<T> {
        let writer = Arc::clone(&self.writer);
        tauri::async_runtime::spawn_blocking(move || {
            let library = writer.lock().map_err(CommandError::internal)?;
            Ok(work(&library)?)
        })
        .await
        .map_err(CommandError::internal)?
    }

    /// Runs a small write on a worker thread without waiting for it, for bookkeeping the window
    /// need not wait for (recording a visit). A failure is logged: it loses only that record.
    pub fn write_later(
        &self,
        work: impl FnOnce(&Library) -> newsdesk::Result<()> + Send + 'static,
    ) {
        let writer = Arc::clone(&self.writer);
        tauri::async_runtime::spawn_blocking(move || {
            let outcome = match writer.lock() {
                Ok(library) => work(&library).map_err(|e| e.to_string()),
                Err(poisoned) => Err(poisoned.to_string()),
            };
            if let Err(error) = outcome {
                eprintln!("newsdesk: could not record reading state: {error}");
            }
        });
    }

    /// Starts an import: refused (`busy`) while another runs; resets the cancel flag.
    pub fn begin_import(&self) -> CommandResult<ImportJob> {
        if self
            .importing
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            return Err(CommandError::new(
                "busy",
                "an import is already running; wait for it to finish or cancel it",
            ));
        }
        self.cancel.store(false, Ordering::SeqCst);
        Ok(ImportJob {
            importer: Arc::clone(&self.importer),
            importing: Arc::clone(&self.importing),
            cancel: Arc::clone(&self.cancel),
        })
    }

    /// Asks the running import (if any) to stop before its next article.
    pub fn cancel_import(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

/// An import about to run on a worker thread. Dropping it (done or not) frees the importer.
pub struct ImportJob {
    importer: Arc<Mutex<Library>>,
    importing: Arc<AtomicBool>,
    cancel: Arc<AtomicBool>,
}

impl ImportJob {
    /// Runs `work` with the import connection and the cancel flag.
    pub fn run<T>(
        self,
        work: impl FnOnce(&mut Library, &AtomicBool) -> newsdesk::Result<T>,
    ) -> CommandResult<T> {
        let mut library = self.importer.lock().map_err(CommandError::internal)?;
        Ok(work(&mut library, &self.cancel)?)
    }
}

impl Drop for ImportJob {
    fn drop(&mut self) {
        self.importing.store(false, Ordering::SeqCst);
    }
}
