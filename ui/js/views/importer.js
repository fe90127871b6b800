// Import feedback: the drop overlay, the progress panel (with Cancel) and the final report.

import { clear, h } from "../dom.js";

const AUTO_CLOSE_MS = 8000;
/** Progress is announced to screen readers at most this often, not on every tick. */
const ANNOUNCE_EVERY_MS = 10_000;

const STATUS_LABELS = {
  imported: "Imported",
  duplicate: "Already in library",
  failed: "Failed",
  skipped: "Skipped (not news)",
  cancelled: "Cancelled",
};

/** A file's name, then its folder (muted): the name is what people look for. */
function reportPath(path) {
  const parts = path.split(/[\\/]/);
  const name = parts.pop();
  const folder = parts.join("/");
  return h("span", { className: "report-path", attrs: { title: path } },
    h("span", { className: "report-name", text: name }),
    folder ? h("span", { className: "report-folder", text: folder }) : null);
}

export class ImportPanel {
  /**
   * @param {{overlay: HTMLElement, panel: HTMLElement}} elements
   * @param {{onCancel: () => void, announce: (message: string) => void,
   *          fallbackFocus: () => HTMLElement}} handlers announce: to the page's polite status
   *   region; fallbackFocus: where focus goes on close when the import's opener is gone
   */
  constructor(elements, handlers) {
    this.overlay = elements.overlay;
    this.panel = elements.panel;
    this.handlers = handlers;
  }

  /** Shows or hides the "drop to import" overlay. */
  showDropTarget(visible) {
    this.overlay.hidden = !visible;
  }

  /** Shows the progress panel for a starting import. */
  start(label) {
    clearTimeout(this.closeTimer);
    this.opener = document.activeElement;
    this.announced = Date.now();
    this.handlers.announce(label);
    this.panel.hidden = false;
    this.panel.dataset.state = "running";
    this.bar = h("progress", { attrs: { max: "1", value: "0", "aria-label": "Import progress" } });
    this.counts = h("p", { className: "import-counts", text: "Starting…" });
    this.current = h("p", { className: "import-current" });
    clear(this.panel,
      this.head(label, "Cancel", "cancel-import", () => this.handlers.onCancel()),
      this.bar,
      this.counts,
      this.current,
    );
  }

  /** Updates the progress panel from an ImportProgress message. */
  progress(progress) {
    if (!this.bar) return;
    // Bytes move smoothly even inside one big file; files count for inputs of unknown size.
    const [done, total] = progress.bytes_total > 0
      ? [progress.bytes_done, progress.bytes_total]
      : [progress.files_done, progress.files_total];
    this.bar.max = Math.max(1, total);
    this.bar.value = Math.min(done, total);
    this.counts.textContent =
      `${progress.files_done} of ${progress.files_total} files · ` +
      `${progress.articles_added} articles added` +
      (progress.duplicates ? ` · ${progress.duplicates} duplicates` : "") +
      (progress.failed ? ` · ${progress.failed} failed` : "");
    this.current.textContent = progress.current_file ?? "";
    if (Date.now() - this.announced >= ANNOUNCE_EVERY_MS) {
      this.announced = Date.now();
      this.handlers.announce(`${progress.files_done} of ${progress.files_total} files, ` +
        `${progress.articles_added} articles added`);
    }
  }

  /** Replaces the progress with the per-file report. A report without failures closes
   *  itself after a while (unless the pointer or focus is on it); failures stay until closed. */
  finish(report) {
    this.panel.dataset.state = "done";
    const failed = report.files.filter((file) => file.status === "failed").length;
    const summary = `${report.added} added · ${report.duplicates} duplicates · ${failed} failed` +
      (report.skipped ? ` · ${report.skipped} skipped` : "");
    const rows = report.files.map((file) =>
      h("li", { className: `report-file status-${file.status}`, dataset: { status: file.status } },
        h("span", { className: "report-status", text: STATUS_LABELS[file.status] ?? file.status }),
        reportPath(file.path),
        h("span", {
          className: "report-detail",
          text: file.error ?? `${file.added} added` + (file.duplicates ? `, ${file.duplicates} duplicates` : ""),
        })));
    clear(this.panel,
      this.head("Import finished", "Close", "close-report", () => this.close()),
      h("p", { className: "import-summary", text: summary }),
      h("ul", { className: "report-files", attrs: { "aria-label": "Files" } }, ...rows),
    );
    this.bar = null;
    this.handlers.announce(`Import finished: ${summary}`);
    if (failed === 0) this.closeLater();
  }

  closeLater() {
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => {
      if (this.panel.matches(":hover, :focus-within")) this.closeLater();
      else this.close();
    }, AUTO_CLOSE_MS);
  }

  /** Shows an error that stopped the import from starting. */
  fail(message) {
    this.panel.hidden = false;
    this.panel.dataset.state = "done";
    clear(this.panel,
      this.head("Import not started", "Close", "close-report", () => this.close()),
      h("p", { className: "import-error", text: message }),
    );
    this.handlers.announce(`Import not started: ${message}`);
  }

  /** Moves focus to the panel's button (when focus was lost, e.g. its opener disappeared). */
  focus() {
    this.panel.querySelector(".import-head button")?.focus();
  }

  /** The panel's title line with its one button. */
  head(title, label, action, onClick) {
    return h("div", { className: "import-head" },
      h("h2", { text: title }),
      h("button", {
        className: "button subtle",
        text: label,
        dataset: { action },
        attrs: { type: "button" },
        on: { click: onClick },
      }));
  }

  /** Closes the panel; focus inside it goes back to the import's opener (or the fallback). */
  close() {
    clearTimeout(this.closeTimer);
    const hadFocus = this.panel.contains(document.activeElement);
    this.panel.hidden = true;
    delete this.panel.dataset.state;
    clear(this.panel);
    if (!hadFocus) return;
    const opener = this.opener;
    const usable = opener && opener !== document.body && opener.isConnected && opener.checkVisibility();
    (usable ? opener : this.handlers.fallbackFocus()).focus();
  }
}
