// Keyboard shortcuts: single keys ("j", "Space", "Shift+Space"), sequences ("g a"), ignored while
// typing in a field, and the Ctrl (⌘ on macOS) combinations the app binds ("Mod+f").

const SEQUENCE_TIMEOUT_MS = 1200;

export class Keyboard {
  constructor(target = document) {
    /** @type {Map<string, {action: (event: KeyboardEvent) => void, whileTyping: boolean,
     *                      when: (event: KeyboardEvent) => boolean}>} */
    this.bindings = new Map();
    this.prefix = null;
    this.prefixTimer = 0;
    target.addEventListener("keydown", (event) => this.handle(event));
  }

  /**
   * Binds keys to an action.
   * @param {string|string[]} keys "j", "Enter", "Space", "Shift+Space", "g a" (a sequence),
   *   "Mod+f" (Ctrl or ⌘ with f), or several of them. "Shift+" is written only for named keys:
   *   "?" is typed with Shift anyway.
   * @param {(event: KeyboardEvent) => void} action
   * @param {{whileTyping?: boolean, when?: (event: KeyboardEvent) => boolean}} [options]
   *   whileTyping: also when focus is in a text field; when: otherwise the key keeps its default
   */
  bind(keys, action, { whileTyping = false, when = () => true } = {}) {
    for (const key of [keys].flat()) this.bindings.set(key, { action, whileTyping, when });
    return this;
  }

  /** The name of a key press: its character, or its name with "Shift+" when shifted. */
  static keyName(event) {
    if (event.ctrlKey || event.metaKey) return `Mod+${event.key.toLowerCase()}`;
    const name = event.key === " " ? "Space" : event.key;
    return event.shiftKey && name.length > 1 ? `Shift+${name}` : name;
  }

  handle(event) {
    if (event.defaultPrevented || event.altKey) return;
    if (event.target.closest?.("dialog[open]")) return; // dialogs handle their own keys
    // Enter and Space on a button or link activate it, as they should.
    if ((event.key === "Enter" || event.key === " ") && event.target.closest?.("button, a, summary, select")) {
      return;
    }
    const typing = Boolean(event.target.closest?.("input, textarea, select, [contenteditable]"));
    const combination = event.ctrlKey || event.metaKey;
    const key = this.prefix && !combination ? `${this.prefix} ${event.key}` : Keyboard.keyName(event);
    const prefixing = !this.prefix && !combination &&
      [...this.bindings.keys()].some((k) => k.startsWith(`${event.key} `));
    this.clearPrefix();
    const binding = this.bindings.get(key);
    if (binding && (!typing || binding.whileTyping) && binding.when(event)) {
      event.preventDefault();
      binding.action(event);
    } else if (prefixing && !typing) {
      this.prefix = event.key;
      this.prefixTimer = setTimeout(() => this.clearPrefix(), SEQUENCE_TIMEOUT_MS);
    }
  }

  clearPrefix() {
    this.prefix = null;
    clearTimeout(this.prefixTimer);
  }
}
