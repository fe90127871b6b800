//! The importer: files and folders → the library. It walks folders, has each file sniffed and
//! parsed in a worker process (`worker`: untrusted bytes never meet a parser in the process
//! that owns the library), prepares each article (hash, body, search tokens) as it comes, and
//! hands them to the library's writer in batches of about 40 ms of work, so that other writes
//! never wait long. It reports progress and stops on a cancel or a stalled worker.
//!
//! A file is imported whole or not at all: the import journal names it until it is whole, and
//! a parse error, a read error, a worker that crashed or stalled, or a cancel deletes what it
//! stored, and the other files carry on. An importer that dies leaves its journal entry, which
//! the next open of the library rolls back. The formats themselves are `crate::formats`.

mod worker;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::ScopedJoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use self::worker::{Frame, FrameReader, Job, STALL_LIMIT, Worker, Workers, stalled_message};
pub use self::worker::{WorkerCommand, serve_if_requested};
use crate::error::{Error, Result};
use crate::formats::Input;
use crate::formats::detect::not_news;
use crate::library::Library;
use crate::model::{FileReport, FileStatus, Format, ImportProgress, ImportReport};
use crate::store::{Incoming, Inserted, PreparedArticle, is_library_file, now};

/// Share of a file's progress given to sniffing it (one fast read of the whole file); parsing
/// and storing it is the rest.
const SNIFF_SHARE: f64 = 0.05;

/// How far through a file of `size` bytes the import is, in bytes, when `sniffed` bytes were
/// read by the sniffing pass and `parsed` by the parser.
fn file_share_done(size: u64, sniffed: u64, parsed: u64) -> u64 {
    let done = sniffed as f64 * SNIFF_SHARE + parsed as f64 * (1.0 - SNIFF_SHARE);
    (done as u64).min(size)
}

/// How often progress is reported while a file is being imported.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// What an import does with each file it was given or found: import it, or only report it
/// (skipped as not news, or a folder that could not be listed).
enum Step {
    Import(Input),
    Report(FileReport),
}

/// Expands files and folders (recursively, in name order, hidden files skipped) into steps.
/// A file in a folder whose extension says it is not news is skipped, and so is every file of
/// the library being imported into (its folder may be the one dropped); a path that cannot be
/// listed becomes a failed report. Other files named directly are always imported (or fail).
fn expand_paths(paths: &[PathBuf], library: &Path) -> Vec<Step> {
    let skip_library_file = |path: &Path| {
        is_library_file(library, path).then(|| {
            Step::Report(FileReport::skipped(
                path.display().to_string(),
                "a file of this library",
            ))
        })
    };
    let mut steps = Vec::new();
    for path in paths {
        if !path.is_dir() {
            steps.push(
                skip_library_file(path).unwrap_or_else(|| Step::Import(Input::Path(path.clone()))),
            );
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let path = entry.into_path();
                    let step = skip_library_file(&path).unwrap_or_else(|| match not_news(&path) {
                        Some(what) => {
                            Step::Report(FileReport::skipped(path.display().to_string(), what))
                        }
                        None => Step::Import(Input::Path(path)),
                    });
                    steps.push(step);
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().unwrap_or(path).display().to_string();
                    steps.push(Step::Report(FileReport::failed(at, &e.to_string())));
                }
            }
        }
    }
    steps
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Imports inputs into a library, reporting progress and honouring a cancel flag.
///
/// ```no_run
/// # use newsdesk::{Importer, Library};
/// let library = Library::open("library.sqlite3")?;
/// let report = Importer::new(&library)
///     .on_progress(|p| eprintln!("{}/{} files", p.files_done, p.files_total))
///     .import_paths(&["news/".into()])?;
/// # Ok::<(), newsdesk::Error>(())
/// ```
pub struct Importer<'a> {
    library: &'a Library,
    on_progress: Box<dyn FnMut(&ImportProgress) + 'a>,
    cancel: Option<&'a AtomicBool>,
    source_name: Option<String>,
    worker: Option<WorkerCommand>,
}

impl<'a> Importer<'a> {
    pub fn new(library: &'a Library) -> Self {
        Importer {
            library,
            on_progress: Box::new(|_| {}),
            cancel: None,
            source_name: None,
            worker: None,
        }
    }

    /// The program that reads the files (default: the running program, whose `main` must call
    /// [`serve_if_requested`] first).
    pub fn worker(mut self, command: WorkerCommand) -> Self {
        self.worker = Some(command);
        self
    }

    /// Called with the progress after each file and, during a file, at most every 100 ms.
    pub fn on_progress(mut self, callback: impl FnMut(&ImportProgress) + 'a) -> Self {
        self.on_progress = Box::new(callback);
        self
    }

    /// When the flag becomes true, the import stops within a tenth of a second, even in the
    /// middle of a file (its worker is stopped); the file being imported is rolled back and the
    /// files not started are reported as cancelled.
    pub fn cancel_flag(mut self, flag: &'a AtomicBool) -> Self {
        self.cancel = Some(flag);
        self
    }

    /// Names the source of every imported article (instead of each file's name).
    pub fn source_name(mut self, name: impl Into<String>) -> Self {
        self.source_name = Some(name.into());
        self
    }

    /// Imports files and folders.
    pub fn import_paths(self, paths: &[PathBuf]) -> Result<ImportReport> {
        let steps = expand_paths(paths, self.library.path());
        self.run(steps)
    }

    /// Imports inputs; `earlier` are reports of inputs that already failed (they come first).
    pub fn import(self, inputs: &[Input], earlier: Vec<FileReport>) -> Result<ImportReport> {
        let steps = earlier
            .into_iter()
            .map(Step::Report)
            .chain(inputs.iter().cloned().map(Step::Import))
            .collect();
        self.run(steps)
    }

    fn run(mut self, steps: Vec<Step>) -> Result<ImportReport> {
        let command = match self.worker.take() {
            Some(command) => command,
            None => WorkerCommand::current_exe()?,
        };
        self.run_steps(steps, &mut Workers::new(command))
    }

    fn run_steps(&mut self, steps: Vec<Step>, workers: &mut Workers) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let mut progress = ImportProgress {
            files_total: steps.len() as u32,
            bytes_total: steps
                .iter()
                .map(|step| match step {
                    Step::Import(input) => input.size(),
                    Step::Report(_) => 0,
                })
                .sum(),
            ..ImportProgress::default()
        };
        for step in steps {
            let file = match step {
                Step::Report(file) => file,
                Step::Import(input) => {
                    let bytes_before = progress.bytes_done;
                    let file = if self.cancelled() {
                        ImportedFile {
                            report: FileReport::cancelled(input.display_name()),
                            size: input.size(),
                        }
                    } else {
                        progress.current_file = Some(input.display_name());
                        (self.on_progress)(&progress);
                        self.import_one(input, &mut progress, workers)?
                    };
                    progress.bytes_done = bytes_before + file.size;
                    file.report
                }
            };
            progress.files_done += 1;
            progress.failed += u32::from(file.status == FileStatus::Failed);
            report.push(file);
            (self.on_progress)(&progress);
        }
        progress.current_file = None;
        (self.on_progress)(&progress);
        Ok(report)
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    /// Imports one input, whole or not at all: a worker reads it, this process stores what the
    /// worker found. Only a failure to write the import record itself is an error; everything
    /// wrong with the file (including a worker that crashed, stalled or was cancelled) is in
    /// its report.
    fn import_one(
        &mut self,
        input: Input,
        progress: &mut ImportProgress,
        workers: &mut Workers,
    ) -> Result<ImportedFile> {
        let name = input.display_name();
        let size = input.size();
        let source = self
            .source_name
            .clone()
            .unwrap_or_else(|| input.source_name());
        let imported_at = now();
        let job = Job { input, source };
        let worker = match workers.start(&job) {
            Ok(worker) => worker,
            Err(error) => {
                let report = FileReport::failed(
                    name,
                    &format!("Newsdesk could not start its file reader: {error}"),
                );
                self.record_failed(&report, None, imported_at)?;
                return Ok(ImportedFile { report, size });
            }
        };
        let bytes_before = progress.bytes_done;
        let (added_before, duplicates_before) = (progress.articles_added, progress.duplicates);
        let reading = Reading::new();
        let counts = FileCounts::default();
        let cancel = self.cancel;
        let on_progress = &mut self.on_progress;
        let library = self.library;
        let Worker { child, frames, .. } = worker;
        let mut stopped = None;
        // Three threads: one reads the worker's frames and prepares the articles, one stores
        // them in batches, and this one reports progress on a clock and stops the worker on a
        // cancel or a stall. The storer can be busy in one SQLite call for a while (a merge of
        // the full-text index, rolling back a big file); progress still arrives.
        let stored = std::thread::scope(|scope| {
            let (to_store, prepared) = sync_channel(PIPELINE_DEPTH);
            let reading = &reading;
            let reader = scope.spawn(move || reading.read(frames, to_store));
            let (storing, stored) = mpsc::channel();
            let file = FileStore {
                name: &name,
                reading,
                imported_at,
                counts: &counts,
                cancel,
            };
            let storer = scope.spawn(move || {
                let outcome = file.store(library, prepared, reader);
                // The receiver is gone only if this thread's caller is; nothing to tell then.
                let _ = storing.send(outcome);
            });
            loop {
                match stored.recv_timeout(PROGRESS_INTERVAL) {
                    Ok(outcome) => break outcome,
                    Err(RecvTimeoutError::Timeout) => {
                        let (sniffed, parsed) = reading.bytes();
                        progress.bytes_done = bytes_before + file_share_done(size, sniffed, parsed);
                        progress.articles_added = added_before + counts.added();
                        progress.duplicates = duplicates_before + counts.duplicates();
                        on_progress(progress);
                        if stopped.is_none() {
                            stopped = if cancel.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                                Some(Error::Cancelled)
                            } else if reading.stalled() {
                                Some(Error::Malformed(stalled_message()))
                            } else {
                                None
                            };
                            if stopped.is_some() {
                                // Its output ends: the reader and the storer finish at once.
                                let _ = child.kill();
                            }
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        // The storer panicked: its batch was rolled back when it unwound, and
                        // its journal entry is rolled back at the next open.
                        drop(storer.join());
                        break Ok(Stored::RolledBack(Error::Malformed(
                            "the import stopped unexpectedly".into(),
                        )));
                    }
                }
            }
        })?;
        // A worker that did not finish the file is of no use for the next one.
        let death = if reading.finished() {
            None
        } else {
            let death = workers.death();
            workers.stop();
            death
        };
        match stored {
            Stored::Committed(report) => {
                progress.articles_added = added_before + report.added;
                progress.duplicates = duplicates_before + report.duplicates;
                Ok(ImportedFile { report, size })
            }
            Stored::RolledBack(error) => {
                progress.articles_added = added_before;
                progress.duplicates = duplicates_before;
                let report = match stopped.or(death.map(Error::Malformed)).unwrap_or(error) {
                    Error::Cancelled => FileReport::cancelled(name),
                    error => FileReport::failed(name, &error.to_string()),
                };
                self.record_failed(&report, reading.file_hash(), imported_at)?;
                Ok(ImportedFile { report, size })
            }
        }
    }

    /// Records a file that stored nothing.
    fn record_failed(
        &self,
        report: &FileReport,
        file_hash: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let (report, file_hash) = (report.clone(), file_hash.map(str::to_owned));
        self.library
            .write(move |store| store.record_failed_import(&report, file_hash.as_deref(), &at))
    }
}

/// A file's report, and its size (for the progress through all files).
struct ImportedFile {
    report: FileReport,
    size: u64,
}

/// What became of a file's transaction.
enum Stored {
    Committed(FileReport),
    /// Nothing of the file was kept, for this reason.
    RolledBack(Error),
}

/// How many prepared articles may wait for the storing thread (bounds the memory in between;
/// all of them come from one file, itself bounded). 128 rather than 64: the thread preparing
/// articles runs further ahead while a batch is written, and batches can be bigger (fewer
/// commits, each of which writes the index's pending terms): a 10,000-story import about 10 %
/// faster. 256 was no faster, and a 64 MB dump's import then peaked above 24 MB
/// (BENCHMARKS.md).
const PIPELINE_DEPTH: usize = 128;

/// What the importer knows of the file a worker is reading, shared by the thread reading the
/// worker's frames and the one watching the clock.
struct Reading {
    started: Instant,
    sniffed: AtomicU64,
    parsed: AtomicU64,
    /// Since when (ms after `started`, plus one) the reader waits for the worker; 0 while it
    /// does not (it is handing an article on: a slow storer is no stall of the worker).
    waiting_since: AtomicU64,
    file_hash: OnceLock<String>,
    /// The worker said how the file ended.
    finished: AtomicBool,
}

impl Reading {
    fn new() -> Self {
        Reading {
            started: Instant::now(),
            sniffed: AtomicU64::new(0),
            parsed: AtomicU64::new(0),
            waiting_since: AtomicU64::new(0),
            file_hash: OnceLock::new(),
            finished: AtomicBool::new(false),
        }
    }

    /// Reads the worker's frames to the end of the file, preparing and handing on its articles.
    fn read(&self, frames: &mut FrameReader, to_store: SyncSender<Incoming>) -> Result<Format> {
        let hand_on = |prepared| to_store.send(prepared).map_err(|_| Error::Cancelled);
        loop {
            let waiting_since = self.started.elapsed().as_millis() as u64 + 1;
            self.waiting_since.store(waiting_since, Ordering::Relaxed);
            let frame = frames.next();
            self.waiting_since.store(0, Ordering::Relaxed);
            let Some(frame) = frame else {
                // The worker died or was stopped; the importer knows why.
                return Err(Error::Malformed("the file reader stopped".into()));
            };
            match frame {
                Frame::Sniffed(read) => self.sniffed.store(read, Ordering::Relaxed),
                Frame::Detected { file_hash } => {
                    let _ = self.file_hash.set(file_hash);
                }
                Frame::Read(read) => self.parsed.store(read, Ordering::Relaxed),
                Frame::Article(article) => {
                    hand_on(Incoming {
                        article: PreparedArticle::new(article),
                        exported: None,
                    })?;
                }
                Frame::Exported(exported) => {
                    hand_on(Incoming {
                        article: PreparedArticle::new(exported.article),
                        exported: Some(Box::new(exported.state)),
                    })?;
                }
                Frame::Done(format) => {
                    self.finished.store(true, Ordering::Relaxed);
                    return Ok(format);
                }
                Frame::Failed(message) => {
                    self.finished.store(true, Ordering::Relaxed);
                    return Err(Error::Malformed(message));
                }
            }
        }
    }

    /// Bytes read so far by sniffing and by parsing.
    fn bytes(&self) -> (u64, u64) {
        (
            self.sniffed.load(Ordering::Relaxed),
            self.parsed.load(Ordering::Relaxed),
        )
    }

    /// Whether the worker has been silent for longer than it may be.
    fn stalled(&self) -> bool {
        let since = self.waiting_since.load(Ordering::Relaxed);
        let now = self.started.elapsed().as_millis() as u64 + 1;
        since != 0 && now.saturating_sub(since) > STALL_LIMIT.as_millis() as u64
    }

    fn file_hash(&self) -> Option<&str> {
        self.file_hash.get().map(String::as_str)
    }

    fn finished(&self) -> bool {
        self.finished.load(Ordering::Relaxed)
    }
}

/// Articles stored and duplicates found so far in a file, counted by the storing thread and
/// read by the one reporting progress.
#[derive(Default)]
struct FileCounts {
    added: AtomicU32,
    duplicates: AtomicU32,
}

impl FileCounts {
    fn added(&self) -> u32 {
        self.added.load(Ordering::Relaxed)
    }

    fn duplicates(&self) -> u32 {
        self.duplicates.load(Ordering::Relaxed)
    }
}

/// One file to store: what its import record says, and what the storing shares.
struct FileStore<'w> {
    name: &'w str,
    reading: &'w Reading,
    imported_at: DateTime<Utc>,
    counts: &'w FileCounts,
    cancel: Option<&'w AtomicBool>,
}

/// How long a batch of articles should take to write: a write of this program waits at most
/// about this long for the writer, another program's at most about this long for the library.
const BATCH_TIME: Duration = Duration::from_millis(40);

/// A batch is handed to the writer early when no article came for this long (a slow or stalled
/// reader must not hold back what it prepared).
const BATCH_IDLE: Duration = Duration::from_millis(10);

/// The size of a file's first batch, and the most articles in one batch: a prepared article
/// holds its search tokens (tens of KB for a long story), so this bounds the memory of articles
/// waiting for the writer as `PIPELINE_DEPTH` bounds those waiting for a batch. Between them,
/// each batch is sized by how long the last one took to write.
const FIRST_BATCH: usize = 16;
const MAX_BATCH: usize = PIPELINE_DEPTH;

impl FileStore<'_> {
    /// Stores everything the reader prepares, in batches of about `BATCH_TIME` of writing, each
    /// its own transaction on the library's writer, so that other writes interleave. The import
    /// journal names the file until it is whole: if the file fails, is cancelled or the library
    /// errs, its articles are deleted (here, or at the next open if this process dies). An
    /// error here is the library's; the file's own are in `Stored::RolledBack`.
    fn store(
        self,
        library: &Library,
        prepared: Receiver<Incoming>,
        reader: ScopedJoinHandle<'_, Result<Format>>,
    ) -> Result<Stored> {
        let finish_reading = |prepared: Receiver<Incoming>| {
            // A storing error (or a cancel) closes the channel, which stops the reader.
            drop(prepared);
            reader.join().unwrap_or_else(|_| {
                Err(Error::Malformed(
                    "the file's reader stopped unexpectedly".into(),
                ))
            })
        };
        let Ok(first) = prepared.recv() else {
            let error = finish_reading(prepared)
                .err()
                .unwrap_or_else(|| Error::Malformed("no articles found in the file".into()));
            return Ok(Stored::RolledBack(error));
        };
        let record = FileReport::new(self.name.to_string(), FileStatus::Imported);
        let file_hash = self.reading.file_hash().map(str::to_owned);
        let imported_at = self.imported_at;
        let journal = library
            .write(move |store| store.begin_file(&record, file_hash.as_deref(), &imported_at))?;
        let mut batches = Batches {
            import_id: journal.import_id(),
            imported_at: self.imported_at,
            counts: self.counts,
            duplicate_of: Vec::new(),
            first_article: None,
            cancel: self.cancel,
        };
        let stored = batches.store(library, first, &prepared);
        let outcome = stored.and(finish_reading(prepared));
        let (added, duplicates) = (self.counts.added(), self.counts.duplicates());
        match outcome {
            Ok(format) => {
                let report = FileReport {
                    path: self.name.to_string(),
                    format: Some(format),
                    status: if added > 0 {
                        FileStatus::Imported
                    } else {
                        FileStatus::Duplicate
                    },
                    added,
                    duplicates,
                    error: None,
                    duplicate_of: batches.duplicate_of,
                    first_article: batches.first_article,
                };
                let record = report.clone();
                library.write(move |store| store.finish_file(journal, &record))?;
                Ok(Stored::Committed(report))
            }
            Err(error) => {
                journal.roll_back(|import_id| {
                    library.write(move |store| store.roll_back_step(import_id))
                })?;
                Ok(Stored::RolledBack(error))
            }
        }
    }
}

/// Hands the articles of one file to the writer, batch by batch, counting them.
struct Batches<'w> {
    import_id: i64,
    imported_at: DateTime<Utc>,
    counts: &'w FileCounts,
    duplicate_of: Vec<i64>,
    /// The file's first article, stored now or before.
    first_article: Option<i64>,
    cancel: Option<&'w AtomicBool>,
}

impl Batches<'_> {
    /// Stores `first` and everything else the reader prepares. A batch is what came until it
    /// reached its size or the reader had nothing for `BATCH_IDLE`; while the writer writes it,
    /// the reader prepares the next articles.
    fn store(
        &mut self,
        library: &Library,
        first: Incoming,
        prepared: &Receiver<Incoming>,
    ) -> Result<()> {
        let mut size = FIRST_BATCH;
        let mut next = Some(first);
        while let Some(item) = next {
            let mut batch = vec![item];
            while batch.len() < size {
                match prepared.recv_timeout(BATCH_IDLE) {
                    Ok(item) => batch.push(item),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            if self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                return Err(Error::Cancelled);
            }
            let (import_id, imported_at, count) = (self.import_id, self.imported_at, batch.len());
            let (inserted, took) = library.write(move |store| {
                let started = Instant::now();
                let inserted = store.store_batch(import_id, &imported_at, &batch)?;
                Ok((inserted, started.elapsed()))
            })?;
            inserted.into_iter().for_each(|outcome| self.count(outcome));
            // Its own job, so that writes asked for during the batch go first; the log stays
            // the size of a batch or two instead of growing with the import.
            library.checkpoint()?;
            size = next_batch_size(count, took);
            next = prepared.recv().ok();
        }
        Ok(())
    }

    fn count(&mut self, outcome: Inserted) {
        match outcome {
            Inserted::Added(_) => self.counts.added.fetch_add(1, Ordering::Relaxed),
            Inserted::Duplicate(id) => {
                if !self.duplicate_of.contains(&id) {
                    self.duplicate_of.push(id);
                }
                self.counts.duplicates.fetch_add(1, Ordering::Relaxed)
            }
        };
        self.first_article.get_or_insert(outcome.id());
    }
}

/// How many articles the next batch may hold so that writing it takes about `BATCH_TIME`, when
/// the last batch of `count` articles took `took`.
fn next_batch_size(count: usize, took: Duration) -> usize {
    let per_article = took.as_secs_f64() / count as f64;
    let fits = BATCH_TIME.as_secs_f64() / per_article.max(1e-6);
    (fits as usize).clamp(1, MAX_BATCH)
}

impl FileReport {
    fn new(path: String, status: FileStatus) -> FileReport {
        FileReport {
            path,
            format: None,
            status,
            added: 0,
            duplicates: 0,
            error: None,
            duplicate_of: Vec::new(),
            first_article: None,
        }
    }

    fn failed(path: String, message: &str) -> FileReport {
        FileReport {
            error: Some(message.to_string()),
            ..FileReport::new(path, FileStatus::Failed)
        }
    }

    fn skipped(path: String, what: &str) -> FileReport {
        FileReport {
            error: Some(format!("skipped: {what} is not a news file")),
            ..FileReport::new(path, FileStatus::Skipped)
        }
    }

    fn cancelled(path: String) -> FileReport {
        FileReport {
            error: Some(Error::Cancelled.to_string()),
            ..FileReport::new(path, FileStatus::Cancelled)
        }
    }
}
