// The reader: one article as clean typography. Article text is only ever set as text.

import { clear, h, keepingFocus, longDate, renderSegments, typographic } from "../dom.js";

const WORDS_PER_MINUTE = 230;
const SAVE_EVERY_MS = 800;

const BLOCK_TAGS = {
  paragraph: "p",
  heading: "h2",
  quote: "blockquote",
  list_item: "li",
  preformatted: "pre",
};

/** Fills an element with a text, its searched words marked when there are highlights. */
function fillText(el, text, segments, typography = true) {
  el.dir = "auto"; // Arabic or Hebrew text reads right to left, each paragraph on its own
  if (segments) renderSegments(el, segments, { typography });
  else el.textContent = typography ? typographic(text) : text;
  return el;
}

export class Reader {
  /**
   * @param {HTMLElement} container the scrolling reader pane
   * @param {{onProgress: (id: number, progress: number) => void,
   *          onToggleBookmark: (id: number) => void,
   *          onSetRead: (id: number, read: boolean) => void,
   *          onDelete: (article: {id: number, title: string}) => void,
   *          onEditNote: (id: number, note: string|null) => void,
   *          onOpenLink: (id: number) => void,
   *          onStep: (step: -1|1) => void}} handlers
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.article = null;
    this.note = null;
    this.lastSaved = 0;
    this.saveTimer = 0;
    container.addEventListener("scroll", () => this.scheduleSave(), { passive: true });
  }

  /** Shows a placeholder when nothing is open. */
  showNothing(message) {
    this.flushSave();
    this.article = null;
    clear(this.container, h("div", { className: "reader-empty", text: message }));
  }

  /**
   * Shows an article and restores the reading position.
   * @param {{article: object, progress: number, read: boolean, note: string|null,
   *          highlights: {title: object[], caption: object[]|null, blocks: object[][]}|null}} reading
   * @param {{hasPrevious: boolean, hasNext: boolean}} position in the current list
   */
  show(reading, position) {
    this.flushSave();
    const { article, highlights } = reading;
    this.article = article;
    this.note = reading.note;
    this.read = reading.read;
    const minutes = Math.max(1, Math.round(article.word_count / WORDS_PER_MINUTE));
    const meta = [
      article.author ? `By ${article.author}` : null,
      article.source,
      article.published_at ? `Published ${longDate(article.published_at)}` : null,
      `Imported ${longDate(article.imported_at)}`,
    ].filter(Boolean);

    // The article's own text is marked with its language (a screen reader's voice, the Japanese
    // or Chinese forms of a character); the window's words around it stay English.
    const lang = article.language;
    const body = h("div", { className: "article-body", attrs: { lang } });
    let list = null;
    article.blocks.forEach((block, index) => {
      const tag = BLOCK_TAGS[block.kind] ?? "p";
      const el = fillText(h(tag), block.text, highlights?.blocks[index], tag !== "pre");
      if (tag === "li") {
        list ??= body.appendChild(h("ul"));
        list.append(el);
      } else {
        list = null;
        body.append(el);
      }
    });

    const caption = article.caption || article.credit
      ? h("figure", { className: "caption" },
          h("figcaption", {},
            article.caption
              ? fillText(h("span", { className: "caption-text", attrs: { lang } }), article.caption, highlights?.caption)
              : null,
            article.credit ? h("span", { className: "credit", text: article.credit }) : null))
      : null;

    this.actions = h("div", { className: "article-actions" });
    const header = h("header", { className: "article-header" },
      h("nav", { className: "article-nav", attrs: { "aria-label": "Article navigation" } },
        this.stepButton(-1, "← Previous", !position.hasPrevious),
        this.stepButton(1, "Next →", !position.hasNext)),
      fillText(h("h1", { className: "article-title", attrs: { id: "article-title", lang } }),
        article.title, highlights?.title),
      caption,
      h("p", { className: "article-meta", text: meta.join(" · ") }),
      h("p", { className: "article-stats",
        text: `${article.word_count.toLocaleString()} words · ${minutes} min read` }),
      this.actions);
    this.renderActions();

    clear(this.container,
      h("article", { className: "article", attrs: { "aria-labelledby": "article-title" } }, header, body));
    this.restore(reading.progress);
    // A short article is read as soon as it has been on screen a moment.
    this.scheduleSave();
  }

  stepButton(step, label, disabled) {
    return h("button", {
      className: "button subtle step",
      text: label,
      dataset: { action: step < 0 ? "previous-article" : "next-article" },
      attrs: { type: "button", disabled },
      on: { click: () => this.handlers.onStep(step) },
    });
  }

  /** Bookmark toggle, the bookmark's note, read or unread, "open original", and delete. */
  renderActions() {
    const article = this.article;
    const bookmarked = article.bookmarked;
    keepingFocus(this.actions, () => clear(this.actions,
      h("button", {
        className: "bookmark-toggle",
        attrs: { type: "button", "aria-pressed": String(bookmarked) },
        dataset: { action: "toggle-bookmark" },
        text: bookmarked ? "★ Bookmarked" : "☆ Bookmark",
        on: { click: () => this.handlers.onToggleBookmark(article.id) },
      }),
      bookmarked
        ? h("button", {
            className: "button subtle",
            attrs: { type: "button" },
            dataset: { action: "edit-note" },
            text: this.note ? "Edit note" : "Add note",
            on: { click: () => this.handlers.onEditNote(article.id, this.note) },
          })
        : null,
      h("button", {
        className: "button subtle read-toggle",
        attrs: { type: "button", "aria-keyshortcuts": "M", title: "Mark read or unread (m)" },
        dataset: { action: "toggle-read" },
        text: this.read ? "Mark unread" : "Mark read",
        on: { click: () => this.handlers.onSetRead(article.id, !this.read) },
      }),
      article.url
        ? h("button", {
            className: "open-original",
            attrs: { type: "button", title: article.url },
            dataset: { action: "open-original" },
            text: "Open original ↗",
            on: { click: () => this.handlers.onOpenLink(article.id) },
          })
        : null,
      h("button", {
        className: "button subtle delete-article",
        attrs: { type: "button", "aria-keyshortcuts": "Shift+Delete",
                 title: "Delete this article from the library (Shift+Delete)" },
        dataset: { action: "delete-article" },
        text: "Delete…",
        on: { click: () => this.handlers.onDelete(article) },
      }),
      bookmarked && this.note ? h("p", { className: "bookmark-note", text: this.note, attrs: { dir: "auto" } }) : null,
    ), () => this.actions.querySelector(".bookmark-toggle"));
  }

  /** Updates the bookmark state (and note) after a change. */
  setBookmark(bookmarked, note = null) {
    if (!this.article) return;
    this.article.bookmarked = bookmarked;
    this.note = bookmarked ? note : null;
    this.renderActions();
  }

  /** Updates the read mark after a change. */
  setRead(read) {
    if (!this.article) return;
    this.read = read;
    this.renderActions();
  }

  /**
   * Scrolls the article by most of a screen, as Space and Page Down do.
   * @param {1|-1} direction
   * @returns {boolean} false when the article is already at that end
   */
  page(direction) {
    const view = this.container;
    const atEnd = direction > 0 ? view.scrollTop + view.clientHeight >= view.scrollHeight - 2 : view.scrollTop <= 0;
    if (atEnd) return false;
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    view.scrollBy({ top: direction * Math.round(view.clientHeight * 0.9), behavior: still ? "instant" : "smooth" });
    return true;
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
