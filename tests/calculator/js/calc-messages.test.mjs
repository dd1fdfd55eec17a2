// calculator/web/calc-messages.js: the rules' messages (their real wording, from the engine's
// error envelope) in the words of the form, what the form itself finds missing, and which
// messages wait until the user has been in a field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fill } from "../../../calculator/web/calc-values.js";
import { createModel } from "../../../calculator/web/calc-model.js";
import { blankScenario } from "../../../calculator/web/calc-scenario.js";
import { allProblems, createSeen, formProblems, labelled, problem } from "../../../calculator/web/calc-messages.js";
import { PACKAGES, pageOptions, readData } from "./page-options.mjs";

const model = createModel(pageOptions());
const form = readData(PACKAGES.xiamen, "form.json");

const scenarioWith = (item) => ({ application_date: "2021-06-01", items: [item] });

test("the rules' refusals, as the engine words them, in the form's words", () => {
  const cases = [
    [{ type: "standard", published: "2021/05/01" }, "items.0.published",
      "标准发布日期必须写成 YYYY-MM-DD 格式的日期（例如 2021-01-01），收到“2021/05/01”", "“2021/05/01”不是有效的日期，请重新选择"],
    [{ type: "standard", published: "2021-02-30" }, "items.0.published",
      "标准发布日期2021-02-30不是日历上存在的日期", "“2021-02-30”不是有效的日期，请重新选择"],
    [{ type: "award", first_drafter: "yes" }, "items.0.first_drafter",
      "是否为第一起草单位必须是 true 或 false，收到“yes”", "请勾选或取消勾选"],
    [{ type: "standard", drafters: [{ name: "甲", kind: "alien" }] }, "items.0.drafters.0.kind",
      "起草单位类型必须是以下之一：xiamen_entity（本市企事业单位及社会团体）、admin（行政单位）；收到“alien”", "“alien”不是可选的一项，请重新选择"],
    [{ type: "tc_role", body: "national" }, "items.0.unit", "缺少必填字段 unit", "请填写单位名称"],
    [{ type: "pilot", demonstration_years: -1 }, "items.0.demonstration_years", "推广示范年数必须在0到50之间，收到-1",
      "推广示范年数必须在0到50之间，收到-1"],
    [{ type: "pilot", demonstration_years: 1.5 }, "items.0.demonstration_years", "", "请填写整数"],
  ];
  for (const [item, path, rules, plain] of cases) {
    const p = problem(model, path, scenarioWith(item), rules);
    assert.equal(p.message, plain, path);
    assert.equal(p.path, path);
  }
});

test("a choice of the field, but not for what the other field says", () => {
  const scn = scenarioWith({ type: "tc_role", body: "iso_iec", role: "wg", unit: "甲" });
  const p = problem(model, "items.0.role", scn,
    "政策没有对ISO、IEC的“标准工作组（WG）工作”规定资助；该类别可选：tc_secretariat（技术委员会（TC）秘书处）");
  assert.equal(p.message, fill(form.texts.unavailable_choice, { field: "技术组织类别", choice: "标准工作组（WG）工作" }));
  assert.equal(p.label, "项目 1 · 职务或承担的工作");
  assert.equal(labelled(p), p.label + "：" + p.message);
  assert.equal(p.missing, false);
});

test("where no field answers, the rules' sentence, tidied: codes, formats and dates in plain words", () => {
  const p = problem(model, "", { items: [] }, "起草单位类型必须是以下之一：xiamen_entity（本市企事业单位及社会团体）、" +
    "admin（行政单位）；收到“alien”。缺少必填字段 unit。按今天（2021-06-01）计算");
  assert.equal(p.message, "起草单位类型必须是以下之一：本市企事业单位及社会团体、行政单位；收到“alien”。请填写。按今天（2021年6月1日）计算");
  assert.equal(p.label, "项目列表");
  const date = problem(model, "application_date", { application_date: "2021-13-01", items: [] }, "申请日期2021-13-01不是日历上存在的日期");
  assert.equal(labelled(date), "申请日期：“2021-13-01”不是有效的日期，请重新选择");
});

test("what the form finds before asking: required fields left empty, values none of the choices", () => {
  const scn = blankScenario(model, "2024-02-03");
  scn.items[0].published = "";
  let found = formProblems(model, scn.items[0], 0, scn);
  assert.deepEqual(found.map((p) => [p.path, p.message, p.missing]), [
    ["items.0.published", "请选择日期", true],
    ["items.0.drafters.0.name", "请填写单位名称", true],
  ]);
  scn.items[0].level = "galactic";
  scn.items[0].drafters = [];
  found = formProblems(model, scn.items[0], 0, scn);
  assert.deepEqual(found.map((p) => [p.path, p.message, p.missing]), [
    ["items.0.level", "“galactic”不是可选的一项，请重新选择", false],
    ["items.0.published", "请选择日期", true],
    ["items.0.drafters", "请至少填写一个起草单位", true],
  ]);
  const role = { type: "tc_role", body: "national", role: "tc_secretariat", unit: "甲" }; // date is optional
  assert.deepEqual(formProblems(model, role, 0, scenarioWith(role)), []);
});

test("messages wait until the field was visited, the item revealed, or the value is wrong", () => {
  const scn = blankScenario(model, "2024-02-03");
  scn.items.push({ type: "tc_role", body: "national", role: "tc_secretariat", unit: "" });
  const seen = createSeen();
  const name = problem(model, "items.0.drafters.0.name", scn, "");
  const unit = problem(model, "items.1.unit", scn, "");
  const wrong = problem(model, "items.0.level", Object.assign({}, scn, { items: [{ type: "standard", level: "x" }] }), "");
  assert.equal(seen.isShown(scn, name), false);
  assert.equal(seen.isShown(scn, wrong), true);
  assert.equal(seen.touch(scn, "items.0.drafters.0.name"), true);
  assert.equal(seen.touch(scn, "items.0.drafters.0.name"), false, "known already");
  assert.equal(seen.isShown(scn, name), true);
  assert.equal(seen.isShown(scn, unit), false);
  seen.revealAround(scn, unit);
  assert.equal(seen.isShown(scn, unit), true);
  // Kept with the row, not its position: a row moved keeps what was seen of it.
  scn.items[0].drafters.unshift({ name: "", kind: "admin" });
  assert.equal(seen.isShown(scn, problem(model, "items.0.drafters.1.name", scn, "")), true);
  assert.equal(seen.isShown(scn, problem(model, "items.0.drafters.0.name", scn, "")), false);
  const fresh = createSeen();
  fresh.revealAll(scn);
  assert.equal(fresh.isShown(scn, name), true);
  assert.equal(fresh.touch(scn, "items.9.unit"), false, "no such item");
});

test("allProblems: the scenario's own first, then the items' in order", () => {
  const p = (path) => ({ path });
  const state = { general: [p("application_date")], problems: { 10: [p("items.10.x")], 2: [p("items.2.a"), p("items.2.b")] } };
  assert.deepEqual(allProblems(state).map((x) => x.path), ["application_date", "items.2.a", "items.2.b", "items.10.x"]);
});
