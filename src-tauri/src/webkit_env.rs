//! WebKitGTK's environment (Linux). The app turns WebKit's compositing off through WebKit's own
//! variables before GTK starts, and keeps them out of the programs it starts for the user.
//!
//! WebKitGTK composites pages with OpenGL by default. For Newsdesk's pages (text, a few panes)
//! that buys nothing and costs the window's first frame and memory: OpenGL's start and one
//! texture per layer, in the web process's own memory where the GL is software (no GPU, or a
//! virtual machine). Measured under Xvfb (BENCHMARKS.md): without it the first frame comes
//! 0.1–0.4 s sooner and the web process holds 60–100 MB less.
//!
//! WebKit is told before GTK starts: compositing off, and no DMA-BUF renderer (the buffers a
//! composited page is handed over in). Set later, as the webview's hardware-acceleration
//! policy, it came after WebKit had begun to set both processes up for compositing: the web
//! process asked for the page about 30 ms later, and the app's process held 4–5 MB more
//! (BENCHMARKS.md). Mesa's libraries are loaded either way. `NEWSDESK_COMPOSITING=1` keeps
//! WebKit's default (the WebDriver tests do: WebKit's snapshots, their screenshots, need
//! compositing), and a value the user gave either variable is kept.

use std::io;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::ENV_COMPOSITING;

/// WebKit's variables that turn its compositing off.
const COMPOSITING_OFF: [&str; 2] = [
    "WEBKIT_DISABLE_COMPOSITING_MODE",
    "WEBKIT_DISABLE_DMABUF_RENDERER",
];

/// The variables `paint_without_compositing` set: the app's, not the user's.
static SET_BY_THE_APP: OnceLock<Vec<&'static str>> = OnceLock::new();

/// Sets WebKit's variables (those the user did not set). Called first thing in `run`.
pub fn paint_without_compositing() {
    let to_set = variables_to_set(|name| std::env::var_os(name).is_some());
    for variable in &to_set {
        // SAFETY: `run` calls this first, while the process has one thread: nothing else reads
        // or writes the environment at the same time.
        unsafe { std::env::set_var(variable, "1") };
    }
    let _ = SET_BY_THE_APP.set(to_set);
}

/// WebKit's variables that turn compositing off and that are not set yet (`is_set` tells),
/// unless `NEWSDESK_COMPOSITING` asks for WebKit's default.
fn variables_to_set(is_set: impl Fn(&str) -> bool) -> Vec<&'static str> {
    if is_set(ENV_COMPOSITING) {
        return Vec::new();
    }
    COMPOSITING_OFF
        .into_iter()
        .filter(|variable| !is_set(variable))
        .collect()
}

/// How long a launcher has to fail before it counts as started: `xdg-open` with no browser to
/// hand the address to ends at once; one that found it ends, or stays with the browser.
const LAUNCH_CHECK: Duration = Duration::from_millis(700);

/// Opens a web address in the user's browser, as the `open` crate's launchers do (`xdg-open`,
/// then `gio`, ...), with the environment the user gave the app: a WebKit browser (GNOME Web)
/// would otherwise start without compositing too.
pub fn open_web_page(url: &str) -> io::Result<()> {
    launch_first(
        open::commands(url),
        SET_BY_THE_APP.get().map_or(&[], Vec::as_slice),
    )
}

/// Starts the first launcher that starts and does not fail within `LAUNCH_CHECK`, without
/// `removed` in its environment.
fn launch_first(launchers: Vec<Command>, removed: &[&str]) -> io::Result<()> {
    let mut failure = io::Error::new(io::ErrorKind::NotFound, "no program opens web addresses");
    for mut launcher in launchers {
        for variable in removed {
            launcher.env_remove(variable);
        }
        let started = launcher
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match started {
            Ok(child) => child,
            Err(error) => {
                failure = error;
                continue;
            }
        };
        match exit_within(&mut child, LAUNCH_CHECK)? {
            Some(status) if !status.success() => {
                failure = io::Error::other(format!(
                    "{} could not open the address ({status})",
                    launcher.get_program().to_string_lossy()
                ));
            }
            Some(_) => return Ok(()),
            None => {
                // Still running (the browser itself): reaped when it ends.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
        }
    }
    Err(failure)
}

/// The child's exit status if it ends within `limit`.
fn exit_within(child: &mut Child, limit: Duration) -> io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositing_is_turned_off_unless_asked_for_or_set_by_the_user() {
        let to_set = |set: &[&str]| variables_to_set(|name| set.contains(&name));
        assert_eq!(to_set(&[]), COMPOSITING_OFF);
        assert_eq!(
            to_set(&["WEBKIT_DISABLE_DMABUF_RENDERER"]),
            ["WEBKIT_DISABLE_COMPOSITING_MODE"]
        );
        assert!(to_set(&[ENV_COMPOSITING]).is_empty());
    }

    /// A launcher that succeeds only when WebKit's variable is not in its environment.
    fn launcher_checking_the_environment() -> Command {
        let mut command = Command::new("sh");
        command
            .args(["-c", "test -z \"$WEBKIT_DISABLE_COMPOSITING_MODE\""])
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        command
    }

    #[test]
    fn the_browser_gets_the_environment_without_the_apps_webkit_variables() {
        assert!(launch_first(vec![launcher_checking_the_environment()], &COMPOSITING_OFF).is_ok());
        // Kept when the app did not set it (the user did).
        let kept = launch_first(vec![launcher_checking_the_environment()], &[]);
        assert!(
            kept.unwrap_err()
                .to_string()
                .contains("could not open the address")
        );
    }

    #[test]
    fn a_launcher_that_is_missing_or_fails_gives_way_to_the_next() {
        let missing = Command::new("/nonexistent/xdg-open");
        let failing = Command::new("false");
        assert!(launch_first(vec![missing, failing, Command::new("true")], &[]).is_ok());
        let failed = launch_first(vec![Command::new("false")], &[]).unwrap_err();
        assert!(
            failed.to_string().starts_with("false could not open"),
            "{failed}"
        );
        let none = launch_first(vec![Command::new("/nonexistent/xdg-open")], &[]).unwrap_err();
        assert_eq!(none.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_launcher_still_running_counts_as_started() {
        let mut browser = Command::new("sleep");
        browser.arg("5");
        let started = Instant::now();
        assert!(launch_first(vec![browser, Command::new("false")], &[]).is_ok());
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
