// What every part of the window shares: element lookup, the status line, the screen readers'
// announcer, the banner, and backend calls whose failure becomes a message.

/** The page's element with this id. */
export const $ = (id) => document.getElementById(id);

let notifyTimer = 0;

/** Shows a message in the status line (as text). */
export function notify(message) {
  const status = $("status");
  status.textContent = message;
  status.hidden = false;
  clearTimeout(notifyTimer);
  notifyTimer = setTimeout(() => (status.hidden = true), 6000);
}

/** Says a message in the page's one polite status region (read by screen readers, not shown). */
export function announce(message) {
  const region = $("announcer");
  // The same words again are only read when the region changes: empty it first.
  if (region.textContent === message) region.textContent = "";
  requestAnimationFrame(() => (region.textContent = message));
}

/** Shows a line at the top of the window (`null` hides it); `done` is a share 0–1, or null for no bar. */
export function banner(text, done = null) {
  $("banner").hidden = text === null;
  $("banner-text").textContent = text ?? "";
  $("banner-progress").hidden = done === null;
  if (done !== null) $("banner-progress").value = done;
}

/** Runs a backend call; a failure becomes a visible message instead of a broken window. */
export async function attempt(work) {
  try {
    return await work();
  } catch (error) {
    notify(error?.message ?? String(error));
    return undefined;
  }
}

/** The list that shows now: the article list, or the history. */
export function visibleList() {
  return $("article-list").hidden ? $("history-view") : $("article-list");
}

/** Moves focus to the current view in the sidebar (when what had focus is gone). */
export function focusCurrentView() {
  document.querySelector("#sidebar [aria-current=page]")?.focus();
}
