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

/** Appends nodes and strings (as text) to an element, skipping empty values. */
export function append(parent, ...children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return parent;
}

/** Removes every child of an element. */
export function clear(el) {
  el.replaceChildren();
  return el;
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
