// Building DOM safely: text always goes in through textContent, never parsed as markup.

/**
 * Creates an element.
 * @param {string} tag
 * @param {{className?: string, text?: string, dataset?: object, attrs?: object,
 *          on?: Record<string, EventListener>}} [props]
 * @param {...(Node|string|null|undefined|false)} children strings become text nodes
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [key, value] of Object.entries(props.dataset ?? {})) el.dataset[key] = String(value);
  for (const [key, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const [event, listener] of Object.entries(props.on ?? {})) el.addEventListener(event, listener);
  append(el, ...children);
  return el;
}

/** Marks an element's text as written in `language` (a BCP 47 tag), or as the page's own. */
export function setLanguage(el, language) {
  if (language) el.lang = language;
  else el.removeAttribute("lang");
}

/** The last part of a file path (Windows or POSIX separators). */
export function fileName(path) {
  return path.split(/[\\/]/).pop();
}

/** Appends nodes and strings (as text) to an element, skipping empty values. */
export function append(parent, ...children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return parent;
}

/** Replaces every child of an element (with nothing, or with `children` as in `append`). */
export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

/**
 * Runs `render`, which replaces the elements of `container`. When one of them had focus, focus
 * moves to its replacement (the new element with the same data-* attributes) or to `fallback`,
 * instead of falling to <body>.
 * @param {HTMLElement} container
 * @param {() => void} render
 * @param {() => HTMLElement|null|undefined} [fallback]
 */
export function keepingFocus(container, render, fallback = () => null) {
  const focused = document.activeElement;
  const key = container.contains(focused) ? JSON.stringify({ ...focused.dataset }) : null;
  render();
  if (key === null || container.contains(focused)) return;
  const twin = key === "{}"
    ? null
    : [...container.querySelectorAll("[data-action], [data-view]")].find((el) => JSON.stringify({ ...el.dataset }) === key);
  (twin ?? fallback())?.focus();
}

/** A deep copy of a <template>'s first element. */
export function cloneTemplate(id) {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById(id));
  return /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
}

/** Formats a date for lists: time today, weekday this week, else the date. */
export function shortDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  if (sameDay) return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  const days = (now - date) / 86_400_000;
  if (days < 6) return date.toLocaleDateString(undefined, { weekday: "short" });
  return date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** Formats a date in full, for the reader. */
export function longDate(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" });
}

/**
 * Straight quotes to typographic ones, for display only (the stored text is untouched).
 * Every replacement is one character for one, so offsets into the text stay valid.
 */
export function typographic(text) {
  return text
    .replace(/(^|[\s([{“‘—–-])"/g, "$1“")
    .replace(/"/g, "”")
    .replace(/(^|[\s([{“—–-])'/g, "$1‘")
    .replace(/'/g, "’");
}

/**
 * Fills an element with text segments, matched ones in <mark>.
 * @param {HTMLElement} parent
 * @param {{text: string, hit: boolean}[]} segments
 * @param {{typography?: boolean}} [options] typographic quotes
 */
export function renderSegments(parent, segments, { typography = false } = {}) {
  const whole = segments.map((segment) => segment.text).join("");
  const shown = typography ? typographic(whole) : whole;
  parent.replaceChildren();
  let at = 0;
  for (const segment of segments) {
    const text = shown.slice(at, at + segment.text.length);
    at += segment.text.length;
    parent.append(segment.hit ? h("mark", { text }) : document.createTextNode(text));
  }
  return parent;
}
