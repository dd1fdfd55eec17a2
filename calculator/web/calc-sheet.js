/* The sheet view: the printed calculation sheet, a record that stands on its own — every status
 * and note the screen shows, the validity assumption, the rules version, the dates and the name;
 * black on white, A4 portrait. Drawn from the store's computed state; nothing runs at import. */
import { labelled } from "./calc-messages.js";
import { PENDING_NAMES, applyingText, cnDate, describeInputs, describeItem, isoDate, payee, pendingText, quoted,
  scopeText, statusName, windowOf, yuan } from "./calc-wording.js";
import { h, listOf, put } from "./calc-dom.js";

/** sheet: the sheet's element. */
export function createSheetView(sheet, model) {
  const { text, textAt } = model;

  function waiting() {
    put(sheet, h("h2", { text: text("sheet_title") }), h("p", { text: "计算引擎尚未就绪，不能出具计算单。" }));
  }

  function render(state) {
    const s = state.scenario;
    const result = state.result;
    const p = model.policy || {};
    const given = model.dateField ? s[model.dateField.key] : undefined;
    const asOf = result ? cnDate(result.application_date) + (result.application_date_assumed ? "（未填写，按今天）" : "")
      : typeof given === "string" ? cnDate(given) : "（未填写，按今天）";
    const name = model.nameField ? s[model.nameField.key] : undefined;
    const meta = h("table", { class: "calc-sheet__meta" }, h("tbody", null, [
      ["依据", (p.document_number || "") + " " + text("basis_clause")],
      ["情景名称", typeof name === "string" && name ? name : "（未填写）"],
      ["申请日期", asOf],
      ["计算规则版本", model.rulesVersion],
      ["打印日期", cnDate(isoDate())],
    ].map((row) => h("tr", null, h("th", { scope: "row", text: row[0] }), h("td", { text: row[1] })))));
    const scope = h("div", { class: "calc-sheet__scope" },
      h("p", { text: scopeText(model) }),
      h("p", { text: "有效期：" + p.last_day_note }));
    const title = h("h2", { text: text("sheet_title") });
    const disclaimer = h("p", { class: "calc-sheet__disclaimer", text: text("disclaimer") });
    if (state.engineError || state.general.length) {
      const why = state.engineError ? ["计算引擎出错：" + state.engineError] : state.general.map(labelled);
      put(sheet, title, meta, h("p", { class: "calc-sheet__refused", text: "输入有误，不能出具计算单：" }),
        listOf(why, "calc-sheet__notes-list"), scope, disclaimer);
      return;
    }
    const rows = [];
    s.items.forEach((item, i) => {
      const r = state.byIndex[i];
      const what = [h("strong", { text: describeItem(model, item) }), h("br"), describeInputs(model, item)];
      if (!r) {
        const problems = state.problems[i];
        const wrong = problems.some((x) => !x.missing);
        rows.push(h("tr", null, h("td", { text: String(i + 1) }), h("td", null, what),
          h("td", { class: "calc-nowrap", text: PENDING_NAMES[wrong ? "invalid" : "incomplete"] + "，未计入" }),
          h("td", { text: "—" }), h("td", { class: "calc-num", text: "—" }), h("td", { text: "—" }),
          h("td", { class: "calc-sheet__why" }, pendingText(wrong), listOf(problems.map(labelled), "calc-sheet__notes-list"))));
        return;
      }
      const payments = r.payments.length ? r.payments : [null];
      const notes = r.notes.slice(); // the rules' status text already names the successor
      if (r.payments.length && r.status_text) notes.unshift(r.status_text);
      const applyBy = applyingText(model, windowOf(model, item.type), "no_window");
      if (applyBy) notes.push(textAt("applying.window_label") + applyBy);
      const span = String(payments.length + (notes.length ? 1 : 0));
      payments.forEach((pay, k) => {
        rows.push(h("tr", null,
          k === 0 ? h("td", { rowspan: span, text: String(i + 1) }) : null,
          k === 0 ? h("td", { rowspan: String(payments.length) }, what) : null,
          k === 0 ? h("td", { rowspan: String(payments.length), class: "calc-nowrap", text: statusName(model, r.status) }) : null,
          h("td", { text: pay ? payee(model, pay) : "—" }),
          h("td", { class: "calc-num", text: pay ? yuan(pay.amount) : "—" }),
          h("td", { class: "calc-nowrap", text: pay ? pay.clause : r.clause || "" }),
          h("td", { class: "calc-sheet__why", text: pay ? pay.explanation : r.status_text })));
      });
      if (notes.length) {
        rows.push(h("tr", { class: "calc-sheet__item-notes" },
          h("td", { colspan: "6" }, h("span", { class: "calc-sheet__label", text: "说明：" }), listOf(notes, "calc-sheet__notes-list"))));
      }
    });
    const payees = result ? Object.keys(result.by_unit) : [];
    const computed = Object.keys(state.byIndex).length;
    const notes = result && (computed || !s.items.length) ? result.notes : [];
    put(sheet, title, meta, scope,
      h("table", { class: "calc-sheet__table" },
        h("thead", null, h("tr", null, ["序号", "项目与输入", "结果", "受资助单位", "金额", "条款", "计算说明"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", null, rows)),
      notes.length ? h("div", { class: "calc-sheet__general" }, h("p", { class: "calc-sheet__label", text: "计算说明：" }), listOf(notes, "calc-sheet__notes-list")) : null,
      h("table", { class: "calc-sheet__totals" },
        h("tbody", null, payees.map((u) => h("tr", null, h("th", { scope: "row", text: u }), h("td", { class: "calc-num", text: yuan(result.by_unit[u]) }))),
          h("tr", { class: "calc-sheet__total" }, h("th", { scope: "row", text: Object.keys(state.problems).length ? "合计（未计入未填完或需要修改的项目）" : "合计" }),
            h("td", { class: "calc-num", text: result ? yuan(result.total) : "—" })))),
      computed ? h("p", { class: "calc-sheet__apply" }, textAt("applying.process_label"),
        applyingText(model, quoted(model, "applying.process"), "process_gap", true)) : null,
      disclaimer);
  }

  return { render, waiting };
}
