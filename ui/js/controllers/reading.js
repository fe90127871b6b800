// The reading controller: opening articles and moving between them, reading progress, read
// marks, bookmarks and their notes, deleting an article.

import * as api from "../api.js";
import { markAllReadQuestion, viewFilter, viewLabel } from "../library-views.js";
import { $, announce, attempt, focusCurrentView, visibleList } from "../page.js";
import { articleOpen, inBookmarks, searchText, setOpen, state, viewTotal } from "../state.js";
import { confirmAction, editNote } from "../views/dialogs.js";

const NOTHING_OPEN = "Select an article to read it here.";
const APP_NAME = "Newsdesk";

/** The window is named after the article open in it, as a browser's is after its page. */
function nameWindow(articleTitle) {
  const title = articleTitle ? `${articleTitle} — ${APP_NAME}` : APP_NAME;
  if (document.title === title) return;
  document.title = title;
  // If the window refuses, the page's own title (above) still names the document.
  api.setWindowTitle(title).catch(() => {});
}

/**
 * @param {{list: import("../views/list.js").ArticleList,
 *          reader: import("../views/reader.js").Reader,
 *          library: ReturnType<import("./library.js").createLibrary>}} parts
 */
export function createReading({ list, reader, library }) {
  /**
   * Opens an article in the reader.
   * @param {number} id
   * @param {number} index its row in the list, or -1 when opened from elsewhere (history)
   */
  async function open(id, index) {
    const search = searchText() || null;
    const reading = await attempt(() => api.openArticle(id, search));
    if (!reading) return;
    setOpen(id);
    const inList = index >= 0;
    reader.show(reading, { hasPrevious: inList && index > 0, hasNext: inList && index < list.total - 1 });
    nameWindow(reading.article.title);
    list.updateItem(id, { read: reading.read, progress: reading.progress });
    library.refreshOverviewSoon();
  }

  /** The reader shows no article. */
  function showNothing() {
    setOpen(null);
    reader.showNothing(NOTHING_OPEN);
    nameWindow(null);
  }

  function close() {
    showNothing();
    $("article-list").focus();
  }

  /** Moves the list selection; opens the article when one is already open (or asked to). */
  function moveSelection(step, open = articleOpen()) {
    if ($("article-list").hidden || list.total === 0) return;
    const next = Math.max(0, Math.min(list.total - 1, list.selected + step));
    if (open) list.open(next);
    else list.select(next);
  }

  function openSelected() {
    if (list.selected >= 0) list.open(list.selected);
  }

  /**
   * From the search box into the list it shows, once the text typed has been searched: ↓
   * selects the first row (or keeps the row selected), Enter opens it.
   */
  async function enterList(open) {
    await library.settleSearch();
    if ($("article-list").hidden || list.total === 0) return;
    const index = Math.max(list.selected, 0);
    $("article-list").focus();
    if (open) list.open(index);
    else list.select(index);
  }

  /** Space: scrolls the open article; at its end, opens the next unread one (as NetNewsWire does). */
  function readOn() {
    if (reader.page(1)) return;
    const next = list.nextUnread(list.selected);
    if (next >= 0) list.open(next);
    else announce("No more unread articles");
  }

  async function saveProgress(id, progress) {
    const saved = await attempt(() => api.saveProgress(id, progress));
    if (!saved) return;
    // The backend decides when an article counts as read.
    list.updateItem(id, { progress: saved.progress, ...(saved.read ? { read: true } : {}) });
    if (saved.read && state.openId === id && !reader.read) reader.setRead(true);
    if (saved.read) library.refreshOverviewSoon(0);
  }

  /** Marks an article read or unread (the button in the reader, `m`). */
  async function setRead(id, read) {
    if ((await attempt(() => api.markRead(id, read))) === undefined) return;
    if (state.openId === id) reader.setRead(read);
    list.updateItem(id, { read });
    announce(read ? "Marked read" : "Marked unread");
    library.refreshOverviewSoon(0);
  }

  /** Marks every article of the list's view read once the user confirms (the list's button,
   *  Shift+M: only where that button shows). */
  async function markAllRead() {
    if ($("mark-all-read").hidden) return;
    const sure = await confirmAction(
      "Mark all read?",
      markAllReadQuestion(library.unreadInView(), viewTotal(), viewLabel(state.view)),
      "Mark all read",
      { destructive: false },
    );
    if (!sure) return;
    const marked = await attempt(() => api.markAllRead(viewFilter(state.view)));
    if (!marked) return;
    if (marked.includes(state.openId)) reader.setRead(true);
    await library.refreshAll();
    const n = marked.length;
    announce(n ? `${n.toLocaleString()} ${n === 1 ? "article" : "articles"} marked read` : "All of them were read already");
    // Focus stays where it was (the button, the list); once the button is gone, on the view.
    if (document.activeElement === document.body) focusCurrentView();
  }

  /** The open article, or else the selected row of the article list when that list shows. */
  function currentArticle() {
    if (articleOpen()) return reader.article;
    return $("article-list").hidden ? undefined : list.item(list.selected);
  }

  /** `m`: marks the open article, or else the selected one, read or unread. */
  function toggleCurrentRead() {
    const article = currentArticle();
    // The reader keeps the open article's read mark; a list row carries its own.
    if (article) setRead(article.id, !(articleOpen() ? reader.read : article.read));
  }

  async function toggleBookmark(id) {
    const bookmarked = await attempt(() => api.toggleBookmark(id));
    if (bookmarked === undefined) return;
    if (state.openId === id) reader.setBookmark(bookmarked);
    list.updateItem(id, { bookmarked });
    await library.refreshOverview();
    if (inBookmarks()) await library.refreshList();
  }

  /** `b`: bookmarks the open article, or else the selected one. */
  function toggleCurrentBookmark() {
    const article = currentArticle();
    if (article) toggleBookmark(article.id);
  }

  /** Removes the selected row's bookmark (Bookmarks view); the next row is selected after. */
  async function removeSelectedBookmark() {
    const id = list.item(list.selected)?.id;
    if (!inBookmarks() || id === undefined) return;
    if ((await attempt(() => api.removeBookmark(id))) === undefined) return;
    if (state.openId === id) reader.setBookmark(false);
    await library.refreshAll();
    announce("Bookmark removed");
    if (list.total > 0) list.select(list.selected);
    // From the Remove button focus stays on it; once the last bookmark is gone, on the view.
    if (document.activeElement === document.body) focusCurrentView();
  }

  async function changeNote(id, current) {
    const note = await editNote(current);
    if (note === undefined) return;
    const bookmark = await attempt(() => api.setBookmark(id, note || null));
    if (!bookmark) return;
    reader.setBookmark(true, bookmark.note);
    list.updateItem(id, { note: bookmark.note });
  }

  const openLink = (id) => attempt(() => api.openLink(id));

  /** Deletes an article from the library once the user confirms; the row after it is selected. */
  async function deleteArticle({ id, title }) {
    const sure = await confirmAction(
      "Delete this article?",
      `“${title}” leaves the library, with its bookmark and note, its reading history and its read mark.`,
      "Delete",
    );
    if (!sure) return;
    if ((await attempt(() => api.deleteArticle(id))) === undefined) return;
    const index = list.selected;
    if (state.openId === id) showNothing();
    await library.refreshAll();
    announce("Article deleted");
    if (list.total > 0) list.select(index);
    visibleList().focus();
  }

  /** Shift+Delete: deletes the open article, or else the selected one. */
  function deleteCurrent() {
    const article = currentArticle();
    if (article) deleteArticle(article);
  }

  return {
    open, showNothing, close, moveSelection, openSelected, enterList, readOn, saveProgress, setRead,
    markAllRead, toggleCurrentRead, toggleBookmark, toggleCurrentBookmark, removeSelectedBookmark, changeNote,
    openLink, deleteArticle, deleteCurrent,
  };
}
