// The start-up benchmark's side of the page (scripts/measure-startup.sh), loaded only when the
// app runs under it: hands over the page's start-up marks and what it loaded, and runs the
// scripted session (20 articles opened, 10 searches) through the window's own controls.

import * as api from "./api.js";

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the marks set with performance.mark and the document's own milestones. */
async function sendProfile() {
  await nextFrame();
  const marks = performance.getEntriesByType("mark").map((mark) => [mark.name, mark.startTime]);
  const [document] = performance.getEntriesByType("navigation");
  if (document) {
    // 0 is when WebKit's web process began loading the page (and asked the app for its HTML).
    marks.push(["navigation-start", 0], ["html-received", document.responseEnd],
      ["dom-interactive", document.domInteractive],
      ["dom-content-loaded", document.domContentLoadedEventEnd], ["load", document.loadEventEnd]);
  }
  await api.reportStartup(marks, performance.now(), []);
}

/** Opens 20 articles (the first row, then `j`), then runs 10 searches for words of their
 *  titles, as a reader would. Resolves to [articles opened, searches run]. */
async function runSession() {
  const press = (key) => document.activeElement.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
  const firstRow = document.querySelector("#article-list .article-row");
  if (!firstRow) return [0, 0];
  firstRow.click();
  const titles = new Set();
  const words = [];
  for (let opened = 1; opened <= 20; opened++) {
    await pause(150);
    const title = document.querySelector("#reader h1")?.textContent ?? "";
    titles.add(title);
    words.push(...title.split(/\s+/).filter((word) => /^\p{L}{4,}$/u.test(word)).slice(0, 1));
    if (opened < 20) press("j");
  }
  const input = document.getElementById("search-input");
  const searches = words.slice(0, 10);
  for (const word of searches) {
    input.value = word.toLowerCase();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await pause(400);
  }
  input.focus();
  press("Escape");
  await pause(400);
  return [titles.size, searches.length];
}

/**
 * Does what the benchmark asks.
 * @param {{profile: boolean, session: boolean}} benchmark
 */
export async function serveBenchmark(benchmark) {
  if (benchmark.profile) await sendProfile();
  if (benchmark.session) {
    const [articles, searches] = await runSession();
    const now = performance.now();
    await api.reportStartup([["session-done", now]], now, [["session-articles", articles], ["session-searches", searches]]);
  }
}
