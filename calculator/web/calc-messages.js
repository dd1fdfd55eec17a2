/* Messages in plain words.
 *
 * The rules package names the field by its JSON path and, for machines, may quote codes and
 * formats ("必须写成 YYYY-MM-DD 格式", "code（label）"). The page says what to do, in the words of
 * the form; the rules' own sentence is kept where it is already plain. */
import { cnDate, find, getIn, isBlank, isObject, own, show } from "./calc-dom.js";
import { choiceLabel, fieldLabel, fieldsOf, specAt, text } from "./calc-model.js";

function plainMessage(spec, value, item, rulesMessage) {
  const control = spec ? spec.control : "";
  if (control === "date") {
    if (isBlank(value)) return "请选择日期";
    if (typeof value !== "string" || /YYYY|不是日历上存在的日期/.test(rulesMessage)) {
      return show(value) + "不是有效的日期，请重新选择";
    }
  } else if (control === "select" || control === "radios") {
    if (isBlank(value)) return "请选择";
    const offered = spec.choices(item).some((c) => c[0] === value);
    if (!offered) {
      const label = spec.dependsOn ? choiceLabel(spec, value) : undefined;
      if (label !== undefined) { // a choice of the field, but not for what the other field says
        const on = find(fieldsOf(item.type), spec.dependsOn);
        return text("unavailable_choice", { field: on ? on.label : "", choice: label });
      }
      return show(value) + "不是可选的一项，请重新选择";
    }
  } else if (control === "text") {
    if (isBlank(value)) return "请填写" + (spec.noun || "");
    if (typeof value !== "string") return "请填写文字";
  } else if (control === "number") {
    if (isBlank(value)) return "请填写数字";
    if (typeof value !== "number" || Math.floor(value) !== value) return "请填写整数";
  } else if (control === "check") {
    if (typeof value !== "boolean") return "请勾选或取消勾选";
  } else if (control === "list") {
    if (isBlank(value)) return "请至少填写一个" + (spec.noun || "");
  }
  return tidy(rulesMessage);
}

function tidy(message) {
  return String(message)
    .replace(/必须写成 YYYY-MM-DD 格式的日期（例如 [\d-]+），/g, "不是有效的日期，")
    .replace(/必须是 true 或 false/g, "应勾选或不勾选")
    .replace(/\b[a-z][a-z0-9_]*（([^（）]*)）/g, "$1") // "code（label）" -> "label"
    .replace(/缺少必填字段 [a-z_]+/g, "请填写")
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => cnDate(iso));
}

export function problem(path, scn, rulesMessage) {
  const value = getIn(scn, path);
  const spec = specAt(path, scn);
  const item = getIn(scn, path.split(".").slice(0, 2).join("."));
  return {
    path,
    label: fieldLabel(path, scn),
    message: plainMessage(spec, value, isObject(item) ? item : {}, rulesMessage || ""),
    missing: isBlank(value),
  };
}

export function labelled(p) { return p.label + "：" + p.message; }

/* What the form itself can tell before asking the rules: required fields left empty (the item
 * is "not finished", not wrong) and values that are none of a field's choices (from a link).
 * Such an item is set aside with every one of its problems listed; it never hides the others. */
export function formProblems(item, i, scn) {
  const out = [];
  const base = "items." + i + ".";
  function check(spec, path, value, owner) {
    if (isBlank(value)) {
      if (!spec.optional) out.push(problem(path, scn, ""));
    } else if (spec.choices && !spec.choices(owner).some((c) => c[0] === value)) {
      out.push(problem(path, scn, ""));
    }
  }
  fieldsOf(item.type).forEach((spec) => {
    const value = own(item, spec.key);
    if (spec.control !== "list") return check(spec, base + spec.key, value, item);
    if (!Array.isArray(value) || !value.length) { out.push(problem(base + spec.key, scn, "")); return; }
    value.forEach((row, j) => {
      spec.fields.forEach((rs) => {
        if (isObject(row)) check(rs, base + spec.key + "." + j + "." + rs.key, own(row, rs.key), row);
      });
    });
  });
  return out;
}
