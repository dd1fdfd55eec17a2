/* Pure: the Chinese text pieces the views put together: dates and money as the rules write them,
 * status names, what a pending item lacks, the policy's own sentences about applying (form.json
 * texts), the payee, what the policy covers, and an item in words (from form.json's templates).
 * Values in, values out (the form model from calc-model.js is one of them); nothing here touches
 * the page. Tested in Node: tests/calculator/js/calc-wording.test.mjs. */
import { find, isBlank, isObject, own } from "./calc-values.js";

function pad(n) { return (n < 10 ? "0" : "") + n; }

/** A Date as "YYYY-MM-DD" in local time; isoDate() is today. */
export function isoDate(d) {
  const date = d || new Date();
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
}

export function cnDate(iso) { // "2025-10-08" -> "2025年10月8日", as the rules write dates
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : String(iso);
}

export function yuan(amount) {
  // "350000.00" -> "350,000.00 元", on the string: no floating point anywhere near money.
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(String(amount));
  if (!m) return String(amount) + " 元";
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (m[3] || "") + " 元";
}

// ------------------------------------------------------------- results and sheet

export const PENDING_NAMES = { incomplete: "未填完", invalid: "需要修改" };

export function statusName(model, status) { return own(model.form.statuses, status) || status; }

export function pendingText(wrong) {
  return wrong ? "这一项需要修改，暂未计入合计：" : "这一项还没填完，暂未计入合计。还需填写：";
}

/** A quoted sentence of the policy at form.json texts' path, with its clause, or null. */
export function quoted(model, path) {
  const quote = model.textAt(path + ".quote");
  return quote ? { quote: "“" + quote + "”", clause: model.textAt(path + ".clause"), anchor: model.textAt(path + ".anchor") } : null;
}

export function windowOf(model, type) { return quoted(model, "applying.windows." + type); }

// The payment's recipient, under the key the rules package names it by (form.json result_fields).
export function payee(model, payment) { return own(payment, model.form.result_fields.payee); }

/** The policy's words on applying, as plain text with the clause named (paper has no links);
 * otherwise the package's sentence on what the policy does not say ("" without either);
 * both: the sentence on what it does not say follows the quote. */
export function applyingText(model, q, missing, both) {
  const said = q ? q.quote + "（" + q.clause + "）" : "";
  return both ? said + model.textAt("applying." + missing) : said || model.textAt("applying." + missing);
}

// ------------------------------------------------------------- what the policy covers

/** Where today stands in the policy's validity: { text, expired }; null without a policy block. */
export function coverageNow(model, now) {
  const p = model.policy;
  if (!p) return null;
  const text = now < p.issued ? "本政策尚未施行。" :
    now > p.last_day ? "今天（" + cnDate(now) + "）本政策已过有效期。仍可估算有效期内发生的事项。" :
      "本政策目前在有效期内（至" + cnDate(p.last_day) + "）。";
  return { text, expired: now > p.last_day };
}

export function coveredText(model) {
  const p = model.policy || {};
  return "发生在" + cnDate(p.issued) + "至" + cnDate(p.last_day) + "之间的事项。" + model.text("also_covered");
}

export function predecessorText(model) {
  const p = model.policy;
  return "按原政策《" + p.predecessor_title + "》（" + p.predecessor + "）执行，本计算器不计算。";
}

export function successorAdvice(model) {
  const s = model.policy.successor;
  if (!isObject(s)) return model.text("ask_authority");
  const issuers = Array.isArray(s.issuers) ? s.issuers.join("、") : String(s.issuers || "");
  return "这类事项可能适用" + issuers + (s.issued ? "于" + cnDate(s.issued) + "印发" : "") + "的《" + s.title +
    "》；本站不包含、也不计算该办法，请向" + (s.contact || issuers) + "咨询。";
}

/** The sheet's scope paragraph: what is computed, what is not. */
export function scopeText(model) {
  const p = model.policy || {};
  return "本计算器只计算" + coveredText(model) + cnDate(p.issued) + "之前完成的项目按原政策执行；" +
    cnDate(p.last_day) + "之后发生的事项不适用本政策。";
}

// ------------------------------------------------------------- an item in words

/* An item in words, from the templates in form.json: its title in the results ("summary") and
 * what was entered, on the printed sheet ("sheet"). Placeholders:
 *   {key}          the field's value as shown (a choice's label, a date in Chinese, a list's rows)
 *   {key|text}     ... or text when the field has no (known) value
 *   {a/b}          the first of fields a, b that has a value
 *   {key:… # …}    the text with # standing for the number, or nothing without a number
 *   {@key}         the field's label
 * A sheet part {"if": key, "text": …} is left out unless the field is set. */
const BLANK = "（未填写）";

function shown(model, spec, value, blank) {
  // The value as text, or null when there is none to show.
  if (!spec) return isBlank(value) ? null : String(value);
  switch (spec.control) {
    case "select":
    case "radios": {
      const label = model.choiceLabel(spec, value);
      return label === undefined ? null : label;
    }
    case "check":
      return spec.sheet ? own(spec.sheet, value ? "true" : "false") : null;
    case "date":
      return typeof value === "string" && value ? cnDate(value) : blank;
    case "list": {
      const rows = Array.isArray(value) ? value : [];
      return rows.map((row, j) => (j + 1) + ". " + fillIn(model, spec.sheet_row, isObject(row) ? row : {}, spec.fields, blank))
        .join("；") || blank;
    }
    default:
      return isBlank(value) ? blank : String(value);
  }
}

function fillIn(model, template, owner, specs, blank) {
  return String(template).replace(/\{([^{}]*)\}/g, (whole, inner) => {
    if (inner[0] === "@") {
      const spec = find(specs, inner.slice(1));
      return spec ? spec.label : "";
    }
    let format = null;
    let fallback = null;
    const colon = inner.indexOf(":");
    if (colon >= 0) { format = inner.slice(colon + 1); inner = inner.slice(0, colon); }
    const bar = inner.indexOf("|");
    if (bar >= 0) { fallback = inner.slice(bar + 1); inner = inner.slice(0, bar); }
    const keys = inner.split("/");
    const key = keys.find((k) => !isBlank(own(owner, k))) || keys[keys.length - 1];
    const spec = key === "type" ? model.typeField : find(specs, key);
    const value = own(owner, key);
    if (format !== null) return typeof value === "number" ? format.replace("#", String(value)) : "";
    const out = shown(model, spec, value, fallback === null ? blank : null);
    return out === null ? (fallback === null ? "" : fallback) : out;
  });
}

/** The item's title: "项目 N：<summary>". */
export function describeItem(model, item) {
  const spec = model.typeSpec(item.type);
  if (!spec) return "";
  return spec.summary ? fillIn(model, spec.summary, item, spec.fields, null) : model.typeLabel(item.type);
}

/** What was entered, for the printed sheet. */
export function describeInputs(model, item) {
  const spec = model.typeSpec(item.type);
  if (!spec) return "";
  const specs = model.fieldsOf(item.type);
  return (spec.sheet || []).map((part) => {
    if (isObject(part)) return own(item, part.if) ? fillIn(model, part.text, item, specs, BLANK) : "";
    return fillIn(model, part, item, specs, BLANK);
  }).filter(Boolean).join("；");
}
