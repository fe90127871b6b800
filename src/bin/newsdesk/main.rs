//! `newsdesk`: the command-line face of the Newsdesk library. Argument parsing and printing only;
//! everything it does is a call into the core.

mod output;
mod progress;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use indicatif::ProgressBar;
use newsdesk::model::ImportProgress;
use newsdesk::{BookmarkFormat, Health, RunMarker};
use newsdesk::{Error, Importer, Library, ListFilter, SearchOrder, SearchRequest};

/// Newsdesk: your local news library — import, search, read, bookmark.
#[derive(Parser)]
#[command(name = "newsdesk", version, about)]
struct Cli {
    /// Library file to use [default: $NEWSDESK_DB, else library.sqlite3 in $NEWSDESK_DATA_DIR,
    /// else the app's library in your app-data folder]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import news files and folders (TT dumps, text, web pages, Markdown, RSS/Atom/JSON feeds,
    /// zip archives, Newsdesk exports). Exits 1 if any file failed.
    Import {
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List articles, newest import first.
    List {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filter: ListArgs,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Show one article.
    Show {
        #[arg(long)]
        json: bool,
        id: i64,
    },
    /// Search: words, "exact phrase", prefix*, -exclude, a OR b.
    Search {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// Newest first instead of most relevant first.
        #[arg(long)]
        newest: bool,
        /// Only bookmarked articles.
        #[arg(long)]
        bookmarked: bool,
        /// Only articles from this source.
        #[arg(long)]
        source: Option<String>,
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
    },
    /// Add, remove or list bookmarks.
    Bookmark {
        #[command(subcommand)]
        action: BookmarkAction,
    },
    /// Open an article: shows it and records the visit in the history.
    Open {
        #[arg(long)]
        json: bool,
        /// Also save how far it was read (0.0–1.0).
        #[arg(long)]
        progress: Option<f64>,
        id: i64,
    },
    /// Reading history, last opened first; `history clear [ID]` forgets it.
    History {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[command(subcommand)]
        action: Option<HistoryAction>,
    },
    /// Mark an article read (or unread with --unread).
    MarkRead {
        #[arg(long)]
        unread: bool,
        id: i64,
    },
    /// Mark every article a list shows read: all of them, or those of --source, --bookmarked,
    /// --continue.
    MarkAllRead {
        #[command(flatten)]
        filter: ListArgs,
    },
    /// Delete an article (its bookmark and history go with it).
    Delete { id: i64 },
    /// Write the whole library as one JSON document (to stdout, or to --output); with
    /// --bookmarks, the bookmarked stories as JSON, Markdown or HTML.
    Export {
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only bookmarked stories (with their notes).
        #[arg(long)]
        bookmarks: bool,
        /// Format of a bookmarks export.
        #[arg(long, value_enum, default_value_t = BookmarkFormat::Json, requires = "bookmarks")]
        format: BookmarkFormat,
    },
    /// Copy the library to a backup file (default: a new file in the backups folder).
    Backup {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Replace the library with a backup (checked first; the current library is kept as a copy).
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Merge the search index and compact the library file.
    Optimize,
    /// Library figures: articles, bookmarks, history, size.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Check the database and its search index.
    Check,
}

impl Command {
    /// Whether the command only reads the library.
    fn only_reads(&self) -> bool {
        match self {
            Command::List { .. }
            | Command::Show { .. }
            | Command::Search { .. }
            | Command::Export { .. }
            | Command::Stats { .. }
            | Command::Bookmark {
                action: BookmarkAction::List { .. },
            }
            | Command::History { action: None, .. } => true,
            Command::Import { .. }
            | Command::Open { .. }
            | Command::Bookmark { .. }
            | Command::History { .. }
            | Command::MarkRead { .. }
            | Command::MarkAllRead { .. }
            | Command::Delete { .. }
            | Command::Backup { .. }
            | Command::Restore { .. }
            | Command::Optimize
            | Command::Check => false,
        }
    }
}

#[derive(Args)]
struct ListArgs {
    /// Only bookmarked articles.
    #[arg(long, group = "which")]
    bookmarked: bool,
    /// Only articles not read to the end.
    #[arg(long, group = "which")]
    unread: bool,
    /// Articles started but not finished.
    #[arg(long = "continue", group = "which")]
    continue_reading: bool,
    /// Only articles from this source.
    #[arg(long, group = "which")]
    source: Option<String>,
}

impl ListArgs {
    fn filter(&self) -> ListFilter {
        if self.bookmarked {
            ListFilter::Bookmarked
        } else if self.unread {
            ListFilter::Unread
        } else if self.continue_reading {
            ListFilter::ContinueReading
        } else if let Some(source) = &self.source {
            ListFilter::Source(source.clone())
        } else {
            ListFilter::All
        }
    }
}

#[derive(Subcommand)]
enum BookmarkAction {
    /// Bookmark an article (again: replace its note).
    Add {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove a bookmark.
    Remove { id: i64 },
    /// List bookmarks, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum HistoryAction {
    /// Forget one article's visit (with ID) or the whole history.
    Clear { id: Option<i64> },
}

fn main() -> ExitCode {
    // Started as the importer's parsing worker: serve, and exit.
    newsdesk::importer::serve_if_requested();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // The reader of our output went away (`newsdesk export | head`): nothing to report.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("newsdesk: {}", output::visible(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let path = newsdesk::resolve_library_path(cli.db)?;
    // A command that only reads opens just the reader when the library needs no work first;
    // it leaves no run marker (it writes nothing a crash could leave half done).
    let reading = if cli.command.only_reads() {
        Library::open_for_reading(&path)?
    } else {
        None
    };
    let (mut library, _marker) = match reading {
        Some(library) => (library, None),
        None => {
            let library = open_library(&path)?;
            let (marker, unclean) = RunMarker::acquire(&path)?;
            if unclean {
                recover(&library)?;
            }
            (library, Some(marker))
        }
    };
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Import { json, paths } => {
            let report = import_with_progress(&mut library, &paths)?;
            if json {
                output::json(&mut out, &report)?;
            } else {
                output::import_report(&mut out, &report)?;
            }
            return Ok(if report.failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::List {
            json,
            filter,
            limit,
            offset,
        } => {
            let articles = library.list(&filter.filter(), limit, offset)?;
            if json {
                output::json(&mut out, &articles)?;
            } else {
                output::article_list(&mut out, &articles)?;
            }
        }
        Command::Show { json, id } => show(&mut out, &library.article(id)?, json)?,
        Command::Open { json, progress, id } => {
            library.record_visit(id)?;
            if let Some(progress) = progress {
                library.set_progress(id, progress)?;
            }
            show(&mut out, &library.article(id)?, json)?;
        }
        Command::Search {
            json,
            limit,
            offset,
            newest,
            bookmarked,
            source,
            query,
        } => {
            let request = SearchRequest {
                order: if newest {
                    SearchOrder::Newest
                } else {
                    SearchOrder::Relevance
                },
                bookmarked_only: bookmarked,
                source,
                limit,
                offset,
                ..SearchRequest::new(query.join(" "))
            };
            let results = library.search(&request)?;
            if json {
                output::json(&mut out, &results)?;
            } else {
                output::search_results(&mut out, &results)?;
            }
        }
        Command::Bookmark { action } => match action {
            BookmarkAction::Add { id, note } => {
                library.add_bookmark(id, note.as_deref())?;
                output::line(&mut out, &format!("Bookmarked article {id}."))?;
            }
            BookmarkAction::Remove { id } => {
                let message = if library.remove_bookmark(id)? {
                    format!("Removed the bookmark on article {id}.")
                } else {
                    format!("Article {id} was not bookmarked.")
                };
                output::line(&mut out, &message)?;
            }
            BookmarkAction::List { json } => {
                let bookmarks = library.bookmarks()?;
                if json {
                    output::json(&mut out, &bookmarks)?;
                } else {
                    output::bookmark_list(&mut out, &bookmarks)?;
                }
            }
        },
        Command::History {
            json,
            limit,
            action,
        } => match action {
            Some(HistoryAction::Clear { id: Some(id) }) => {
                library.clear_history_entry(id)?;
                output::line(&mut out, &format!("Forgot the visit to article {id}."))?;
            }
            Some(HistoryAction::Clear { id: None }) => {
                let removed = library.clear_history()?;
                output::line(
                    &mut out,
                    &format!("Cleared the history ({removed} articles)."),
                )?;
            }
            None => {
                let history = library.history(limit, 0)?;
                if json {
                    output::json(&mut out, &history)?;
                } else {
                    output::history(&mut out, &history)?;
                }
            }
        },
        Command::MarkRead { unread, id } => {
            library.mark_read(id, !unread)?;
            let state = if unread { "unread" } else { "read" };
            output::line(&mut out, &format!("Marked article {id} {state}."))?;
        }
        Command::MarkAllRead { filter } => {
            let marked = library.mark_all_read(&filter.filter())?.len();
            let articles = if marked == 1 { "article" } else { "articles" };
            output::line(&mut out, &format!("Marked {marked} {articles} read."))?;
        }
        Command::Delete { id } => {
            library.delete_article(id)?;
            output::line(&mut out, &format!("Deleted article {id}."))?;
        }
        Command::Export {
            output,
            bookmarks,
            format,
        } => {
            let write = |out: &mut dyn Write| {
                if bookmarks {
                    library.export_bookmarks(format, None, out)
                } else {
                    library.export_json(out)
                }
            };
            match output {
                Some(path) => newsdesk::write_synced(&path, write)?,
                None => write(&mut out)?,
            }
        }
        Command::Backup { file } => {
            let target = file.unwrap_or_else(|| newsdesk::new_backup_path(library.path()));
            let backup = library.backup_to(&target, &mut |_| {})?;
            output::line(
                &mut out,
                &format!(
                    "Backed up {} articles and {} bookmarks to {} ({:.1} MB).",
                    backup.articles,
                    backup.bookmarks,
                    backup.path.display(),
                    backup.bytes as f64 / 1e6
                ),
            )?;
        }
        Command::Restore { file } => {
            let kept = library.restore_from(&file, &mut |_| {})?;
            let stats = library.stats()?;
            output::line(
                &mut out,
                &format!(
                    "Restored {} articles from {}. The library as it was is kept in {}.",
                    stats.articles,
                    file.display(),
                    kept.display()
                ),
            )?;
        }
        Command::Optimize => {
            let sizes = library.optimize()?;
            output::line(
                &mut out,
                &format!(
                    "Optimized: {:.1} MB → {:.1} MB.",
                    sizes.bytes_before as f64 / 1e6,
                    sizes.bytes_after as f64 / 1e6
                ),
            )?;
        }
        Command::Stats { json } => {
            let stats = library.stats()?;
            if json {
                output::json(&mut out, &stats)?;
            } else {
                output::stats(&mut out, &stats, library.path())?;
            }
        }
        Command::Check => {
            let problems = library.check_integrity()?;
            for problem in &problems {
                output::line(&mut out, problem)?;
            }
            if !problems.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
            output::line(&mut out, "ok")?;
        }
    }
    out.flush().map_err(|e| Error::io("standard output", e))?;
    Ok(ExitCode::SUCCESS)
}

fn show(out: &mut impl Write, article: &newsdesk::model::Article, json: bool) -> Result<(), Error> {
    if json {
        output::json(out, article)
    } else {
        output::article(out, article)
    }
}

/// Opens the library. When an upgrade re-indexes it (a new search analysis), says so on stderr
/// with a progress bar when stderr is a terminal, and then what search finds since.
fn open_library(path: &std::path::Path) -> Result<Library, Error> {
    let mut bar: Option<ProgressBar> = None;
    let library = Library::open_leaving_reindex(path)?;
    let finds = library.finish_upgrade(&mut |done| {
        let bar = bar.get_or_insert_with(|| {
            eprintln!("newsdesk: updating the search index for this version …");
            progress::upgrade_bar()
        });
        bar.set_position((done * 100.0) as u64);
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
        for found in finds {
            eprintln!("newsdesk: search now finds {found}.");
        }
    }
    Ok(library)
}

/// After an unclean end of the last run (a crash, a killed import): checks the library and
/// rebuilds a damaged search index, saying so on stderr.
fn recover(library: &Library) -> Result<(), Error> {
    eprintln!("newsdesk: the library was not closed properly last time; checking it …");
    match library.recover(&mut |_| {})? {
        Health::Healthy => eprintln!("newsdesk: the library is fine."),
        Health::IndexDamaged(_) => {
            eprintln!("newsdesk: the search index was damaged and has been rebuilt.")
        }
        Health::Corrupt(problems) => {
            return Err(Error::Malformed(format!(
                "the library file is damaged ({}); restore a backup with `newsdesk restore FILE`",
                problems.join("; ")
            )));
        }
    }
    Ok(())
}

/// Imports with a progress bar on stderr when it is a terminal.
fn import_with_progress(
    library: &mut Library,
    paths: &[PathBuf],
) -> Result<newsdesk::model::ImportReport, Error> {
    let bar = progress::import_bar();
    let report = Importer::new(library)
        .on_progress(|update: &ImportProgress| progress::show(&bar, update))
        .import_paths(paths);
    bar.finish_and_clear();
    report
}
