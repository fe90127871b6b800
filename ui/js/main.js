// Newsdesk's window: wires the views to the backend. Views render; this module decides what.

import * as api from "./api.js";
import { fileName, h } from "./dom.js";
import { Keyboard } from "./keyboard.js";
import { applySettings, loadSettings, saveSettings } from "./settings.js";
import { confirmAction, editNote, openSettings, showShortcuts } from "./views/dialogs.js";
import { HistoryView } from "./views/history.js";
import { LibraryPanel } from "./views/library-panel.js";
import { ImportPanel } from "./views/importer.js";
import { ArticleList } from "./views/list.js";
import { Reader } from "./views/reader.js";
import { Sidebar, sameView } from "./views/sidebar.js";

performance.mark("modules-loaded");

const SEARCH_DELAY_MS = 120;
/** The visit is recorded in the background; counts are refreshed a moment later. */
const VISIT_SETTLE_MS = 400;

const $ = (id) => document.getElementById(id);

const state = {
  /** @type {{kind: string, value?: string}} */
  view: { kind: "all" },
  query: "",
  search: { order: "relevance", bookmarkedOnly: false, source: "" },
  overview: null,
  openId: null,
  settings: loadSettings(),
};

applySettings(state.settings);

const list = new ArticleList($("article-list"), {
  onOpen: (item, index) => openArticle(item.id, index),
});
const history = new HistoryView($("history-view"), {
  onOpen: (id) => openArticle(id, -1),
  onForget: (id, index) => forgetVisit(id, index),
});
const reader = new Reader($("reader"), {
  onProgress: (id, progress) => saveProgress(id, progress),
  onToggleBookmark: (id) => toggleBookmark(id),
  onEditNote: (id, note) => changeNote(id, note),
  onOpenLink: (id) => attempt(() => api.openLink(id)),
  onStep: (step) => step && moveSelection(step, true),
});
const sidebar = new Sidebar($("sidebar"), { onSelect: (view) => showView(view) });
const libraryPanel = new LibraryPanel({ onChanged: () => afterRestore() });
const importer = new ImportPanel(
  { overlay: $("drop-overlay"), panel: $("import-panel") },
  { onCancel: () => api.cancelImport(), announce, fallbackFocus: () => visibleList() },
);

/** Shows a message in the status line (as text). */
function notify(message) {
  const status = $("status");
  status.textContent = message;
  status.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => (status.hidden = true), 6000);
}

/** Says a message in the page's one polite status region (read by screen readers, not shown). */
function announce(message) {
  const region = $("announcer");
  // The same words again are only read when the region changes: empty it first.
  if (region.textContent === message) region.textContent = "";
  requestAnimationFrame(() => (region.textContent = message));
}

/** The list that shows now: the article list, or the history. */
function visibleList() {
  return $("article-list").hidden ? $("history-view") : $("article-list");
}

/** Runs a backend call; a failure becomes a visible message instead of a broken window. */
async function attempt(work) {
  try {
    return await work();
  } catch (error) {
    notify(error?.message ?? String(error));
    return undefined;
  }
}

// ---- library, views and search ------------------------------------------------------------

const VIEW_TITLES = {
  all: "All articles",
  unread: "Unread",
  continue_reading: "Continue reading",
  bookmarked: "Bookmarks",
  history: "History",
};

const COUNT_OF_VIEW = {
  all: "all",
  unread: "unread",
  continue_reading: "continue_reading",
  bookmarked: "bookmarks",
  history: "history",
};

const searching = () => state.query.trim() !== "";
const inBookmarks = () => state.view.kind === "bookmarked" && !searching();

async function refreshOverview() {
  const overview = await attempt(api.overview);
  if (!overview) return;
  state.overview = overview;
  sidebar.render(overview, state.view);
  const empty = overview.all === 0;
  $("empty-state").hidden = !empty;
  // The empty state covers the panes: nothing under it may take focus.
  document.querySelector(".panes").inert = empty;
  const select = $("filter-source");
  const chosen = select.value;
  select.replaceChildren(
    h("option", { text: "All sources", attrs: { value: "" } }),
    ...overview.sources.map((s) => h("option", { text: s.source, attrs: { value: s.source } })),
  );
  select.value = overview.sources.some((s) => s.source === chosen) ? chosen : "";
}

let refreshOverviewTimer = 0;
function refreshOverviewSoon(delay = VISIT_SETTLE_MS) {
  clearTimeout(refreshOverviewTimer);
  refreshOverviewTimer = setTimeout(refreshOverview, delay);
}

/** What the article list shows now: search results, bookmarks, or a view of the library. */
async function currentSource() {
  const view = state.view;
  if (searching()) {
    const request = {
      text: state.query.trim(),
      order: state.search.order,
      bookmarked_only: state.search.bookmarkedOnly,
      source: state.search.source || null,
      // The box searches while it is typed in: the last word also matches as a prefix.
      as_you_type: true,
    };
    const first = await api.search({ ...request, limit: 100, offset: 0 });
    return {
      key: `search:${JSON.stringify(request)}`,
      total: first.total,
      title: `${first.total.toLocaleString()} ${first.total === 1 ? "result" : "results"}`,
      initial: first.hits,
      fetch: (offset, limit) => api.search({ ...request, limit, offset }).then((r) => r.hits),
    };
  }
  if (view.kind === "bookmarked") {
    const entries = await api.listBookmarks();
    const items = entries.map((entry) => ({ ...entry.article, note: entry.note }));
    return {
      key: "bookmarks",
      total: items.length,
      title: VIEW_TITLES.bookmarked,
      initial: items.slice(0, 100),
      fetch: async (offset, limit) => items.slice(offset, offset + limit),
    };
  }
  const filter = view.kind === "source" ? { kind: "source", value: view.value } : { kind: view.kind };
  const total =
    view.kind === "source"
      ? (state.overview?.sources.find((s) => s.source === view.value)?.articles ?? 0)
      : (state.overview?.[COUNT_OF_VIEW[view.kind]] ?? 0);
  return {
    key: `view:${JSON.stringify(filter)}`,
    total,
    title: view.kind === "source" ? view.value : VIEW_TITLES[view.kind],
    fetch: (offset, limit) => api.listArticles(filter, limit, offset),
  };
}

const EMPTY_VIEW_MESSAGES = {
  all: "No articles yet. Drop news files on the window to import them.",
  unread: "Nothing unread — you are all caught up.",
  continue_reading: "Articles you start reading and leave halfway show up here.",
  bookmarked: "No bookmarks yet. Press b or ☆ Bookmark on an article to keep it here.",
  history: "Articles you open show up here, grouped by day.",
  source: "No articles from this source.",
};

function showEmptyMessage(total) {
  const empty = $("list-empty");
  empty.hidden = total > 0 || state.overview?.all === 0;
  if (empty.hidden) return;
  if (!searching()) {
    empty.replaceChildren(h("p", { text: EMPTY_VIEW_MESSAGES[state.view.kind] }));
    return;
  }
  const filtered = state.search.bookmarkedOnly || state.search.source;
  empty.replaceChildren(
    h("p", { className: "empty-title", text: `Nothing matches “${state.query.trim()}”.` }),
    h("ul", { className: "empty-tips" },
      h("li", { text: "Check the spelling, or use fewer words." }),
      h("li", { text: "Search the start of a word with *, like takai*." }),
      h("li", { text: "Put words in quotes only to find them side by side." }),
      filtered ? h("li", { text: "Turn off the ★ and source filters." }) : null),
  );
}

let listRequest = 0;

async function refreshList() {
  const request = ++listRequest;
  const showHistory = state.view.kind === "history" && !searching();
  $("history-view").hidden = !showHistory;
  $("article-list").hidden = showHistory;
  $("clear-history").hidden = !showHistory;
  $("remove-bookmark").hidden = true;
  $("search-filters").hidden = !searching();
  if (showHistory) {
    $("list-title").textContent = VIEW_TITLES.history;
    $("list-count").textContent = (state.overview?.history ?? 0).toLocaleString();
    await attempt(() => history.show((offset, limit) => api.listHistory(limit, offset)));
    showEmptyMessage(history.entries.length);
    return;
  }
  const source = await attempt(currentSource);
  if (!source || request !== listRequest) return; // a newer request won
  $("list-title").textContent = source.title;
  $("list-count").textContent = searching() ? "" : source.total.toLocaleString();
  $("remove-bookmark").hidden = !inBookmarks() || source.total === 0;
  showEmptyMessage(source.total);
  list.setSource(source);
  if (searching()) announce(source.total ? source.title : `No results for “${state.query.trim()}”`);
  if (state.openId !== null) list.selectId(state.openId);
}

async function showView(view) {
  if (searching()) clearSearch();
  state.view = view;
  sidebar.render(state.overview, view);
  await refreshList();
}

function clearSearch() {
  $("search-input").value = "";
  state.query = "";
}

/** Search filters start from the view the search began in. */
function startSearch() {
  state.search = {
    order: "relevance",
    bookmarkedOnly: state.view.kind === "bookmarked",
    source: state.view.kind === "source" ? state.view.value : "",
  };
  syncSearchFilters();
}

function syncSearchFilters() {
  for (const button of document.querySelectorAll("[data-order]")) {
    const checked = button.dataset.order === state.search.order;
    button.setAttribute("aria-checked", String(checked));
    button.tabIndex = checked ? 0 : -1; // the radio group is one Tab stop
  }
  $("filter-bookmarked").checked = state.search.bookmarkedOnly;
  $("filter-source").value = state.search.source;
}

async function refreshAll() {
  await refreshOverview();
  await refreshList();
}

// ---- reading ------------------------------------------------------------------------------

/**
 * Opens an article in the reader.
 * @param {number} id
 * @param {number} index its row in the list, or -1 when opened from elsewhere (history)
 */
async function openArticle(id, index) {
  const search = searching() ? state.query.trim() : null;
  const reading = await attempt(() => api.openArticle(id, search));
  if (!reading) return;
  state.openId = id;
  const inList = index >= 0;
  reader.show(reading, { hasPrevious: inList && index > 0, hasNext: inList && index < list.total - 1 });
  list.updateItem(id, { read: reading.read, progress: reading.progress });
  refreshOverviewSoon();
}

/** Moves the list selection; opens the article when one is already open (or asked to). */
function moveSelection(step, open = state.openId !== null) {
  if ($("article-list").hidden || list.total === 0) return;
  const next = Math.max(0, Math.min(list.total - 1, list.selected + step));
  if (open) list.open(next);
  else list.select(next);
}

function closeArticle() {
  state.openId = null;
  reader.showNothing("Select an article to read it here.");
  $("article-list").focus();
}

async function saveProgress(id, progress) {
  const saved = await attempt(() => api.saveProgress(id, progress));
  if (!saved) return;
  // The backend decides when an article counts as read.
  list.updateItem(id, { progress: saved.progress, ...(saved.read ? { read: true } : {}) });
  if (saved.read) refreshOverviewSoon(0);
}

async function toggleBookmark(id) {
  const bookmarked = await attempt(() => api.toggleBookmark(id));
  if (bookmarked === undefined) return;
  if (state.openId === id) reader.setBookmark(bookmarked);
  list.updateItem(id, { bookmarked });
  await refreshOverview();
  if (inBookmarks()) await refreshList();
}

/** Removes the selected row's bookmark (Bookmarks view); the next row is selected after. */
async function removeSelectedBookmark() {
  const id = list.item(list.selected)?.id;
  if (!inBookmarks() || id === undefined) return;
  if ((await attempt(() => api.removeBookmark(id))) === undefined) return;
  if (state.openId === id) reader.setBookmark(false);
  await refreshAll();
  announce("Bookmark removed");
  if (list.total > 0) list.select(list.selected);
  // From the Remove button focus stays on it; once the last bookmark is gone, on the view.
  if (document.activeElement === document.body) document.querySelector("#sidebar [aria-current=page]")?.focus();
}

async function changeNote(id, current) {
  const note = await editNote(current);
  if (note === undefined) return;
  const bookmark = await attempt(() => api.setBookmark(id, note || null));
  if (!bookmark) return;
  reader.setBookmark(true, bookmark.note);
  list.updateItem(id, { note: bookmark.note });
}

/** Forgets one visit; focus goes to the entry that takes its place (or the History view). */
async function forgetVisit(id, index) {
  await attempt(() => api.clearHistoryEntry(id));
  await refreshAll();
  if (!history.focusEntry(index)) document.querySelector("#sidebar [aria-current=page]")?.focus();
}

async function clearAllHistory() {
  const count = state.overview?.history ?? 0;
  const sure = await confirmAction(
    "Clear the reading history?",
    `This forgets when you opened ${count.toLocaleString()} ${count === 1 ? "article" : "articles"} and where ` +
      "you stopped reading. Bookmarks and read marks stay.",
    "Clear history",
  );
  if (!sure) return;
  await attempt(api.clearHistory);
  await refreshAll();
}

// ---- import -------------------------------------------------------------------------------

/**
 * Runs an import with the progress panel and the final report, then refreshes everything.
 * Resolves to the report, or null when the import could not run.
 * @param {string} label
 * @param {(onProgress: (p: object) => void) => Promise<object>} start
 */
async function runImport(label, start) {
  importer.start(label);
  let report = null;
  try {
    report = await start((progress) => importer.progress(progress));
    importer.finish(report);
  } catch (error) {
    importer.fail(error?.message ?? String(error));
  }
  await refreshAll();
  // The opener may be gone (the empty state's buttons): the report's Close button takes focus.
  if (document.activeElement === document.body) importer.focus();
  return report;
}

/** Imports files the backend holds for the page (see api.importHeld). */
const importHeld = (label, held) => runImport(label, (onProgress) => api.importHeld(held.token, onProgress));

function importDropped(held) {
  const count = held.names.length;
  importHeld(count === 1 ? "Importing 1 dropped item" : `Importing ${count} dropped items`, held);
}

async function importChosen(folder) {
  const held = await attempt(() => api.chooseImport(folder));
  if (held) importHeld("Importing", held);
}

// ---- wiring -------------------------------------------------------------------------------

let searchTimer = 0;
$("search-input").addEventListener("input", (event) => {
  const wasSearching = searching();
  state.query = event.target.value;
  if (!wasSearching && searching()) startSearch();
  clearTimeout(searchTimer);
  searchTimer = setTimeout(refreshList, SEARCH_DELAY_MS);
});

function chooseOrder(order) {
  if (order === state.search.order) return;
  state.search.order = order;
  syncSearchFilters();
  refreshList();
}

$("search-filters").addEventListener("click", (event) => {
  const order = event.target.closest("[data-order]")?.dataset.order;
  if (order) chooseOrder(order);
});
// The order is a radio group: arrow keys move the choice and the focus (WAI-ARIA radio group).
document.querySelector(".segmented").addEventListener("keydown", (event) => {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  const radios = [...event.currentTarget.querySelectorAll("[role=radio]")];
  const next = radios[(radios.indexOf(event.target) + step + radios.length) % radios.length];
  chooseOrder(next.dataset.order);
  next.focus();
});
$("filter-bookmarked").addEventListener("change", (event) => {
  state.search.bookmarkedOnly = event.target.checked;
  refreshList();
});
$("filter-source").addEventListener("change", (event) => {
  state.search.source = event.target.value;
  refreshList();
});

const ACTIONS = {
  "load-sample": () => runImport("Loading sample news", (onProgress) => api.importSample(onProgress)),
  "import-files": () => importChosen(false),
  "import-folder": () => importChosen(true),
  "clear-history": () => clearAllHistory(),
  "remove-bookmark": () => removeSelectedBookmark(),
  settings: () => {
    libraryPanel.refresh();
    return openSettings(state.settings, (settings) => {
      state.settings = settings;
      applySettings(settings);
      saveSettings(settings);
    });
  },
  shortcuts: () => showShortcuts(),
};

document.addEventListener("click", (event) => {
  const action = event.target.closest("[data-action]")?.dataset.action;
  ACTIONS[action]?.();
});

const openOrSelected = () => state.openId ?? list.item(list.selected)?.id;
const inReader = (event) => $("reader").contains(event.target);
const articleOpen = () => state.openId !== null;

/** Space: scrolls the open article; at its end, opens the next unread one (as NetNewsWire does). */
function readOn() {
  if (reader.page(1)) return;
  const next = list.nextUnread(list.selected);
  if (next >= 0) list.open(next);
  else announce("No more unread articles");
}

new Keyboard()
  .bind("j", () => moveSelection(1))
  .bind("k", () => moveSelection(-1))
  // In the reader the arrows scroll the article, as in any page; elsewhere they move in the list.
  .bind("ArrowDown", () => moveSelection(1), { when: (event) => !inReader(event) })
  .bind("ArrowUp", () => moveSelection(-1), { when: (event) => !inReader(event) })
  .bind(["o", "Enter"], () => list.selected >= 0 && list.open(list.selected), { when: (event) => !inReader(event) })
  .bind("Space", readOn, { when: articleOpen })
  .bind(["Shift+Space", "PageUp"], () => reader.page(-1), { when: articleOpen })
  .bind("PageDown", () => reader.page(1), { when: articleOpen })
  .bind("ArrowRight", () => $("reader").focus(),
    { when: (event) => articleOpen() && visibleList().contains(event.target) })
  .bind("ArrowLeft", () => visibleList().focus(), { when: inReader })
  .bind("Delete", () => removeSelectedBookmark(), { when: inBookmarks })
  .bind("b", () => {
    const id = openOrSelected();
    if (id !== undefined) toggleBookmark(id);
  })
  .bind("/", () => $("search-input").focus())
  .bind("?", () => showShortcuts())
  .bind("g a", () => showView({ kind: "all" }))
  .bind("g b", () => showView({ kind: "bookmarked" }))
  .bind("g h", () => showView({ kind: "history" }))
  .bind("Escape", (event) => {
    if (event.target.id === "search-input") {
      clearSearch();
      event.target.blur();
      refreshList();
      $("article-list").focus();
    } else if (searching()) {
      clearSearch();
      refreshList();
    } else if (state.openId !== null) {
      closeArticle();
    }
  }, { whileTyping: true });

api.onDragDrop((type) => importer.showDropTarget(type === "enter" || type === "over"));
api.onDropped(importDropped);

// ---- start-up: the check after an unclean shutdown, files opened with Newsdesk -------------

/** Shows a line at the top of the window; `done` is a share 0–1, or null for no bar. */
function banner(text, done = null) {
  $("banner").hidden = text === null;
  $("banner-text").textContent = text ?? "";
  $("banner-progress").hidden = done === null;
  if (done !== null) $("banner-progress").value = done;
}

async function afterRestore() {
  state.openId = null;
  reader.showNothing("Select an article to read it here.");
  await refreshAll();
}

/** A library from an older Newsdesk has its search index rebuilt once, with progress. */
async function finishUpgrade() {
  const upgraded = await attempt(() =>
    api.finishUpgrade((done) => banner("Updating the search index for this version of Newsdesk…", done)));
  if (!upgraded) return;
  banner(null);
  notify("The search index was updated: search now finds other forms of words, and Chinese, Japanese and Korean words inside sentences.");
}

/** After an unclean shutdown the library is checked; a damaged index is rebuilt, a damaged
 *  file offers the latest backup. */
async function checkLibrary() {
  const check = await attempt(() =>
    api.startupCheck((done) => banner("Rebuilding the search index…", done)));
  if (!check?.checked) return;
  const health = check.health;
  if (health.state === "healthy") {
    banner(null);
    notify("Newsdesk was not closed properly last time. Your library was checked: all is well.");
  } else if (health.state === "index_damaged") {
    banner(null);
    notify("Newsdesk was not closed properly last time. The search index was damaged and has been rebuilt.");
  } else {
    banner("Your library file is damaged. Some articles may not open.");
    const backup = check.latest_backup;
    const restore = backup && await confirmAction(
      "Your library file is damaged",
      `Newsdesk found damage in its library file (${health.problems.slice(0, 2).join("; ")}). ` +
        `Restore the latest backup, ${fileName(backup.path)} with ${backup.articles.toLocaleString()} ` +
        "articles? The damaged library is kept as a copy.",
      "Restore backup",
    );
    if (restore) {
      banner("Restoring the latest backup…", 0);
      const kept = await attempt(() => api.restoreLibrary(true, (done) => banner("Restoring the latest backup…", done)));
      banner(null);
      if (kept) notify(`Restored your latest backup. The damaged library is kept in ${kept}.`);
      await afterRestore();
    }
  }
}

/** Imports the files Newsdesk was asked to open and shows the first one. */
async function openRequestedFiles() {
  const held = await attempt(api.filesToOpen);
  if (!held) return;
  const label = held.names.length === 1 ? `Opening ${held.names[0]}` : `Opening ${held.names.length} files`;
  const report = await importHeld(label, held);
  const first = report?.files.find((file) => file.first_article !== null)?.first_article;
  if (first !== undefined) openArticle(first, -1);
}

async function start() {
  performance.mark("page-start");
  reader.showNothing("Select an article to read it here.");
  // The first frame shows the window's chrome and skeleton rows; the library follows.
  const benchmark = new Promise((resolve) =>
    requestAnimationFrame(() => api.reportReady().then(resolve, () => resolve(null))));
  await refreshOverview();
  performance.mark("overview");
  await refreshList();
  $("article-list").removeAttribute("aria-busy");
  requestAnimationFrame(() => performance.mark("library-shown"));
  await finishUpgrade();
  await checkLibrary();
  performance.mark("checked");
  await openRequestedFiles();
  api.onFilesToOpen(() => openRequestedFiles());
  const asked = await benchmark;
  if (asked?.profile) (await import("./startup-report.js")).serveBenchmark(asked);
}

start();
