// Accessibility in headless Chromium: axe-core (WCAG 2.1 A/AA) on every state of the UI in every
// theme at two widths, focus after each action, reading by keyboard, the visible selection,
// contrast of every text the page renders, reduced motion, and zoom.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { axeCheck } from "./axe.mjs";
import { startUi } from "./harness.mjs";

let ui;
before(async () => (ui = await startUi()));
after(async () => ui?.close());

const DAY = 86_400_000;
const VISITS = [
  [3, { opened_at: new Date().toISOString(), progress: 0.4 }],
  [4, { opened_at: new Date(Date.now() - DAY).toISOString(), progress: 1 }],
];
const IMPORT = {
  paths: ["/home/reader/news/week.txt"],
  progress: [{ files_done: 1, files_total: 3, bytes_done: 4_000, bytes_total: 9_000, articles_added: 7,
    duplicates: 1, failed: 0, current_file: "/home/reader/news/week.txt" }],
  report: {
    added: 7, duplicates: 1, failed: 1, skipped: 1,
    files: [
      { path: "/home/reader/news/week.txt", status: "imported", added: 7, duplicates: 1, error: null, first_article: 1 },
      { path: "/home/reader/news/photo.png", status: "skipped", added: 0, duplicates: 0,
        error: "skipped: a PNG image is not a news file", first_article: null },
      { path: "/home/reader/news/scan.txt", status: "failed", added: 0, duplicates: 0,
        error: "not a text file: it is a PNG image", first_article: null },
    ],
  },
};
/** A library with history and a pending import, for walking every state. */
const LIBRARY = { articles: 12, history: VISITS, imports: IMPORT };

/** Themes as a person gets them: the system theme under a light and a dark OS, and each choice. */
const THEMES = [
  { name: "system (OS light)", colorScheme: "light", theme: null },
  { name: "system (OS dark)", colorScheme: "dark", theme: null },
  { name: "light", colorScheme: "dark", theme: "light" },
  { name: "dark", colorScheme: "light", theme: "dark" },
  { name: "sepia", colorScheme: "dark", theme: "sepia" },
];
const WIDTHS = [1280, 900];

const title = (page) => page.textContent("#list-title");
const waitTitle = (page, text) =>
  page.waitForFunction((t) => document.getElementById("list-title").textContent === t, text);

/**
 * Walks a page through every state of the UI; `visit(state)` runs in each. The empty library is
 * a page of its own.
 */
async function walkStates(open, visit) {
  const empty = await open({ articles: 0 });
  await empty.waitForSelector("#empty-state:not([hidden])");
  await visit("empty library", empty);
  assert.deepEqual(empty.problems, []);

  const page = await open(LIBRARY);
  await page.waitForSelector(".article-row:not(.placeholder)");
  await page.focus("#article-list");
  await page.keyboard.press("j");
  await visit("list", page);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".article-title");
  await page.keyboard.press("b");
  await page.waitForSelector('.bookmark-toggle[aria-pressed="true"]');
  await visit("reader", page);
  await page.fill("#search-input", "story 1");
  await waitTitle(page, "4 results");
  await visit("search results", page);
  await page.fill("#search-input", "zebra");
  await waitTitle(page, "0 results");
  await visit("zero results", page);
  await page.keyboard.press("Escape");
  await waitTitle(page, "All articles");
  await page.click('[data-view="bookmarked"]');
  await page.waitForSelector("#remove-bookmark:not([hidden])");
  await visit("bookmarks", page);
  await page.click('[data-view="history"]');
  await page.waitForSelector(".history-entry");
  await visit("history", page);
  await page.click("[data-action=settings]");
  await page.waitForFunction(() => document.querySelectorAll("#library-facts dd").length === 4);
  await visit("settings", page);
  await page.keyboard.press("Escape");
  await page.click("[data-action=shortcuts]");
  await page.waitForSelector("#shortcuts-dialog[open]");
  await visit("shortcuts", page);
  await page.keyboard.press("Escape");
  await page.click(".toolbar [data-action=import-files]");
  await page.waitForFunction(() => document.querySelector(".import-counts")?.textContent.startsWith("1 of 3"));
  await visit("import progress", page);
  await page.evaluate(() => window.__finishImport());
  await page.waitForSelector("#import-panel[data-state=done]");
  await visit("import report", page);
  assert.deepEqual(page.problems, []);
}

test("axe: no WCAG 2.1 A/AA violation in any state, theme or width", async () => {
  const violations = [];
  let checks = 0;
  for (const width of WIDTHS) {
    for (const theme of THEMES) {
      const open = (options) => ui.open(options, { width, height: 720, colorScheme: theme.colorScheme, theme: theme.theme });
      await walkStates(open, async (state, page) => {
        const result = await axeCheck(page);
        checks++;
        console.log(`axe: ${state} × ${theme.name} × ${width} px: ${result.passes} rules passed, ` +
          `${result.violations.length} violated`);
        violations.push(...result.violations.map((v) => `${state} × ${theme.name} × ${width} px: ${v}`));
      });
    }
  }
  assert.equal(checks, 11 * THEMES.length * WIDTHS.length);
  assert.deepEqual(violations, []);
});
