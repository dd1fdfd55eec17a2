/* The words the results panel and the print sheet share: status names, what a pending item
 * lacks, the policy's own sentences about applying (form.json texts), the payee. Values in,
 * values out; nothing here touches the page. */
import { own } from "./calc-dom.js";
import { FORM, textAt } from "./calc-model.js";

export const PENDING_NAMES = { incomplete: "未填完", invalid: "需要修改" };

export function statusName(status) { return own(FORM.statuses, status) || status; }

export function pendingText(wrong) {
  return wrong ? "这一项需要修改，暂未计入合计：" : "这一项还没填完，暂未计入合计。还需填写：";
}

/** A quoted sentence of the policy at form.json texts' path, with its clause, or null. */
export function quoted(path) {
  const quote = textAt(path + ".quote");
  return quote ? { quote: "“" + quote + "”", clause: textAt(path + ".clause"), anchor: textAt(path + ".anchor") } : null;
}

export function windowOf(type) { return quoted("applying.windows." + type); }

// The payment's recipient, under the key the rules package names it by (form.json result_fields).
export function payee(payment) { return own(payment, FORM.result_fields.payee); }
