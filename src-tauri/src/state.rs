//! What the app keeps while it runs: the library (one for every command: it reads on its own
//! connection and funnels every write through its one writer, so nothing the window does waits
//! for an import), the slot of the one long job that may run at a time, and the marker that
//! tells the next start whether this run ended cleanly.
//!
//! Commands run off the window's thread: reads return at once, small writes (visits,
//! progress, bookmarks) wait at most for the import batch being written, and long jobs
//! (imports, restore, optimize, recovery) run one at a time.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use newsdesk::importer::WorkerCommand;
use newsdesk::{Library, RunMarker};
use serde::Serialize;

use crate::error::{CommandError, CommandResult};

/// The page cache of the reading connection (the writer keeps the library's 32 MB while a job
/// runs, and gives it back after).
const READER_CACHE_KIB: u32 = 8 * 1024;

pub struct AppState {
    path: PathBuf,
    library: Arc<Library>,
    /// True while a long job runs.
    busy: Arc<AtomicBool>,
    cancel: Arc<AtomicBool>,
    /// Present while the app runs; removed at a clean exit.
    marker: Mutex<Option<RunMarker>>,
    /// The last run did not end cleanly and the library has not been checked yet.
    unchecked: AtomicBool,
    /// The library waits for an upgrade that re-indexes it (see `finish_upgrade`).
    upgrade_pending: AtomicBool,
    /// Files the app was asked to open (file associations), not yet imported.
    files_to_open: Mutex<Vec<PathBuf>>,
    /// The program imports start to read files (the app itself, as a parsing worker).
    worker: WorkerCommand,
    /// Files handed to the page by token (dropped, chosen, opened with the app).
    held: HeldFiles,
}

impl AppState {
    /// Opens (creating if needed) the library file and marks it in use. Imports start `worker`
    /// to read their files.
    pub fn open(path: &Path, worker: WorkerCommand) -> newsdesk::Result<AppState> {
        // A re-index for a new version waits until the window shows its progress.
        let library = Library::open_leaving_reindex(path)?;
        let upgrade_pending = library.upgrade_pending()?;
        // The window's reads (a page of the list, an article, a search) need a few MB of pages.
        // The library's size must not show in the app's memory.
        library.limit_page_cache(READER_CACHE_KIB)?;
        let (marker, unclean) = RunMarker::acquire(path)?;
        Ok(AppState {
            path: path.to_path_buf(),
            library: Arc::new(library),
            busy: Arc::new(AtomicBool::new(false)),
            cancel: Arc::new(AtomicBool::new(false)),
            marker: Mutex::new(Some(marker)),
            unchecked: AtomicBool::new(unclean),
            upgrade_pending: AtomicBool::new(upgrade_pending),
            files_to_open: Mutex::new(Vec::new()),
            worker,
            held: HeldFiles::default(),
        })
    }

    /// The program imports start to read files.
    pub fn worker(&self) -> &WorkerCommand {
        &self.worker
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The library, for reads (they never wait for a write).
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Runs a small write on a worker thread; it waits for the library's writer there.
    pub async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Library) -> newsdesk::Result<T> + Send + 'static,
    ) -> CommandResult<T> {
        let library = Arc::clone(&self.library);
        tauri::async_runtime::spawn_blocking(move || Ok(work(&library)?))
            .await
            .map_err(CommandError::internal)?
    }

    /// Runs a small write on a worker thread without waiting for it, for bookkeeping the window
    /// need not wait for (recording a visit). A failure is logged: it loses only that record.
    pub fn write_later(
        &self,
        work: impl FnOnce(&Library) -> newsdesk::Result<()> + Send + 'static,
    ) {
        let library = Arc::clone(&self.library);
        tauri::async_runtime::spawn_blocking(move || {
            if let Err(error) = work(&library) {
                eprintln!("newsdesk: a background write failed: {error}");
            }
        });
    }

    /// Starts a long job: refused (`busy`) while another runs; resets the cancel flag.
    pub fn begin_job(&self) -> CommandResult<Job> {
        if self
            .busy
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            return Err(CommandError::new(
                "busy",
                "Newsdesk is busy with an import or library maintenance; wait for it to finish or cancel it",
            ));
        }
        self.cancel.store(false, Ordering::SeqCst);
        Ok(Job {
            library: Arc::clone(&self.library),
            busy: Arc::clone(&self.busy),
            cancel: Arc::clone(&self.cancel),
        })
    }

    /// Asks the running job (if it can stop) to stop before its next step.
    pub fn cancel_job(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// True once if the last run ended uncleanly: the caller then checks the library.
    pub fn take_unchecked(&self) -> bool {
        self.unchecked.swap(false, Ordering::SeqCst)
    }

    /// True once if the library waits for its upgrade.
    pub fn take_upgrade_pending(&self) -> bool {
        self.upgrade_pending.swap(false, Ordering::SeqCst)
    }

    /// Remembers files to open (from the command line or the system).
    pub fn add_files_to_open(&self, files: impl IntoIterator<Item = PathBuf>) {
        if let Ok(mut pending) = self.files_to_open.lock() {
            pending.extend(files);
        }
    }

    /// The files to open that were not taken yet, held for the page (none: `None`).
    pub fn take_files_to_open(&self) -> Option<Held> {
        let files = self
            .files_to_open
            .lock()
            .map(|mut pending| std::mem::take(&mut *pending))
            .unwrap_or_default();
        (!files.is_empty()).then(|| self.hold(files))
    }

    /// Keeps files the user handed to the app (a drop, a file dialog) until the page imports
    /// them by the returned token.
    pub fn hold(&self, files: Vec<PathBuf>) -> Held {
        self.held.hold(files)
    }

    /// The files held under `token`, given once: a token made up or used before is refused.
    pub fn take_held(&self, token: &str) -> CommandResult<Vec<PathBuf>> {
        self.held.take(token)
    }

    /// At a clean exit: the library is no longer in use.
    pub fn close(&self) {
        if let Ok(mut marker) = self.marker.lock() {
            marker.take();
        }
    }
}

/// Files the user handed to the app, as the page sees them: a token to import them by, and
/// their names to show. The page never sees or sends a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    pub token: String,
    pub names: Vec<String>,
}

/// The files handed out by token. Tokens are unguessable and used once: the page can only
/// import what the user gave the app, once.
#[derive(Default)]
struct HeldFiles {
    files: Mutex<HashMap<String, Vec<PathBuf>>>,
    issued: AtomicU64,
}

impl HeldFiles {
    fn hold(&self, files: Vec<PathBuf>) -> Held {
        // A process-random hash of a counter: a fresh value per token that a page cannot guess.
        let serial = self.issued.fetch_add(1, Ordering::SeqCst);
        let token = format!("{:016x}", RandomState::new().hash_one(serial));
        let names = files
            .iter()
            .map(|path| {
                path.file_name()
                    .unwrap_or(path.as_os_str())
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        if let Ok(mut held) = self.files.lock() {
            held.insert(token.clone(), files);
        }
        Held { token, names }
    }

    fn take(&self, token: &str) -> CommandResult<Vec<PathBuf>> {
        self.files
            .lock()
            .map_err(CommandError::internal)?
            .remove(token)
            .ok_or_else(|| {
                CommandError::new(
                    "invalid_input",
                    "these files were not handed to Newsdesk, or were imported already",
                )
            })
    }
}

/// A long job about to run on a worker thread. Dropping it (done or not) frees the slot.
pub struct Job {
    library: Arc<Library>,
    busy: Arc<AtomicBool>,
    cancel: Arc<AtomicBool>,
}

impl Job {
    /// Runs `work` on a worker thread with the library and the cancel flag.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce(&Library, &AtomicBool) -> newsdesk::Result<T> + Send + 'static,
    ) -> CommandResult<T> {
        tauri::async_runtime::spawn_blocking(move || {
            let outcome = work(&self.library, &self.cancel);
            // An import or a check reads the library through the caches; they are not needed
            // until the next job. (Failing to shrink them only keeps the memory.)
            let _ = self.library.release_memory();
            Ok(outcome?)
        })
        .await
        .map_err(CommandError::internal)?
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.busy.store(false, Ordering::SeqCst);
    }
}
