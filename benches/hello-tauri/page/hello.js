// Reports the first painted frame, as Newsdesk's page does (scripts/measure-startup.sh); then,
// once that frame is painted, the page's load milestones, as Newsdesk's start-up profile has them.
const { invoke } = window.__TAURI__.core;
requestAnimationFrame(() => {
  invoke("report_ready").catch(() => {});
  setTimeout(() => {
    const [page] = performance.getEntriesByType("navigation");
    if (!page) return;
    // 0 is when WebKit's web process began loading the page (and asked the app for its HTML).
    const marks = [["navigation-start", 0], ["html-received", page.responseEnd],
      ["dom-interactive", page.domInteractive]];
    invoke("report_page", { marks, now: performance.now() }).catch(() => {});
  });
});
