// Runs the unchanged ui/ in headless Chromium with Tauri's IPC mocked by a fake backend.
// The page is served with the app's Content-Security-Policy; any violation fails the test.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
const UI = join(ROOT, "ui");
export const SCREENSHOTS = join(ROOT, "docs/screenshots");

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

/** The Content-Security-Policy of src-tauri/tauri.conf.json, as a header. */
function appCsp() {
  const config = JSON.parse(readFileSync(join(ROOT, "src-tauri/tauri.conf.json"), "utf8"));
  return Object.entries(config.app.security.csp).map(([key, value]) => `${key} ${value}`).join("; ");
}

/** Tauri's JS API bundle, from the tauri crate the app is built with. */
function tauriBundle() {
  const metadata = JSON.parse(
    execFileSync("cargo", ["metadata", "--format-version", "1", "--locked"], { cwd: ROOT, maxBuffer: 64 << 20 }),
  );
  const tauri = metadata.packages.find((p) => p.name === "tauri");
  return readFileSync(join(dirname(tauri.manifest_path), "scripts/bundle.global.js"), "utf8");
}

function serve() {
  const csp = appCsp();
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = join(UI, path === "/" ? "index.html" : path);
    if (!file.startsWith(UI)) return response.writeHead(403).end();
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-security-policy": csp });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

/**
 * Starts Chromium and the UI server.
 * @returns {Promise<{open: (options?: object, view?: object) => Promise<import("playwright-core").Page>,
 *                     close: () => Promise<void>}>}
 */
export async function startUi() {
  const bundle = tauriBundle();
  const fake = readFileSync(join(import.meta.dirname, "fake-backend.js"), "utf8");
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  return {
    /**
     * A page with the app and a fake backend of `options` (articles, titles, history, imports).
     * `theme` is the saved theme setting the page starts with. Fails on page errors, dialogs
     * (alert) and CSP violations.
     */
    async open(options = {}, { width = 1280, height = 800, colorScheme = "light", reducedMotion = "no-preference",
      theme = null } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme, reducedMotion });
      const page = await context.newPage();
      page.problems = [];
      page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
      page.on("dialog", (dialog) => {
        page.problems.push(`unexpected ${dialog.type()}: ${dialog.message()}`);
        dialog.dismiss();
      });
      page.on("console", (message) => {
        if (message.type() === "error") page.problems.push(`console: ${message.text()}`);
      });
      await page.addInitScript(`window.__FAKE_OPTIONS__ = ${JSON.stringify(options)};`);
      if (theme) {
        await page.addInitScript(`localStorage.setItem("newsdesk.settings", ${JSON.stringify(JSON.stringify({ theme }))});`);
      }
      await page.addInitScript(bundle);
      await page.addInitScript(fake);
      await page.goto(url);
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}
