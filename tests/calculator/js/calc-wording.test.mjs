// calculator/web/calc-wording.js: the Chinese text pieces, on the real policy package's form.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createModel } from "../../../calculator/web/calc-model.js";
import { PENDING_NAMES, applyingText, cnDate, coverageNow, coveredText, describeInputs, describeItem, isoDate, payee,
  pendingText, predecessorText, quoted, scopeText, statusName, successorAdvice, windowOf, yuan }
  from "../../../calculator/web/calc-wording.js";
import { PACKAGES, pageOptions } from "./page-options.mjs";

const model = createModel(pageOptions());

test("dates as the rules write them", () => {
  assert.equal(cnDate("2025-10-08"), "2025年10月8日");
  assert.equal(cnDate("2025-01-01"), "2025年1月1日");
  assert.equal(cnDate("not a date"), "not a date");
  assert.equal(isoDate(new Date(2025, 0, 5)), "2025-01-05");
  assert.match(isoDate(), /^\d{4}-\d{2}-\d{2}$/);
});

test("money: grouped on the string, never through floating point", () => {
  assert.equal(yuan("350000.00"), "350,000.00 元");
  assert.equal(yuan("1000000"), "1,000,000 元");
  assert.equal(yuan("999.5"), "999.5 元");
  assert.equal(yuan("-1234567.89"), "-1,234,567.89 元");
  assert.equal(yuan("12345678901234567890.01"), "12,345,678,901,234,567,890.01 元");
  assert.equal(yuan("abc"), "abc 元");
});

test("statuses, pending items, the payee", () => {
  assert.equal(statusName(model, "eligible"), "可获资助");
  assert.equal(statusName(model, "made_up"), "made_up");
  assert.equal(statusName(model, "constructor"), "constructor");
  assert.deepEqual(PENDING_NAMES, { incomplete: "未填完", invalid: "需要修改" });
  assert.match(pendingText(true), /需要修改/);
  assert.match(pendingText(false), /还需填写/);
  assert.equal(payee(model, { unit: "厦门甲公司", amount: "1.00" }), "厦门甲公司");
});

test("the policy's own words on applying, with the clause", () => {
  assert.deepEqual(windowOf(model, "standard"),
    { quote: "“项目资助申请期限为标准发布之日起 5 年内。”", clause: "五(三)1", anchor: "c5-3-1" });
  assert.equal(windowOf(model, "award"), null);
  const process = quoted(model, "applying.process");
  assert.equal(process.clause, "五(三)");
  assert.equal(applyingText(model, windowOf(model, "standard"), "no_window"), "“项目资助申请期限为标准发布之日起 5 年内。”（五(三)1）");
  assert.equal(applyingText(model, null, "no_window"), model.textAt("applying.no_window"));
  assert.ok(applyingText(model, process, "process_gap", true).endsWith(model.textAt("applying.process_gap")));
});

test("what the policy covers, as of a day", () => {
  assert.deepEqual(coverageNow(model, "2020-01-01"), { text: "本政策尚未施行。", expired: false });
  assert.deepEqual(coverageNow(model, "2023-03-03"), { text: "本政策目前在有效期内（至2025年10月8日）。", expired: false });
  const after = coverageNow(model, "2026-01-02");
  assert.equal(after.expired, true);
  assert.match(after.text, /^今天（2026年1月2日）本政策已过有效期/);
  assert.match(coveredText(model), /^发生在2020年10月9日至2025年10月8日之间的事项。/);
  assert.match(predecessorText(model), /厦府办〔2009〕43号/);
  assert.equal(successorAdvice(model), "这类事项可能适用厦门市市场监督管理局、厦门市财政局于2025年9月30日印发的《厦门市标准化战略专项资金管理办法》；" +
    "本站不包含、也不计算该办法，请向厦门市市场监督管理局咨询。");
  assert.match(scopeText(model), /^本计算器只计算发生在2020年10月9日.*2020年10月9日之前完成的项目按原政策执行；2025年10月8日之后发生的事项不适用本政策。$/);
  const none = createModel(Object.assign(pageOptions(), { policy: null }));
  assert.equal(coverageNow(none, "2023-03-03"), null);
});

test("an item in words: its title and what was entered, from form.json's templates", () => {
  const item = { type: "standard", level: "national", work: "new", published: "2021-05-01",
    drafters: [{ name: "厦门甲公司", kind: "xiamen_entity" }, { name: "", kind: "nowhere" }] };
  const title = describeItem(model, item);
  assert.ok(title.startsWith("国家标准"), title);
  const inputs = describeInputs(model, item);
  assert.match(inputs, /^起草单位：1\. 厦门甲公司（[^）]+）；2\. （未填写）（类型未选）；标准发布日期：2021年5月1日$/);
  assert.equal(describeItem(model, { type: "standard" }), "标准");
  assert.match(describeInputs(model, { type: "tc_role", unit: "" }), /^单位：（未填写）；/);
  assert.equal(describeItem(model, { type: "nothing" }), "");
  const demo = createModel(pageOptions(PACKAGES.demo));
  for (const t of demo.types) assert.equal(typeof describeInputs(demo, Object.assign({ type: t.type }, t.template)), "string");
});
