// calculator/web/calc-model.js: the form model from the page's options, built from the policy
// package's real form.json, schema.json and parameters.json (page-options.mjs), and from the
// made-up fixture package's: the model knows no policy.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ABSENT } from "../../../calculator/web/calc-values.js";
import { createModel, firstText, parseOptions, rankOf, rowLabel } from "../../../calculator/web/calc-model.js";
import { PACKAGES, pageOptions, readData } from "./page-options.mjs";

const options = pageOptions();
const model = createModel(options);
const form = readData(PACKAGES.xiamen, "form.json");

test("parseOptions: the page's JSON, or null when it is missing or broken", () => {
  assert.deepEqual(parseOptions(JSON.stringify(options)), options);
  assert.equal(parseOptions(""), null);
  assert.equal(parseOptions("{\"form\": 1}"), null);
  assert.equal(parseOptions("[]"), null);
});

test("item types, their labels and fields come from form.json, shared fields filled in", () => {
  assert.deepEqual(model.types.map((t) => t.type), form.items.types.map((t) => t.type));
  assert.equal(model.typeLabel("standard"), "标准制修订项目");
  assert.equal(model.typeLabel("nothing"), undefined);
  assert.deepEqual(model.fieldsOf("nothing"), []);
  const unit = model.fieldsOf("tc_role").find((f) => f.key === "unit");
  assert.equal(unit.control, "text"); // from shared_fields
  assert.equal(unit.label, "所在工作单位"); // the item's own wins
  const date = model.fieldsOf("tc_role").find((f) => f.key === "date");
  assert.equal(date.optional, true);
  assert.deepEqual(model.typeField.choices().map((c) => c[0]), form.items.types.map((t) => t.type));
});

test("general fields: the as-of date and the scenario's name", () => {
  assert.equal(model.dateField.key, "application_date");
  assert.equal(model.nameField.key, "label");
  assert.equal(model.nameField.maxlength, 200);
});

test("limits: the form's and the schema's, the smaller", () => {
  assert.equal(model.limits.items, Math.min(form.items.max, options.limits.items));
  assert.equal(model.limits.drafters, 20);
  assert.equal(model.limits.name, 200);
});

test("choices: labels by value, 1 and \"1\" alike; dependent choices follow the schema's if/then", () => {
  const level = model.fieldsOf("standard").find((f) => f.key === "level");
  assert.equal(model.choiceLabel(level, "national"), "国家标准");
  assert.equal(model.choiceLabel(level, "nowhere"), undefined);
  const grade = model.fieldsOf("award").find((f) => f.key === "grade");
  assert.equal(model.choiceLabel(grade, 1), model.choiceLabel(grade, "1"));
  const role = model.fieldsOf("tc_role").find((f) => f.key === "role");
  assert.equal(role.dependsOn, "body");
  assert.deepEqual(role.choices({ body: "provincial_municipal" }).map((c) => c[0]), ["tc_secretariat"]);
  assert.equal(role.choices({ body: "unknown" }), role.all); // an unknown value offers them all
  assert.ok(role.choices({ body: "iso_iec" }).every((c) => typeof c[1] === "string"));
  const absent = model.fieldsOf("pilot").find((f) => f.absent_choice);
  if (absent) assert.equal(absent.choices({})[0][0], ABSENT);
});

test("list fields: rows, keys from the schema, labels", () => {
  const drafters = model.fieldsOf("standard").find((f) => f.key === "drafters");
  assert.equal(drafters.control, "list");
  assert.deepEqual(drafters.keys, ["name", "kind"]);
  assert.equal(rowLabel(drafters, 1), "第 2 名起草单位");
  assert.equal(rankOf(drafters, 0), "第 1 名");
  assert.equal(firstText(drafters.fields).key, "name");
});

test("specAt and fieldLabel: the field at a path as a person reads it", () => {
  const scn = { application_date: "2021-06-01", items: [{ type: "standard", drafters: [{}, {}] }, { type: "tc_role" }] };
  assert.equal(model.fieldLabel("items.0.drafters.1.name", scn), "项目 1 · 第 2 名起草单位 · 单位名称");
  assert.equal(model.fieldLabel("items.1.unit", scn), "项目 2 · 所在工作单位");
  assert.equal(model.fieldLabel("application_date", scn), "申请日期");
  assert.equal(model.fieldLabel("items", scn), "项目列表");
  assert.equal(model.fieldLabel("nothing", scn), "项目列表");
  assert.equal(model.specAt("items.0.drafters.1", scn).control, "row");
  assert.equal(model.specAt("items.0.published", scn).control, "date");
  assert.equal(model.specAt("items.5.published", scn), null);
});

test("texts: placeholders filled with the parameters they quote", () => {
  assert.equal(model.textAt("applying.windows.standard.quote"), "项目资助申请期限为标准发布之日起 5 年内。");
  assert.equal(model.textAt("applying.nothing"), "");
  assert.equal(model.text("disclaimer"), form.texts.disclaimer);
  assert.equal(model.text("nothing"), "");
  assert.ok(model.textParts("meanwhile").length > 0);
  assert.deepEqual(model.textParts("disclaimer"), []);
});

test("the made-up fixture package builds a model too", () => {
  const demo = createModel(pageOptions(PACKAGES.demo));
  assert.ok(demo.types.length >= 2);
  assert.ok(demo.limits.items > 0);
  for (const t of demo.types) assert.ok(demo.fieldsOf(t.type).length > 0, t.type);
});
