//! The one writer: a thread that owns the library's write connection and runs every write of
//! this program — imports (a batch at a time), bookmarks, reading progress, history, deletes,
//! maintenance — one after the other, in the order they were asked for. A write waits at most
//! for the one in progress (an import's batch is about 40 ms), never behind a whole import.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::Store;
use crate::error::{Error, Result};

type Job = Box<dyn FnOnce(&mut Store) + Send>;

pub(crate) struct Writer {
    queue: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

/// What a job running on the writer tells the program waiting for it.
enum News<T> {
    Progress(f64),
    Done(Result<T>),
}

impl Writer {
    /// Starts the writer thread with the connection it owns from now on.
    pub(crate) fn start(store: Store) -> Result<Writer> {
        let (queue, jobs) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("newsdesk-writer".into())
            .spawn(move || serve(store, jobs))
            .map_err(|e| Error::io("the library's writer thread", e))?;
        Ok(Writer {
            queue: Some(queue),
            thread: Some(thread),
        })
    }

    /// Runs `work` on the writer after the writes asked for before it, and waits for it.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run_reporting(move |store, _| work(store), &mut |_| {})
    }

    /// Runs a long job on the writer as `run` does; `progress` (called on this thread) hears
    /// the share the job says it has done.
    pub(crate) fn run_reporting<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store, &mut dyn FnMut(f64)) -> Result<T> + Send + 'static,
        progress: &mut dyn FnMut(f64),
    ) -> Result<T> {
        let (tell, news) = mpsc::channel::<News<T>>();
        let job: Job = Box::new(move |store| {
            let progress_tell = tell.clone();
            let mut report = move |share| {
                // The program stopped waiting (it is going away): nothing to tell.
                let _ = progress_tell.send(News::Progress(share));
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| work(store, &mut report)))
                .unwrap_or_else(|_| Err(Error::Internal("a write to the library failed".into())));
            let _ = tell.send(News::Done(outcome));
        });
        self.queue
            .as_ref()
            .and_then(|queue| queue.send(job).ok())
            .ok_or_else(stopped)?;
        wait(&news, progress)
    }
}

fn wait<T>(news: &Receiver<News<T>>, progress: &mut dyn FnMut(f64)) -> Result<T> {
    loop {
        match news.recv().map_err(|_| stopped())? {
            News::Progress(share) => progress(share),
            News::Done(outcome) => return outcome,
        }
    }
}

fn stopped() -> Error {
    Error::Internal("the library's writer has stopped".into())
}

/// The writer thread: runs jobs until every handle to the queue is gone, then closes the
/// connection (which checkpoints the write-ahead log into the library file).
fn serve(mut store: Store, jobs: Receiver<Job>) {
    for job in jobs {
        job(&mut store);
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        drop(self.queue.take());
        if let Some(thread) = self.thread.take() {
            // A job that panicked was caught; the thread itself does not panic.
            let _ = thread.join();
        }
    }
}
