//! The library: the one way into a Newsdesk library for the CLI, the desktop app and the tests.
//!
//! A `Library` keeps two connections to its file. Reads (lists, search, an article) use the
//! reader, opened `query_only`, and never wait for a write (WAL). Every write — an import's
//! batches, a bookmark, the reading position, a delete, maintenance — goes to the one writer
//! (`store::writer`), a thread owning the write connection, which runs them in the order they
//! were asked for: a bookmark saved during an import waits for the batch being written, not for
//! the import. Other programs may open the same file meanwhile.
//!
//! A program that only reads (a CLI search, list or export) may open the library for reading
//! only (`open_for_reading`): the reader alone, when the library needs no work first.
//!
//! A `Library` may be shared between threads (the desktop app keeps one for all its commands).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};
use crate::export::{self, BookmarkFormat};
use crate::model::{
    Article, ArticleSummary, Bookmark, BookmarkEntry, HistoryEntry, Overview, Reading,
    SavedProgress, SearchHit, SearchResults, SourceCount, Stats, Visit,
};
use crate::search::highlight::highlight_article;
use crate::search::{Matcher, Query, SearchRequest};
use crate::store::writer::Writer;
use crate::store::{
    BackupSummary, CheckDepth, Health, LibraryInfo, ListFilter, Optimized, RunMarker, Store,
};

/// Snippet length in words.
const SNIPPET_WORDS: usize = 24;

/// An open Newsdesk library.
pub struct Library {
    path: PathBuf,
    reader: Mutex<Store>,
    /// None when opened for reading only.
    writer: Option<Writer>,
}

impl Library {
    /// Opens the library file at `path`, creating it (and its folder) if needed, and brings its
    /// schema up to date. A library written by a newer Newsdesk is refused, never modified.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        Library::open_reporting(path, &mut |_| {})
    }

    /// Opens the library as `open` does; when bringing it up to date re-indexes its articles
    /// (a new search analysis), `reindexing` hears the share done (0–1), for a progress bar.
    pub fn open_reporting(
        path: impl AsRef<Path>,
        reindexing: &mut dyn FnMut(f64),
    ) -> Result<Library> {
        let library = Library::open_leaving_reindex(path)?;
        library.finish_upgrade(reindexing)?;
        Ok(library)
    }

    /// Opens the library as `open` does, but leaves an upgrade that re-indexes the articles
    /// (about a minute for 100,000 of them) to [`Library::finish_upgrade`], so that a program
    /// can show itself first. Until then the library reads and writes with the search index of
    /// its old version.
    pub fn open_leaving_reindex(path: impl AsRef<Path>) -> Result<Library> {
        let path = path.as_ref().to_path_buf();
        let writer = Store::open_writer(&path)?;
        let reader = Store::open_reader(&path)?;
        Ok(Library {
            path,
            reader: Mutex::new(reader),
            writer: Some(Writer::start(writer)?),
        })
    }

    /// Opens the library for reading only — the reader connection, no writer thread, no write
    /// connection — when it can be read as it is: the file exists, needs no upgrade, has no
    /// import to roll back or under way, and has no run marker beside it (the last program to
    /// use it closed it, and none has it open: nothing to recover). `None` otherwise: then
    /// `open` does that work. A write asked of a library opened so fails.
    pub fn open_for_reading(path: impl AsRef<Path>) -> Result<Option<Library>> {
        let path = path.as_ref();
        if RunMarker::present(path) {
            return Ok(None);
        }
        Ok(Store::open_reader_if_current(path)?.map(|reader| Library {
            path: path.to_path_buf(),
            reader: Mutex::new(reader),
            writer: None,
        }))
    }

    /// Whether the library waits for [`Library::finish_upgrade`].
    pub fn upgrade_pending(&self) -> Result<bool> {
        self.read(|store| store.upgrade_pending())
    }

    /// Brings the library up to date after a copy of it is kept: the articles are re-indexed
    /// in one transaction, `reindexing` hearing the share done. A crash or a kill in the middle
    /// leaves the library as it was, and the next open starts again. Nothing to do when the
    /// library is up to date. Returns what search finds now that it did not before the upgrade
    /// (phrases to follow "search now finds", oldest first; none for an up-to-date library).
    pub fn finish_upgrade(&self, reindexing: &mut dyn FnMut(f64)) -> Result<Vec<&'static str>> {
        self.writer()?
            .run_reporting(|store, progress| store.finish_upgrade(progress), reindexing)
    }

    /// The file this library lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs a read on the reader connection.
    fn read<T>(&self, read: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        read(&*self.reader()?)
    }

    fn reader(&self) -> Result<MutexGuard<'_, Store>> {
        self.reader
            .lock()
            .map_err(|_| Error::Internal("a read of the library failed earlier".into()))
    }

    fn writer(&self) -> Result<&Writer> {
        self.writer
            .as_ref()
            .ok_or_else(|| Error::Internal("a write to a library opened for reading only".into()))
    }

    /// Runs a write on the writer, after the writes asked for before it.
    pub(crate) fn write<T: Send + 'static>(
        &self,
        write: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.writer()?.run(write)
    }

    /// Runs a long job on the writer; `progress` hears the share done (0–1).
    fn write_reporting<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Store, &mut dyn FnMut(f64)) -> Result<T> + Send + 'static,
        progress: &mut dyn FnMut(f64),
    ) -> Result<T> {
        self.writer()?.run_reporting(job, progress)
    }

    // Articles and the list.

    /// An article, whole.
    pub fn article(&self, id: i64) -> Result<Article> {
        self.read(|store| store.tables().articles().get(id))
    }

    /// The web address of an article, if it has one a browser may open (http or https).
    pub fn web_link(&self, id: i64) -> Result<String> {
        self.read(|store| store.tables().articles().web_link(id))
    }

    /// A page of the list, newest import first.
    pub fn list(
        &self,
        filter: &ListFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<ArticleSummary>> {
        self.read(|store| store.tables().articles().list(filter, limit, offset))
    }

    /// How many articles the list holds with this filter.
    pub fn count(&self, filter: &ListFilter) -> Result<u64> {
        self.read(|store| store.tables().articles().count(filter))
    }

    /// How many articles of the list with this filter are unread (what `mark_all_read` would
    /// mark).
    pub fn count_unread(&self, filter: &ListFilter) -> Result<u64> {
        self.read(|store| store.tables().articles().count_unread(filter))
    }

    /// The sources and how many articles each has.
    pub fn sources(&self) -> Result<Vec<SourceCount>> {
        self.read(|store| store.tables().articles().sources())
    }

    /// What the window shows first: counts and sources.
    pub fn overview(&self) -> Result<Overview> {
        self.read(|store| store.tables().overview())
    }

    /// Counts describing the library.
    pub fn stats(&self) -> Result<Stats> {
        self.read(Store::stats)
    }

    /// Deletes an article with its bookmark, history and index entry.
    pub fn delete_article(&self, id: i64) -> Result<()> {
        self.write(move |store| store.transaction(|tables| tables.articles().delete(id)))
    }

    /// Searches the library. Any text is accepted: what cannot be searched is ignored. Each
    /// hit comes with a snippet of its body around the matched words, marked.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let query = request.query();
        let plan = query.plan();
        let found = self.read(|store| store.search(request, &plan))?;
        let matcher = Matcher::new(&query);
        let hits = found
            .hits
            .into_iter()
            .map(|hit| SearchHit {
                snippet: matcher.snippet(&hit.body, SNIPPET_WORDS, hit.body_stemmed_as.as_deref()),
                article: hit.article,
                score: hit.score,
            })
            .collect();
        Ok(SearchResults {
            total: found.total,
            hits,
        })
    }

    // Bookmarks.

    /// Bookmarks an article (keeping its first bookmark time); `note` replaces the note.
    pub fn add_bookmark(&self, article_id: i64, note: Option<&str>) -> Result<Bookmark> {
        let note = note.map(str::to_owned);
        self.write(move |store| {
            store.transaction(|tables| tables.bookmarks().add(article_id, note.as_deref()))
        })
    }

    /// Removes a bookmark; says whether there was one.
    pub fn remove_bookmark(&self, article_id: i64) -> Result<bool> {
        self.write(move |store| store.transaction(|tables| tables.bookmarks().remove(article_id)))
    }

    /// Bookmarks an article or removes its bookmark; says whether it is bookmarked now.
    pub fn toggle_bookmark(&self, article_id: i64) -> Result<bool> {
        self.write(move |store| store.transaction(|tables| tables.bookmarks().toggle(article_id)))
    }

    /// An article's bookmark, if it has one.
    pub fn bookmark(&self, article_id: i64) -> Result<Option<Bookmark>> {
        self.read(|store| store.tables().bookmarks().get(article_id))
    }

    /// Every bookmark, newest first.
    pub fn bookmarks(&self) -> Result<Vec<BookmarkEntry>> {
        self.read(|store| store.tables().bookmarks().all())
    }

    // Reading and history.

    /// Records that an article was opened now (its reading progress is kept).
    pub fn record_visit(&self, article_id: i64) -> Result<Visit> {
        self.write(move |store| {
            store.transaction(|tables| tables.history().record_visit(article_id))
        })
    }

    /// An article to read, with the position to restore and, when opened from a search, the
    /// searched words marked (the last one also where it starts a word: searches are typed in
    /// the app's search box, and search as you type matched it so). Only reads.
    pub fn reading(&self, article_id: i64, search: Option<&str>) -> Result<Reading> {
        let mut reading = self.read(|store| store.tables().history().reading(article_id))?;
        reading.highlights = search
            .map(|text| Query::parse(text).typing())
            .filter(|query| !query.groups.is_empty())
            .map(|query| highlight_article(&reading.article, &query));
        Ok(reading)
    }

    /// Saves the reading progress (0.0–1.0, clamped) of an article; reaching the end marks it
    /// read (the library decides what the end is).
    pub fn set_progress(&self, article_id: i64, progress: f64) -> Result<SavedProgress> {
        self.write(move |store| {
            store.transaction(|tables| tables.history().set_progress(article_id, progress))
        })
    }

    /// An article's last visit, if any.
    pub fn visit(&self, article_id: i64) -> Result<Option<Visit>> {
        self.read(|store| store.tables().history().visit(article_id))
    }

    /// Marks an article read or unread.
    pub fn mark_read(&self, article_id: i64, read: bool) -> Result<()> {
        self.write(move |store| {
            store.transaction(|tables| tables.history().mark_read(article_id, read))
        })
    }

    /// Marks every article a list shows read (one write, however many); returns the ids of
    /// those that were not read before.
    pub fn mark_all_read(&self, filter: &ListFilter) -> Result<Vec<i64>> {
        let filter = filter.clone();
        self.write(move |store| store.transaction(|tables| tables.history().mark_all_read(&filter)))
    }

    /// Whether an article was read.
    pub fn is_read(&self, article_id: i64) -> Result<bool> {
        self.read(|store| store.tables().history().is_read(article_id))
    }

    /// The reading history, most recent visit first.
    pub fn history(&self, limit: u32, offset: u32) -> Result<Vec<HistoryEntry>> {
        self.read(|store| store.tables().history().page(limit, offset))
    }

    /// Forgets the visit of one article; says whether there was one.
    pub fn clear_history_entry(&self, article_id: i64) -> Result<bool> {
        self.write(move |store| {
            store.transaction(|tables| tables.history().clear_entry(article_id))
        })
    }

    /// Forgets every visit; returns how many.
    pub fn clear_history(&self) -> Result<u64> {
        self.write(|store| store.transaction(|tables| tables.history().clear()))
    }

    // Exports.

    /// Writes the whole library as one Newsdesk export document, article by article.
    pub fn export_json(&self, out: &mut dyn Write) -> Result<()> {
        let store = self.reader()?;
        export::write_document(out, |each| store.each_exported(None, each))
    }

    /// Writes bookmarked articles — all of them, or those of `only` — newest bookmark first, in
    /// the chosen format.
    pub fn export_bookmarks(
        &self,
        format: BookmarkFormat,
        only: Option<&[i64]>,
        out: &mut dyn Write,
    ) -> Result<()> {
        let store = self.reader()?;
        let tables = store.tables();
        let entries: Vec<BookmarkEntry> = tables
            .bookmarks()
            .all()?
            .into_iter()
            .filter(|entry| only.is_none_or(|ids| ids.contains(&entry.article.id)))
            .collect();
        let ids: Vec<i64> = entries.iter().map(|entry| entry.article.id).collect();
        let stories = || -> Result<Vec<(Article, BookmarkEntry)>> {
            entries
                .iter()
                .map(|entry| Ok((tables.articles().get(entry.article.id)?, entry.clone())))
                .collect()
        };
        match format {
            BookmarkFormat::Json => {
                export::write_document(out, |each| store.each_exported(Some(&ids), each))
            }
            BookmarkFormat::Markdown => export::write_markdown(out, &stories()?),
            BookmarkFormat::Html => export::write_html(out, &stories()?),
        }
    }

    // Care of the library file.

    /// Where the library is, its size on disk, its counts and its latest backup (if readable).
    pub fn info(&self) -> Result<LibraryInfo> {
        self.read(Store::info)
    }

    /// A quick check of the database (`quick_check`) and of the full-text index.
    pub fn health(&self) -> Result<Health> {
        self.write(|store| store.health(CheckDepth::Quick))
    }

    /// The thorough check (`integrity_check`, and the full-text index); the problems found.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        Ok(self
            .write(|store| store.health(CheckDepth::Thorough))?
            .problems())
    }

    /// After an unclean shutdown: checks the library and, when only the search index is damaged,
    /// rebuilds it (progress 0–1). Returns what the check found (a rebuilt index is healthy now).
    pub fn recover(&self, progress: &mut dyn FnMut(f64)) -> Result<Health> {
        self.write_reporting(|store, progress| store.recover(progress), progress)
    }

    /// Rebuilds the full-text index from the articles, in one transaction, reporting progress.
    pub fn rebuild_search_index(&self, progress: &mut dyn FnMut(f64)) -> Result<()> {
        self.write_reporting(
            |store, progress| store.rebuild_search_index(progress),
            progress,
        )
    }

    /// Merges the full-text index into one segment and compacts the file (VACUUM).
    pub fn optimize(&self) -> Result<Optimized> {
        self.write(|store| store.optimize())
    }

    /// Writes a consistent copy of the library to a new file, synced to disk, while writes wait.
    pub fn backup_to(&self, target: &Path, progress: &mut dyn FnMut(f64)) -> Result<BackupSummary> {
        let target = target.to_path_buf();
        self.write_reporting(
            move |store, progress| store.backup_to(&target, progress),
            progress,
        )
    }

    /// Replaces the library's content with a backup's (checked first); the current content is
    /// kept beside the library and put back if the restore fails. Returns that copy's path.
    pub fn restore_from(&self, backup: &Path, progress: &mut dyn FnMut(f64)) -> Result<PathBuf> {
        let backup = backup.to_path_buf();
        self.write_reporting(
            move |store, progress| store.restore_from(&backup, progress),
            progress,
        )
    }

    /// Bounds the reader's page cache to `kib` KiB (the default, 32 MB, suits imports and index
    /// merges); pages beyond it are read from the file again, which the OS caches.
    pub fn limit_page_cache(&self, kib: u32) -> Result<()> {
        self.read(|store| store.limit_page_cache(kib))
    }

    /// Gives back the memory both connections' page caches hold (after a long job).
    pub fn release_memory(&self) -> Result<()> {
        self.read(Store::release_memory)?;
        self.write(|store| store.release_memory())
    }

    /// A number that changes whenever another program (or another `Library` of the same file)
    /// commits to the library, and never for this one's own writes: a window compares it over
    /// time to show what the CLI or a second window changed. It is read on the writer's
    /// connection, the only one here that commits.
    pub fn writes_by_others(&self) -> Result<i64> {
        self.write(|store| store.data_version())
    }

    /// Copies the write-ahead log into the database file, without waiting for readers (the
    /// importer does it after each batch; closing the library does it for what is left).
    pub fn checkpoint(&self) -> Result<()> {
        self.write(|store| store.checkpoint())
    }
}
