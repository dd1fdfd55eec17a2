// calculator/web/calc-values.js: safe lookups and paths in a scenario.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ABSENT, controlId, dotPath, fieldPath, fill, find, getIn, isBlank, isObject, lastKey, own, parentPath, setIn, show }
  from "../../../calculator/web/calc-values.js";

test("own reads only a map's own keys, never Object.prototype", () => {
  assert.equal(own({ a: 1 }, "a"), 1);
  assert.equal(own({}, "constructor"), undefined);
  assert.equal(own({}, "__proto__"), undefined);
  assert.equal(own(null, "a"), undefined);
  assert.equal(own({ a: 1 }, { toString: () => "a" }), undefined);
  assert.equal(own(["x", "y"], 1), "y");
});

test("blank and object", () => {
  for (const v of [undefined, null, "", "  ", []]) assert.equal(isBlank(v), true, JSON.stringify(v));
  for (const v of [0, false, "a", [0], {}]) assert.equal(isBlank(v), false, JSON.stringify(v));
  assert.equal(isObject({}), true);
  assert.equal(isObject([]), false);
  assert.equal(isObject(null), false);
});

test("fill leaves unknown placeholders and inherited keys as they are", () => {
  assert.equal(fill("第 {n} 名，最多 {max} 个", { n: 2 }), "第 2 名，最多 {max} 个");
  assert.equal(fill("{constructor}", {}), "{constructor}");
  assert.equal(fill("{a.b}", { "a.b": 0 }), "0");
});

test("show quotes strings and cuts long values", () => {
  assert.equal(show("2021-02-30"), "“2021-02-30”");
  assert.equal(show(3), "3");
  assert.equal(show(undefined), "undefined");
  const long = show("很".repeat(60));
  assert.equal(long.length, 39);
  assert.ok(long.endsWith("……"));
});

test("paths: dotted, bracketed, control ids", () => {
  assert.equal(fieldPath("items.0.drafters.12.name"), "items[0].drafters[12].name");
  assert.equal(dotPath("items[0].drafters[12].name"), "items.0.drafters.12.name");
  assert.equal(controlId("items.0.drafters.1.name"), "calc-f-items-0-drafters-1-name");
  assert.equal(parentPath("items.0.type"), "items.0");
  assert.equal(parentPath("label"), "");
  assert.equal(lastKey("items.0.type"), "type");
});

test("getIn and setIn, ABSENT removes the key", () => {
  const scn = { label: "x", items: [{ type: "a", rows: [{ name: "n" }] }] };
  assert.equal(getIn(scn, "items.0.rows.0.name"), "n");
  assert.equal(getIn(scn, "items.1.type"), undefined);
  assert.equal(getIn(scn, "items.0.constructor"), undefined);
  assert.equal(getIn(scn, ""), scn);
  setIn(scn, "items.0.rows.0.name", "m");
  assert.equal(scn.items[0].rows[0].name, "m");
  setIn(scn, "label", ABSENT);
  assert.equal("label" in scn, false);
  assert.deepEqual(find([{ key: "a" }, { key: "b" }], "b"), { key: "b" });
  assert.equal(find([], "b"), null);
});
