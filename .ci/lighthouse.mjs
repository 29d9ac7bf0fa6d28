// Lighthouse on pages of a served dossier site: performance, accessibility, best practices and
// SEO, each of which must score at least 95. Prints the four scores of each page and every
// scored audit that cost its category points; exits 1 when a score is below 95.
//
// Usage: node .ci/lighthouse.mjs URL...
// Chromium is $CHROME_PATH, or /usr/bin/chromium. Lighthouse's default mobile emulation and
// simulated slow network are kept: they are what the scores are usually quoted with.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const MIN = 95;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
// The machine running CI has no network: nothing may try to reach out in the background.
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const urls = process.argv.slice(2);
if (!urls.length) {
  console.error("usage: node .ci/lighthouse.mjs URL...");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: FLAGS,
  ignoreDefaultFlags: true,
});
let low = 0;
try {
  for (const url of urls) {
    const { lhr } = await lighthouse(url, { port: chrome.port, onlyCategories: CATEGORIES, logLevel: "error" });
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = CATEGORIES.map((id) => Math.round(lhr.categories[id].score * 100));
    console.log(`${url}: ${CATEGORIES.map((id, i) => `${id} ${scores[i]}`).join(", ")}`);
    for (const id of CATEGORIES) {
      for (const ref of lhr.categories[id].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`    ${id}: ${audit.id} ${audit.score}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
        }
      }
    }
    low += scores.filter((s) => s < MIN).length;
  }
} finally {
  await chrome.kill();
}
if (low) {
  console.log(`${low} score${low === 1 ? "" : "s"} below ${MIN}`);
  process.exit(1);
}
console.log(`every score is ${MIN} or more`);
