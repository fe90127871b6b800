// The reader: one article as clean typography. Article text is only ever set with textContent.

import { clear, h, longDate } from "../dom.js";

const WORDS_PER_MINUTE = 230;
const SAVE_EVERY_MS = 800;

const BLOCK_TAGS = {
  paragraph: "p",
  heading: "h2",
  quote: "blockquote",
  list_item: "li",
  preformatted: "pre",
};

export class Reader {
  /**
   * @param {HTMLElement} container the scrolling reader pane
   * @param {{onProgress: (id: number, progress: number) => void,
   *          onToggleBookmark: (id: number) => void,
   *          onOpenLink: (url: string) => void}} handlers
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.article = null;
    this.lastSaved = 0;
    this.saveTimer = 0;
    container.addEventListener("scroll", () => this.scheduleSave(), { passive: true });
  }

  /** Shows a placeholder when nothing is open. */
  showNothing(message) {
    this.article = null;
    clear(this.container).append(h("div", { className: "reader-empty", text: message }));
  }

  /**
   * Shows an article and restores the reading position.
   * @param {{article: object, progress: number, read: boolean}} reading
   */
  show(reading) {
    this.flushSave();
    const article = reading.article;
    this.article = article;
    const minutes = Math.max(1, Math.round(article.word_count / WORDS_PER_MINUTE));
    const meta = [
      article.author,
      article.source,
      article.published_at ? `Published ${longDate(article.published_at)}` : null,
      `Imported ${longDate(article.imported_at)}`,
    ].filter(Boolean);

    const bookmark = h("button", {
      className: "bookmark-toggle",
      attrs: { type: "button", "aria-pressed": String(article.bookmarked) },
      dataset: { action: "toggle-bookmark" },
      text: article.bookmarked ? "★ Bookmarked" : "☆ Bookmark",
      on: { click: () => this.handlers.onToggleBookmark(article.id) },
    });

    const body = h("div", { className: "article-body" });
    let list = null;
    for (const block of article.blocks) {
      const tag = BLOCK_TAGS[block.kind] ?? "p";
      const el = h(tag, { text: block.text });
      if (tag === "li") {
        list ??= body.appendChild(h("ul"));
        list.append(el);
      } else {
        list = null;
        body.append(el);
      }
    }

    const figure = article.caption || article.credit
      ? h(
          "figure",
          { className: "caption" },
          h("figcaption", {},
            article.caption ? h("span", { className: "caption-text", text: article.caption }) : null,
            article.credit ? h("span", { className: "credit", text: article.credit }) : null),
        )
      : null;

    const header = h(
      "header",
      { className: "article-header" },
      h("h1", { className: "article-title", text: article.title }),
      figure,
      h("p", { className: "article-meta", text: meta.join(" · ") }),
      h("p", { className: "article-stats" },
        `${article.word_count.toLocaleString()} words · ${minutes} min read`),
      h("div", { className: "article-actions" },
        bookmark,
        article.url
          ? h("button", {
              className: "open-original",
              attrs: { type: "button", title: article.url },
              dataset: { action: "open-original" },
              text: "Open original ↗",
              on: { click: () => this.handlers.onOpenLink(article.url) },
            })
          : null),
    );

    clear(this.container).append(
      h("article", { className: "article", attrs: { "aria-labelledby": "article-title" } }, header, body),
    );
    header.querySelector("h1").id = "article-title";
    this.restore(reading.progress);
    // A short article is read as soon as it has been on screen a moment.
    this.scheduleSave();
  }

  /** Updates the bookmark button after a toggle. */
  setBookmarked(bookmarked) {
    if (!this.article) return;
    this.article.bookmarked = bookmarked;
    const button = this.container.querySelector(".bookmark-toggle");
    if (!button) return;
    button.textContent = bookmarked ? "★ Bookmarked" : "☆ Bookmark";
    button.setAttribute("aria-pressed", String(bookmarked));
  }

  restore(progress) {
    const scrollable = this.container.scrollHeight - this.container.clientHeight;
    this.container.scrollTop = progress > 0 && progress < 1 ? progress * scrollable : 0;
    this.lastSaved = progress;
  }

  /** The reading position: 0 at the top, 1 when the end of the article is in view. */
  progress() {
    const scrollable = this.container.scrollHeight - this.container.clientHeight;
    if (scrollable <= 4) return 1;
    return Math.min(1, Math.max(0, this.container.scrollTop / scrollable));
  }

  scheduleSave() {
    if (!this.article || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flushSave(), SAVE_EVERY_MS);
  }

  flushSave() {
    clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    if (!this.article) return;
    const progress = Math.round(this.progress() * 1000) / 1000;
    if (Math.abs(progress - this.lastSaved) < 0.005) return;
    this.lastSaved = progress;
    this.handlers.onProgress(this.article.id, progress);
  }
}
