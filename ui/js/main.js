// The page's entry. The first frame needs no code of the window's: the chrome and the list's
// skeleton rows are HTML and CSS. This module only applies the reader's settings (the theme must
// not flash) and waits for that frame; then it imports the window's wiring (bootstrap.js), whose
// modules WebKit has been fetching meanwhile (index.html preloads them), and that asks for the
// library. Neither the window's code nor the library's first queries run before the frame is
// painted: on a busy machine they would compete with it.

import { reportReady } from "./api.js";
import { applySettings } from "./settings.js";
import { state } from "./state.js";

performance.mark("main-start");
applySettings(state.settings);
/** Resolves to what the start-up benchmark asks of the page (see startup-report.js). */
let asked;
await new Promise((resolve) =>
  requestAnimationFrame(() => {
    asked = reportReady().catch(() => null);
    // A task queued from the frame's callback runs after the frame is painted.
    setTimeout(resolve);
  }));
const { start } = await import("./bootstrap.js");
start(asked);
