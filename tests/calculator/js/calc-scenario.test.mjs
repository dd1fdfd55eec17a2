// calculator/web/calc-scenario.js: form values as the rules' scenario, shape checks of untrusted
// scenarios, and the share link both ways; on the real policy package's form and schema.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createModel } from "../../../calculator/web/calc-model.js";
import { MAX_SCENARIO_BYTES, adoptScenario, blankScenario, decodeFragment, encodeFragment, isBlankScenario,
  isScenarioFragment, newItem, newRow, parseScenarioText } from "../../../calculator/web/calc-scenario.js";
import { PACKAGES, pageOptions, readData } from "./page-options.mjs";

const model = createModel(pageOptions());
const form = readData(PACKAGES.xiamen, "form.json");

test("a blank scenario: today's date and one item of the first type, from its template", () => {
  const blank = blankScenario(model, "2024-02-03");
  assert.deepEqual(blank, { application_date: "2024-02-03", items: [Object.assign({ type: "standard" }, form.items.types[0].template)] });
  assert.equal(isBlankScenario(model, blank, "2024-02-03"), true);
  blank.items[0].level = "local";
  assert.equal(isBlankScenario(model, blank, "2024-02-03"), false);
  assert.match(blankScenario(model).application_date, /^\d{4}-\d{2}-\d{2}$/);
  const a = blankScenario(model, "2024-02-03");
  const b = blankScenario(model, "2024-02-03");
  a.items[0].drafters[0].name = "x";
  assert.equal(b.items[0].drafters[0].name, "", "templates are copied, never shared");
});

test("a new item keeps the applicant and the event date when the type changes", () => {
  const standard = newItem(model, "standard");
  standard.drafters[0].name = "厦门甲公司";
  standard.published = "2021-05-01";
  const role = newItem(model, "tc_role", standard);
  assert.equal(role.type, "tc_role");
  assert.equal(role.unit, "厦门甲公司");
  assert.equal(role.date, "2021-05-01");
  const back = newItem(model, "standard", role);
  assert.equal(back.drafters[0].name, "厦门甲公司");
  assert.equal(back.published, "2021-05-01");
  const drafters = model.fieldsOf("standard").find((f) => f.key === "drafters");
  assert.deepEqual(newRow(drafters), { name: "", kind: "xiamen_entity" });
});

test("adopting an untrusted scenario: unknown keys dropped and named, values kept as they are", () => {
  const { scenario, dropped } = adoptScenario(model, {
    application_date: "2021-13-01", label: "例", extra: 1,
    items: [{ type: "standard", level: "galactic", published: 7, drafters: [{ name: "甲", kind: "x", rank: 1 }], note: "" },
      { type: "tc_role", body: "national", unit: null }],
  });
  assert.deepEqual(dropped, ["“extra”", "项目 1 的“note”", "项目 1 第 1 名起草单位的“rank”"]);
  assert.deepEqual(scenario, { application_date: "2021-13-01", label: "例",
    items: [{ type: "standard", level: "galactic", published: 7, drafters: [{ name: "甲", kind: "x" }] },
      { type: "tc_role", body: "national" }] });
  assert.deepEqual(adoptScenario(model, {}).scenario, { items: [] });
});

test("adopting refuses what the form cannot hold, saying why", () => {
  const refuse = (value, pattern) => assert.throws(() => adoptScenario(model, value), pattern);
  refuse([], /不是本计算器保存的情景/);
  refuse({ items: {} }, /项目列表格式不对/);
  refuse({ items: [1] }, /项目 1 的格式不对/);
  refuse({ items: [{ type: "constructor" }] }, /项目 1 的类型无法识别：“constructor”/);
  refuse({ items: Array.from({ length: model.limits.items + 1 }, () => ({ type: "leader" })) },
    new RegExp("本页一次最多计算 " + model.limits.items + " 个"));
  refuse({ items: [{ type: "standard", drafters: {} }] }, /项目 1 的起草单位格式不对/);
  refuse({ items: [{ type: "standard", drafters: Array.from({ length: 21 }, () => ({})) }] }, /有 21 个起草单位，本页每项标准最多填 20 个/);
  refuse({ items: [{ type: "standard", drafters: ["甲"] }] }, /项目 1 第 1 名起草单位的格式不对/);
});

test("share links: #v1= and base64url of the JSON, back to the same scenario", () => {
  const scn = blankScenario(model, "2024-02-03");
  scn.label = "情景 🙂 & / + =";
  scn.items[0].drafters[0].name = "厦门甲公司";
  const hash = encodeFragment(scn);
  assert.match(hash, /^#v1=[A-Za-z0-9_-]+$/);
  assert.equal(isScenarioFragment(hash), true);
  assert.equal(isScenarioFragment("#c5-3"), false);
  assert.deepEqual(decodeFragment(model, hash), { scenario: scn, dropped: [] });
});

test("broken share links are refused with what went wrong", () => {
  const good = encodeFragment(blankScenario(model, "2024-02-03"));
  const refuse = (hash, pattern) => assert.throws(() => decodeFragment(model, hash), pattern);
  refuse("#v1", /缺少“#v1=”之后的数据/);
  refuse("#v2=abc", /第 2 版链接格式/);
  refuse(good + "!", /含有无效字符/);
  refuse(good.slice(0, "#v1=".length + 13), /链接中的数据不完整/); // 13 characters: no whole byte in the last one
  refuse(good.slice(0, "#v1=".length + 16), /链接中的数据不是完整有效的 JSON/);
  refuse("#v1=" + Buffer.from([0xff, 0xfe, 0xfd]).toString("base64url"), /已损坏，无法解码/);
  refuse("#v1=" + Buffer.from("{\"items\": [").toString("base64url"), /链接中的数据不是完整有效的 JSON/);
  refuse("#v1=" + "A".repeat(Math.ceil(MAX_SCENARIO_BYTES / 3) * 4 + 1), /链接中的数据过大/);
});

test("files: JSON text, at most 256 KB", () => {
  assert.deepEqual(parseScenarioText(model, "{\"items\": []}", "文件内容"), { scenario: { items: [] }, dropped: [] });
  assert.throws(() => parseScenarioText(model, "{", "文件内容"), /^Error: 文件内容不是完整有效的 JSON/);
  assert.throws(() => parseScenarioText(model, " ".repeat(MAX_SCENARIO_BYTES + 1), "文件内容"), /文件内容过大/);
});

test("the made-up fixture package: a blank scenario survives the share link", () => {
  const demo = createModel(pageOptions(PACKAGES.demo));
  const blank = blankScenario(demo, "2024-02-03");
  assert.deepEqual(decodeFragment(demo, encodeFragment(blank)), { scenario: blank, dropped: [] });
});
