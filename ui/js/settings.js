// Reader settings: theme, text size and line width. Kept in the webview's local storage.

const KEY = "newsdesk.settings";

export const THEMES = ["system", "light", "dark", "sepia"];
export const FONT_SIZES = { min: 15, max: 26 };
export const MEASURES = { min: 52, max: 90 };

/** @typedef {{theme: string, fontSize: number, measure: number}} Settings */

/** @type {Settings} */
export const DEFAULTS = Object.freeze({ theme: "system", fontSize: 19, measure: 68 });

const clamp = (value, { min, max }, fallback) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

/** Reads the saved settings; anything missing or out of range falls back to the default. */
export function loadSettings() {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) ?? "{}") ?? {};
  } catch {
    saved = {};
  }
  return {
    theme: THEMES.includes(saved.theme) ? saved.theme : DEFAULTS.theme,
    fontSize: clamp(saved.fontSize, FONT_SIZES, DEFAULTS.fontSize),
    measure: clamp(saved.measure, MEASURES, DEFAULTS.measure),
  };
}

/** A text size a step larger or smaller, within `FONT_SIZES`; step 0: the default. */
export function steppedFontSize(fontSize, step) {
  return step === 0 ? DEFAULTS.fontSize : clamp(fontSize + step, FONT_SIZES, DEFAULTS.fontSize);
}

/** @param {Settings} settings */
export function saveSettings(settings) {
  localStorage.setItem(KEY, JSON.stringify(settings));
}

/** Applies settings to the page: the theme attribute and the reader's custom properties. */
export function applySettings(settings) {
  const root = document.documentElement;
  if (settings.theme === "system") delete root.dataset.theme;
  else root.dataset.theme = settings.theme;
  // Sizes are chosen in px at the usual 16 px default and applied in rem: a larger system
  // text size makes the reader's text larger too.
  root.style.setProperty("--reader-size", `${settings.fontSize / 16}rem`);
  root.style.setProperty("--reader-measure", `${settings.measure}ch`);
}
