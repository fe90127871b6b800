//! The start-up benchmark's baseline (`scripts/measure-startup.sh`): one window, one page, one
//! command. Started with `NEWSDESK_REPORT_READY=1` it prints `newsdesk-ready <ms since the
//! process started>` when the page has painted its first frame, as Newsdesk does, and the two
//! marks of Newsdesk's start-up profile that it has too: Tauri built, window created.

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

fn print_ms(what: &str) {
    if std::env::var_os("NEWSDESK_REPORT_READY").is_some()
        && let Some(started) = STARTED.get()
    {
        println!("{what} {}", started.elapsed().as_millis());
    }
}

#[tauri::command]
fn report_ready() {
    print_ms("newsdesk-ready");
}

fn main() {
    let _ = STARTED.set(Instant::now());
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![report_ready])
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
