// The page's code loads in two rounds: index.html preloads main.js's own two modules (the first
// frame waits for them and nothing else); once that frame is painted, main.js preloads every
// module of the window's wiring (bootstrap.js and all it imports, WINDOW_MODULES) and imports
// bootstrap.js, so WebKit fetches them at once instead of discovering them level by level. A
// module added or removed without its entry fails here.

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

test("the first frame waits for main.js and two small modules; the window's code comes after", () => {
  assert.deepEqual([...graph(["js/main.js"])].toSorted(), ["js/api.js", "js/main.js", "js/settings.js"]);
  const main = readFileSync(join(ui, "js/main.js"), "utf8");
  // The window's code is imported only after the frame: main.js awaits it first.
  assert.match(main, /\nawait new Promise\([^]*requestAnimationFrame\([^]*\n\s*const \{ start \} = await import\("\.\/bootstrap\.js"\);/);
});

test("index.html preloads main.js's modules, and nothing else", () => {
  const needed = graph(["js/main.js"]);
  needed.delete("js/main.js"); // the page's script itself
  const html = readFileSync(join(ui, "index.html"), "utf8");
  assert.match(html, /<script type="module" src="js\/main.js"><\/script>/);
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map(([, href]) => href);
  assert.deepEqual(preloaded.toSorted(), [...needed].toSorted());
});

test("main.js preloads, after the frame, exactly the window's modules that are not in yet", () => {
  const main = readFileSync(join(ui, "js/main.js"), "utf8");
  const list = main.match(/const WINDOW_MODULES = \[([^\]]*)\];/);
  assert.ok(list, "main.js names the window's modules in WINDOW_MODULES");
  const named = [...list[1].matchAll(/"\.\/([^"]+)"/g)].map(([, path]) => `js/${path}`);
  assert.equal(named.length, new Set(named).size, "a module is named twice");
  const loaded = graph(["js/main.js"]);
  const needed = [...graph(["js/bootstrap.js"])].filter((module) => !loaded.has(module));
  assert.deepEqual(named.toSorted(), needed.toSorted());
  assert.equal(needed.length, 18);
  // They are preloaded once the frame is painted, before bootstrap.js is imported.
  assert.match(main, /setTimeout\(resolve\);\n\s*\}\)\);\nfor \(const module of WINDOW_MODULES\)[^]*rel = "modulepreload"[^]*await import\("\.\/bootstrap\.js"\)/);
});
