// Runs axe-core on every page of a built dossier site, in the light and the dark colour scheme,
// in headless Chromium. Exits 1 on any violation, listing each with the elements it found.
//
// Usage: node .ci/axe.js SITE_DIR BASE [REMOTE=LOCAL]
//   SITE_DIR  the built site (public/); every .html file in it is checked
//   BASE      where SITE_DIR is served, e.g. http://127.0.0.1:8754/archive/
//   REMOTE=LOCAL  requests under REMOTE (the site's base_url, which the 404 page uses as its
//             <base>) are answered from LOCAL, as the real host would answer them
// The search page is also checked with a query typed in, so that its results are checked too.
// Chromium is $CHROME_PATH, or /usr/bin/chromium.
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [siteDir, base, mapping] = process.argv.slice(2);
if (!siteDir || !base) {
  console.error("usage: node .ci/axe.js SITE_DIR BASE [REMOTE=LOCAL]");
  process.exit(2);
}
const [remote, local] = mapping ? mapping.split("=") : [];
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// Page addresses as a reader would type them: folder/ for folder/index.html.
function pages(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...pages(path.join(dir, entry.name), rel + "/"));
    else if (entry.name === "index.html") out.push(prefix);
    else if (entry.name.endsWith(".html")) out.push(rel);
  }
  return out;
}

async function check(browser, url, scheme) {
  const page = await browser.newPage();
  await page.setCacheEnabled(false);
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
  if (remote) {
    // A page whose <base> is `remote` (the 404 page) loads its stylesheet from there, which its
    // Content-Security-Policy ('self') allows where it is published; here that origin is only
    // simulated.
    if (url.endsWith("404.html")) await page.setBypassCSP(true);
    await page.setRequestInterception(true);
    page.on("request", async (request) => {
      if (!request.url().startsWith(remote)) return request.continue();
      const answer = await fetch(local + request.url().slice(remote.length));
      request.respond({
        status: answer.status,
        contentType: answer.headers.get("content-type") || undefined,
        body: Buffer.from(await answer.arrayBuffer()),
      });
    });
  }
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || !response.ok()) throw new Error(`${url}: HTTP ${response && response.status()}`);
  if (new URL(url).searchParams.has("q")) {
    // Search results are added by search.js once the index files it needs have arrived.
    await page.waitForFunction(() => / found$/.test(document.getElementById("search-status").textContent));
  }
  // What is folded away (the removed lines of an article) is read too once opened.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  await page.close();
  return result.violations;
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const urls = pages(siteDir).map((p) => new URL(p, base).href);
  const search = urls.find((u) => u.endsWith("/search/"));
  if (search) urls.push(search + "?q=putin");
  let failures = 0;
  try {
    for (const url of urls) {
      for (const scheme of ["light", "dark"]) {
        const violations = await check(browser, url, scheme);
        for (const v of violations) {
          failures++;
          console.log(`${url} (${scheme}): ${v.id} [${v.impact}] ${v.help}`);
          for (const node of v.nodes) console.log(`    ${node.target.join(" ")}: ${node.failureSummary.replace(/\n\s*/g, " ")}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`axe-core ${require("axe-core/package.json").version}: ${urls.length} pages, light and dark, ${failures} violation${failures === 1 ? "" : "s"}`);
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
