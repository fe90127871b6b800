// The sidebar: the library's views with their counts, and the import sources.

import { clear, h, keepingFocus } from "../dom.js";
import { sameView, VIEWS, viewCount } from "../library-views.js";

export class Sidebar {
  /**
   * @param {HTMLElement} container
   * @param {{onSelect: (view: {kind: string, value?: string}) => void}} handlers
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    container.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-view]");
      if (!button) return;
      const view = { kind: button.dataset.view };
      if (button.dataset.value !== undefined) view.value = button.dataset.value;
      this.handlers.onSelect(view);
    });
  }

  /**
   * @param {{all: number, unread: number, bookmarks: number, continue_reading: number,
   *          history: number, sources: {source: string, articles: number}[]}} overview
   * @param {{kind: string, value?: string}} current
   */
  render(overview, current) {
    const item = (view, label, count) => {
      const active = sameView(view, current);
      return h("li", {},
        h("button", {
          className: "nav-item",
          dataset: view.value === undefined ? { view: view.kind } : { view: view.kind, value: view.value },
          attrs: { type: "button", "aria-current": active ? "page" : false },
        },
          h("span", { className: "nav-label", text: label, attrs: { dir: "auto" } }),
          h("span", { className: "nav-count", text: count.toLocaleString() })));
    };
    const views = VIEWS.map(({ kind, label }) => item({ kind }, label, viewCount(overview, { kind })));
    const sources = overview.sources.map((s) => item({ kind: "source", value: s.source }, s.source, s.articles));
    keepingFocus(this.container, () => clear(this.container,
      h("ul", { className: "nav-list", attrs: { "aria-label": "Views" } }, ...views),
      sources.length ? h("h2", { className: "nav-heading", text: "Sources", attrs: { id: "sources-heading" } }) : null,
      sources.length ? h("ul", { className: "nav-list sources", attrs: { "aria-labelledby": "sources-heading" } }, ...sources) : null,
    ), () => this.container.querySelector("[aria-current=page]"));
  }
}
