/* The results view: the results panel and the summary link above it, drawn from the store's
 * computed state. Amounts come from the rules package as decimal strings and are only ever
 * formatted (calc-wording.js), never computed, here. Nothing runs at import; createResultsView
 * is called by the controller. */
import { labelled } from "./calc-messages.js";
import { PENDING_NAMES, describeItem, payee, pendingText, quoted, statusName, windowOf, yuan } from "./calc-wording.js";
import { h, listOf, put } from "./calc-dom.js";

/** A link to a clause of the policy page (anchor checked: it comes from the package's data). */
function clauseLink(model, clause, anchor, cls) {
  if (!/^[a-z0-9-]+$/.test(String(anchor))) return h("span", { text: clause });
  return h("a", { href: model.text("clause_page") + "#" + anchor, class: cls, text: clause, title: "在政策原文中查看" + clause });
}

/** els: { results, summary }; goTo(problem): the controller's "转到这一项". */
export function createResultsView(els, model, goTo) {
  const { text, textAt } = model;
  const link = (clause, anchor, cls) => clauseLink(model, clause, anchor, cls);

  function setSummary(message, amount) {
    put(els.summary, h("span", { class: "calc-summary__text" }, message, amount ? h("strong", { text: amount }) : null),
      " ", h("span", { class: "calc-summary__more", text: "查看明细 ↓" }));
  }

  /** Before anything is computed: the engine is loading, or failed (engine: the store's engine state). */
  function waiting(engine) {
    const failed = engine === "failed";
    setSummary(failed ? "计算引擎未能启动" : "计算引擎加载中……");
    put(els.results, h("p", { class: "calc-empty", text: failed ? "计算引擎未能启动，无法计算。请看页面上方的说明。"
      : "计算引擎加载完成后，这里会显示估算结果。" }));
  }

  function goToButton(p) {
    const button = h("button", { type: "button", class: "calc-button calc-button--small", text: "转到这一项" });
    button.addEventListener("click", () => goTo(p));
    return button;
  }

  function render(state) {
    if (state.engineError) {
      put(els.results, h("div", { class: "calc-invalid" },
        h("p", { class: "calc-invalid__title", text: "计算出错" }), h("p", { text: state.engineError })));
      setSummary("计算出错");
      return;
    }
    const s = state.scenario;
    if (state.general.length) {
      put(els.results, h("div", { class: "calc-invalid" },
        h("p", { class: "calc-invalid__title", text: "还不能计算，请先修改：" }),
        state.general.map((p) => h("p", { class: "calc-invalid__message" }, labelled(p), " ", goToButton(p)))));
      setSummary("还不能计算：请先修改输入");
      return;
    }
    const result = state.result;
    const waiting = Object.keys(state.problems).map(Number).sort((a, b) => a - b);
    const computed = s.items.length - waiting.length;
    let head;
    if (!computed && s.items.length) {
      head = h("p", { class: "calc-empty calc-waiting-input", text: "填写完项目后，这里会显示估算结果。" });
      setSummary(waiting.length > 1 ? "请先填写各项目" : "请先填写项目");
    } else {
      head = h("p", { class: "calc-total" }, "预计资助合计",
        h("strong", { class: "calc-total__amount", "data-amount": result.total, text: yuan(result.total) }),
        waiting.length ? h("span", { class: "calc-total__pending",
          text: "未计入：" + waiting.map((i) => "项目 " + (i + 1)).join("、") + "（见下）" }) : null);
      setSummary("估算合计 ", yuan(result.total));
    }
    const payees = result ? Object.keys(result.by_unit) : [];
    const notes = computed || !s.items.length ? result.notes : [];
    const byPayee = !computed ? null : payees.length ? h("table", { class: "calc-table calc-by-unit" },
      h("caption", { text: "按单位汇总" }),
      h("thead", null, h("tr", null, h("th", { scope: "col", text: "单位" }), h("th", { scope: "col", class: "calc-num", text: "金额" }))),
      h("tbody", null, payees.map((u) => h("tr", null, h("th", { scope: "row", text: u }),
        h("td", { class: "calc-num", "data-amount": result.by_unit[u], text: yuan(result.by_unit[u]) }))))) :
      h("p", { class: "calc-empty", text: "按目前的输入，没有可获得的资助。" });
    const items = h("ol", { class: "calc-result-items" }, s.items.map((item, i) => {
      const r = state.byIndex[i];
      return r ? resultItem(r, item, i) : pendingItem(item, i, state.problems[i]);
    }));
    // The disclaimer right under the total: whoever reads an amount reads that it is an estimate.
    put(els.results, head, h("p", { class: "calc-disclaimer", text: text("disclaimer") }),
      notes.length ? h("ul", { class: "calc-notes" }, notes.map((n) => h("li", { text: n }))) : null,
      byPayee, items, computed ? applyProcess() : null);
  }

  /* What the policy says about applying (the package's texts.applying): its own words with the
   * clause, or, where it says nothing, that it does not and whom to ask. A package without these
   * texts shows nothing of it. */
  function applyWindow(type) {
    const label = textAt("applying.window_label");
    if (!label) return null;
    const q = windowOf(model, type);
    return h("p", { class: "calc-apply" }, label,
      q ? [q.quote, "（", link(q.clause, q.anchor), "）"] : textAt("applying.no_window"));
  }

  function applyProcess() {
    const q = quoted(model, "applying.process");
    return q ? h("p", { class: "calc-apply calc-apply--process" }, textAt("applying.process_label"),
      q.quote, "（", link(q.clause, q.anchor), "）", textAt("applying.process_gap")) : null;
  }

  function resultItem(r, item, i) {
    return h("li", { class: "calc-result-item calc-status-" + r.status, "data-status": r.status },
      h("h3", null, "项目 " + (i + 1) + "：" + describeItem(model, item), " ",
        h("span", { class: "calc-badge", text: statusName(model, r.status) })),
      r.status_text || r.clause ? h("p", { class: "calc-result-item__status" }, r.status_text,
        r.clause ? [" 依据：", link(r.clause, r.anchor), "。"] : null) : null,
      r.payments.length ? h("ul", { class: "calc-payments" }, r.payments.map((p) => h("li", { class: "calc-payment" },
        h("p", { class: "calc-payment__head" },
          h("span", { class: "calc-payment__unit", text: payee(model, p) }), " ",
          h("strong", { class: "calc-payment__amount", "data-amount": p.amount, text: yuan(p.amount) }), " ",
          link(p.clause, p.anchor, "calc-clause")),
        h("p", { class: "calc-payment__why", text: p.explanation })))) : null,
      listOf(r.notes, "calc-notes"), applyWindow(item.type));
  }

  function pendingItem(item, i, problems) {
    const wrong = problems.some((p) => !p.missing);
    const status = wrong ? "invalid" : "incomplete";
    return h("li", { class: "calc-result-item calc-status-" + status, "data-status": status },
      h("h3", null, "项目 " + (i + 1) + "：" + describeItem(model, item), " ",
        h("span", { class: "calc-badge", text: PENDING_NAMES[status] })),
      h("p", { class: "calc-result-item__status", text: pendingText(wrong) }),
      listOf(problems.map(labelled), "calc-pending-list"),
      goToButton(problems[0]));
  }

  return { render, waiting };
}
