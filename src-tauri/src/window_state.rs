//! Remembering the window's size and position. The window-state plugin writes them to disk only
//! at a clean exit; this saves them shortly after every change too, so a crash or a killed
//! process still reopens the window as the person left it.

use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use tauri::{AppHandle, Runtime};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// How long the window must stay still before its state is written.
const QUIET: Duration = Duration::from_millis(400);

pub struct WindowStateSaver {
    changes: Sender<()>,
}

impl WindowStateSaver {
    /// Starts the background thread that writes the state after changes settle.
    pub fn start<R: Runtime>(app: AppHandle<R>) -> WindowStateSaver {
        let (changes, settled) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            while settled.recv().is_ok() {
                while settled.recv_timeout(QUIET).is_ok() {}
                if let Err(error) = app.save_window_state(StateFlags::all()) {
                    eprintln!("newsdesk: could not save the window's size and position: {error}");
                }
            }
        });
        WindowStateSaver { changes }
    }

    /// Notes that the window moved or was resized.
    pub fn changed(&self) {
        // The thread only ends with the app; a failed send loses nothing worth reporting.
        let _ = self.changes.send(());
    }
}
