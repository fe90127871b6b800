// The page's entry. The first frame needs no code of the window's: the chrome and the list's
// skeleton rows are HTML and CSS. This module only applies the reader's settings (the theme must
// not flash), asks for that frame, and then imports the window's wiring (bootstrap.js), whose
// modules WebKit has been fetching meanwhile (index.html preloads them).

import { reportReady } from "./api.js";
import { applySettings } from "./settings.js";
import { state } from "./state.js";

performance.mark("main-start");
applySettings(state.settings);
// Resolves to what the start-up benchmark asks of the page, after the first frame.
const firstFrame = new Promise((resolve) =>
  requestAnimationFrame(() => reportReady().then(resolve, () => resolve(null))));
const { start } = await import("./bootstrap.js");
start(firstFrame);
