// The article list: virtualized, so a library of any size keeps a small, fixed number of row
// elements. Rows are fetched in pages as they scroll into view. A listbox of options: each row
// tells its place with aria-posinset/aria-setsize, as only some rows are in the DOM at a time.

import { cloneTemplate, renderSegments, setLanguage, shortDate, typographic } from "../dom.js";

const PAGE_SIZE = 100;
const OVERSCAN = 6;

/**
 * @typedef {object} Source
 * @property {number} total
 * @property {(offset: number, limit: number) => Promise<object[]>} fetch
 * @property {string} key identifies the list (a new key resets scroll and selection)
 * @property {object[]} [initial] the first page, when already fetched
 */

export class ArticleList {
  /**
   * @param {HTMLElement} container the scrolling element (role=listbox)
   * @param {{onOpen: (item: object, index: number) => void}} handlers
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.spacer = document.createElement("div");
    this.spacer.className = "list-spacer";
    container.append(this.spacer);
    /** @type {Map<number, HTMLElement>} index → row element in use */
    this.rows = new Map();
    /** @type {HTMLElement[]} */
    this.pool = [];
    this.pages = new Map();
    this.source = null;
    this.selected = -1;
    this.rowHeight = 0;
    container.addEventListener("scroll", () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(container);
    container.addEventListener("click", (event) => {
      const row = event.target.closest(".article-row");
      if (row) this.open(Number(row.dataset.index));
    });
  }

  /** A row's height in px: set in rem by the stylesheet, so it follows the text size. */
  measureRowHeight() {
    const probe = this.pool.pop() ?? cloneTemplate("article-row-template");
    probe.style.visibility = "hidden";
    this.spacer.append(probe);
    const height = probe.getBoundingClientRect().height;
    probe.style.visibility = "";
    this.release(probe);
    return height || this.rowHeight;
  }

  /** Shows a new source of rows (keeps the scroll position if the key is unchanged). */
  setSource(source) {
    const same = this.source && this.source.key === source.key;
    this.source = source;
    this.pages = new Map();
    if (source.initial) this.pages.set(0, source.initial);
    this.rowHeight = this.measureRowHeight();
    this.spacer.style.height = `${source.total * this.rowHeight}px`;
    if (!same) {
      this.container.scrollTop = 0;
      this.selected = -1;
    }
    this.selected = Math.min(this.selected, source.total - 1);
    for (const row of this.rows.values()) this.release(row);
    this.rows.clear();
    this.render();
  }

  get total() {
    return this.source ? this.source.total : 0;
  }

  /** The item at an index, if its page is loaded. */
  item(index) {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    return Array.isArray(page) ? page[index % PAGE_SIZE] : undefined;
  }

  /** Updates one loaded item in place (e.g. after a bookmark toggle) and redraws its row. */
  updateItem(id, change) {
    for (const page of this.pages.values()) {
      if (!Array.isArray(page)) continue;
      const item = page.find((candidate) => candidate.id === id);
      if (item) Object.assign(item, change);
    }
    for (const [index, row] of this.rows) this.fill(row, index);
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render() {
    if (!this.source || !this.rowHeight) return;
    const first = Math.max(0, Math.floor(this.container.scrollTop / this.rowHeight) - OVERSCAN);
    const visible = Math.ceil(this.container.clientHeight / this.rowHeight) + 2 * OVERSCAN;
    const last = Math.min(this.total, first + visible);
    for (const [index, row] of this.rows) {
      if (index < first || index >= last) {
        this.release(row);
        this.rows.delete(index);
      }
    }
    for (let index = first; index < last; index++) {
      if (!this.rows.has(index)) {
        const row = this.pool.pop() ?? cloneTemplate("article-row-template");
        row.dataset.index = String(index);
        row.style.transform = `translateY(${index * this.rowHeight}px)`;
        this.spacer.append(row);
        this.rows.set(index, row);
      }
      this.fill(this.rows.get(index), index);
    }
    // The active option must exist: a selected row scrolled out of the DOM is not pointed at.
    if (this.rows.has(this.selected)) this.container.setAttribute("aria-activedescendant", `row-${this.selected}`);
    else this.container.removeAttribute("aria-activedescendant");
    this.load(first, last);
  }

  release(row) {
    row.remove();
    this.pool.push(row);
  }

  /** Fetches the pages covering [first, last) that are not loaded yet. */
  load(first, last) {
    const source = this.source;
    for (let page = Math.floor(first / PAGE_SIZE); page * PAGE_SIZE < last; page++) {
      if (this.pages.has(page)) continue;
      this.pages.set(page, "loading");
      source
        .fetch(page * PAGE_SIZE, PAGE_SIZE)
        .then((items) => {
          if (this.source !== source) return;
          this.pages.set(page, items);
          for (const [index, row] of this.rows) this.fill(row, index);
        })
        .catch(() => this.pages.delete(page));
    }
  }

  /** Writes an item into a row (text only, never markup). */
  fill(row, index) {
    const item = this.item(index);
    row.classList.toggle("selected", index === this.selected);
    row.setAttribute("aria-selected", String(index === this.selected));
    row.setAttribute("aria-posinset", String(index + 1));
    row.setAttribute("aria-setsize", String(this.total));
    row.id = `row-${index}`;
    row.classList.toggle("placeholder", !item);
    const field = (name) => row.querySelector(`[data-field="${name}"]`);
    if (!item) {
      for (const part of row.querySelectorAll("[data-field]")) part.textContent = "";
      return;
    }
    row.dataset.id = String(item.id);
    row.classList.toggle("unread", !item.read);
    row.classList.toggle("bookmarked", item.bookmarked);
    field("title").textContent = typographic(item.title);
    field("meta").textContent = [item.credit, item.source].filter(Boolean).join(" · ");
    field("date").textContent = shortDate(item.published_at ?? item.imported_at);
    field("star").textContent = item.bookmarked ? "★" : "";
    field("star").setAttribute("aria-label", item.bookmarked ? "Bookmarked" : "");
    const excerpt = field("excerpt");
    // The story's own words carry its language (a screen reader's voice, CJK glyph forms); a
    // note and the window's words around them do not.
    setLanguage(field("title"), item.language);
    setLanguage(excerpt, item.note && !item.snippet?.length ? null : item.language);
    if (item.snippet?.length) renderSegments(excerpt, item.snippet, { typography: true });
    else if (item.note) excerpt.textContent = `Note: ${item.note}`;
    else excerpt.textContent = typographic(item.excerpt ?? "");
    const progress = item.read ? 1 : (item.progress ?? 0);
    field("progress").style.width = `${Math.round(progress * 100)}%`;
  }

  /** Selects a row (keeps it in view) without opening it. */
  select(index) {
    if (this.total === 0) return;
    this.selected = Math.max(0, Math.min(this.total - 1, index));
    const top = this.selected * this.rowHeight;
    const view = this.container;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + this.rowHeight > view.scrollTop + view.clientHeight) {
      view.scrollTop = top + this.rowHeight - view.clientHeight;
    }
    this.render();
  }

  /** Selects and opens a row; waits for its page if needed. */
  async open(index) {
    this.select(index);
    let item = this.item(this.selected);
    if (!item) {
      const page = Math.floor(this.selected / PAGE_SIZE);
      const items = await this.source.fetch(page * PAGE_SIZE, PAGE_SIZE);
      this.pages.set(page, items);
      item = this.item(this.selected);
    }
    if (item) this.handlers.onOpen(item, this.selected);
  }

  /** The index of the first loaded unread article after `index`, or -1. */
  nextUnread(index) {
    for (let next = index + 1; next < this.total; next++) {
      const item = this.item(next);
      if (item === undefined && !Array.isArray(this.pages.get(Math.floor(next / PAGE_SIZE)))) return -1;
      if (item && !item.read) return next;
    }
    return -1;
  }

  /** Selects the row of an article id if it is loaded. */
  selectId(id) {
    for (const [pageNumber, page] of this.pages) {
      if (!Array.isArray(page)) continue;
      const offset = page.findIndex((item) => item.id === id);
      if (offset >= 0) {
        this.select(pageNumber * PAGE_SIZE + offset);
        return true;
      }
    }
    return false;
  }
}
