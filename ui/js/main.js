// The page's entry. The first frame needs no code of the window's: the chrome and the list's
// skeleton rows are HTML and CSS. This module only applies the reader's settings (the theme must
// not flash) and waits for that frame; then it imports the window's wiring (bootstrap.js) and
// that asks for the library. Neither the window's code nor the library's first queries run before
// the frame is painted: on a busy machine they would compete with it. The frame waits only for
// this module and the two it imports (index.html preloads them).

import { reportReady } from "./api.js";
import { applySettings, loadSettings } from "./settings.js";

/** bootstrap.js and every module it imports, directly or not: fetched in one round once the
 *  frame is painted, instead of level by level as the imports are found (a test checks it). */
const WINDOW_MODULES = [
  "./bootstrap.js",
  "./state.js",
  "./library-views.js",
  "./controllers/care.js",
  "./controllers/history.js",
  "./controllers/importing.js",
  "./controllers/library.js",
  "./controllers/reading.js",
  "./dom.js",
  "./keyboard.js",
  "./page.js",
  "./views/dialogs.js",
  "./views/history.js",
  "./views/importer.js",
  "./views/library-panel.js",
  "./views/list.js",
  "./views/reader.js",
  "./views/sidebar.js",
];

performance.mark("main-start");
applySettings(loadSettings());
/** Resolves to what the start-up benchmark asks of the page (see startup-report.js). */
let asked;
await new Promise((resolve) =>
  requestAnimationFrame(() => {
    asked = reportReady().catch(() => null);
    // A task queued from the frame's callback runs after the frame is painted.
    setTimeout(resolve);
  }));
for (const module of WINDOW_MODULES) {
  const link = document.createElement("link");
  link.rel = "modulepreload";
  link.href = new URL(module, import.meta.url).href;
  document.head.append(link);
}
const { start } = await import("./bootstrap.js");
start(asked);
