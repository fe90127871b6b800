// The hostile corpus (tests/hostile/) dropped on the real app: the crafted pages end as failed
// files with their reasons while the app keeps running, and every article that was imported opens
// with its markup shown as text — no alert, no navigation, and nothing in the list or the reader
// that could run a script or load anything.

import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT, startApp, texts, until } from "./harness.mjs";

let app;
let browser;

before(async () => {
  app = await startApp();
  browser = app.browser;
});

after(async () => {
  await app?.stop();
});

/** Elements and attributes that could run code or load something, in the list and the reader. */
function activeContent() {
  const DANGEROUS = "script,iframe,frame,frameset,object,embed,img,svg,math,link,style,form,input," +
    "button[formaction],video,audio,source,track,base,meta,picture,canvas,template";
  const LOADING = ["href", "src", "srcset", "srcdoc", "action", "formaction", "data", "poster",
    "background", "xlink:href", "ping"];
  const found = [];
  for (const pane of document.querySelectorAll("#article-list, #reader")) {
    for (const el of pane.querySelectorAll(DANGEROUS)) found.push(`<${el.localName}>`);
    for (const el of pane.querySelectorAll("*")) {
      for (const { name } of el.attributes) {
        if (name.startsWith("on") || LOADING.includes(name)) found.push(`${el.localName}[${name}]`);
      }
    }
  }
  return found;
}

test("the hostile corpus cannot crash, script or navigate the app", { timeout: 180_000 }, async () => {
  await until(browser, () => browser.$("#empty-state").isDisplayed(), "empty state shown");
  // Anything that gets to run script would call one of these, or navigate away (which loses the
  // marker).
  await browser.execute(() => {
    window.__hostileCalls = [];
    for (const name of ["alert", "confirm", "prompt", "open", "print"]) {
      window[name] = (...args) => { window.__hostileCalls.push([name, String(args[0])]); };
    }
    window.__hostileMarker = location.href;
  });

  const folder = join(app.dataDir, "hostile");
  mkdirSync(folder);
  const corpus = readdirSync(join(ROOT, "tests/hostile")).filter((name) => !/^(README\.md|make\.py)$/.test(name));
  for (const name of corpus) copyFileSync(join(ROOT, "tests/hostile", name), join(folder, name));
  await browser.execute((paths) => {
    window.__TAURI__.event.emit("tauri://drag-drop", { paths, position: { x: 400, y: 300 } });
  }, [folder]);

  const panel = await browser.$("#import-panel");
  await until(browser, async () => (await panel.getAttribute("data-state")) === "done", "import finished", 150_000);
  const outcomes = await browser.execute(() =>
    Object.fromEntries(Array.from(document.querySelectorAll(".report-file"), (row) => [
      row.querySelector(".report-name").textContent,
      [row.dataset.status, row.querySelector(".report-detail").textContent],
    ])));
  assert.equal(Object.keys(outcomes).length, corpus.length, JSON.stringify(outcomes));
  for (const name of ["nesting-custom-elements.html", "nesting-custom-elements.zip", "feed-nested-item-html.xml"]) {
    assert.equal(outcomes[name][0], "failed", name);
    assert.match(outcomes[name][1], /nested more than 512 elements deep/, name);
  }
  assert.deepEqual(outcomes["flood-br.zip"][0], "failed");
  assert.match(outcomes["flood-br.zip"][1], /more than 100,000 elements/);
  assert.match(outcomes["flood-attributes.html"][1], /took longer than 15 s/);
  const imported = Object.values(outcomes).filter(([status]) => status === "imported").length;
  assert.equal(imported, 7, JSON.stringify(outcomes));
  await browser.$("[data-action=close-report]").click();

  // Every imported article, opened one by one.
  const titles = await texts(browser, ".article-row .row-title");
  assert.equal(titles.length, 7, titles.join(" | "));
  assert.ok(titles.includes("<img src=x onerror=alert(1)><script>alert(2)</script>"), titles.join(" | "));
  for (let index = 1; index <= titles.length; index++) {
    await browser.$(`.article-row:nth-child(${index})`).click();
    await until(browser, async () => (await browser.$(".article-title").getText()) !== "", `article ${index} open`);
    assert.deepEqual(await browser.execute(activeContent), [], `article ${index}`);
  }
  assert.deepEqual(await browser.execute(() => window.__hostileCalls), []);
  assert.equal(await browser.execute(() => window.__hostileMarker === location.href), true);
});
