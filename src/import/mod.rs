//! Importing files and folders into the library.
//!
//! Each file goes through the same pipeline: sniff (hash, encoding, binary or not, which
//! parser) → parse (as a stream where the format allows) → store each article as it comes, in
//! short transactions (batches) so that other writes to the library never wait long. Sniffing
//! and parsing run in a worker process (`worker`): untrusted bytes never meet a parser in the
//! process that owns the library. A file is imported whole or not at all: the import journal
//! names it until it is whole, and a parse error, a read error, a worker that crashed or
//! stalled, or a cancel deletes what it stored, and the other files carry on. An importer that
//! dies leaves its journal entry, which the next open of the library rolls back.
//!
//! One module per format: `tt` and `plain` (text dumps, plain text), `newsdesk_json` (exports),
//! `html` (web pages), `markdown`, `feed` (RSS, Atom, JSON Feed) and `zip` (archives of any of
//! these); `blocks` turns HTML into the typed blocks both web pages and feed entries use.

mod blocks;
mod chrome;
mod detect;
mod encoding;
mod feed;
mod html;
mod markdown;
mod newsdesk_json;
mod plain;
mod tt;
mod worker;
mod zip;

use std::borrow::Cow;
use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::ScopedJoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use self::detect::{Detected, MAX_DOCUMENT_BYTES};
use self::encoding::LineReader;
use self::worker::{Frame, FrameReader, Job, STALL_LIMIT, Worker, Workers, stalled_message};
pub use self::worker::{WorkerCommand, serve_if_requested};
use crate::error::{Error, Result};
use crate::model::{FileReport, FileStatus, Format, ImportProgress, ImportReport, NewArticle};
use crate::store::{
    ExportedArticle, Inserted, JournalEntry, Library, PreparedArticle, batch_transaction,
    insert_article, now, time_to_sql,
};

/// The longest line accepted in a text file.
const MAX_LINE_BYTES: usize = 16 << 20;
/// Share of a file's progress given to sniffing it (one fast read of the whole file); parsing
/// and storing it is the rest.
const SNIFF_SHARE: f64 = 0.05;

/// How far through a file of `size` bytes the import is, in bytes, when `sniffed` bytes were
/// read by the sniffing pass and `parsed` by the parser.
fn file_share_done(size: u64, sniffed: u64, parsed: u64) -> u64 {
    let done = sniffed as f64 * SNIFF_SHARE + parsed as f64 * (1.0 - SNIFF_SHARE);
    (done as u64).min(size)
}

/// SQLite's default: checkpoint when the write-ahead log holds this many pages.
const AUTOCHECKPOINT_PAGES: i64 = 1000;

/// Turns SQLite's automatic checkpoints off for an import, or back on after it (also used by the
/// benchmark's baselines, so that they run under the import's settings).
pub fn automatic_checkpoints(conn: &rusqlite::Connection, on: bool) -> Result<()> {
    let pages = if on { AUTOCHECKPOINT_PAGES } else { 0 };
    conn.pragma_update(None, "wal_autocheckpoint", pages)?;
    Ok(())
}

/// How often progress is reported while a file is being imported.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// One thing to import: a file on disk, or bytes in memory (such as the bundled sample news).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Input {
    Path(PathBuf),
    Bytes {
        name: String,
        bytes: Cow<'static, [u8]>,
    },
}

impl Input {
    /// How the input is named in reports.
    pub fn display_name(&self) -> String {
        match self {
            Input::Path(path) => path.display().to_string(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }

    /// The article source: the file's name.
    fn source_name(&self) -> String {
        match self {
            Input::Path(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            ),
            Input::Bytes { name, .. } => name.clone(),
        }
    }

    /// Size in bytes, for progress (0 when unknown).
    fn size(&self) -> u64 {
        match self {
            Input::Path(path) => std::fs::metadata(path).map_or(0, |meta| meta.len()),
            Input::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }

    fn open(&self) -> Result<Box<dyn Read + '_>> {
        match self {
            Input::Path(path) => {
                let file = File::open(path).map_err(|e| Error::io(path, e))?;
                Ok(Box::new(ReadWithPath { file, path }))
            }
            Input::Bytes { bytes, .. } => Ok(Box::new(Cursor::new(bytes.as_ref()))),
        }
    }

    /// Opened for random access (zip archives are read from their end).
    fn open_seekable(&self) -> Result<Box<dyn ReadSeek + '_>> {
        match self {
            Input::Path(path) => Ok(Box::new(File::open(path).map_err(|e| Error::io(path, e))?)),
            Input::Bytes { bytes, .. } => Ok(Box::new(Cursor::new(bytes.as_ref()))),
        }
    }
}

trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// What an import does with each file it was given or found: import it, or only report it
/// (skipped as not news, or a folder that could not be listed).
enum Step {
    Import(Input),
    Report(FileReport),
}

/// A file whose read errors say which file they came from.
struct ReadWithPath<'p> {
    file: File,
    path: &'p Path,
}

impl Read for ReadWithPath<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file
            .read(buf)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", self.path.display())))
    }
}

/// A reader that tells how many bytes were read through it (for progress within a file).
struct Counted<'c, R> {
    inner: R,
    read: u64,
    on_read: &'c dyn Fn(u64),
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.read += read as u64;
        (self.on_read)(self.read);
        Ok(read)
    }
}

/// Expands files and folders (recursively, in name order, hidden files skipped) into steps.
/// A file in a folder whose extension says it is not news is skipped; a path that cannot be
/// listed becomes a failed report. Files named directly are always imported (or fail).
fn expand_paths(paths: &[PathBuf]) -> Vec<Step> {
    let mut steps = Vec::new();
    for path in paths {
        if !path.is_dir() {
            steps.push(Step::Import(Input::Path(path.clone())));
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
                    steps.push(match detect::not_news(&path) {
                        Some(what) => {
                            Step::Report(FileReport::skipped(path.display().to_string(), what))
                        }
                        None => Step::Import(Input::Path(path)),
                    });
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
/// # use newsdesk::{Library, import::Importer};
/// let mut library = Library::open("library.sqlite3")?;
/// let report = Importer::new(&mut library)
///     .on_progress(|p| eprintln!("{}/{} files", p.files_done, p.files_total))
///     .import_paths(&["news/".into()])?;
/// # Ok::<(), newsdesk::Error>(())
/// ```
pub struct Importer<'a> {
    library: &'a mut Library,
    on_progress: Box<dyn FnMut(&ImportProgress) + 'a>,
    cancel: Option<&'a AtomicBool>,
    source_name: Option<String>,
    worker: Option<WorkerCommand>,
}

impl<'a> Importer<'a> {
    pub fn new(library: &'a mut Library) -> Self {
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
        self.run(expand_paths(paths))
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
        let mut workers = Workers::new(command);
        // Copying the write-ahead log into the database (a checkpoint) waits until the import
        // is over: done at a big file's commit, it stalled progress for seconds. The library
        // checkpoints when it is closed, or when asked (`Library::checkpoint`).
        automatic_checkpoints(self.library.conn(), false)?;
        let report = self.run_steps(steps, &mut workers);
        automatic_checkpoints(self.library.conn(), true)?;
        report
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
                record_import(self.library.conn(), &report, None, &imported_at)?;
                return Ok(ImportedFile { report, size });
            }
        };
        let bytes_before = progress.bytes_done;
        let (added_before, duplicates_before) = (progress.articles_added, progress.duplicates);
        let reading = Reading::new();
        let counts = FileCounts::default();
        let cancel = self.cancel;
        let on_progress = &mut self.on_progress;
        let library_path = self.library.path().to_path_buf();
        let conn = self.library.conn_mut();
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
                library: &library_path,
                reading,
                imported_at,
                counts: &counts,
                cancel,
            };
            let storer = scope.spawn(move || {
                let outcome = file.store(conn, prepared, reader);
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
                record_import(
                    self.library.conn(),
                    &report,
                    reading.file_hash(),
                    &imported_at,
                )?;
                Ok(ImportedFile { report, size })
            }
        }
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

/// Where parsers put what they find.
trait ArticleSink {
    fn add(&mut self, article: NewArticle) -> Result<()>;
    /// An article of a Newsdesk export, with its original import time and reading state.
    fn add_exported(&mut self, exported: ExportedArticle) -> Result<()>;
}

/// One article on its way from the thread reading a worker to the storing one.
enum Prepared {
    Article(PreparedArticle),
    Exported(PreparedArticle, Box<ExportedArticle>),
}

/// How many prepared articles may wait for the storing thread (bounds the memory in between).
const PIPELINE_DEPTH: usize = 64;

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
    fn read(&self, frames: &mut FrameReader, to_store: SyncSender<Prepared>) -> Result<Format> {
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
                    hand_on(Prepared::Article(PreparedArticle::new(article)))?;
                }
                Frame::Exported(exported) => {
                    let article = PreparedArticle::new(exported.to_new_article());
                    hand_on(Prepared::Exported(article, exported))?;
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

/// Runs the parser the sniffing chose, feeding articles to the sink.
fn parse(
    input: &Input,
    detected: &Detected,
    source: &str,
    on_read: &dyn Fn(u64),
    sink: &mut dyn ArticleSink,
) -> Result<Format> {
    // Every format but zip reads the input as a stream, counting the bytes for progress.
    let stream = || -> Result<_> {
        Ok(Counted {
            inner: input.open()?,
            read: 0,
            on_read,
        })
    };
    match detected.format {
        Format::Tt | Format::Text => {
            let mut lines = LineReader::new(stream()?, detected.encoding, MAX_LINE_BYTES);
            let mut emit = |article: NewArticle| sink.add(article);
            let mut parser = tt::TtParser::new(source, &mut emit);
            while let Some(line) = lines
                .next_line()
                .map_err(|e| Error::io(input.display_name(), e))?
            {
                parser.push_line(line)?;
            }
            parser.finish()
        }
        Format::NewsdeskJson => {
            let decoded = encoding::decoded(stream()?, detected.encoding);
            newsdesk_json::parse(decoded, &mut |exported| sink.add_exported(exported))?;
            Ok(Format::NewsdeskJson)
        }
        Format::Html => {
            let page = read_document(stream()?, detected, input)?;
            html::parse(&page, source, sink)?;
            Ok(Format::Html)
        }
        Format::Markdown => {
            let note = read_document(stream()?, detected, input)?;
            markdown::parse(&note, source, sink)?;
            Ok(Format::Markdown)
        }
        Format::Feed => {
            let bytes = read_bytes(stream()?, input)?;
            feed::parse(&bytes, detected.encoding, source, sink)?;
            Ok(Format::Feed)
        }
        Format::Zip => {
            // Read from its end, by random access.
            zip::parse(input.open_seekable()?, sink)?;
            Ok(Format::Zip)
        }
    }
}

/// The whole input as bytes, for the parsers that need a whole document; never more than
/// `MAX_DOCUMENT_BYTES` (sniffing refuses larger files; this holds if the file grew since).
fn read_bytes(reader: impl Read, input: &Input) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(input.display_name(), e))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::Unsupported(format!(
            "the file grew beyond {} while it was being imported",
            detect::human_size(MAX_DOCUMENT_BYTES)
        )));
    }
    Ok(bytes)
}

/// The whole input as text, decoded.
fn read_document(reader: impl Read, detected: &Detected, input: &Input) -> Result<String> {
    let bytes = read_bytes(reader, input)?;
    Ok(detected
        .encoding
        .decode_with_bom_removal(&bytes)
        .0
        .into_owned())
}

/// Parses a file's bytes without storing anything: what an import would add, in file order.
pub fn parse_bytes(bytes: &[u8], source: &str) -> Result<(Format, Vec<NewArticle>)> {
    struct Collect(Vec<NewArticle>);
    impl ArticleSink for Collect {
        fn add(&mut self, article: NewArticle) -> Result<()> {
            self.0.push(article);
            Ok(())
        }
        fn add_exported(&mut self, exported: ExportedArticle) -> Result<()> {
            self.0.push(exported.to_new_article());
            Ok(())
        }
    }
    let input = Input::Bytes {
        name: source.to_string(),
        bytes: Cow::Owned(bytes.to_vec()),
    };
    let detected = detect::detect(
        bytes,
        Path::new(source),
        Some(bytes.len() as u64),
        &mut |_| {},
    )?;
    let mut collect = Collect(Vec::new());
    let format = parse(&input, &detected, source, &|_| {}, &mut collect)?;
    Ok((format, collect.0))
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
    /// The library's file (its importers' locks live beside it).
    library: &'w Path,
    reading: &'w Reading,
    imported_at: DateTime<Utc>,
    counts: &'w FileCounts,
    cancel: Option<&'w AtomicBool>,
}

/// How long a batch of articles may be written before it is committed: another connection's
/// write (a bookmark, the reading position) waits at most about this long.
const BATCH_TIME: Duration = Duration::from_millis(40);

/// A batch is committed early when no article came for this long (a slow or stalled reader
/// must not keep the library locked).
const BATCH_IDLE: Duration = Duration::from_millis(10);

impl FileStore<'_> {
    /// Stores everything the reader prepares, in batches of at most `BATCH_TIME`, each its own
    /// transaction, so that other writes to the library interleave. The import journal names
    /// the file until it is whole: if the file fails, is cancelled or the library errs, its
    /// articles are deleted (here, or at the next open if this process dies). An error here
    /// is the library's; the file's own are in `Stored::RolledBack`.
    fn store(
        self,
        conn: &mut Connection,
        prepared: Receiver<Prepared>,
        reader: ScopedJoinHandle<'_, Result<Format>>,
    ) -> Result<Stored> {
        let finish_reading = |prepared: Receiver<Prepared>| {
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
        let journal = JournalEntry::begin(conn, self.library, |conn| {
            record_import(
                conn,
                &FileReport::new(self.name.to_string(), FileStatus::Imported),
                self.reading.file_hash(),
                &self.imported_at,
            )
        })?;
        let mut writer = FileWriter {
            import_id: journal.import_id(),
            imported_at: self.imported_at,
            counts: self.counts,
            duplicate_of: Vec::new(),
            first_article: None,
            cancel: self.cancel,
        };
        let stored = writer.store_in_batches(conn, first, &prepared);
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
                    duplicate_of: writer.duplicate_of,
                    first_article: writer.first_article,
                };
                let import_id = journal.import_id();
                journal.finish(conn, |conn| finish_import(conn, import_id, &report))?;
                Ok(Stored::Committed(report))
            }
            Err(error) => {
                journal.roll_back(conn)?;
                Ok(Stored::RolledBack(error))
            }
        }
    }
}

/// Stores the articles of one file, batch by batch, counting them.
struct FileWriter<'w> {
    import_id: i64,
    imported_at: DateTime<Utc>,
    counts: &'w FileCounts,
    duplicate_of: Vec<i64>,
    /// The file's first article, stored now or before.
    first_article: Option<i64>,
    cancel: Option<&'w AtomicBool>,
}

impl FileWriter<'_> {
    /// Stores `first` and everything else the reader prepares. A batch ends when it has taken
    /// `BATCH_TIME`, when the reader has nothing for `BATCH_IDLE`, or at the end; between
    /// batches no transaction is open, other writes go first, and the next batch waits for an
    /// article first.
    fn store_in_batches(
        &mut self,
        conn: &mut Connection,
        first: Prepared,
        prepared: &Receiver<Prepared>,
    ) -> Result<()> {
        let mut next = Some(first);
        while let Some(item) = next {
            let tx = batch_transaction(conn)?;
            let started = Instant::now();
            self.put(&tx, item)?;
            while let Some(remaining) = BATCH_TIME.checked_sub(started.elapsed()) {
                match prepared.recv_timeout(remaining.min(BATCH_IDLE)) {
                    Ok(item) => self.put(&tx, item)?,
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            tx.commit()?;
            next = prepared.recv().ok();
        }
        Ok(())
    }

    /// Stores what the parsing thread prepared.
    fn put(&mut self, conn: &Connection, prepared: Prepared) -> Result<()> {
        match prepared {
            Prepared::Article(article) => {
                let imported_at = self.imported_at;
                self.store(conn, &article, &imported_at).map(drop)
            }
            Prepared::Exported(article, exported) => {
                let id = self.store(conn, &article, &exported.imported_at)?;
                exported.restore_state(conn, id)
            }
        }
    }

    /// Stores an article unless it is a duplicate; returns its id (or the id it duplicates).
    fn store(
        &mut self,
        conn: &Connection,
        article: &PreparedArticle,
        imported_at: &DateTime<Utc>,
    ) -> Result<i64> {
        if self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
            return Err(Error::Cancelled);
        }
        let id = match insert_article(conn, article, self.import_id, imported_at)? {
            Inserted::Added(id) => {
                self.counts.added.fetch_add(1, Ordering::Relaxed);
                id
            }
            Inserted::Duplicate(id) => {
                self.counts.duplicates.fetch_add(1, Ordering::Relaxed);
                if !self.duplicate_of.contains(&id) {
                    self.duplicate_of.push(id);
                }
                id
            }
        };
        self.first_article.get_or_insert(id);
        Ok(id)
    }
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

/// Writes the import record of a file; returns its id.
fn record_import(
    conn: &Connection,
    report: &FileReport,
    file_hash: Option<&str>,
    at: &DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO imports (path, file_hash, format, imported_at, status, added, duplicates, error) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        report.path,
        file_hash,
        report.format.map(Format::name),
        time_to_sql(at),
        report.status.name(),
        report.added,
        report.duplicates,
        report.error,
    ])?;
    Ok(conn.last_insert_rowid())
}

fn finish_import(conn: &Connection, import_id: i64, report: &FileReport) -> Result<()> {
    conn.prepare_cached(
        "UPDATE imports SET format = ?2, status = ?3, added = ?4, duplicates = ?5 WHERE id = ?1",
    )?
    .execute(params![
        import_id,
        report.format.map(Format::name),
        report.status.name(),
        report.added,
        report.duplicates,
    ])?;
    Ok(())
}
