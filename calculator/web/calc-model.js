/* Pure: the form as data. What the page offers is read from the rules package, never written here.
 *
 * The build embeds the package's form description (form.json), the fields each part of a
 * scenario may carry, the schema's limits and dependent choices (schema.json), and the policy
 * block of parameters.json into the page (#calc-options; sitebuild/runtime/assets.py).
 * createModel turns those options into field specs: the form draws them, messages take their
 * labels from them, and the completeness check reads which fields are required. Controls:
 * select, radios (for choices too long for a phone's dropdown), text, date, number, check,
 * list (rows of fields). Values in, values out: the page reads #calc-options (calc-main.js). */
import { ABSENT, fill, find, getIn, isObject, own } from "./calc-values.js";

/** The options embedded in the page, from their JSON text; null when they are missing or broken. */
export function parseOptions(text) {
  try {
    const opt = JSON.parse(text);
    return isObject(opt) && isObject(opt.form) ? opt : null;
  } catch (e) {
    return null; // reported by the controller, once the page can show it
  }
}

export function createModel(opt) {
  const FORM = opt.form;
  const TEXTS = isObject(FORM.texts) ? FORM.texts : {};
  // The parameters the texts quote by id ({standard.application_window}), with their values,
  // written in by the build from parameters.json, as the docs fill the same placeholders.
  const QUOTED = isObject(opt.quoted) ? opt.quoted : {};

  /** A policy-worded text of the package, its {placeholders} filled. */
  function text(name, values) {
    const template = own(TEXTS, name);
    return typeof template === "string" ? fill(fill(template, values || {}), QUOTED) : "";
  }

  /** A text nested in the package's texts ("applying.process.quote"), its {placeholders}
   * filled; "" when the package has none there. */
  function textAt(path) {
    const value = String(path).split(".").reduce((node, key) => own(node, key), TEXTS);
    return typeof value === "string" ? fill(value, QUOTED) : "";
  }

  function textParts(name) { return Array.isArray(own(TEXTS, name)) ? own(TEXTS, name) : []; }

  function choiceList(name) {
    return (own(FORM.choices, name) || []).map((c) => [c.value, c.label]);
  }

  function dependent(all, dep) {
    // The choices follow another field of the same item (the schema's allOf if/then); an
    // unknown value of that field offers them all.
    return (owner) => {
      const on = isObject(owner) ? own(owner, dep.on) : undefined;
      const entry = dep.choices.find((pair) => pair[0] === on);
      return entry ? entry[1].map((v) => [v, labelIn(all, v)]) : all;
    };
  }

  function buildField(raw, type) {
    // Fields sharing a key across item types (unit name, event date) share their defaults.
    const spec = Object.assign({}, type ? own(FORM.shared_fields, raw.key) : null, raw);
    if (typeof spec.choices === "string") {
      const all = choiceList(spec.choices); // built once: a form may hold 1000 selects
      const list = spec.absent_choice ? [[ABSENT, spec.absent_choice]].concat(all) : all;
      const dep = type ? own(own(opt.depends, type), spec.key) : null;
      spec.all = all;
      spec.dependsOn = dep ? dep.on : null;
      spec.choices = dep ? dependent(all, dep) : () => list;
    }
    if (spec.control === "list") {
      const schema = own(own(opt.lists, type), spec.key) || { max: spec.max, keys: [] };
      spec.max = Math.min(spec.max || schema.max, schema.max);
      spec.keys = schema.keys;
      spec.fields = spec.fields.map((f) => buildField(f, null));
    }
    if (!type && spec.maxlength) spec.maxlength = Math.min(spec.maxlength, own(opt.limits.text, spec.key) || Infinity);
    return spec;
  }

  const types = FORM.items.types.map((t) =>
    Object.assign({}, t, { fields: t.fields.map((f) => buildField(f, t.type)) }));
  const byType = {};
  types.forEach((t) => { byType[t.type] = t; });
  const typeChoices = types.map((t) => [t.type, t.label]);

  function typeSpec(type) { return own(byType, type); }
  function typeLabel(type) { const t = typeSpec(type); return t ? t.label : undefined; }
  function fieldsOf(type) { const t = typeSpec(type); return t ? t.fields : []; }

  const typeField = { key: "type", control: "select", label: FORM.items.type_label,
    choices: () => typeChoices, all: typeChoices };
  const generalFields = FORM.general.fields.map((f) => buildField(f, null));
  const dateField = generalFields.find((f) => f.default === "today") || null; // "as of" date
  const nameField = generalFields.find((f) => f.names_scenario) || null;      // scenario's name

  /* How much one page holds. The rules package accepts more from files and the command line
   * (the schema's maxItems); the form takes what form.json makes sensible for one application,
   * checked before anything is drawn, so an oversized link is refused at once instead of
   * freezing the tab (benchmarks/bench_calculator_form.py measures the form at these limits). */
  const limits = { items: Math.min(FORM.items.max, opt.limits.items) };
  types.forEach((t) => t.fields.forEach((f) => { if (f.control === "list") limits[f.key] = f.max; }));
  if (nameField && nameField.maxlength) limits.name = nameField.maxlength;

  function choiceLabel(spec, value) {
    return spec && spec.all ? labelIn(spec.all, value) : undefined;
  }

  /* The spec of the field at a dotted path ("items.0.rows.1.x"), and its label as a person
   * reads it ("项目 1 · <row label> · <field label>"): messages never show the JSON path. */
  function specAt(path, scn) {
    const parts = path.split(".");
    if (parts[0] !== "items") return find(generalFields, parts[0]);
    const item = getIn(scn, "items." + parts[1]);
    const spec = parts.length > 2 && isObject(item) ? find(fieldsOf(item.type), parts[2]) : null;
    if (spec && spec.control === "list" && parts.length > 3) {
      return parts.length > 4 ? find(spec.fields, parts[4]) : { key: parts[3], control: "row", label: spec.label };
    }
    return spec;
  }

  function fieldLabel(path, scn) {
    const parts = path.split(".");
    if (parts[0] !== "items") {
      const general = find(generalFields, parts[0]);
      return general ? general.label : "项目列表";
    }
    if (parts.length < 2) return "项目列表";
    const out = ["项目 " + (Number(parts[1]) + 1)];
    const spec = parts.length > 2 ? specAt(parts.slice(0, 3).join("."), scn) : null;
    if (spec && spec.control === "list" && parts.length > 3) {
      out.push(rowLabel(spec, Number(parts[3])));
      const inner = parts.length > 4 ? find(spec.fields, parts[4]) : null;
      if (inner) out.push(inner.label);
    } else if (spec) {
      out.push(spec.label);
    }
    return out.join(" · ");
  }

  return Object.freeze({
    options: opt, form: FORM, policy: isObject(opt.policy) ? opt.policy : null, rulesVersion: opt.rules_version,
    keys: opt.keys, types, typeField, generalFields, dateField, nameField, limits,
    text, textAt, textParts, typeSpec, typeLabel, fieldsOf, choiceLabel, specAt, fieldLabel,
    rowLabel, rankOf, firstText,
  });
}

function labelIn(list, value) {
  // Labels are looked up as the keys of a map would be: 1 and "1" name the same choice.
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const found = list.find((c) => c[0] !== ABSENT && String(c[0]) === String(value));
  return found ? found[1] : undefined;
}

export function rowLabel(spec, j) { return fill(spec.row_label, { n: j + 1 }); }
export function rankOf(spec, j) { return fill(spec.rank, { n: j + 1 }); }
export function firstText(specs) { return specs.find((s) => s.control === "text") || specs[0]; }
