// The history view: a timeline of opened articles grouped by day, with reading progress.

import { clear, h, typographic } from "../dom.js";

const PAGE_SIZE = 200;

/** "Today", "Yesterday", or the date. */
export function dayLabel(date, now = new Date()) {
  const day = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(now) - day(date)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(undefined, {
    weekday: days < 7 ? "long" : undefined,
    day: "numeric",
    month: "long",
    year: sameYear ? undefined : "numeric",
  });
}

export class HistoryView {
  /**
   * @param {HTMLElement} container
   * @param {{onOpen: (id: number) => void, onForget: (id: number, index: number) => void}} handlers
   *   index: the entry's place in the timeline
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.entries = [];
    this.complete = false;
    container.addEventListener("click", (event) => {
      const entry = event.target.closest("[data-id]");
      if (!entry) return;
      const id = Number(entry.dataset.id);
      const index = this.entries.findIndex((candidate) => candidate.article.id === id);
      if (event.target.closest("[data-action=forget]")) this.handlers.onForget(id, index);
      else if (event.target.closest("[data-action=open-entry]")) this.handlers.onOpen(id);
    });
  }

  /**
   * Shows the history from its first page.
   * @param {(offset: number, limit: number) => Promise<object[]>} fetch
   */
  async show(fetch) {
    this.fetch = fetch;
    this.entries = [];
    this.complete = false;
    await this.more();
  }

  async more() {
    const page = await this.fetch(this.entries.length, PAGE_SIZE);
    this.entries.push(...page);
    this.complete = page.length < PAGE_SIZE;
    this.render();
  }

  /**
   * Focuses the Remove button of the entry at `index` (or the last one), as after a removal.
   * @returns {boolean} false when the history is empty
   */
  focusEntry(index) {
    const buttons = this.container.querySelectorAll("[data-action=forget]");
    const button = buttons[Math.min(index, buttons.length - 1)];
    button?.focus();
    return button !== undefined;
  }

  render() {
    const groups = new Map();
    for (const entry of this.entries) {
      const label = dayLabel(new Date(entry.opened_at));
      if (!groups.has(label)) groups.set(label, []);
      groups.get(label).push(entry);
    }
    const sections = [...groups].map(([label, entries], index) =>
      h("section", { className: "history-day", attrs: { "aria-labelledby": `history-day-${index}` } },
        h("h2", { className: "history-day-title", text: label, attrs: { id: `history-day-${index}` } }),
        h("ul", { className: "history-entries" }, ...entries.map((entry) => this.entry(entry)))));
    clear(this.container,
      ...sections,
      this.complete
        ? null
        : h("button", {
            className: "button history-more",
            text: "Show older",
            attrs: { type: "button" },
            on: { click: () => this.more() },
          }),
    );
  }

  entry({ article, opened_at: openedAt }) {
    const progress = article.read ? 1 : (article.progress ?? 0);
    const state = article.read ? "Read" : `${Math.round(progress * 100)}% read`;
    const time = new Date(openedAt).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
    const bar = h("span", { className: "history-bar", attrs: { "aria-hidden": "true" } }, h("span"));
    bar.firstChild.style.width = `${Math.round(progress * 100)}%`;
    return h("li", { className: "history-entry", dataset: { id: article.id } },
      h("button", { className: "history-open", attrs: { type: "button" }, dataset: { action: "open-entry" } },
        h("span", { className: "history-title", text: typographic(article.title), attrs: { dir: "auto", lang: article.language } }),
        h("span", { className: "history-meta", text: `${time} · ${article.source} · ${state}` }),
        bar),
      h("button", {
        className: "button subtle history-forget",
        text: "✕",
        attrs: { type: "button", "aria-label": `Remove “${article.title}” from history`, title: "Remove from history" },
        dataset: { action: "forget" },
      }));
  }
}
