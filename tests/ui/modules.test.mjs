// The page's code loads at once: index.html names, as modulepreload links, exactly the modules of
// the page — main.js, what it imports, and bootstrap.js (the window's wiring), which main.js
// imports once the first frame is painted, with all it imports — so WebKit fetches them in one
// round instead of discovering them level by level. A module added or removed without its link
// fails here. The first frame waits only for main.js's own few modules.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ui = join(dirname(fileURLToPath(import.meta.url)), "../../ui");

/** The modules a module imports statically (not `import()`), as paths under ui/. */
function staticImports(path) {
  const source = readFileSync(join(ui, path), "utf8");
  return [...source.matchAll(/^import\s[^;]*?from\s+"(\.[^"]+)";/gms)].map(([, specifier]) =>
    relative(ui, join(ui, dirname(path), specifier)));
}

/** The entries and every module they import statically, directly or through others. */
function graph(entries) {
  const needed = new Set(entries);
  const pending = [...entries];
  while (pending.length) {
    for (const module of staticImports(pending.pop())) {
      if (!needed.has(module)) pending.push(module), needed.add(module);
    }
  }
  return needed;
}

test("the first frame waits for main.js and three small modules; the window's code comes after", () => {
  assert.deepEqual([...graph(["js/main.js"])].toSorted(),
    ["js/api.js", "js/library-views.js", "js/main.js", "js/settings.js", "js/state.js"]);
  const main = readFileSync(join(ui, "js/main.js"), "utf8");
  // The window's code is imported only after the frame: main.js awaits it first.
  assert.match(main, /\nawait new Promise\([^]*requestAnimationFrame\([^]*\n\s*const \{ start \} = await import\("\.\/bootstrap\.js"\);/);
});

test("index.html preloads every module of the page, and nothing else", () => {
  const needed = graph(["js/main.js", "js/bootstrap.js"]);
  needed.delete("js/main.js"); // the page's script itself
  const html = readFileSync(join(ui, "index.html"), "utf8");
  assert.match(html, /<script type="module" src="js\/main.js"><\/script>/);
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map(([, href]) => href);
  assert.equal(preloaded.length, new Set(preloaded).size, "a module is preloaded twice");
  assert.deepEqual(preloaded.toSorted(), [...needed].toSorted());
  assert.equal(needed.size, 20);
});
