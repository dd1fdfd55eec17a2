/* Pure: the scenario (form values as the rules' JSON input). New items from the package's
 * templates, untrusted scenarios from links and files shape-checked before they reach the form,
 * and the share-link fragment (#v1=base64url) both ways. Values in, values out (the form model
 * from calc-model.js is one of them); tested in Node: tests/calculator/js/calc-scenario.test.mjs. */
import { fill, getIn, isObject, own, setIn, show } from "./calc-values.js";
import { rowLabel } from "./calc-model.js";
import { isoDate } from "./calc-wording.js";

const FRAGMENT_PREFIX = "#v1=";
export const MAX_SCENARIO_BYTES = 256 * 1024; // a real scenario is a few KB; links and files above are refused
const MAX_FRAGMENT_CHARS = FRAGMENT_PREFIX.length + Math.ceil(MAX_SCENARIO_BYTES / 3) * 4;

function copy(value) { return JSON.parse(JSON.stringify(value)); }

export function newRow(spec) { return copy(spec.new_row); }

export function newItem(model, type, from) {
  const spec = model.typeSpec(type);
  const item = Object.assign({ type }, copy(spec.template));
  const before = from && model.typeSpec(from.type);
  if (before) { // keep what the user typed when switching an item's type (unit name, event date)
    Object.keys(spec.carry_over || {}).forEach((what) => {
      const source = own(before.carry_over, what);
      const value = source ? getIn(from, source) : undefined;
      if (typeof value === "string" && value) setIn(item, spec.carry_over[what], value);
    });
  }
  return item;
}

/** A new scenario: the as-of date today (today: "YYYY-MM-DD", by default the clock's), one item
 * of the first type. */
export function blankScenario(model, today) {
  const out = {};
  model.generalFields.forEach((f) => { if (f.default === "today") out[f.key] = today || isoDate(); });
  out.items = [newItem(model, model.types[0].type)];
  return out;
}

export function isBlankScenario(model, s, today) {
  return JSON.stringify(s) === JSON.stringify(blankScenario(model, today));
}

function keep(raw, keys) {
  const out = {};
  keys.forEach((k) => { if (own(raw, k) !== undefined && raw[k] !== null) out[k] = raw[k]; });
  return out;
}

/* Shape check of an untrusted scenario before it reaches the form. Values stay as they are
 * (the rules package judges them and the form shows its message beside the field); only what
 * the form cannot hold at all is refused, with the page's limits, before anything is drawn.
 * Keys the input schema does not have are dropped with a notice (model.keys comes from the
 * package's schema.json). Returns { scenario, dropped }; throws an Error whose
 * message says, in Chinese, why the whole scenario is refused. */
export function adoptScenario(model, value) {
  const LIMITS = model.limits;
  if (!isObject(value)) throw new Error("内容不是本计算器保存的情景。");
  const dropped = [];
  Object.keys(value).forEach((k) => { if (model.keys.scenario.indexOf(k) < 0) dropped.push(show(k)); });
  const out = keep(value, model.generalFields.map((f) => f.key));
  const items = value.items === undefined ? [] : value.items;
  if (!Array.isArray(items)) throw new Error("其中的项目列表格式不对。");
  if (items.length > LIMITS.items) {
    throw new Error("其中有 " + items.length + " 个项目，本页一次最多计算 " + LIMITS.items + " 个。请分几次计算，或删去不需要的项目后再试。");
  }
  out.items = items.map((raw, i) => {
    const where = "项目 " + (i + 1);
    if (!isObject(raw)) throw new Error(where + " 的格式不对。");
    const keys = own(model.keys.items, raw.type);
    if (!keys || !model.typeSpec(raw.type)) throw new Error(where + " 的类型无法识别：" + show(raw.type) + "。");
    Object.keys(raw).forEach((k) => { if (keys.indexOf(k) < 0) dropped.push(where + " 的" + show(k)); });
    const item = keep(raw, keys);
    model.fieldsOf(raw.type).forEach((spec) => {
      if (spec.control !== "list") return;
      const rows = item[spec.key] === undefined ? [] : item[spec.key];
      if (!Array.isArray(rows)) throw new Error(where + " 的" + spec.label + "格式不对。");
      if (rows.length > spec.max) throw new Error(where + " " + fill(spec.too_many, { given: rows.length, max: spec.max }));
      item[spec.key] = rows.map((row, j) => {
        const name = where + " " + rowLabel(spec, j);
        if (!isObject(row)) throw new Error(name + "的格式不对。");
        Object.keys(row).forEach((k) => { if (spec.keys.indexOf(k) < 0) dropped.push(name + "的" + show(k)); });
        return keep(row, spec.keys);
      });
    });
    return item;
  });
  return { scenario: out, dropped };
}

// ---------------------------------------------------------------- share links (#v1=base64url)

function utf8Bytes(text) { return new TextEncoder().encode(text); }

export function encodeFragment(value) {
  const bytes = utf8Bytes(JSON.stringify(value));
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return FRAGMENT_PREFIX + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function isScenarioFragment(hash) { return /^#v\d/.test(hash); }

export function decodeFragment(model, hash) {
  if (hash.length > MAX_FRAGMENT_CHARS) {
    throw new Error("链接中的数据过大（" + hash.length.toLocaleString("zh-CN") + " 个字符），超过本页可接受的上限，未打开。");
  }
  const m = /^#v(\d{1,6})=/.exec(hash);
  if (!m) throw new Error("链接不完整：缺少“#v1=”之后的数据，可能在复制时被截断。");
  if (m[1] !== "1") {
    throw new Error("这个链接使用第 " + m[1] + " 版链接格式，本页只能打开第 1 版（#v1=）的链接。请用生成该链接的计算器版本打开，或重新生成链接。");
  }
  const data = hash.slice(m[0].length);
  if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new Error("链接中的数据含有无效字符，可能在复制或转发时被改动。");
  if (data.length % 4 === 1) throw new Error("链接中的数据不完整，可能在复制时被截断。");
  let text;
  try {
    const binary = atob(data.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((data.length + 3) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    throw new Error("链接中的数据已损坏，无法解码（可能被截断或改动）。");
  }
  return parseScenarioText(model, text, "链接中的数据");
}

export function parseScenarioText(model, text, what) {
  if (utf8Bytes(text).length > MAX_SCENARIO_BYTES) throw new Error(what + "过大，超过本页可接受的上限（256 KB），未打开。");
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(what + "不是完整有效的 JSON，可能被截断或损坏。");
  }
  return adoptScenario(model, value);
}
