/* Small helpers shared by the calculator's modules: DOM building, safe lookups, dates, money,
 * paths. Untrusted text (unit names, links, imported files, messages) only ever reaches the page
 * through textContent and input values; there is no innerHTML anywhere in the calculator. */

export const ABSENT = {}; // option value meaning "leave the key out"

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach((key) => {
      const value = props[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key === "value" || key === "checked" || key === "disabled" || key === "hidden") el[key] = value;
      else el.setAttribute(key, value === true ? "" : String(value));
    });
  }
  children.forEach((child) => add(el, child));
  return el;
}

export function add(el, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) child.forEach((c) => add(el, c));
  else el.append(child instanceof Node ? child : String(child));
}

export function put(el, ...children) { // replace el's children; null/false are skipped (replaceChildren would print "null")
  el.replaceChildren();
  children.forEach((child) => add(el, child));
}

export function listOf(texts, cls) {
  return texts.length ? h("ul", { class: cls }, texts.map((t) => h("li", { text: t }))) : null;
}

export function own(map, key) {
  // map[key] only if map itself has that key: input never reaches Object.prototype.
  return map && (typeof key === "string" || typeof key === "number") &&
    Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function pad(n) { return (n < 10 ? "0" : "") + n; }

export function today() {
  const d = new Date();
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
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

export function show(value) {
  let text = typeof value === "string" ? "“" + value + "”" : JSON.stringify(value);
  if (text === undefined) text = String(value);
  return text.length > 40 ? text.slice(0, 37) + "……" : text;
}

/* "{name}" placeholders filled from values (own keys only); others are left as they are. */
export function fill(template, values) {
  return String(template).replace(/\{([A-Za-z0-9_.]+)\}/g, (whole, key) => {
    const value = own(values, key);
    return value === undefined ? whole : String(value);
  });
}

export function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

export function isBlank(v) {
  return v === undefined || v === null || (typeof v === "string" && !v.trim()) || (Array.isArray(v) && !v.length);
}

export function fieldPath(path) { return path.replace(/\.(\d+)(?=\.|$)/g, "[$1]"); } // items.0.x -> items[0].x
export function dotPath(field) { return String(field).replace(/\[(\d+)\]/g, ".$1"); } // and back
export function controlId(path) { return "calc-f-" + path.replace(/[^A-Za-z0-9_]+/g, "-"); }
export function parentPath(path) { return path.slice(0, Math.max(0, path.lastIndexOf("."))); }
export function lastKey(path) { return path.slice(path.lastIndexOf(".") + 1); }

export function getIn(obj, path) {
  if (!path) return obj;
  return path.split(".").reduce((o, k) =>
    o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined, obj);
}

export function setIn(obj, path, value) {
  const target = getIn(obj, parentPath(path));
  const key = lastKey(path);
  if (value === ABSENT) delete target[key];
  else target[key] = value;
}

export function find(specs, key) { return specs.find((s) => s.key === key) || null; }
