// Keyboard shortcuts: single keys ("j"), sequences ("g a"), ignored while typing in a field.

const SEQUENCE_TIMEOUT_MS = 1200;

export class Keyboard {
  constructor(target = document) {
    /** @type {Map<string, {action: (event: KeyboardEvent) => void, whileTyping: boolean}>} */
    this.bindings = new Map();
    this.prefix = null;
    this.prefixTimer = 0;
    target.addEventListener("keydown", (event) => this.handle(event));
  }

  /**
   * Binds keys to an action.
   * @param {string|string[]} keys "j", "Enter", "g a" (a sequence), or several of them
   * @param {(event: KeyboardEvent) => void} action
   * @param {{whileTyping?: boolean}} [options] also when focus is in a text field
   */
  bind(keys, action, { whileTyping = false } = {}) {
    for (const key of [keys].flat()) this.bindings.set(key, { action, whileTyping });
    return this;
  }

  handle(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.("dialog[open]")) return; // dialogs handle their own keys
    // Enter and Space on a button or link activate it, as they should.
    if ((event.key === "Enter" || event.key === " ") && event.target.closest?.("button, a, summary, select")) {
      return;
    }
    const typing = Boolean(event.target.closest?.("input, textarea, select, [contenteditable]"));
    const key = this.prefix ? `${this.prefix} ${event.key}` : event.key;
    const prefixing = !this.prefix && [...this.bindings.keys()].some((k) => k.startsWith(`${event.key} `));
    this.clearPrefix();
    const binding = this.bindings.get(key);
    if (binding && (!typing || binding.whileTyping)) {
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
