//! Untrusted bytes are read in a worker process, never in the process that owns the library.
//!
//! A worker is the same program started with [`WORKER_ARG`]: both the CLI and the desktop app
//! call [`serve_if_requested`] first thing in `main`. It reads jobs (a file to sniff and parse)
//! from its standard input, one JSON line each, and answers with frames on its standard output,
//! one JSON line each: progress, what sniffing found, every article, and how the file ended.
//! It runs the parsers on a thread with a large stack, under a memory cap, so a crafted file
//! that overflows a parser's stack, asks for gigabytes or loops forever kills or stalls only the
//! worker: the importer reports that one file as failed, with the reason, and starts a fresh
//! worker for the next file. One worker reads every file of an import until one kills it.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::export::ExportedArticle;
use crate::formats::{ArticleSink, Input, detect, parse};
use crate::model::{Format, NewArticle};

/// The argument that makes a Newsdesk program serve as a parsing worker.
pub const WORKER_ARG: &str = "--newsdesk-parse-worker";

/// The most memory a worker may take (its heap and anonymous mappings, on Linux).
pub const WORKER_MEMORY_BYTES: u64 = 512 << 20;

/// The stack of the worker's parsing thread: deep enough for any document the parsers' limits
/// let through, with room to spare.
const WORKER_STACK_BYTES: usize = 64 << 20;

/// How long a worker may work without a sign of progress (bytes read, an article) before its
/// file is given up.
pub const STALL_LIMIT: Duration = Duration::from_secs(15);

/// How often a worker reports the bytes it has read.
const READ_REPORT_INTERVAL: Duration = Duration::from_millis(50);

/// How long a worker whose output ended may take to be seen exiting, and how often to look.
const EXIT_GRACE: Duration = Duration::from_secs(1);
const EXIT_POLL: Duration = Duration::from_millis(10);

/// How much of a worker's standard error is kept to tell why it died.
const STDERR_TAIL_BYTES: usize = 4096;

/// Serves as a parsing worker and exits, if the program was started as one. Call it first thing
/// in `main` of every program that imports (it returns at once otherwise).
pub fn serve_if_requested() {
    if std::env::args_os().nth(1).as_deref() == Some(OsStr::new(WORKER_ARG)) {
        std::process::exit(serve());
    }
}

/// The program to start as a worker: one whose `main` calls [`serve_if_requested`].
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    program: PathBuf,
}

impl WorkerCommand {
    /// `program`, started with [`WORKER_ARG`].
    pub fn new(program: impl Into<PathBuf>) -> Self {
        WorkerCommand {
            program: program.into(),
        }
    }

    /// The running program itself (the CLI, the app).
    pub fn current_exe() -> Result<Self> {
        let program = std::env::current_exe().map_err(|e| Error::io("the running program", e))?;
        Ok(WorkerCommand::new(program))
    }

    fn spawn(&self) -> std::io::Result<Child> {
        Command::new(&self.program)
            .arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    }
}

/// One file for a worker to read.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Job {
    pub input: Input,
    /// The source articles are filed under when the file does not name one.
    pub source: String,
}

/// What a worker says about the file it reads, in this order: `Sniffed`… `Detected`, then
/// `Read`, `Article` and `Exported` frames, then `Done` or `Failed` (which may come at any time).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Frame {
    /// Bytes read by the sniffing pass so far.
    Sniffed(u64),
    Detected {
        file_hash: String,
    },
    /// Bytes read by the parser so far.
    Read(u64),
    Article(NewArticle),
    Exported(Box<ExportedArticle>),
    Done(Format),
    /// The file cannot be imported, for this reason.
    Failed(String),
}

// ---------------------------------------------------------------------------------------------
// The worker's side.

/// Reads jobs from standard input until it closes; returns the process's exit code.
fn serve() -> i32 {
    confine();
    let served = std::thread::Builder::new()
        .name("parse-worker".into())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(|| serve_jobs(std::io::stdin().lock(), std::io::stdout().lock()));
    match served.map(JoinHandle::join) {
        Ok(Ok(Ok(()))) => 0,
        Ok(Ok(Err(error))) => {
            eprintln!("newsdesk parse worker: {error}");
            1
        }
        Ok(Err(_)) | Err(_) => 1,
    }
}

/// Caps the worker's heap (an allocation beyond it fails, which ends the worker, not the app)
/// and ties its life to the importer's: if that dies, so does the worker.
#[cfg(target_os = "linux")]
fn confine() {
    let bytes = (WORKER_MEMORY_BYTES + WORKER_STACK_BYTES as u64) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct it is given and changes only this process's limits;
    // prctl(PR_SET_PDEATHSIG) only sets the signal this process gets when its parent dies.
    let (capped, tied) = unsafe {
        (
            libc::setrlimit(libc::RLIMIT_DATA, &limit) == 0,
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == 0,
        )
    };
    if !capped || !tied {
        eprintln!(
            "newsdesk parse worker: cannot confine itself: {}",
            std::io::Error::last_os_error()
        );
    }
}

/// Elsewhere the worker still keeps crashes and hangs away from the app, without a memory cap
/// (the importer stops it when it stops).
#[cfg(not(target_os = "linux"))]
fn confine() {}

fn serve_jobs(jobs: impl BufRead, out: impl Write) -> std::io::Result<()> {
    let frames = RefCell::new(FrameWriter {
        out: BufWriter::new(out),
        last_read_report: Instant::now(),
    });
    for line in jobs.lines() {
        let job: Job = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
        let ended =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_file(&job, &frames)));
        let last = match ended {
            Ok(Ok(format)) => Frame::Done(format),
            Ok(Err(error)) => Frame::Failed(error.to_string()),
            Err(_) => Frame::Failed("the file could not be read: a parser failed on it".into()),
        };
        frames.borrow_mut().send(&last)?;
    }
    Ok(())
}

/// Sniffs and parses one file, sending what it finds.
fn read_file(job: &Job, frames: &RefCell<FrameWriter<impl Write>>) -> Result<Format> {
    let name = job.input.display_name();
    let size = job.input.size();
    // A parent that stopped listening cancelled the import.
    let sent = |frame: Frame| {
        frames
            .borrow_mut()
            .send(&frame)
            .map_err(|_| Error::Cancelled)
    };
    let detected = detect::detect(
        job.input.open()?,
        Path::new(&name),
        Some(size),
        &mut |read| frames.borrow_mut().report_read(Frame::Sniffed(read)),
    )?;
    sent(Frame::Detected {
        file_hash: detected.file_hash.clone(),
    })?;
    let mut sink = FrameSink(frames);
    parse(
        &job.input,
        &detected,
        &job.source,
        &|read| frames.borrow_mut().report_read(Frame::Read(read)),
        &mut sink,
    )
}

/// Writes frames to the parent, one JSON line each.
struct FrameWriter<W: Write> {
    out: BufWriter<W>,
    last_read_report: Instant,
}

impl<W: Write> FrameWriter<W> {
    /// Sends a frame at once: the parent times the worker by what it hears.
    fn send(&mut self, frame: &Frame) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, frame)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }

    /// Sends a progress frame, at most every `READ_REPORT_INTERVAL`. A parent that stopped
    /// listening is noticed at the next article or at the end.
    fn report_read(&mut self, frame: Frame) {
        if self.last_read_report.elapsed() >= READ_REPORT_INTERVAL {
            self.last_read_report = Instant::now();
            let _ = self.send(&frame);
        }
    }
}

/// The parsers' sink in a worker: every article goes to the parent.
struct FrameSink<'f, W: Write>(&'f RefCell<FrameWriter<W>>);

impl<W: Write> ArticleSink for FrameSink<'_, W> {
    fn add(&mut self, article: NewArticle) -> Result<()> {
        self.send(Frame::Article(article))
    }

    fn add_exported(&mut self, exported: ExportedArticle) -> Result<()> {
        self.send(Frame::Exported(Box::new(exported)))
    }
}

impl<W: Write> FrameSink<'_, W> {
    /// A parent that is gone cancelled the import.
    fn send(&mut self, frame: Frame) -> Result<()> {
        self.0
            .borrow_mut()
            .send(&frame)
            .map_err(|_| Error::Cancelled)
    }
}

// ---------------------------------------------------------------------------------------------
// The importer's side.

/// The worker an import uses: started when the first file needs it, started again after one
/// died or was stopped.
pub(crate) struct Workers {
    command: WorkerCommand,
    running: Option<Worker>,
}

/// A running worker.
pub(crate) struct Worker {
    pub child: Child,
    jobs: ChildStdin,
    pub frames: FrameReader,
    stderr_tail: Arc<Mutex<VecDeque<u8>>>,
    stderr_reader: Option<JoinHandle<()>>,
}

impl Workers {
    pub fn new(command: WorkerCommand) -> Self {
        Workers {
            command,
            running: None,
        }
    }

    /// Hands a job to the worker, starting one if none runs (or the last one has died).
    pub fn start(&mut self, job: &Job) -> Result<&mut Worker> {
        let mut line = serde_json::to_vec(job)?;
        line.push(b'\n');
        if let Some(worker) = &mut self.running
            && worker.jobs.write_all(&line).is_err()
        {
            self.stop();
        }
        if self.running.is_none() {
            let worker = Worker::spawn(&self.command)?;
            let worker = self.running.insert(worker);
            worker
                .jobs
                .write_all(&line)
                .map_err(|e| Error::io(&self.command.program, e))?;
        }
        self.running
            .as_mut()
            .ok_or_else(|| Error::InvalidInput("no parsing worker".into()))
    }

    /// Stops the running worker at once (a cancel, a stall): its file is given up.
    pub fn stop(&mut self) {
        if let Some(mut worker) = self.running.take() {
            let _ = worker.child.kill();
            let _ = worker.child.wait();
        }
    }

    /// If the worker has died, why (read from how it ended); it is then forgotten. Its output
    /// ends a moment before it can be seen to have exited: a dying worker is given that moment.
    pub fn death(&mut self) -> Option<String> {
        let worker = self.running.as_mut()?;
        let deadline = Instant::now() + EXIT_GRACE;
        let status = loop {
            match worker.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(EXIT_POLL),
                _ => return None,
            }
        };
        let mut worker = self.running.take()?;
        if let Some(reader) = worker.stderr_reader.take() {
            let _ = reader.join();
        }
        let tail = worker.stderr_tail.lock().map_or_else(
            |_| String::new(),
            |tail| String::from_utf8_lossy(&tail.iter().copied().collect::<Vec<_>>()).into_owned(),
        );
        Some(why_it_died(status, &tail))
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Worker {
    fn spawn(command: &WorkerCommand) -> Result<Worker> {
        let failed = |e| Error::io(&command.program, e);
        let mut child = command.spawn().map_err(failed)?;
        let missing = || failed(std::io::Error::other("no pipe to the parsing worker"));
        let jobs = child.stdin.take().ok_or_else(missing)?;
        let stdout = child.stdout.take().ok_or_else(missing)?;
        let mut stderr = child.stderr.take().ok_or_else(missing)?;
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let tail = Arc::clone(&stderr_tail);
        let stderr_reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 1024];
            while let Ok(read @ 1..) = stderr.read(&mut chunk) {
                if let Ok(mut tail) = tail.lock() {
                    tail.extend(&chunk[..read]);
                    let excess = tail.len().saturating_sub(STDERR_TAIL_BYTES);
                    tail.drain(..excess);
                }
            }
        });
        Ok(Worker {
            child,
            jobs,
            frames: FrameReader {
                lines: BufReader::new(stdout),
                line: String::new(),
            },
            stderr_tail,
            stderr_reader: Some(stderr_reader),
        })
    }
}

/// Reads a worker's frames.
pub(crate) struct FrameReader {
    lines: BufReader<ChildStdout>,
    line: String,
}

impl FrameReader {
    /// The next frame; `None` when the worker's output ended (it died or was stopped).
    pub fn next(&mut self) -> Option<Frame> {
        self.line.clear();
        match self.lines.read_line(&mut self.line) {
            Ok(1..) => serde_json::from_str(&self.line).ok(),
            _ => None,
        }
    }
}

/// Says, for a person, why a worker ended while reading a file.
fn why_it_died(status: ExitStatus, stderr: &str) -> String {
    if stderr.contains("has overflowed its stack") {
        return "the document is nested too deeply for Newsdesk to read".into();
    }
    if stderr.contains("memory allocation of") {
        return format!(
            "reading it needed more than {} MB of memory; Newsdesk gave it up",
            WORKER_MEMORY_BYTES >> 20
        );
    }
    match signal_of(status) {
        Some(signal) => format!("the file made Newsdesk's parser crash (signal {signal})"),
        None => format!("the file made Newsdesk's parser stop ({status})"),
    }
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_: ExitStatus) -> Option<i32> {
    None
}

/// The message for a file whose worker made no progress for `STALL_LIMIT`.
pub(crate) fn stalled_message() -> String {
    format!(
        "reading it took longer than {} s without progress; Newsdesk gave it up",
        STALL_LIMIT.as_secs()
    )
}
