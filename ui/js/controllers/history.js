// The history controller: forgetting one visit, or all of them.

import * as api from "../api.js";
import { attempt, focusCurrentView } from "../page.js";
import { state } from "../state.js";
import { confirmAction } from "../views/dialogs.js";

/**
 * @param {{history: import("../views/history.js").HistoryView,
 *          library: ReturnType<import("./library.js").createLibrary>}} parts
 */
export function createHistory({ history, library }) {
  /** Forgets one visit; focus goes to the entry that takes its place (or the History view). */
  async function forget(id, index) {
    await attempt(() => api.clearHistoryEntry(id));
    await library.refreshAll();
    if (!history.focusEntry(index)) focusCurrentView();
  }

  async function clearAll() {
    const count = state.overview?.history ?? 0;
    const sure = await confirmAction(
      "Clear the reading history?",
      `This forgets when you opened ${count.toLocaleString()} ${count === 1 ? "article" : "articles"} and where ` +
        "you stopped reading. Bookmarks and read marks stay.",
      "Clear history",
    );
    if (!sure) return;
    await attempt(api.clearHistory);
    await library.refreshAll();
  }

  return { forget, clearAll };
}
