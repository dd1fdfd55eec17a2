// The calculator's page modules read no page at import: every module but the entry (calc-main.js,
// which wires the page when it runs) imports in Node, where there is no document, and its exports
// are functions or constants, nothing started. tests/calculator/test_calculator_modules.py checks the layers.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";

const WEB = new URL("../../../calculator/web/", import.meta.url);
const modules = readdirSync(WEB).filter((name) => /^calc-.*\.js$/.test(name) && name !== "calc-main.js");

test("every page module imports without a page", async () => {
  assert.ok(modules.length >= 15, modules.join());
  assert.equal(typeof globalThis.document, "undefined");
  for (const name of modules) {
    const exported = await import(new URL(name, WEB));
    assert.ok(Object.keys(exported).length > 0, name);
  }
});
