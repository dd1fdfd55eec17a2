/* Pure: safe lookups and paths in a scenario (plain JSON values). No DOM, no globals; importable
 * in Node (tests/calculator/js/calc-values.test.mjs). */

export const ABSENT = {}; // a choice's value meaning "leave the key out"

export function own(map, key) {
  // map[key] only if map itself has that key: input never reaches Object.prototype.
  return map && (typeof key === "string" || typeof key === "number") &&
    Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

export function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

export function isBlank(v) {
  return v === undefined || v === null || (typeof v === "string" && !v.trim()) || (Array.isArray(v) && !v.length);
}

/* "{name}" placeholders filled from values (own keys only); others are left as they are. */
export function fill(template, values) {
  return String(template).replace(/\{([A-Za-z0-9_.]+)\}/g, (whole, key) => {
    const value = own(values, key);
    return value === undefined ? whole : String(value);
  });
}

/* A value as a message quotes it: strings in quotes, anything else as JSON, cut at 40 characters. */
export function show(value) {
  let text = typeof value === "string" ? "“" + value + "”" : JSON.stringify(value);
  if (text === undefined) text = String(value);
  return text.length > 40 ? text.slice(0, 37) + "……" : text;
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
