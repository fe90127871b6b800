// The library's views: the one place for their names, their counts and what each says when it is
// empty (the sidebar lists them, the list's title and empty message come from here).

/** The fixed views, in the sidebar's order. `count` is the view's field in `library_overview`. */
export const VIEWS = [
  { kind: "all", label: "All articles", count: "all",
    empty: "No articles yet. Drop news files on the window to import them." },
  { kind: "unread", label: "Unread", count: "unread",
    empty: "Nothing unread — you are all caught up." },
  { kind: "continue_reading", label: "Continue reading", count: "continue_reading",
    empty: "Articles you start reading and leave halfway show up here." },
  { kind: "bookmarked", label: "Bookmarks", count: "bookmarks",
    empty: "No bookmarks yet. Press b or ☆ Bookmark on an article to keep it here." },
  { kind: "history", label: "History", count: "history",
    empty: "Articles you open show up here, grouped by day." },
];

const SOURCE_EMPTY = "No articles from this source.";

const fixed = (kind) => VIEWS.find((view) => view.kind === kind);

/** A view's title: its label, or the source's name. @param {{kind: string, value?: string}} view */
export const viewLabel = (view) => (view.kind === "source" ? view.value : fixed(view.kind).label);

/** What a view's list says when it is empty. */
export const viewEmptyMessage = (view) => (view.kind === "source" ? SOURCE_EMPTY : fixed(view.kind).empty);

/** How many articles a view holds, from a `library_overview`. */
export function viewCount(overview, view) {
  if (view.kind === "source") return overview.sources.find((s) => s.source === view.value)?.articles ?? 0;
  return overview[fixed(view.kind).count];
}

/** The list filter (`ListFilter` in Rust) of a view of the library. */
export const viewFilter = (view) => (view.kind === "source" ? { kind: "source", value: view.value } : { kind: view.kind });

/** The views whose articles can be marked read all at once: the library's lists, not
 *  Bookmarks (kept to come back to) or History. */
export const marksAllRead = (view) => ["all", "unread", "continue_reading", "source"].includes(view.kind);

/** What Mark all read's question says it will mark: `unread` of the `total` articles of the
 *  view named `label`. */
export function markAllReadQuestion(unread, total, label) {
  const where = `in “${label}”`;
  if (unread === total) {
    return total === 1 ? `The article ${where} will be marked read.`
      : `All ${total.toLocaleString()} articles ${where} will be marked read.`;
  }
  return unread === 1 ? `The unread article ${where} will be marked read.`
    : `The ${unread.toLocaleString()} unread articles ${where} will be marked read.`;
}

/** Two views are the same view. */
export function sameView(a, b) {
  return a.kind === b.kind && (a.value ?? null) === (b.value ?? null);
}
