//! The start-up benchmark's baseline (`scripts/measure-startup.sh`): one window, one page, one
//! command. Started with `NEWSDESK_REPORT_READY=1` it prints `newsdesk-ready <ms since the
//! process started>` when the page has painted its first frame, as Newsdesk does, and the
//! marks of Newsdesk's start-up profile that it has too: Tauri built, window created, and the
//! page's load milestones.

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

fn elapsed_ms() -> Option<f64> {
    let started = STARTED.get()?;
    std::env::var_os("NEWSDESK_REPORT_READY").map(|_| started.elapsed().as_secs_f64() * 1e3)
}

fn print_ms(what: &str) {
    if let Some(ms) = elapsed_ms() {
        println!("{what} {ms:.0}");
    }
}

#[tauri::command]
fn report_ready() {
    print_ms("newsdesk-ready");
}

/// The page's marks (name, ms of the page's clock), which read `now` at the call, printed as
/// ms since the process started, as Newsdesk's `report_startup` does.
#[tauri::command]
fn report_page(marks: Vec<(String, f64)>, now: f64) {
    if let Some(ms) = elapsed_ms() {
        for (name, at) in marks {
            let name: String = name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            println!("newsdesk-mark {name} {:.0}", ms - (now - at));
        }
    }
}

fn main() {
    let _ = STARTED.set(Instant::now());
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![report_ready, report_page])
        .setup(|_| {
            print_ms("newsdesk-mark setup");
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            print_ms("newsdesk-mark plugins");
            app.run(|_, _| {});
        }
        Err(error) => {
            eprintln!("hello-tauri: {error}");
            std::process::exit(1);
        }
    }
}
