// Firefox ESR driven over WebDriver BiDi by puppeteer-core, for tests/engines.py: one JSON
// request a line on stdin ({id, op, args}), one JSON answer a line on stdout ({id, value} or
// {id, error}). Debian ships no geckodriver; Firefox speaks BiDi itself, and puppeteer-core
// is the client that starts it and talks BiDi to it directly.
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

// prefs: further Firefox preferences, as JSON (tests/calculator/test_below_the_floor.py turns WebAssembly off)
const [executablePath, profileDir, prefs] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  userDataDir: profileDir || undefined,
  extraPrefsFirefox: {
    "intl.accept_languages": "zh-CN",
    "browser.shell.checkDefaultBrowser": false,
    ...JSON.parse(prefs || "{}"),
  },
});
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 900 });

const ops = {
  version: async () => browser.version(),
  goto: async (url) => { await page.goto(url, { waitUntil: "load", timeout: 60_000 }); return page.url(); },
  // fn: the source of a function; it runs in the page (a string expression is not subject to
  // the page's CSP, which forbids eval) and its awaited value comes back.
  run: async (fn, args) => page.evaluate(`(${fn})(...${JSON.stringify(args)})`),
  type: async (selector, text) => { await page.type(selector, text, { delay: 20 }); return null; },
  click: async (selector) => { await page.click(selector); return null; },
  pdf: async () => Buffer.from(await page.pdf({ format: "A4", preferCSSPageSize: true })).toString("base64"),
};

function reply(message) { process.stdout.write(JSON.stringify(message) + "\n"); }

reply({ id: 0, value: "ready" });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, op, args = [] } = JSON.parse(line);
  if (op === "close") break;
  try {
    reply({ id, value: (await ops[op](...args)) ?? null });
  } catch (error) {
    reply({ id, error: String(error && (error.stack || error.message) || error) });
  }
}
await browser.close();
reply({ id: -1, value: "closed" });
