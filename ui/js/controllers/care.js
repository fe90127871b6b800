// The library-care controller: the settings (with the library's care panel), a restored
// library, the search index's rebuild after an upgrade, and the check after an unclean shutdown.

import * as api from "../api.js";
import { fileName } from "../dom.js";
import { announce, attempt, banner, notify } from "../page.js";
import { applySettings, saveSettings, steppedFontSize } from "../settings.js";
import { setSettings, state } from "../state.js";
import { confirmAction, openSettings } from "../views/dialogs.js";

/**
 * @param {{libraryPanel: import("../views/library-panel.js").LibraryPanel,
 *          library: ReturnType<import("./library.js").createLibrary>,
 *          reading: ReturnType<import("./reading.js").createReading>}} parts
 */
export function createCare({ libraryPanel, library, reading }) {
  function changeSettings(settings) {
    setSettings(settings);
    applySettings(settings);
    saveSettings(settings);
  }

  function showSettings() {
    libraryPanel.refresh();
    return openSettings(state.settings, changeSettings);
  }

  /** Ctrl (⌘) with + or −: the reader's text a pixel larger or smaller; with 0, as it was. */
  function stepTextSize(step) {
    const fontSize = steppedFontSize(state.settings.fontSize, step);
    changeSettings({ ...state.settings, fontSize });
    announce(`Text size ${fontSize} px`);
  }

  /** The library was replaced by a backup: nothing of the old one stays on screen. */
  async function afterRestore() {
    reading.showNothing();
    await library.refreshAll();
  }

  /** A library from an older Newsdesk has its search index rebuilt once, with progress, and
   *  the user is told what search finds since. */
  async function finishUpgrade() {
    const finds = await attempt(() =>
      api.finishUpgrade((done) => banner("Updating the search index for this version of Newsdesk…", done)));
    if (!finds) return;
    banner(null);
    notify(finds.length
      ? `The search index was updated: search now finds ${finds.join("; and ")}.`
      : "The search index was updated for this version of Newsdesk.");
  }

  /** After an unclean shutdown the library is checked; a damaged index is rebuilt, a damaged
   *  file offers the latest backup. */
  async function checkLibrary() {
    const check = await attempt(() =>
      api.startupCheck((done) => banner("Rebuilding the search index…", done)));
    if (!check?.checked) return;
    const health = check.health;
    if (health.state === "healthy") {
      banner(null);
      notify("Newsdesk was not closed properly last time. Your library was checked: all is well.");
    } else if (health.state === "index_damaged") {
      banner(null);
      notify("Newsdesk was not closed properly last time. The search index was damaged and has been rebuilt.");
    } else {
      banner("Your library file is damaged. Some articles may not open.");
      const backup = check.latest_backup;
      const restore = backup && await confirmAction(
        "Your library file is damaged",
        `Newsdesk found damage in its library file (${health.problems.slice(0, 2).join("; ")}). ` +
          `Restore the latest backup, ${fileName(backup.path)} with ${backup.articles.toLocaleString()} ` +
          "articles? The damaged library is kept as a copy.",
        "Restore backup",
      );
      if (restore) {
        banner("Restoring the latest backup…", 0);
        const kept = await attempt(() => api.restoreLibrary(true, (done) => banner("Restoring the latest backup…", done)));
        banner(null);
        if (kept) notify(`Restored your latest backup. The damaged library is kept in ${kept}.`);
        await afterRestore();
      }
    }
  }

  return { showSettings, stepTextSize, afterRestore, finishUpgrade, checkLibrary };
}
