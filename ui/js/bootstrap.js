// Newsdesk's window, wired: the views, the page's controls and keys, each calling a controller
// (controllers/), which changes the state (state.js) and renders. Nothing else happens here.
// main.js imports it once the first frame is asked for.

import * as api from "./api.js";
import { createCare } from "./controllers/care.js";
import { createHistory } from "./controllers/history.js";
import { createImporting } from "./controllers/importing.js";
import { createLibrary } from "./controllers/library.js";
import { createReading } from "./controllers/reading.js";
import { Keyboard } from "./keyboard.js";
import { $, announce, visibleList } from "./page.js";
import { articleOpen, inBookmarks, searching } from "./state.js";
import { showShortcuts } from "./views/dialogs.js";
import { HistoryView } from "./views/history.js";
import { ImportPanel } from "./views/importer.js";
import { LibraryPanel } from "./views/library-panel.js";
import { ArticleList } from "./views/list.js";
import { Reader } from "./views/reader.js";
import { Sidebar } from "./views/sidebar.js";

performance.mark("modules-loaded");

// ---- views → controllers ------------------------------------------------------------------
// The views call their controllers through these arrows: the controllers, made after the views
// they drive, are in place before any event arrives.
let library, reading, history, importing, care;

const list = new ArticleList($("article-list"), {
  onOpen: (item, index) => reading.open(item.id, index),
});
const historyView = new HistoryView($("history-view"), {
  onOpen: (id) => reading.open(id, -1),
  onForget: (id, index) => history.forget(id, index),
});
const reader = new Reader($("reader"), {
  onProgress: (id, progress) => reading.saveProgress(id, progress),
  onToggleBookmark: (id) => reading.toggleBookmark(id),
  onSetRead: (id, read) => reading.setRead(id, read),
  onDelete: (article) => reading.deleteArticle(article),
  onEditNote: (id, note) => reading.changeNote(id, note),
  onOpenLink: (id) => reading.openLink(id),
  onStep: (step) => step && reading.moveSelection(step, true),
});
const sidebar = new Sidebar($("sidebar"), { onSelect: (view) => library.showView(view) });
const libraryPanel = new LibraryPanel({ onChanged: () => care.afterRestore() });
const importer = new ImportPanel(
  { overlay: $("drop-overlay"), panel: $("import-panel") },
  { onCancel: () => api.cancelImport(), announce, fallbackFocus: () => visibleList() },
);

library = createLibrary({ list, sidebar, history: historyView });
reading = createReading({ list, reader, library });
history = createHistory({ history: historyView, library });
importing = createImporting({ importer, library, reading });
care = createCare({ libraryPanel, library, reading });

// ---- the page's controls ------------------------------------------------------------------

// While an input method composes (Japanese, Chinese, Korean), the text is not yet the word:
// the search waits for it to be confirmed.
$("search-input").addEventListener("input", (event) => {
  if (!event.isComposing) library.typeQuery(event.target.value);
});
$("search-input").addEventListener("compositionend", (event) => library.typeQuery(event.target.value));
// From the search box into its results: ↓ goes to the list, Enter opens the first result. Not
// while an input method composes (Enter then confirms Japanese or Chinese text).
$("search-input").addEventListener("keydown", (event) => {
  const open = { ArrowDown: false, Enter: true }[event.key];
  const modified = event.shiftKey || event.ctrlKey || event.metaKey || event.altKey;
  if (open === undefined || modified || event.isComposing) return;
  event.preventDefault();
  reading.enterList(open);
});
$("search-filters").addEventListener("click", (event) => {
  const order = event.target.closest("[data-order]")?.dataset.order;
  if (order) library.chooseOrder(order);
});
// The order is a radio group: arrow keys move the choice and the focus (WAI-ARIA radio group).
document.querySelector(".segmented").addEventListener("keydown", (event) => {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  const radios = [...event.currentTarget.querySelectorAll("[role=radio]")];
  const next = radios[(radios.indexOf(event.target) + step + radios.length) % radios.length];
  library.chooseOrder(next.dataset.order);
  next.focus();
});
$("filter-bookmarked").addEventListener("change", (event) => library.filterBookmarked(event.target.checked));
$("filter-source").addEventListener("change", (event) => library.filterSource(event.target.value));

/** The buttons with a `data-action`. */
const ACTIONS = {
  "load-sample": () => importing.loadSample(),
  "import-files": () => importing.importChosen(false),
  "import-folder": () => importing.importChosen(true),
  "clear-history": () => history.clearAll(),
  "remove-bookmark": () => reading.removeSelectedBookmark(),
  "mark-all-read": () => reading.markAllRead(),
  settings: () => care.showSettings(),
  shortcuts: () => showShortcuts(),
};

document.addEventListener("click", (event) => {
  const action = event.target.closest("[data-action]")?.dataset.action;
  ACTIONS[action]?.();
});

const inReader = (event) => $("reader").contains(event.target);

/** The search box, with the last search's text selected: typing replaces it, an arrow keeps it. */
function focusSearch() {
  $("search-input").focus();
  $("search-input").select();
}

new Keyboard()
  .bind("j", () => reading.moveSelection(1))
  .bind("k", () => reading.moveSelection(-1))
  // In the reader the arrows scroll the article, as in any page; elsewhere they move in the list.
  .bind("ArrowDown", () => reading.moveSelection(1), { when: (event) => !inReader(event) })
  .bind("ArrowUp", () => reading.moveSelection(-1), { when: (event) => !inReader(event) })
  .bind(["o", "Enter"], () => reading.openSelected(), { when: (event) => !inReader(event) })
  .bind("Space", () => reading.readOn(), { when: articleOpen })
  .bind(["Shift+Space", "PageUp"], () => reader.page(-1), { when: articleOpen })
  .bind("PageDown", () => reader.page(1), { when: articleOpen })
  .bind("ArrowRight", () => $("reader").focus(),
    { when: (event) => articleOpen() && visibleList().contains(event.target) })
  .bind("ArrowLeft", () => visibleList().focus(), { when: inReader })
  .bind("Delete", () => reading.removeSelectedBookmark(), { when: inBookmarks })
  .bind("b", () => reading.toggleCurrentBookmark())
  .bind("m", () => reading.toggleCurrentRead())
  .bind("M", () => reading.markAllRead())
  .bind("Shift+Delete", () => reading.deleteCurrent())
  .bind("/", focusSearch)
  .bind("Mod+f", focusSearch, { whileTyping: true })
  .bind(["Mod+=", "Mod++"], () => care.stepTextSize(1), { whileTyping: true })
  .bind("Mod+-", () => care.stepTextSize(-1), { whileTyping: true })
  .bind("Mod+0", () => care.stepTextSize(0), { whileTyping: true })
  .bind("?", () => showShortcuts())
  .bind("g a", () => library.showView({ kind: "all" }))
  .bind("g b", () => library.showView({ kind: "bookmarked" }))
  .bind("g h", () => library.showView({ kind: "history" }))
  .bind("Escape", (event) => {
    if (event.target.id === "search-input") {
      library.clearSearch();
      event.target.blur();
      $("article-list").focus();
    } else if (searching()) {
      library.clearSearch();
    } else if (articleOpen()) {
      reading.close();
    }
  }, { whileTyping: true });

api.onDragDrop((type) => importer.showDropTarget(type === "enter" || type === "over"));
api.onDropped((held) => importing.importDropped(held));

// ---- start-up -----------------------------------------------------------------------------

/**
 * Shows the library, then does what start-up asks after it.
 * @param {Promise<{profile: boolean, session: boolean}|null>} firstFrame resolves after the first
 *   frame to what the start-up benchmark asks of the page
 */
export async function start(firstFrame) {
  performance.mark("page-start");
  reading.showNothing();
  await library.refreshOverview();
  performance.mark("overview");
  await library.refreshList();
  $("article-list").removeAttribute("aria-busy");
  requestAnimationFrame(() => performance.mark("library-shown"));
  // A library from an older version, then the check after an unclean shutdown (a no-op after a
  // clean one), then the files Newsdesk was asked to open.
  await care.finishUpgrade();
  await care.checkLibrary();
  performance.mark("checked");
  await importing.openRequestedFiles();
  api.onFilesToOpen(() => importing.openRequestedFiles());
  // What the CLI or a second window changes shows here too: counts, sources and the list.
  api.onLibraryChanged(() => library.refreshAfterOutsideChange());
  const asked = await firstFrame;
  if (asked?.profile) (await import("./startup-report.js")).serveBenchmark(asked);
}
