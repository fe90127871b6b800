// axe-core, shared by the Chromium UI tests and the real-app WebDriver test: the source to inject
// (evaluated as a script, which the app's CSP allows as it is no inline <script>), the WCAG 2.1
// A/AA rule set, and a readable account of violations.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.1 levels A and AA, every impact; every element only for the violations (faster). */
export const AXE_OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  resultTypes: ["violations"],
};

/** Runs axe in a Playwright page. @returns {Promise<{passes: number, violations: string[]}>} */
export async function axeCheck(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return summarize(await page.evaluate((options) => window.axe.run(document, options), AXE_OPTIONS));
}

/** The passed-rule count and one line per violation (rule, impact, elements, what to fix). */
export function summarize(result) {
  return {
    passes: result.passes.length,
    violations: result.violations.map((v) =>
      `${v.id} (${v.impact}) on ${v.nodes.map((n) => n.target.join(" ")).join(", ")}: ` +
      `${v.nodes[0].failureSummary.replace(/\s+/g, " ")}`),
  };
}
