// The page's code loads at once: index.html names, as modulepreload links, exactly the modules
// main.js imports (directly or through others), so WebKit fetches them all in one round instead of
// discovering them level by level. A module added or removed without its link fails here.

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

test("index.html preloads every module main.js needs, and nothing else", () => {
  const needed = new Set();
  const pending = ["js/main.js"];
  while (pending.length) {
    for (const module of staticImports(pending.pop())) {
      if (!needed.has(module)) pending.push(module), needed.add(module);
    }
  }
  const html = readFileSync(join(ui, "index.html"), "utf8");
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map(([, href]) => href);
  assert.equal(preloaded.length, new Set(preloaded).size, "a module is preloaded twice");
  assert.deepEqual(preloaded.toSorted(), [...needed].toSorted());
  assert.equal(needed.size, 19);
});
