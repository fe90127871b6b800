// End-to-end test of the real app (real window, real Rust backend, real SQLite file):
// empty state → sample news → read → search → bookmark → drop a folder with a photo (skipped) and
// a binary file named like text (failed) beside a good file. axe-core checks the main states in
// the real WebKit webview.
//
// Dropping files: no test can drag files from a desktop, so the test emits Tauri's own
// `tauri://drag-drop` event (the one the window receives on a real drop) from the page. The app's
// drop listener then runs exactly as for a real drop. Emitting events is granted only to debug
// builds started with NEWSDESK_E2E=1 (see src-tauri/src/lib.rs).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { AXE_OPTIONS, AXE_SOURCE, summarize } from "../ui/axe.mjs";
import { ROOT, SCREENSHOTS, answerFileDialog, openRow, resizeAppWindow, startApp, texts, until } from "./harness.mjs";

const JAPAN = "Japan PM Takaichi Reappointed Following Election";
const PNG = Buffer.from("89504e470d0a1a0a0000000d494844520000000100000001080600000000", "hex");

let app;
let browser;

before(async () => {
  app = await startApp();
  browser = app.browser;
});

after(async () => {
  await app?.stop();
});

/** Saves a screenshot once the page has painted its latest changes. */
async function shot(name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.saveScreenshot(join(SCREENSHOTS, `${name}.png`));
}

/** Runs axe-core (WCAG 2.1 A/AA) on the window as it is now; fails on any violation. */
async function assertAccessible(state) {
  if (!(await browser.execute(() => "axe" in window))) await browser.execute(AXE_SOURCE);
  const result = await browser.executeAsync((options, done) => {
    window.axe.run(document, options).then(
      (r) => done({
        passes: r.passes.map((rule) => rule.id),
        violations: r.violations.map((v) => ({ id: v.id, impact: v.impact,
          nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })),
      }),
      (error) => done({ error: String(error) }));
  }, AXE_OPTIONS);
  assert.equal(result.error, undefined);
  const { passes, violations } = summarize(result);
  console.log(`axe (real app): ${state}: ${passes} rules passed, ${violations.length} violated`);
  assert.deepEqual(violations, [], state);
}

/** Emits the drag-and-drop events the window gets when files are dropped on it. */
async function drop(paths) {
  const emit = (event, dropped) => {
    // Not awaited: WebDriver cannot return the promise; the test waits for the effect instead.
    window.__TAURI__.event.emit(event, { paths: dropped, position: { x: 400, y: 300 } });
  };
  await browser.execute(emit, "tauri://drag-enter", paths);
  await until(browser, () => browser.$("#drop-overlay").isDisplayed(), "drop overlay shown");
  await shot("drop-overlay");
  await browser.execute(emit, "tauri://drag-drop", paths);
}

test("a first run: sample news, reading, search, bookmark, drop", async () => {
  // Empty library: the inviting empty state.
  const empty = await browser.$("#empty-state");
  await until(browser, () => empty.isDisplayed(), "empty state shown");
  assert.match(await empty.getText(), /Drop news files or whole folders/);
  await shot("empty-state");
  await assertAccessible("empty library");
  // Linux: the shell marks the page, before it is parsed, to take fontconfig's own families.
  assert.deepEqual(
    await browser.execute(() => [document.documentElement.dataset.fonts, getComputedStyle(document.body).fontFamily]),
    ["fontconfig", "sans-serif"],
  );

  // Load sample news: four stories listed.
  await browser.$("#empty-state [data-action=load-sample]").click();
  await until(browser, async () => (await texts(browser, ".article-row .row-title")).length === 4, "4 rows");
  assert.equal(await empty.isDisplayed(), false);
  assert.deepEqual(await texts(browser, ".article-row .row-title"), [
    "Russian Senators Ratify North Korean Defense Pact",
    "Poland Bars Chinese-Made Cars from Military Sites Over Data Security Fears",
    "Starmer, Trump discussed Russia-Ukraine, Iran after Geneva Talks, Downing Street Says",
    JAPAN,
  ]);
  assert.match(await browser.$("#import-panel").getText(), /4 added · 0 duplicates · 0 failed/);
  await assertAccessible("list and import report");
  await browser.$("[data-action=close-report]").click();

  // Open the Japan story: title, caption and credit in the reader.
  await openRow(browser, ".article-row:nth-child(4)", JAPAN);
  assert.equal(
    await browser.$(".caption-text").getText(),
    "Sanae Takaichi gestures at the Lower House of the Parliament in Tokyo, Japan, 18 February 2026.",
  );
  assert.equal((await browser.$(".credit").getText()).toUpperCase(), "EPA/FRANCK ROBICHON");
  assert.equal((await texts(browser, ".article-body > *")).length, 21);
  await shot("reader");
  await assertAccessible("reader");

  // Search as you type: the word being typed matches as a prefix ("tak" → Takaichi), marked.
  await browser.$("#search-input").setValue("tak");
  await until(browser, async () => /results?$/.test(await browser.$("#list-title").getText()), "results for tak");
  assert.ok((await texts(browser, ".article-row .row-title")).includes(JAPAN), "tak lists the Takaichi story");
  const typed = await texts(browser, ".article-row mark");
  assert.ok(typed.map((mark) => mark.toLowerCase()).includes("takaichi"), `marks: ${typed}`);

  // In a phrase still being typed (no closing quote yet), its last word is a word start too.
  await browser.$("#search-input").setValue('"prime minis');
  await until(browser, async () => (await browser.$("#list-title").getText()) === "2 results", "2 results");
  assert.ok((await texts(browser, ".article-row .row-title")).includes(JAPAN), "the phrase lists the Takaichi story");
  const phrased = await texts(browser, ".article-row mark");
  assert.deepEqual([...new Set(phrased.map((mark) => mark.toLowerCase()))], ["prime minister"], `marks: ${phrased}`);

  // Search: "takaichi" finds the Japan story, with the hit marked.
  await browser.$("#search-input").setValue("takaichi");
  await until(browser, async () => (await browser.$("#list-title").getText()) === "1 result", "1 result");
  assert.deepEqual(await texts(browser, ".article-row .row-title"), [JAPAN]);
  const hits = await texts(browser, ".article-row mark");
  // Every mark is the searched word, and there is at least one (a set of none would differ).
  assert.deepEqual([...new Set(hits.map((hit) => hit.toLowerCase()))], ["takaichi"], `marks: ${hits}`);
  await shot("search");
  await assertAccessible("search results");

  // Bookmark it.
  await browser.$(".bookmark-toggle").click();
  await until(browser, async () => (await browser.$(".bookmark-toggle").getAttribute("aria-pressed")) === "true",
    "bookmarked");
  await until(browser, async () => {
    const counts = await browser.execute(() =>
      document.querySelector('[data-view="bookmarked"] .nav-count')?.textContent);
    return counts === "1";
  }, "sidebar counts 1 bookmark");

  // Drop a folder holding a good file and a binary one: the good one is imported, the bad one
  // reported with its reason.
  const folder = join(app.dataDir, "dropped");
  mkdirSync(folder);
  copyFileSync(join(ROOT, "tests/fixtures/cp1252.txt"), join(folder, "cafe-owners.txt"));
  writeFileSync(join(folder, "photo.png"), PNG);
  writeFileSync(join(folder, "scan.txt"), PNG);
  await drop([folder]);
  const panel = await browser.$("#import-panel");
  await until(browser, async () => (await panel.getAttribute("data-state")) === "done", "import finished");
  const statuses = await browser.execute(() =>
    Array.from(document.querySelectorAll(".report-file"), (row) => [
      row.dataset.status,
      row.querySelector(".report-name").textContent,
      row.querySelector(".report-detail").textContent,
    ]));
  assert.deepEqual(statuses, [
    ["imported", "cafe-owners.txt", "1 added"],
    ["skipped", "photo.png", "skipped: a PNG image is not a news file"],
    ["failed", "scan.txt", "not a text file: it is a PNG image, which Newsdesk cannot import"],
  ]);
  assert.match(await panel.getText(), /1 added · 0 duplicates · 1 failed · 1 skipped/);
  await shot("import-report");

  // The dropped article is in the library, with its Windows-1252 text intact.
  await browser.$("#search-input").setValue("liège");
  await until(browser, async () => (await texts(browser, ".article-row .row-title"))[0] ===
    "Café owners in Liège protest “unfair” energy prices", "dropped article found");
  const allCount = await browser.execute(() =>
    document.querySelector('[data-view="all"] .nav-count')?.textContent);
  assert.equal(allCount, "5");

  // The same import through the toolbar's native file dialog.
  await browser.$("[data-action=close-report]").click();
  await browser.$(".toolbar [data-action=import-files]").click();
  await answerFileDialog("Import news into Newsdesk", join(ROOT, "tests/fixtures/diacritics.txt"));
  await until(browser, async () => (await panel.getAttribute("data-state")) === "done", "dialog import done",
    30_000);
  assert.match(await panel.getText(), /1 added · 0 duplicates · 0 failed/);
  assert.equal(await browser.$(".report-name").getText(), "diacritics.txt");
  await browser.$("[data-action=close-report]").click();
});

const RUSSIA = "Russian Senators Ratify North Korean Defense Pact";

/** Sets the theme through the settings dialog, as a person would. */
async function useTheme(theme) {
  await browser.$("[data-action=settings]").click();
  await browser.$(`input[name=theme][value=${theme}]`).click();
  await browser.$("#settings-dialog [value=done]").click();
  await until(browser, async () => (await browser.$("#settings-dialog").getAttribute("open")) === null, "dialog closed");
}

test("reading: highlights, keyboard bookmark, saved position, history under Today", async () => {
  // Search, open: the searched words are marked in the article.
  await browser.$("#search-input").setValue("troops");
  await until(browser, async () => (await texts(browser, ".article-row .row-title"))[0] === RUSSIA, "Russia found");
  await openRow(browser, ".article-row", RUSSIA);
  const marks = await texts(browser, ".article-body mark");
  assert.ok(marks.length >= 3, `marks: ${marks}`);
  assert.deepEqual([...new Set(marks.map((mark) => mark.toLowerCase()))], ["troops"], `marks: ${marks}`);
  // The library's language for the story reaches the article's text and the list's row, and
  // the window is named after the story.
  assert.equal(await browser.$(".article-body").getAttribute("lang"), "en");
  assert.equal(await browser.$(".article-row.selected .row-title").getAttribute("lang"), "en");
  assert.equal(await browser.getTitle(), `${RUSSIA} — Newsdesk`);

  // Bookmark from the keyboard.
  await browser.execute(() => document.activeElement.blur());
  await browser.keys("b");
  await until(browser, async () => (await browser.$(".bookmark-toggle").getAttribute("aria-pressed")) === "true",
    "bookmarked with b");

  // Read to the middle, go elsewhere, come back: the reader restores the position.
  await browser.execute(() => {
    const reader = document.getElementById("reader");
    reader.scrollTop = 0.5 * (reader.scrollHeight - reader.clientHeight);
  });
  await browser.pause(1200); // the position is saved 800 ms after scrolling stops
  await browser.keys("Escape"); // clears the search
  await until(browser, async () => (await browser.$("#list-title").getText()) === "All articles", "all articles");
  await browser.$(".article-row").click();
  await until(browser, async () => (await browser.$(".article-title").getText()) !== RUSSIA, "another article");
  const russiaRow = await browser.$(`.article-row*=${RUSSIA.slice(0, 20)}`);
  await russiaRow.click();
  await until(browser, async () => (await browser.$(".article-title").getText()) === RUSSIA, "Russia reopened");
  const position = await browser.execute(() => {
    const reader = document.getElementById("reader");
    return reader.scrollTop / (reader.scrollHeight - reader.clientHeight);
  });
  assert.ok(Math.abs(position - 0.5) < 0.03, `restored at ${position}`);
  await shot("reader-light");

  // History: the story is under Today, with its progress.
  await browser.keys(["g", "h"]);
  await until(browser, async () => (await texts(browser, ".history-day-title"))[0] === "Today", "history today");
  const entry = await browser.execute((title) =>
    [...document.querySelectorAll(".history-entry")]
      .find((e) => e.querySelector(".history-title").textContent === title)
      ?.querySelector(".history-meta").textContent, RUSSIA);
  assert.match(entry, /50% read/);
  await assertAccessible("history");

  // Screenshots of every view, light and dark.
  for (const theme of ["light", "dark"]) {
    await useTheme(theme);
    await browser.keys(["g", "h"]);
    await until(browser, async () => (await browser.$("#list-title").getText()) === "History", "history");
    await shot(`history-${theme}`);
    await browser.keys(["g", "b"]);
    await until(browser, async () => (await browser.$("#list-title").getText()) === "Bookmarks", "bookmarks");
    await shot(`bookmarks-${theme}`);
    await browser.keys(["g", "a"]);
    await until(browser, async () => (await browser.$("#list-title").getText()) === "All articles", "all");
    await openRow(browser, ".article-row*=Japan PM", JAPAN);
    await shot(`library-${theme}`);
    await browser.$("#search-input").setValue("north korea*");
    await until(browser, async () => /results?$/.test(await browser.$("#list-title").getText()), "search results");
    await openRow(browser, ".article-row", RUSSIA);
    await shot(`search-${theme}`);
    await browser.keys("Escape");
    await browser.$("[data-action=settings]").click();
    await shot(`settings-${theme}`);
    await browser.keys("Escape");
  }
  await useTheme("system");

  // Reading by keyboard in WebKit: Space scrolls the open article, Shift+Space scrolls it back.
  await openRow(browser, ".article-row*=Japan PM", JAPAN);
  const readerTop = () => browser.execute(() => document.getElementById("reader").scrollTop);
  await browser.keys(" ");
  await until(browser, async () => (await readerTop()) > 0, "Space scrolled the article");
  await browser.keys(["Shift", " "]);
  await until(browser, async () => (await readerTop()) === 0, "Shift+Space scrolled it back");
});

test("the window keeps its size between runs", async () => {
  // Resize the real X window, as a person dragging its edge would.
  resizeAppWindow(1000, 700);
  await until(browser, async () => (await browser.getWindowRect()).width === 1000, "window resized");
  const stateFile = join(app.dataDir, "config/org.newsdesk.Newsdesk/.window-state.json");
  await until(browser, () => existsSync(stateFile) && readFileSync(stateFile, "utf8").includes('"width": 1000'),
    "window state saved");
  await app.stop();
  app = await startApp({ dataDir: app.dataDir });
  browser = app.browser;
  const rect = await browser.getWindowRect();
  assert.deepEqual([rect.width, rect.height], [1000, 700]);
  // And the library is still there.
  await until(browser, async () => (await texts(browser, ".article-row .row-title")).length === 6, "6 rows");
  await shot("narrow-window");
});

test("read marks and deleting an article, in the real library", async () => {
  const count = (view) => browser.execute((name) =>
    document.querySelector(`[data-view="${name}"] .nav-count`)?.textContent, view);
  await openRow(browser, ".article-row*=Japan PM", JAPAN);
  // m marks the open article read, and again unread.
  const unread = Number(await count("unread"));
  const readMark = () => browser.$(".read-toggle").getText();
  const before = await readMark();
  await browser.execute(() => document.activeElement.blur());
  await browser.keys("m");
  await until(browser, async () => (await readMark()) !== before, "m changed the read mark");
  const marked = before === "Mark read" ? unread - 1 : unread + 1;
  await until(browser, async () => Number(await count("unread")) === marked, "unread count followed");
  await browser.keys("m");
  await until(browser, async () => Number(await count("unread")) === unread, "unread count back");

  // Delete…, confirmed: the story leaves the list, the counts and the search index.
  await browser.$(".delete-article").click();
  await until(browser, () => browser.$("#confirm-dialog").isDisplayed(), "asked before deleting");
  await browser.$("#confirm-ok").click();
  await until(browser, async () => (await texts(browser, ".article-row .row-title")).length === 5, "5 rows");
  await until(browser, async () => (await count("all")) === "5", "5 in All articles");
  assert.ok(!(await texts(browser, ".article-row .row-title")).includes(JAPAN));
  await browser.$("#search-input").setValue("Takaichi");
  await until(browser, async () => (await browser.$("#list-title").getText()) === "0 results", "no results");

  // Mark all read, through the real command and its permission: no unread story is left.
  await browser.keys("Escape");
  await until(browser, async () => (await browser.$("#list-title").getText()) === "All articles", "the list back");
  assert.ok(Number(await count("unread")) > 0);
  await browser.$("#mark-all-read").click();
  await until(browser, () => browser.$("#confirm-dialog").isDisplayed(), "asked before marking");
  await browser.$("#confirm-ok").click();
  await until(browser, async () => (await count("unread")) === "0", "nothing unread");
  // The counts come first, then the list's rows.
  await until(browser, async () => (await texts(browser, ".article-row.unread .row-title")).length === 0,
    "no unread row");

  // Another program writes to the library: the CLI imports a story while the window is open,
  // and the window shows it, counted and unread, without a restart.
  const cli = join(ROOT, "target/debug/newsdesk");
  const library = join(app.dataDir, "library.sqlite3");
  execFileSync(cli, ["--db", library, "import", join(ROOT, "tests/fixtures/languages/ru-granitsa.md")]);
  const RUSSIAN = "Пограничники усилили охрану";
  await until(browser, async () => (await texts(browser, ".article-row .row-title")).includes(RUSSIAN),
    "the CLI's story listed", 10_000);
  assert.equal(await count("unread"), "1");
  // The announcer is visually hidden: its text, not what is painted.
  const announced = () => browser.execute(() => document.getElementById("announcer").textContent);
  await until(browser, async () => (await announced()) === "1 article added to the library", "the new story announced");

  // A source's unread stories are counted through the real command (`count_unread`) and its
  // permission: a source read to the end has no Mark all read; the new story's source has, for
  // its one story.
  const showSource = async (source) => {
    await browser.$(`button[data-view="source"][data-value="${source}"]`).click();
    await until(browser, async () => (await browser.$("#list-title").getText()) === source, `${source} listed`);
  };
  await showSource("Sample news");
  await until(browser, async () => !(await browser.$("#mark-all-read").isDisplayed()), "no button: all read");
  await showSource("ru-granitsa.md");
  await until(browser, () => browser.$("#mark-all-read").isDisplayed(), "the button for the unread story");
  await browser.$("#mark-all-read").click();
  await until(browser, () => browser.$("#confirm-dialog").isDisplayed(), "asked before marking the source");
  assert.equal(await browser.$("#confirm-message").getText(), "The article in “ru-granitsa.md” will be marked read.");
  await browser.$("#confirm-ok").click();
  await until(browser, async () => (await count("unread")) === "0", "the source's story read");
});
