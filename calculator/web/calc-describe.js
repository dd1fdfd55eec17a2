/* An item in words, from the templates in form.json: its title in the results ("summary") and
 * what was entered, on the printed sheet ("sheet"). Placeholders:
 *   {key}          the field's value as shown (a choice's label, a date in Chinese, a list's rows)
 *   {key|text}     ... or text when the field has no (known) value
 *   {a/b}          the first of fields a, b that has a value
 *   {key:… # …}    the text with # standing for the number, or nothing without a number
 *   {@key}         the field's label
 * A sheet part {"if": key, "text": …} is left out unless the field is set. */
import { cnDate, find, isBlank, isObject, own } from "./calc-dom.js";
import { choiceLabel, fieldsOf, TYPE_FIELD, typeLabel, typeSpec } from "./calc-model.js";

const BLANK = "（未填写）";

function shown(spec, value, blank) {
  // The value as text, or null when there is none to show.
  if (!spec) return isBlank(value) ? null : String(value);
  switch (spec.control) {
    case "select":
    case "radios": {
      const label = choiceLabel(spec, value);
      return label === undefined ? null : label;
    }
    case "check":
      return spec.sheet ? own(spec.sheet, value ? "true" : "false") : null;
    case "date":
      return typeof value === "string" && value ? cnDate(value) : blank;
    case "list": {
      const rows = Array.isArray(value) ? value : [];
      return rows.map((row, j) => (j + 1) + ". " + fillIn(spec.sheet_row, isObject(row) ? row : {}, spec.fields, blank))
        .join("；") || blank;
    }
    default:
      return isBlank(value) ? blank : String(value);
  }
}

function fillIn(template, owner, specs, blank) {
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
    const spec = key === "type" ? TYPE_FIELD : find(specs, key);
    const value = own(owner, key);
    if (format !== null) return typeof value === "number" ? format.replace("#", String(value)) : "";
    const out = shown(spec, value, fallback === null ? blank : null);
    return out === null ? (fallback === null ? "" : fallback) : out;
  });
}

/** The item's title: "项目 N：<summary>". */
export function describeItem(item) {
  const spec = typeSpec(item.type);
  if (!spec) return "";
  return spec.summary ? fillIn(spec.summary, item, spec.fields, null) : typeLabel(item.type);
}

/** What was entered, for the printed sheet. */
export function describeInputs(item) {
  const spec = typeSpec(item.type);
  if (!spec) return "";
  const specs = fieldsOf(item.type);
  return (spec.sheet || []).map((part) => {
    if (isObject(part)) return own(item, part.if) ? fillIn(part.text, item, specs, BLANK) : "";
    return fillIn(part, item, specs, BLANK);
  }).filter(Boolean).join("；");
}
