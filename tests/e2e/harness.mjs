// Drives the real Newsdesk app through WebDriver: tauri-driver in front of WebKitWebDriver.
// Each session gets a throw-away data folder, never the user's library.

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

export const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.NEWSDESK_APP ?? join(ROOT, "target/debug/newsdesk-app");
export const SCREENSHOTS = join(ROOT, "docs/screenshots");
const PORT = 4444;

function portOpen(port) {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.end(); done(true); });
    socket.once("error", () => done(false));
  });
}

async function waitForPort(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

/**
 * Starts tauri-driver and a WebDriver session on the app with a fresh data folder (or the
 * given one, to start the app again on the same library and settings).
 * @returns {Promise<{browser: WebdriverIO.Browser, dataDir: string, stop: () => Promise<void>}>}
 */
export async function startApp({ dataDir = mkdtempSync(join(tmpdir(), "newsdesk-e2e-")) } = {}) {
  const env = {
    ...process.env,
    NEWSDESK_DATA_DIR: dataDir,
    NEWSDESK_E2E: "1",
    // WebDriver's screenshots (WebKit's snapshot) never answer when WebKitGTK 2.50 paints without
    // accelerated compositing, as the app does by default: the tests keep WebKit's default. The
    // app's own mode is what the package test (an X screenshot) and the start-up benchmark run.
    NEWSDESK_COMPOSITING: "1",
    // Window state and WebKit caches go to the throw-away folder too.
    XDG_CONFIG_HOME: join(dataDir, "config"),
    XDG_CACHE_HOME: join(dataDir, "cache"),
    XDG_DATA_HOME: join(dataDir, "data"),
  };
  const driver = spawn("tauri-driver", ["--port", String(PORT), "--native-port", String(PORT + 1)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForPort(PORT, 20_000);
  const browser = await remote({
    hostname: "127.0.0.1",
    port: PORT,
    logLevel: "warn",
    capabilities: {
      "tauri:options": { application: APP },
      "wdio:enforceWebDriverClassic": true,
    },
  });
  return {
    browser,
    dataDir,
    /**
     * Closes the window like a person would (the app saves its state), then the session, and
     * makes sure the app is gone: once in a while WebKitWebDriver closes the web view but leaves
     * the app running, and an app left over keeps the test runner's output open (it never ends).
     */
    async stop() {
      await browser.closeWindow().catch(() => {});
      await browser.deleteSession().catch(() => {});
      driver.kill();
      await new Promise((done) => driver.once("exit", done));
      await stopLeftOverApps();
    },
  };
}

/** The ids of the app's processes still running (tests run one at a time: all of them are ours). */
function runningApps() {
  try {
    const command = `^${APP.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( |$)`;
    return execFileSync("pgrep", ["-f", command], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch {
    return []; // pgrep exits with 1 when nothing matches
  }
}

/** Gives the app 5 s to end on its own, then sends it SIGTERM (it closes cleanly on it). */
async function stopLeftOverApps() {
  for (const signal of [null, "SIGTERM", "SIGKILL"]) {
    if (signal) {
      for (const pid of runningApps()) {
        try { process.kill(Number(pid), signal); } catch { /* already gone */ }
      }
    }
    const until = Date.now() + 5_000;
    while (runningApps().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (runningApps().length === 0) return;
  }
}

/** Waits until `check` returns a truthy value; returns it. */
export async function until(browser, check, message, timeout = 15_000) {
  let value;
  await browser.waitUntil(async () => (value = await check()), { timeout, interval: 100, timeoutMsg: message });
  return value;
}

/**
 * Clicks the list row `row` until the reader shows the article titled `title`. A list that is
 * re-rendered just then (a view or a search changing) can replace the row under the click, so
 * the click is repeated on the row found anew rather than trusted once.
 */
export async function openRow(browser, row, title) {
  await until(browser, async () => {
    const shown = await browser.$(".article-title").getText().catch(() => "");
    if (shown === title) return true;
    await browser.$(row).click().catch(() => {});
    return false;
  }, `${title} open`);
}

/** The visible text of every element matching a selector. */
export async function texts(browser, selector) {
  return browser.execute(
    (sel) => Array.from(document.querySelectorAll(sel), (el) => el.textContent.trim()),
    selector,
  );
}

const xdotool = (...args) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();

/** Resizes the app's X window like a window manager would. It is found by its title: "Newsdesk",
 *  or "… — Newsdesk" with an article open. */
export function resizeAppWindow(width, height) {
  const window = xdotool("search", "--name", "(^| — )Newsdesk$").split("\n")[0];
  xdotool("windowsize", window, String(width), String(height));
}

/**
 * Answers the system's file dialog by typing a path into it (xdotool on the X display).
 * @param {string} title the dialog's window title
 * @param {string} path
 */
export async function answerFileDialog(title, path) {
  // The dialog's window can exist before it is shown, and cannot take the focus until it is:
  // look only among shown windows, and try the focus again while it is being mapped.
  let window = "";
  for (let tries = 0; tries < 100 && !window; tries++) {
    try {
      window = xdotool("search", "--onlyvisible", "--name", title).split("\n")[0];
      xdotool("windowfocus", "--sync", window);
    } catch {
      window = "";
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!window) throw new Error(`no "${title}" dialog appeared`);
  xdotool("key", "--window", window, "ctrl+l");
  await new Promise((r) => setTimeout(r, 300));
  xdotool("type", "--window", window, path);
  await new Promise((r) => setTimeout(r, 300));
  xdotool("key", "--window", window, "Return");
}
