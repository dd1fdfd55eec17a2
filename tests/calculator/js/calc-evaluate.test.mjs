// calculator/web/calc-evaluate.js: the rules asked about the finished items, refusals set aside
// one at a time. The engine here is a stand-in that answers with envelopes the real rules
// package gave for these scenarios (subsidy_rules.jsonio.evaluate_json, as the worker runs it).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createModel } from "../../../calculator/web/calc-model.js";
import { engineErrorState, evaluateScenario } from "../../../calculator/web/calc-evaluate.js";
import { pageOptions } from "./page-options.mjs";

const model = createModel(pageOptions());

const A = { type: "standard", level: "national", work: "new", published: "2021-05-01", drafters: [{ name: "厦门甲公司", kind: "xiamen_entity" }] };
const B = { type: "standard", level: "national", work: "new", published: "", drafters: [{ name: "", kind: "xiamen_entity" }] };
const C = { type: "standard", level: "national", work: "new", published: "2021-02-30", drafters: [{ name: "厦门乙公司", kind: "xiamen_entity" }] };

const REFUSED_C = JSON.stringify({ ok: false, error: { message: "标准发布日期2021-02-30不是日历上存在的日期", field: "items[1].published" } });
const RESULT_A = JSON.stringify({ ok: true, result: { total: "500000.00", by_unit: { 厦门甲公司: "500000.00" },
  items: [{ index: 0, type: "standard", clause: "五(三)1", anchor: "c5-3-1", status: "eligible", payments: [
    { unit: "厦门甲公司", amount: "500000.00", clause: "五(三)1", anchor: "c5-3-1", explanation: "国家标准项目资助总额度50万元" }],
  subtotal: "500000.00", notes: [] }], application_date: "2021-06-01", application_date_assumed: false, notes: [] } });
const REFUSED_DATE = JSON.stringify({ ok: false, error: { message: "申请日期2021-13-01不是日历上存在的日期", field: "application_date" } });

function engine(answers) {
  const asked = [];
  const ask = (text) => {
    asked.push(JSON.parse(text));
    return Promise.resolve(answers.shift());
  };
  return { ask, asked };
}

test("unfinished items wait, refused ones are set aside, the rest is computed", async () => {
  const { ask, asked } = engine([REFUSED_C, RESULT_A]);
  const scn = { application_date: "2021-06-01", items: [A, B, C] };
  const state = await evaluateScenario(model, JSON.stringify(scn), ask);
  // Asked twice: A and C (B is unfinished), then A alone.
  assert.deepEqual(asked, [{ application_date: "2021-06-01", items: [A, C] }, { application_date: "2021-06-01", items: [A] }]);
  assert.deepEqual(state.scenario, scn);
  assert.equal(state.result.total, "500000.00");
  assert.deepEqual(Object.keys(state.byIndex), ["0"]);
  assert.equal(state.byIndex[0].status, "eligible");
  assert.deepEqual(state.problems[1].map((p) => [p.path, p.message]),
    [["items.1.published", "请选择日期"], ["items.1.drafters.0.name", "请填写单位名称"]]);
  assert.deepEqual(state.problems[2].map((p) => [p.path, p.label, p.message, p.missing]),
    [["items.2.published", "项目 3 · 标准发布日期", "“2021-02-30”不是有效的日期，请重新选择", false]]);
  assert.deepEqual(state.general, []);
});

test("a refusal of the scenario's own field stops there, as a general problem", async () => {
  const { ask, asked } = engine([REFUSED_DATE]);
  const state = await evaluateScenario(model, JSON.stringify({ application_date: "2021-13-01", items: [A] }), ask);
  assert.equal(asked.length, 1);
  assert.equal(state.result, null);
  assert.deepEqual(state.general.map((p) => [p.path, p.label, p.message]),
    [["application_date", "申请日期", "“2021-13-01”不是有效的日期，请重新选择"]]);
});

test("the engine failing is the caller's to show", async () => {
  const snapshot = JSON.stringify({ items: [A] });
  await assert.rejects(evaluateScenario(model, snapshot, () => Promise.reject(new Error("计算引擎出错：boom"))), /boom/);
  assert.deepEqual(engineErrorState(snapshot, "boom"),
    { scenario: { items: [A] }, engineError: "boom", general: [], problems: {}, byIndex: {} });
});
