//! The start-up benchmark's view of the app (`scripts/measure-startup.sh`). Started with
//! `NEWSDESK_REPORT_READY=1`, the app prints `newsdesk-ready <ms>` when its page has painted its
//! first frame and `newsdesk-mark <name> <ms>` at the steps of its start-up (ms since the process
//! started); with `NEWSDESK_BENCH_SESSION=1` too, the page then runs its scripted session. Without
//! these variables nothing is printed and nothing runs.

use std::sync::OnceLock;
use std::time::Instant;

/// Environment variable that makes the app report its first paint and start-up marks.
pub const ENV_REPORT_READY: &str = "NEWSDESK_REPORT_READY";

/// Environment variable that makes the page run the benchmark's session (20 articles opened,
/// 10 searches) after its start-up.
pub const ENV_BENCH_SESSION: &str = "NEWSDESK_BENCH_SESSION";

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Notes when the process started (first thing in `run`).
pub fn note_start() {
    let _ = STARTED.set(Instant::now());
}

fn reporting() -> bool {
    std::env::var_os(ENV_REPORT_READY).is_some()
}

/// Milliseconds since the process started.
fn elapsed_ms() -> f64 {
    STARTED
        .get()
        .map_or(0.0, |started| started.elapsed().as_secs_f64() * 1e3)
}

/// Prints a start-up mark (only when reporting).
pub fn mark(name: &str) {
    if reporting() {
        println!("newsdesk-mark {name} {:.0}", elapsed_ms());
    }
}

/// Prints the first paint (only when reporting).
pub fn report_ready() {
    if reporting() {
        println!("newsdesk-ready {:.0}", elapsed_ms());
    }
}

/// Prints the page's start-up marks and counts (requests, bytes). Marks are given in ms of the
/// page's clock, which read `page_now` at the call: each becomes ms since the process started
/// (the call's own latency, under a millisecond, is ignored).
pub fn report_page(marks: &[(String, f64)], page_now: f64, counts: &[(String, f64)]) {
    if !reporting() {
        return;
    }
    let now = elapsed_ms();
    for (name, at) in marks {
        println!("newsdesk-mark {} {:.0}", plain(name), now - (page_now - at));
    }
    for (name, value) in counts {
        println!("newsdesk-count {} {value:.0}", plain(name));
    }
}

/// A name kept to letters, digits and dashes: it ends up in a benchmark's table.
fn plain(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// What the benchmark asks of the page.
#[derive(Debug, serde::Serialize, PartialEq, Eq)]
pub struct Benchmark {
    /// Report the start-up marks (`report_startup`).
    pub profile: bool,
    /// Run the scripted session, then report its end.
    pub session: bool,
}

pub fn benchmark() -> Benchmark {
    let profile = reporting();
    Benchmark {
        profile,
        session: profile && std::env::var_os(ENV_BENCH_SESSION).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_benchmark_the_page_is_asked_nothing() {
        // The page reads these two names (ui/js/bootstrap.js, ui/js/startup-report.js).
        assert_eq!(
            serde_json::to_value(benchmark()).unwrap(),
            serde_json::json!({ "profile": false, "session": false })
        );
    }

    #[test]
    fn mark_names_keep_letters_digits_and_dashes() {
        assert_eq!(plain("library-shown"), "library-shown");
        assert_eq!(plain("a b\n<i>c</i>-1"), "abici-1");
    }
}
