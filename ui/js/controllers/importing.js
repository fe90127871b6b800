// The import controller: imports (dropped, chosen, the sample, files opened with Newsdesk) with
// the progress panel and the final report, then the refreshed library.

import * as api from "../api.js";
import { attempt } from "../page.js";

/**
 * @param {{importer: import("../views/importer.js").ImportPanel,
 *          library: ReturnType<import("./library.js").createLibrary>,
 *          reading: ReturnType<import("./reading.js").createReading>}} parts
 */
export function createImporting({ importer, library, reading }) {
  /**
   * Runs an import with the progress panel and the final report, then refreshes everything.
   * Resolves to the report, or null when the import could not run.
   * @param {string} label
   * @param {(onProgress: (p: object) => void) => Promise<object>} start
   */
  async function run(label, start) {
    importer.start(label);
    let report = null;
    try {
      report = await start((progress) => importer.progress(progress));
      importer.finish(report);
    } catch (error) {
      importer.fail(error?.message ?? String(error));
    }
    await library.refreshAll();
    // The opener may be gone (the empty state's buttons): the report's Close button takes focus.
    if (document.activeElement === document.body) importer.focus();
    return report;
  }

  /** Imports files the backend holds for the page (see api.importHeld). */
  const importHeld = (label, held) => run(label, (onProgress) => api.importHeld(held.token, onProgress));

  const loadSample = () => run("Loading sample news", (onProgress) => api.importSample(onProgress));

  function importDropped(held) {
    const count = held.names.length;
    importHeld(count === 1 ? "Importing 1 dropped item" : `Importing ${count} dropped items`, held);
  }

  async function importChosen(folder) {
    const held = await attempt(() => api.chooseImport(folder));
    if (held) importHeld("Importing", held);
  }

  /** Imports the files Newsdesk was asked to open and shows the first one. */
  async function openRequestedFiles() {
    const held = await attempt(api.filesToOpen);
    if (!held) return;
    const label = held.names.length === 1 ? `Opening ${held.names[0]}` : `Opening ${held.names.length} files`;
    const report = await importHeld(label, held);
    const first = report?.files.find((file) => file.first_article !== null)?.first_article;
    if (first !== undefined) reading.open(first, -1);
  }

  return { loadSample, importDropped, importChosen, openRequestedFiles };
}
