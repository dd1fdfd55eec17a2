/* The errors view: messages beside the fields, for the problems the store's computed state has
 * and its `seen` lets show (calc-messages.js: errors wait until the user has been in a field or
 * asked for the result). Nothing runs at import; createErrorsView is called by the controller. */
import { fieldPath } from "./calc-values.js";
import { allProblems, labelled } from "./calc-messages.js";
import { h } from "./calc-dom.js";

export function createErrorsView(root, store) {
  /* A message box exists only while it has something to say: a 1000-row form carries no empty
   * ones. show keeps what it added, so clearing needs no search of the form. */
  let shownErrors = [];
  let errorSerial = 0;

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

  /** Draw the messages of the store's computed state (none while it is null or the engine erred). */
  function show() {
    shownErrors.forEach((undo) => undo());
    shownErrors = [];
    const { computed, scenario, seen } = store.get();
    if (!computed || computed.engineError) return;
    allProblems(computed).forEach((p) => {
      if (!seen.isShown(scenario, p)) return;
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

  /** Move the focus to the field of problem p (or the nearest part of the form that exists). */
  function focusField(path) {
    const place = findField(path);
    const control = place && (controlsOf(place)[0] || place.querySelector("input, select, button"));
    if (control) control.focus();
  }

  return { show, focusField };
}
