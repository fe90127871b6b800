// The window's state and the functions that change it. No DOM and no backend here: the
// controllers read the state, change it only through these functions, and render from it.

import { loadSettings } from "./settings.js";
import { viewCount } from "./library-views.js";

export const state = {
  /** The library view the list shows when nothing is searched. @type {{kind: string, value?: string}} */
  view: { kind: "all" },
  /** The search box's text. */
  query: "",
  /** The search's order and filters. */
  search: { order: "relevance", bookmarkedOnly: false, source: "" },
  /** The library's counts and sources (`library_overview`), null until they arrive. */
  overview: null,
  /** The article in the reader. @type {number|null} */
  openId: null,
  settings: loadSettings(),
};

/** The search's words, or "" when nothing is searched. */
export const searchText = () => state.query.trim();
export const searching = () => searchText() !== "";
export const inBookmarks = () => state.view.kind === "bookmarked" && !searching();
export const articleOpen = () => state.openId !== null;

/** How many articles the current view holds, as the last overview counted them. */
export const viewTotal = () => (state.overview ? viewCount(state.overview, state.view) : 0);

/** A new view of the library; a search in progress ends. */
export function setView(view) {
  state.query = "";
  state.view = view;
}

/**
 * The search box's text changed. A search that starts takes its filters from the view it began
 * in (the Bookmarks view searches bookmarks, a source's view that source).
 * @returns {boolean} whether this text started a search
 */
export function setQuery(text) {
  const started = !searching() && text.trim() !== "";
  state.query = text;
  if (started) {
    state.search = {
      order: "relevance",
      bookmarkedOnly: state.view.kind === "bookmarked",
      source: state.view.kind === "source" ? state.view.value : "",
    };
  }
  return started;
}

/** @returns {boolean} whether the order changed */
export function setOrder(order) {
  const changed = order !== state.search.order;
  state.search.order = order;
  return changed;
}

export function setBookmarkedOnly(bookmarkedOnly) {
  state.search.bookmarkedOnly = bookmarkedOnly;
}

export function setSourceFilter(source) {
  state.search.source = source;
}

export function setOverview(overview) {
  state.overview = overview;
}

/** @param {number|null} id the article now in the reader, null for none */
export function setOpen(id) {
  state.openId = id;
}

export function setSettings(settings) {
  state.settings = settings;
}
