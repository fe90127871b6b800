// The library controller: the sidebar's counts and sources, the list (a view of the library,
// bookmarks, history or search results), and the search with its filters.

import * as api from "../api.js";
import { h } from "../dom.js";
import { marksAllRead, viewEmptyMessage, viewFilter, viewLabel } from "../library-views.js";
import { $, announce, attempt } from "../page.js";
import {
  inBookmarks, searchText, searching, setBookmarkedOnly, setOrder, setOverview, setQuery,
  setSourceFilter, setView, state, viewTotal,
} from "../state.js";

/** The search box searches while it is typed in, this long after the last key. */
const SEARCH_DELAY_MS = 120;
/** A visit is recorded in the background; counts are refreshed a moment later. */
const VISIT_SETTLE_MS = 400;

/**
 * @param {{list: import("../views/list.js").ArticleList,
 *          sidebar: import("../views/sidebar.js").Sidebar,
 *          history: import("../views/history.js").HistoryView}} views
 */
export function createLibrary({ list, sidebar, history }) {
  async function refreshOverview() {
    const overview = await attempt(api.overview);
    if (!overview) return;
    setOverview(overview);
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
    // The header counts what the view holds now; its rows stay until the list is reloaded (a
    // story read in Unread does not vanish under the reader).
    if (!searching()) $("list-count").textContent = viewTotal().toLocaleString();
    await showMarkAllRead();
  }

  /** How many of the view's articles are unread: what Mark all read would mark. */
  let unreadInView = 0;
  let unreadRequest = 0;

  /** The list's Mark all read button shows where it has something to mark: a view of the
   *  library (`marksAllRead`) with unread articles. */
  async function showMarkAllRead() {
    const request = ++unreadRequest;
    const view = state.view;
    let unread = 0;
    if (!searching() && marksAllRead(view)) {
      unread = (await attempt(() => api.countUnread(viewFilter(view)))) ?? 0;
    }
    if (request !== unreadRequest) return; // a newer look won
    unreadInView = unread;
    $("mark-all-read").hidden = unread === 0;
  }

  let overviewTimer = 0;
  function refreshOverviewSoon(delay = VISIT_SETTLE_MS) {
    clearTimeout(overviewTimer);
    overviewTimer = setTimeout(refreshOverview, delay);
  }

  /** What the article list shows now: search results, bookmarks, or a view of the library. */
  async function currentSource() {
    const view = state.view;
    if (searching()) {
      const request = {
        text: searchText(),
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
        title: viewLabel(view),
        initial: items.slice(0, 100),
        fetch: async (offset, limit) => items.slice(offset, offset + limit),
      };
    }
    const filter = viewFilter(view);
    return {
      key: `view:${JSON.stringify(filter)}`,
      total: viewTotal(),
      title: viewLabel(view),
      fetch: (offset, limit) => api.listArticles(filter, limit, offset),
    };
  }

  function showEmptyMessage(total) {
    const empty = $("list-empty");
    empty.hidden = total > 0 || state.overview?.all === 0;
    if (empty.hidden) return;
    if (!searching()) {
      empty.replaceChildren(h("p", { text: viewEmptyMessage(state.view) }));
      return;
    }
    const filtered = state.search.bookmarkedOnly || state.search.source;
    empty.replaceChildren(
      h("p", { className: "empty-title", text: `Nothing matches “${searchText()}”.` }),
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
      await showMarkAllRead();
      $("list-title").textContent = viewLabel(state.view);
      $("list-count").textContent = viewTotal().toLocaleString();
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
    showMarkAllRead();
    if (searching()) announce(source.total ? source.title : `No results for “${searchText()}”`);
    if (state.openId !== null) list.selectId(state.openId);
  }

  async function refreshAll() {
    await refreshOverview();
    await refreshList();
  }

  /** Another program changed the library: shows it, and says how many articles came or went
   *  (a screen reader hears of a nightly import as a sighted reader sees the count change). */
  async function refreshAfterOutsideChange() {
    const before = state.overview?.all ?? 0;
    await refreshAll();
    const change = (state.overview?.all ?? 0) - before;
    if (change === 0) return;
    const count = Math.abs(change);
    const articles = `${count.toLocaleString()} ${count === 1 ? "article" : "articles"}`;
    announce(change > 0 ? `${articles} added to the library` : `${articles} removed from the library`);
  }

  async function showView(view) {
    if (searching()) $("search-input").value = "";
    setView(view);
    sidebar.render(state.overview, view);
    await refreshList();
  }

  /** The search filters' controls show the state's. */
  function syncSearchFilters() {
    for (const button of document.querySelectorAll("[data-order]")) {
      const checked = button.dataset.order === state.search.order;
      button.setAttribute("aria-checked", String(checked));
      button.tabIndex = checked ? 0 : -1; // the radio group is one Tab stop
    }
    $("filter-bookmarked").checked = state.search.bookmarkedOnly;
    $("filter-source").value = state.search.source;
  }

  let searchTimer = 0;
  /** The search box's text changed: the list follows after a short pause. */
  function typeQuery(text) {
    if (setQuery(text)) syncSearchFilters();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(refreshList, SEARCH_DELAY_MS);
  }

  /** Shows the results of the text typed now, without the pause (the user wants them). */
  function settleSearch() {
    clearTimeout(searchTimer);
    return refreshList();
  }

  /** Empties the search box: the list shows the view again. */
  function clearSearch() {
    $("search-input").value = "";
    setQuery("");
    refreshList();
  }

  function chooseOrder(order) {
    if (!setOrder(order)) return;
    syncSearchFilters();
    refreshList();
  }

  function filterBookmarked(bookmarkedOnly) {
    setBookmarkedOnly(bookmarkedOnly);
    refreshList();
  }

  function filterSource(source) {
    setSourceFilter(source);
    refreshList();
  }

  return {
    unreadInView: () => unreadInView,
    refreshOverview, refreshOverviewSoon, refreshList, refreshAll, refreshAfterOutsideChange, showView,
    typeQuery, settleSearch, clearSearch, chooseOrder, filterBookmarked, filterSource,
  };
}
