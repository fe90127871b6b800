// Modal dialogs: confirmation, bookmark note, settings, keyboard shortcuts. All are <dialog>
// elements from index.html; text goes in with textContent.

import { FONT_SIZES, MEASURES, THEMES } from "../settings.js";

const $ = (id) => document.getElementById(id);

/** Resolves with the dialog's return value once it closes. */
function run(dialog) {
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}

/**
 * Asks for confirmation. The confirming button is red for what cannot be undone (the default),
 * the accent's color otherwise.
 * @param {{destructive?: boolean}} [options]
 * @returns {Promise<boolean>}
 */
export async function confirmAction(title, message, confirmLabel, { destructive = true } = {}) {
  const dialog = $("confirm-dialog");
  $("confirm-title").textContent = title;
  $("confirm-message").textContent = message;
  const ok = $("confirm-ok");
  ok.textContent = confirmLabel;
  ok.classList.toggle("danger", destructive);
  ok.classList.toggle("primary", !destructive);
  return (await run(dialog)) === "ok";
}

/**
 * Edits a bookmark's note.
 * @returns {Promise<string|undefined>} the new note ("" removes it), undefined when cancelled
 */
export async function editNote(current) {
  const dialog = $("note-dialog");
  const field = $("note-text");
  field.value = current ?? "";
  const result = run(dialog);
  field.focus();
  return (await result) === "save" ? field.value.trim() : undefined;
}

/**
 * Shows the settings; every change is applied at once through `onChange`.
 * @param {{theme: string, fontSize: number, measure: number}} settings
 * @param {(settings: object) => void} onChange
 */
export function openSettings(settings, onChange) {
  const dialog = $("settings-dialog");
  const form = $("settings-form");
  form.elements.theme.value = settings.theme;
  Object.assign(form.elements.fontSize, { min: FONT_SIZES.min, max: FONT_SIZES.max, value: settings.fontSize });
  Object.assign(form.elements.measure, { min: MEASURES.min, max: MEASURES.max, value: settings.measure });
  const update = () => {
    const next = {
      theme: THEMES.includes(form.elements.theme.value) ? form.elements.theme.value : settings.theme,
      fontSize: Number(form.elements.fontSize.value),
      measure: Number(form.elements.measure.value),
    };
    $("font-size-value").textContent = `${next.fontSize} px`;
    $("measure-value").textContent = `${next.measure} characters`;
    onChange(next);
  };
  form.oninput = update;
  update();
  return run(dialog);
}

export function showShortcuts() {
  return run($("shortcuts-dialog"));
}
