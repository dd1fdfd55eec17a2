/* Pure: messages in plain words.
 *
 * The rules package names the field by its JSON path and, for machines, may quote codes and
 * formats ("必须写成 YYYY-MM-DD 格式", "code（label）"). The page says what to do, in the words of
 * the form; the rules' own sentence is kept where it is already plain. Also which messages wait
 * (a blank form is not wrong): createSeen. Values in, values out (the form model from
 * calc-model.js is one of them); tested in Node: tests/calculator/js/calc-messages.test.mjs. */
import { find, getIn, isBlank, isObject, lastKey, own, parentPath, show } from "./calc-values.js";
import { cnDate } from "./calc-wording.js";

function plainMessage(model, spec, value, item, rulesMessage) {
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
      const label = spec.dependsOn ? model.choiceLabel(spec, value) : undefined;
      if (label !== undefined) { // a choice of the field, but not for what the other field says
        const on = find(model.fieldsOf(item.type), spec.dependsOn);
        return model.text("unavailable_choice", { field: on ? on.label : "", choice: label });
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

/** A problem at a dotted path of the scenario: { path, label (the field as a person reads it),
 * message (what to do), missing (the field is empty) }. */
export function problem(model, path, scn, rulesMessage) {
  const value = getIn(scn, path);
  const spec = model.specAt(path, scn);
  const item = getIn(scn, path.split(".").slice(0, 2).join("."));
  return {
    path,
    label: model.fieldLabel(path, scn),
    message: plainMessage(model, spec, value, isObject(item) ? item : {}, rulesMessage || ""),
    missing: isBlank(value),
  };
}

export function labelled(p) { return p.label + "：" + p.message; }

/* What the form itself can tell before asking the rules: required fields left empty (the item
 * is "not finished", not wrong) and values that are none of a field's choices (from a link).
 * Such an item is set aside with every one of its problems listed; it never hides the others. */
export function formProblems(model, item, i, scn) {
  const out = [];
  const base = "items." + i + ".";
  function check(spec, path, value, owner) {
    if (isBlank(value)) {
      if (!spec.optional) out.push(problem(model, path, scn, ""));
    } else if (spec.choices && !spec.choices(owner).some((c) => c[0] === value)) {
      out.push(problem(model, path, scn, ""));
    }
  }
  model.fieldsOf(item.type).forEach((spec) => {
    const value = own(item, spec.key);
    if (spec.control !== "list") return check(spec, base + spec.key, value, item);
    if (!Array.isArray(value) || !value.length) { out.push(problem(model, base + spec.key, scn, "")); return; }
    value.forEach((row, j) => {
      spec.fields.forEach((rs) => {
        if (isObject(row)) check(rs, base + spec.key + "." + j + "." + rs.key, own(row, rs.key), row);
      });
    });
  });
  return out;
}

/** Every problem of a computed state: the scenario's own first, then the items' in order. */
export function allProblems(state) {
  const out = state.general.slice();
  Object.keys(state.problems).sort((a, b) => a - b).forEach((i) => out.push(...state.problems[i]));
  return out;
}

/* Which problems are shown. Errors wait until the user has been in a field (or asked for the
 * result, or opened a scenario): a blank form is not wrong. Kept per object of the scenario,
 * so a row moved keeps what was seen of it. */
export function createSeen() {
  const touched = new WeakMap(); // object in the scenario -> keys of it the user has edited or left
  const revealed = new WeakSet(); // items (and the scenario) whose every problem is shown
  return {
    /** The user has been in the field at path; false if that was known already. */
    touch(scenario, path) {
      const container = getIn(scenario, parentPath(path));
      if (!container || typeof container !== "object") return false;
      let keys = touched.get(container);
      if (!keys) touched.set(container, keys = new Set());
      const key = lastKey(path);
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    },
    revealAll(scenario) {
      revealed.add(scenario);
      scenario.items.forEach((item) => revealed.add(item));
    },
    /** Show every problem of p's item (or of the scenario, for a general field). */
    revealAround(scenario, p) {
      const item = getIn(scenario, p.path.split(".").slice(0, 2).join("."));
      revealed.add(p.path.indexOf("items.") === 0 && item ? item : scenario);
    },
    isShown(scenario, p) {
      if (!p.missing) return true; // a wrong value is there to see; only empty fields wait
      const parts = p.path.split(".");
      const owner = parts[0] === "items" ? getIn(scenario, "items." + parts[1]) : scenario;
      if (owner && typeof owner === "object" && revealed.has(owner)) return true;
      const container = getIn(scenario, parentPath(p.path));
      const keys = container && typeof container === "object" ? touched.get(container) : null;
      return !!(keys && keys.has(lastKey(p.path)));
    },
  };
}
