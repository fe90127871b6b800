//! The import progress bar: it follows bytes read across all files (so one big file moves it
//! too), with the files done and the articles added beside it, and an ETA.

use std::io::IsTerminal;

use indicatif::{HumanBytes, ProgressBar, ProgressStyle};
use newsdesk::model::ImportProgress;

/// The bar's style: position and ETA from indicatif, the rest from [`bar_state`].
pub const TEMPLATE: &str = "{bar:30} {percent:>3}% · {eta} left · {msg}";

/// What the bar shows for one progress message: its length, its position and its message.
#[derive(Debug, PartialEq, Eq)]
pub struct BarState {
    pub length: u64,
    pub position: u64,
    pub message: String,
}

/// The bar for a progress message: bytes when the inputs' sizes are known, files otherwise.
pub fn bar_state(progress: &ImportProgress) -> BarState {
    let files = format!("{}/{} files", progress.files_done, progress.files_total);
    let (length, position, amount) = if progress.bytes_total > 0 {
        let done = progress.bytes_done.min(progress.bytes_total);
        let amount = format!(
            "{}/{} · {files}",
            HumanBytes(done),
            HumanBytes(progress.bytes_total)
        );
        (progress.bytes_total, done, amount)
    } else {
        let total = u64::from(progress.files_total);
        (total, u64::from(progress.files_done).min(total), files)
    };
    let mut message = format!("{amount} · {} added", progress.articles_added);
    if progress.failed > 0 {
        message.push_str(&format!(" · {} failed", progress.failed));
    }
    if let Some(file) = &progress.current_file {
        // A file's name is shown, never obeyed: no control character reaches the terminal.
        message.push_str(&format!(" · {}", super::output::visible(file)));
    }
    BarState {
        length,
        position,
        message,
    }
}

/// A bar on stderr when it is a terminal, a hidden one otherwise.
fn stderr_bar(length: u64, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(length);
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The bar of an import.
pub fn import_bar() -> ProgressBar {
    stderr_bar(0, TEMPLATE)
}

/// The bar of an upgrade that re-indexes the library, in percent.
pub fn upgrade_bar() -> ProgressBar {
    stderr_bar(100, "{bar:30} {pos}% · {eta} left")
}

/// Shows a progress message on the bar.
pub fn show(bar: &ProgressBar, progress: &ImportProgress) {
    let state = bar_state(progress);
    bar.set_length(state.length);
    bar.set_position(state.position);
    bar.set_message(state.message);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(
        files_done: u32,
        files_total: u32,
        bytes_done: u64,
        bytes_total: u64,
    ) -> ImportProgress {
        ImportProgress {
            files_done,
            files_total,
            current_file: Some("big.txt".into()),
            articles_added: 1_204,
            duplicates: 3,
            failed: 0,
            bytes_total,
            bytes_done,
        }
    }

    #[test]
    fn one_big_file_moves_the_bar_by_bytes() {
        let state = bar_state(&progress(0, 1, 30 * 1024 * 1024, 120 * 1024 * 1024));
        assert_eq!(
            state,
            BarState {
                length: 120 * 1024 * 1024,
                position: 30 * 1024 * 1024,
                message: "30.00 MiB/120.00 MiB · 0/1 files · 1204 added · big.txt".into(),
            }
        );
    }

    #[test]
    fn unknown_sizes_count_files_and_failures_show() {
        let mut unknown = progress(2, 5, 0, 0);
        unknown.failed = 1;
        unknown.current_file = None;
        assert_eq!(
            bar_state(&unknown),
            BarState {
                length: 5,
                position: 2,
                message: "2/5 files · 1204 added · 1 failed".into()
            }
        );
    }

    #[test]
    fn bytes_past_the_total_stay_at_the_end() {
        let state = bar_state(&progress(1, 1, 2_000, 1_500));
        assert_eq!((state.length, state.position), (1_500, 1_500));
    }
}
