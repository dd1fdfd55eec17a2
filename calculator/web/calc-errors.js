/* Messages beside the fields. Errors wait until the user has been in a field (or asked for the
 * result): a blank form is not wrong. */
import { fieldPath, getIn, h, lastKey, parentPath } from "./calc-dom.js";
import { labelled } from "./calc-messages.js";
import { root } from "./calc-model.js";
import { S } from "./calc-state.js";

const touched = new WeakMap(); // object in the scenario -> keys of it the user has edited or left
const revealed = new WeakSet(); // items (and the scenario) whose every problem is shown

export function markTouched(path) {
  const container = getIn(S.scenario, parentPath(path));
  if (!container || typeof container !== "object") return false;
  let keys = touched.get(container);
  if (!keys) touched.set(container, keys = new Set());
  const key = lastKey(path);
  if (keys.has(key)) return false;
  keys.add(key);
  return true;
}

export function revealAll() {
  revealed.add(S.scenario);
  S.scenario.items.forEach((item) => revealed.add(item));
}

export function allProblems(state) {
  const out = state.general.slice();
  Object.keys(state.problems).sort((a, b) => a - b).forEach((i) => out.push(...state.problems[i]));
  return out;
}

export function isShown(p) {
  if (!p.missing) return true; // a wrong value is there to see; only empty fields wait
  const parts = p.path.split(".");
  const owner = parts[0] === "items" ? getIn(S.scenario, "items." + parts[1]) : S.scenario;
  if (owner && typeof owner === "object" && revealed.has(owner)) return true;
  const container = getIn(S.scenario, parentPath(p.path));
  const keys = container && typeof container === "object" ? touched.get(container) : null;
  return !!(keys && keys.has(lastKey(p.path)));
}

function findField(path) {
  // The element for items[0].rows[1].x, or the nearest enclosing part that exists.
  let p = fieldPath(path);
  while (p) {
    const found = root.querySelector(".calc-form [data-field=\"" + CSS.escape(p) + "\"]");
    if (found) return found;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    p = cut > 0 ? p.slice(0, cut) : "";
  }
  return null;
}

function controlsOf(place) {
  return place.querySelectorAll(":scope > input, :scope > select, :scope > label > input, :scope > .calc-radios__list input");
}

/* A message box exists only while it has something to say: a 1000-row form carries no empty
 * ones. showErrors keeps what it added, so clearing needs no search of the form. */
let shownErrors = [];
let errorSerial = 0;

export function showErrors(state) {
  shownErrors.forEach((undo) => undo());
  shownErrors = [];
  if (!state || state.engineError) return;
  allProblems(state).forEach((p) => {
    if (!isShown(p)) return;
    const place = findField(p.path);
    if (!place) return;
    const exact = place.dataset.field === fieldPath(p.path);
    const text = exact ? p.message : labelled(p);
    let box = place.querySelector(":scope > .calc-error");
    if (box) {
      box.textContent += "；" + text;
      return;
    }
    box = h("p", { class: "calc-error", id: "calc-error-" + ++errorSerial, text });
    place.append(box);
    const controls = controlsOf(place);
    shownErrors.push(() => box.remove());
    controls.forEach((c) => {
      const before = c.getAttribute("aria-describedby");
      c.setAttribute("aria-invalid", "true");
      c.setAttribute("aria-describedby", (before ? before + " " : "") + box.id);
      shownErrors.push(() => {
        c.removeAttribute("aria-invalid");
        if (before) c.setAttribute("aria-describedby", before); else c.removeAttribute("aria-describedby");
      });
    });
  });
}

/** Show the problem p and every other of its item, let the caller redraw what lists them
 * (redraw: the results panel), then move the focus to p's field. */
export function goTo(p, redraw) {
  const item = getIn(S.scenario, p.path.split(".").slice(0, 2).join("."));
  revealed.add(p.path.indexOf("items.") === 0 && item ? item : S.scenario);
  showErrors(S.lastState);
  redraw();
  const place = findField(p.path);
  const control = place && (controlsOf(place)[0] || place.querySelector("input, select, button"));
  if (control) control.focus();
}
