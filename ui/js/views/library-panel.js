// The Library part of the settings: where the library is and how big, and its care — backup,
// restore, optimize, bookmark exports — with progress and a plain account of what happened.

import * as api from "../api.js";
import { fileName, h } from "../dom.js";
import { confirmAction } from "./dialogs.js";

const $ = (id) => document.getElementById(id);

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

export class LibraryPanel {
  /** @param {{onChanged: () => void}} handlers called after a restore changed the library */
  constructor(handlers) {
    this.handlers = handlers;
    this.running = false;
    document.querySelector(".library-care").addEventListener("click", (event) => {
      const task = event.target.closest("[data-care]")?.dataset.care;
      if (task && !this.running) this.run(task);
    });
  }

  /** Fills in the facts (called when the settings open). */
  async refresh() {
    let info;
    try {
      info = await api.libraryInfo();
    } catch (error) {
      this.say(error.message);
      return;
    }
    const backup = info.latest_backup;
    const facts = [
      ["Articles", info.articles.toLocaleString()],
      ["Size on disk", megabytes(info.bytes)],
      ["Location", info.path],
      ["Latest backup", backup ? `${fileName(backup.path)} (${backup.articles.toLocaleString()} articles)` : "none yet"],
    ];
    $("library-facts").replaceChildren(...facts.flatMap(([name, value]) => [h("dt", { text: name }), h("dd", { text: value })]));
  }

  say(message) {
    $("care-status").textContent = message;
  }

  /** Shows progress: a share 0–1, `undefined` for "working" without a share, `null` to hide. */
  progress(done) {
    const bar = $("care-progress");
    bar.hidden = done === null;
    if (done === undefined) bar.removeAttribute("value");
    else if (done !== null) bar.value = done;
  }

  async run(task) {
    this.running = true;
    try {
      const message = await TASKS[task](this);
      if (message) this.say(message);
      await this.refresh();
    } catch (error) {
      this.say(error?.message ?? String(error));
    } finally {
      this.running = false;
      this.progress(null);
    }
  }
}

/** Each task returns the message to show (or nothing when it was cancelled). */
const TASKS = {
  async backup(panel) {
    panel.say("Backing up…");
    panel.progress(0);
    const backup = await api.backupLibrary(false, (done) => panel.progress(done));
    return `Backed up ${backup.articles.toLocaleString()} articles (${megabytes(backup.bytes)}) to ${backup.path}.`;
  },
  async "backup-to"(panel) {
    panel.progress(0);
    const backup = await api.backupLibrary(true, (done) => panel.progress(done));
    return backup && `Backed up ${backup.articles.toLocaleString()} articles to ${backup.path}.`;
  },
  async restore(panel) {
    const sure = await confirmAction(
      "Restore a backup?",
      "Your library will be replaced by the backup you choose. The library as it is now is kept as a " +
        "copy in the backups folder first.",
      "Choose backup…",
    );
    if (!sure) return undefined;
    panel.progress(0);
    const kept = await api.restoreLibrary(false, (done) => panel.progress(done));
    if (!kept) return undefined;
    panel.handlers.onChanged();
    return `Restored. The library as it was is kept in ${kept}.`;
  },
  async optimize(panel) {
    panel.say("Optimizing… (merging the search index and compacting the file)");
    panel.progress(undefined);
    const sizes = await api.optimizeLibrary();
    return `Optimized: ${megabytes(sizes.bytes_before)} → ${megabytes(sizes.bytes_after)}.`;
  },
  async export() {
    const path = await api.exportBookmarks($("export-format").value);
    return path && `Bookmarks exported to ${path}.`;
  },
};
