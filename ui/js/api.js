// The only module that talks to Tauri. Every other module calls these functions.
// Errors from commands arrive as {kind, message}; anything else is wrapped in that shape.

const tauri = window.__TAURI__;

/**
 * Calls an app command.
 * @param {string} command
 * @param {object} [args]
 * @returns {Promise<any>}
 */
async function call(command, args = {}) {
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === "object" && "kind" in error) throw error;
    throw { kind: "internal", message: String(error) };
  }
}

/**
 * A channel whose messages go to `onMessage`.
 * @param {(message: any) => void} onMessage
 */
function channel(onMessage) {
  const ch = new tauri.core.Channel();
  ch.onmessage = onMessage;
  return ch;
}

/** @typedef {{kind: "all"|"unread"|"bookmarked"|"continue_reading"} | {kind: "source", value: string}} ListFilter */

export const overview = () => call("library_overview");

/** @param {ListFilter} filter @param {number} limit @param {number} offset */
export const listArticles = (filter, limit, offset) => call("list_articles", { filter, limit, offset });

export const deleteArticle = (id) => call("delete_article", { id });

/**
 * Opens an article (and records the visit): {article, progress, read, note, highlights}.
 * @param {number} id
 * @param {string|null} [search] the search it was found with: its words come back marked
 */
export const openArticle = (id, search = null) => call("open_article", { id, search });

export const saveProgress = (id, progress) => call("save_progress", { id, progress });

/** Marks every article of a list read; resolves to the ids of those that were unread.
 *  @param {ListFilter} filter */
export const markAllRead = (filter) => call("mark_all_read", { filter });
export const countUnread = (filter) => call("count_unread", { filter });

/** Names the native window (what task switchers show and screen readers announce). */
export const setWindowTitle = (title) => tauri.window.getCurrentWindow().setTitle(title);

export const markRead = (id, read) => call("mark_read", { id, read });

/** Opens an article's original web page in the system browser (the backend opens the address
 *  stored with the article, and only an http/https one). */
export const openLink = (id) => call("open_link", { id });

/**
 * @param {{text: string, order?: "relevance"|"newest", bookmarked_only?: boolean,
 *          source?: string|null, limit?: number, offset?: number}} request
 */
export const search = (request) => call("search", { request });

export const toggleBookmark = (id) => call("toggle_bookmark", { id });

export const setBookmark = (id, note) => call("set_bookmark", { id, note });

export const removeBookmark = (id) => call("remove_bookmark", { id });

export const listBookmarks = () => call("list_bookmarks");

export const listHistory = (limit, offset) => call("list_history", { limit, offset });

export const clearHistoryEntry = (id) => call("clear_history_entry", { id });

export const clearHistory = () => call("clear_history");

/** @typedef {{token: string, names: string[]}} Held files the user handed to the app (dropped,
 *  chosen or opened with it), held by the backend; the page sees only their names. */

/**
 * Imports held files and folders (each token works once); `onProgress` receives
 * ImportProgress objects while it runs.
 * @param {string} token
 * @param {(progress: object) => void} onProgress
 */
export const importHeld = (token, onProgress) =>
  call("import_held", { token, onProgress: channel(onProgress) });

/** Imports the bundled sample news. */
export const importSample = (onProgress) => call("import_sample", { onProgress: channel(onProgress) });

export const cancelImport = () => call("cancel_import");

/** Shows the system dialog; resolves to the chosen files as Held, or null when cancelled. */
export const chooseImport = (folder) => call("choose_import", { folder });

/** Where the library is, its size, counts and latest backup. */
export const libraryInfo = () => call("library_info");

/**
 * The check after an unclean shutdown (a no-op otherwise): {checked, health, latest_backup}.
 * @param {(done: number) => void} onProgress share of a search-index rebuild done, 0–1
 */
export const finishUpgrade = (onProgress) => call("finish_upgrade", { onProgress: channel(onProgress) });
export const startupCheck = (onProgress) => call("startup_check", { onProgress: channel(onProgress) });

/**
 * Backs up the library (to a new file in the backups folder, or one chosen when `choose`).
 * Resolves to the backup's summary, or null when the dialog was cancelled.
 */
export const backupLibrary = (choose, onProgress) =>
  call("backup_library", { choose, onProgress: channel(onProgress) });

/** Restores a backup (the latest in the backups folder when `latest`, else one chosen in a
 *  dialog); resolves to where the library as it was is kept, or null when the dialog was
 *  cancelled. */
export const restoreLibrary = (latest, onProgress) =>
  call("restore_library", { latest, onProgress: channel(onProgress) });

export const optimizeLibrary = () => call("optimize_library");

/** Exports bookmarks ("markdown", "html" or "json") to a file chosen in a dialog. */
export const exportBookmarks = (format, ids = null) => call("export_bookmarks", { format, ids });

/** Files the app was asked to open and has not imported yet, as Held (null when none). */
export const filesToOpen = () => call("files_to_open");

/** Tells the app the page has painted its first frame (the start-up benchmark's clock); resolves
 *  to what the benchmark asks of the page: {profile, session} (both false outside it). */
export const reportReady = () => call("report_ready");

/** Hands the start-up benchmark the page's marks ([name, ms]), its clock now and its counts. */
export const reportStartup = (marks, now, counts) => call("report_startup", { marks, now, counts });

/** Calls `handler` when another program changed the library (the CLI, a second window). */
export const onLibraryChanged = (handler) => tauri.event.listen("newsdesk://library-changed", () => handler());

/** Calls `handler` when files are opened with Newsdesk while it runs. */
export const onFilesToOpen = (handler) => tauri.event.listen("newsdesk://open-files", () => handler());

/**
 * Listens to files and folders dragged over and dropped on the window (for the drop overlay).
 * @param {(type: "enter"|"over"|"drop"|"leave") => void} handler
 */
export function onDragDrop(handler) {
  return tauri.webview.getCurrentWebview().onDragDropEvent((event) => handler(event.payload.type));
}

/** Calls `handler` with the Held files of each drop (the backend received and keeps them). */
export const onDropped = (handler) => tauri.event.listen("newsdesk://dropped", (event) => handler(event.payload));
