// Newsdesk's window: wires the views to the backend. Views render; this module decides what.

import * as api from "./api.js";
import { ImportPanel } from "./views/importer.js";
import { ArticleList } from "./views/list.js";
import { Reader } from "./views/reader.js";
import { Sidebar, sameView } from "./views/sidebar.js";

const SEARCH_DELAY_MS = 150;

const $ = (id) => document.getElementById(id);

const state = {
  /** @type {{kind: string, value?: string}} */
  view: { kind: "all" },
  query: "",
  overview: null,
  openId: null,
};

const list = new ArticleList($("article-list"), { onOpen: (item) => openArticle(item.id) });
const reader = new Reader($("reader"), {
  onProgress: (id, progress) => saveProgress(id, progress),
  onToggleBookmark: (id) => toggleBookmark(id),
  onOpenLink: (url) => attempt(() => api.openLink(url)),
});
const sidebar = new Sidebar($("sidebar"), { onSelect: (view) => showView(view) });
const importer = new ImportPanel(
  { overlay: $("drop-overlay"), panel: $("import-panel") },
  { onCancel: () => api.cancelImport() },
);

/** Shows an error in the status line (never as markup). */
function notify(message) {
  const status = $("status");
  status.textContent = message;
  status.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => (status.hidden = true), 6000);
}

/** Runs a backend call; failures become a visible message instead of a broken window. */
async function attempt(work) {
  try {
    return await work();
  } catch (error) {
    notify(error?.message ?? String(error));
    return undefined;
  }
}

// ---- library and list -------------------------------------------------------------------

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

async function refreshOverview() {
  const overview = await attempt(api.overview);
  if (!overview) return;
  state.overview = overview;
  sidebar.render(overview, state.view);
  const empty = overview.all === 0;
  document.body.classList.toggle("library-empty", empty);
  $("empty-state").hidden = !empty;
}

/** The rows the list shows: the search results, or the current view. */
async function currentSource() {
  const view = state.view;
  const text = state.query.trim();
  if (text) {
    const request = {
      text,
      bookmarked_only: view.kind === "bookmarked",
      source: view.kind === "source" ? view.value : null,
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
  if (view.kind === "history") {
    return {
      key: "history",
      total: state.overview?.history ?? 0,
      title: VIEW_TITLES.history,
      fetch: (offset, limit) =>
        api.listHistory(limit, offset).then((entries) => entries.map((entry) => entry.article)),
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

let listRequest = 0;

async function refreshList() {
  const request = ++listRequest;
  const source = await attempt(currentSource);
  if (!source || request !== listRequest) return; // a newer request won
  $("list-title").textContent = source.title;
  $("list-count").textContent = state.query.trim() ? "" : source.total.toLocaleString();
  $("list-empty").hidden = source.total > 0 || state.overview?.all === 0;
  $("list-empty").textContent = state.query.trim()
    ? `Nothing matches “${state.query.trim()}”. Try fewer words, a prefix like takai*, or check the spelling.`
    : "Nothing here yet.";
  list.setSource(source);
  if (state.openId !== null) list.selectId(state.openId);
}

async function showView(view) {
  if (!sameView(view, state.view)) {
    state.view = view;
    sidebar.render(state.overview, view);
  }
  await refreshList();
}

async function refreshAll() {
  await refreshOverview();
  await refreshList();
}

// ---- reading ------------------------------------------------------------------------------

async function openArticle(id) {
  const reading = await attempt(() => api.openArticle(id));
  if (!reading) return;
  state.openId = id;
  reader.show(reading);
  document.body.classList.add("reading");
  list.updateItem(id, { read: reading.read, progress: reading.progress });
}

async function saveProgress(id, progress) {
  const visit = await attempt(() => api.saveProgress(id, progress));
  if (!visit) return;
  const read = progress >= 0.98;
  list.updateItem(id, { progress: visit.progress, ...(read ? { read } : {}) });
  if (read) refreshOverview();
}

async function toggleBookmark(id) {
  const bookmarked = await attempt(() => api.toggleBookmark(id));
  if (bookmarked === undefined) return;
  reader.setBookmarked(bookmarked);
  list.updateItem(id, { bookmarked });
  await refreshOverview();
}

// ---- import -------------------------------------------------------------------------------

/**
 * Runs an import with the progress panel and the final report, then refreshes everything.
 * @param {string} label
 * @param {(onProgress: (p: object) => void) => Promise<object>} start
 */
async function runImport(label, start) {
  importer.start(label);
  try {
    const report = await start((progress) => importer.progress(progress));
    importer.finish(report);
  } catch (error) {
    importer.fail(error?.message ?? String(error));
  }
  await refreshAll();
}

function importDropped(paths) {
  if (!paths || paths.length === 0) return;
  const label = paths.length === 1 ? "Importing 1 dropped item" : `Importing ${paths.length} dropped items`;
  runImport(label, (onProgress) => api.importPaths(paths, onProgress));
}

async function importChosen(folder) {
  const paths = await attempt(() => api.chooseImportPaths(folder));
  if (paths && paths.length) runImport("Importing", (onProgress) => api.importPaths(paths, onProgress));
}

function loadSample() {
  runImport("Loading sample news", (onProgress) => api.importSample(onProgress));
}

// ---- wiring -------------------------------------------------------------------------------

let searchTimer = 0;
$("search-input").addEventListener("input", (event) => {
  state.query = event.target.value;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(refreshList, SEARCH_DELAY_MS);
});

document.addEventListener("click", (event) => {
  const action = event.target.closest("[data-action]")?.dataset.action;
  if (action === "load-sample") loadSample();
  else if (action === "import-files") importChosen(false);
  else if (action === "import-folder") importChosen(true);
});

document.addEventListener("keydown", (event) => {
  const typing = event.target.closest("input, textarea");
  if (event.key === "/" && !typing) {
    event.preventDefault();
    $("search-input").focus();
  } else if (event.key === "Escape" && typing) {
    event.target.value = "";
    state.query = "";
    event.target.blur();
    refreshList();
  } else if (!typing && (event.key === "j" || event.key === "ArrowDown")) {
    event.preventDefault();
    list.open(list.selected + 1);
  } else if (!typing && (event.key === "k" || event.key === "ArrowUp")) {
    event.preventDefault();
    list.open(Math.max(0, list.selected - 1));
  }
});

api.onDragDrop((event) => {
  if (event.type === "enter" || event.type === "over") importer.showDropTarget(true);
  else if (event.type === "leave") importer.showDropTarget(false);
  else if (event.type === "drop") {
    importer.showDropTarget(false);
    importDropped(event.paths);
  }
});

reader.showNothing("Select an article to read it here.");
refreshAll();
