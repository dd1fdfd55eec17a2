/* The form view, drawn from the field specs of the model (calc-model.js) and the store's
 * scenario: one fieldset per item, one control per field, rows for list fields. Each control
 * carries data-path (its place in the scenario) and data-kind (its control type); each field
 * box carries data-field (the rules' field name). Nothing runs at import: createFormView is
 * called by the controller, and reads and draws the page only when its functions are called.
 * After each redraw the errors view (calc-errors.js) puts the shown messages back. */
import { ABSENT, controlId, fieldPath, fill, isObject, own } from "./calc-values.js";
import { add, h, put } from "./calc-dom.js";

/** page: { root, els (general, items, adders) }; model; store; errors: the errors view. */
export function createFormView(page, model, store, errors) {
  const { root, els } = page;
  const LIMITS = model.limits;
  const optionValues = new WeakMap(); // <option> or radio <input> -> the JSON value it stands for

  function fieldBox(path, control, spec) {
    const id = controlId(path);
    control.id = id;
    control.dataset.path = path;
    control.dataset.kind = spec.control;
    if (spec.optional) control.dataset.optional = "1";
    const hint = spec.hint ? h("p", { class: "calc-hint", id: id + "-hint", text: spec.hint }) : null;
    if (hint) control.setAttribute("aria-describedby", hint.id); // showErrors adds its message's id
    const label = [spec.srPrefix ? h("span", { class: "calc-sr-only", text: spec.srPrefix }) : null, spec.label,
      spec.optional ? h("span", { class: "calc-optional", text: "（可选）" }) : null];
    if (spec.control === "check") { // the whole line is the tap target
      return h("div", { class: "calc-field calc-field--check", "data-field": fieldPath(path) },
        h("label", { for: id, class: "calc-check" }, control, h("span", null, label)), hint);
    }
    return h("div", { class: "calc-field calc-field--" + spec.control, "data-field": fieldPath(path) },
      h("label", { for: id }, label), control, hint);
  }

  function selectControl(choices, current) {
    // The current value is selected; a missing one reads "请选择", an unknown one "（无效的值）",
    // and stays in the scenario until the user picks another (the message beside it says why).
    const el = h("select", null);
    let found = false;
    choices.forEach((choice) => {
      const option = h("option", { text: choice[1] });
      optionValues.set(option, choice[0]);
      if (choice[0] === current || (choice[0] === ABSENT && current === undefined)) { option.selected = true; found = true; }
      el.append(option);
    });
    if (!found) {
      const placeholder = h("option", { text: current === undefined ? "请选择" : "（无效的值）", disabled: true });
      optionValues.set(placeholder, current);
      el.prepend(placeholder);
      placeholder.selected = true;
    }
    return el;
  }

  function radioGroup(spec, path, value, item) {
    const id = controlId(path);
    const hint = spec.hint ? h("p", { class: "calc-hint", id: id + "-hint", text: spec.hint }) : null;
    const radios = spec.choices(item).map((choice) => {
      const input = h("input", { type: "radio", name: id, id: controlId(path + "." + choice[0]), checked: choice[0] === value });
      input.dataset.path = path;
      input.dataset.kind = "radios";
      optionValues.set(input, choice[0]);
      return h("label", { class: "calc-radio", for: input.id }, input, h("span", { text: choice[1] }));
    });
    return h("fieldset", { class: "calc-radios", id, "data-field": fieldPath(path), "aria-describedby": hint ? hint.id : null },
      h("legend", { text: spec.label }), h("div", { class: "calc-radios__list" }, radios), hint);
  }

  function renderField(spec, path, value, owner) {
    switch (spec.control) {
      case "select": return fieldBox(path, selectControl(spec.choices(owner), value), spec);
      case "radios": return radioGroup(spec, path, value, owner);
      case "list": return renderList(spec, path, value);
      case "check": return fieldBox(path, h("input", { type: "checkbox", checked: value === true }), spec);
      case "date": return fieldBox(path, h("input", { type: "date", value: typeof value === "string" ? value : "" }), spec);
      case "number":
        return fieldBox(path, h("input", { type: "number", inputmode: "numeric", min: "0", step: "1",
          value: typeof value === "number" ? String(value) : "" }), spec);
      default: // text
        return fieldBox(path, h("input", { type: "text", autocomplete: "off", maxlength: spec.maxlength ? String(spec.maxlength) : null,
          value: typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value) }), spec);
    }
  }

  // flags: { dateFromLink, labelNote } (the store's, or those of a scenario about to be adopted)
  function renderGeneral(scn, flags) {
    return [h("legend", { text: model.form.general.legend })].concat(model.generalFields.map((spec) => {
      let shown = spec;
      if (spec === model.dateField && flags.dateFromLink && typeof own(scn, spec.key) === "string") {
        shown = Object.assign({}, spec, { hint: spec.hint_from_link });
      } else if (spec === model.nameField && flags.labelNote) {
        shown = Object.assign({}, spec, { hint: flags.labelNote });
      }
      return renderField(shown, spec.key, own(scn, spec.key), scn);
    }));
  }

  function renderList(spec, path, value) {
    const list = Array.isArray(value) ? value : [];
    const full = list.length >= spec.max;
    return h("fieldset", { class: "calc-drafters", "data-field": fieldPath(path) },
      h("legend", { text: spec.label }),
      spec.hint ? h("p", { class: "calc-hint", text: spec.hint }) : null,
      h("ol", { class: "calc-drafter-list" }, list.map((row, j) => renderRow(spec, path, row, j, list.length))),
      h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "add-drafter", "data-path": path,
        disabled: full, text: "＋ 添加" + spec.noun }),
      full ? h("p", { class: "calc-hint", text: fill(spec.full_hint, { max: spec.max }) }) : null);
  }

  function renderRow(spec, listPath, row, j, count) {
    const path = listPath + "." + j;
    const rank = model.rankOf(spec, j);
    const title = model.firstText(spec.fields);
    row = isObject(row) ? row : {};
    return h("li", { class: "calc-drafter", "data-field": fieldPath(path) },
      h("span", { class: "calc-drafter__rank", "aria-hidden": "true", text: String(j + 1) }),
      h("div", { class: "calc-drafter__body" },
        spec.fields.map((fs) => renderField(fs === title ? Object.assign({ srPrefix: "排名" + rank + "的" }, fs) : fs,
          path + "." + fs.key, row[fs.key], row)),
        h("div", { class: "calc-drafter__actions", role: "group", "aria-label": rank + "的排序和删除" },
          h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "drafter-up", "data-path": path, disabled: j === 0, "aria-label": "把" + rank + "上移一位", text: "上移" }),
          h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "drafter-down", "data-path": path, disabled: j === count - 1, "aria-label": "把" + rank + "下移一位", text: "下移" }),
          h("button", { type: "button", class: "calc-button calc-button--small calc-button--quiet", "data-action": "drafter-remove", "data-path": path, "aria-label": "删除" + rank, text: "删除" }))));
  }

  function renderItem(item, i) {
    const path = "items." + i;
    return h("fieldset", { class: "calc-item", "data-field": fieldPath(path), "data-index": String(i) },
      h("legend", { text: "项目 " + (i + 1) + "：" + model.typeLabel(item.type) }),
      h("div", { class: "calc-item__head" },
        renderField(model.typeField, path + ".type", item.type, item),
        h("button", { type: "button", class: "calc-button calc-button--quiet", "data-action": "item-remove", "data-path": path, "aria-label": "删除此项目（项目 " + (i + 1) + "）", text: "删除此项目" })),
      h("div", { class: "calc-item__fields" }, model.fieldsOf(item.type).map((spec) =>
        renderField(spec, path + "." + spec.key, own(item, spec.key), item))));
  }

  function emptyNote() { return h("p", { class: "calc-empty", text: "还没有项目。请用下面的按钮添加。" }); }

  function installForm(general, items) {
    put(els.general, general);
    put(els.items, items);
    if (!items.length) els.items.append(emptyNote());
    updateAdders();
  }

  function render(focus) {
    const state = store.get();
    installForm(renderGeneral(state.scenario, state), state.scenario.items.map(renderItem));
    focusOn(focus);
    errors.show();
  }

  function renderItemAt(i, focus) {
    const old = els.items.querySelector(":scope > [data-index='" + i + "']");
    if (old) old.replaceWith(renderItem(store.get().scenario.items[i], i));
    focusOn(focus);
    errors.show();
  }

  function renderItemsFrom(i, focus) {
    // Items before i keep their numbers and their nodes; only the ones after a removal are redrawn.
    els.items.querySelectorAll(":scope > .calc-item").forEach((node) => {
      if (Number(node.dataset.index) >= i) node.remove();
    });
    const items = store.get().scenario.items;
    add(els.items, items.slice(i).map((item, k) => renderItem(item, i + k)));
    if (!items.length) els.items.append(emptyNote());
    updateAdders();
    focusOn(focus);
    errors.show();
  }

  function appendItem(n) {
    const empty = els.items.querySelector(":scope > .calc-empty");
    if (empty) empty.remove();
    els.items.append(renderItem(store.get().scenario.items[n], n));
    updateAdders();
  }

  function setHint(path, text) { // in place: re-drawing the field would lose the caret while typing
    const hint = document.getElementById(controlId(path) + "-hint");
    if (hint) hint.textContent = text;
  }

  function focusOn(selector) {
    if (!selector) return;
    const target = root.querySelector(selector);
    if (target) target.focus();
  }

  function updateAdders() {
    const count = store.get().scenario.items.length;
    root.classList.toggle("calc--many", count > 8); // see calculator.css
    const full = count >= LIMITS.items;
    els.adders.querySelectorAll("[data-action=add-item]").forEach((b) => { b.disabled = full; });
    els.adders.querySelector(".calc-adders__limit").hidden = !full;
  }

  /** The JSON value a control of the form stands for (ABSENT: leave the key out). */
  function readControl(el) {
    const kind = el.dataset.kind;
    if (kind === "select" || kind === "radios") return optionValues.get(kind === "select" ? el.selectedOptions[0] : el);
    if (kind === "check") return el.checked;
    const value = el.value;
    if (kind === "date") return value === "" && el.dataset.optional ? ABSENT : value;
    if (kind === "number") {
      if (value === "") return el.dataset.optional ? ABSENT : "";
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    if (kind === "text" && value === "" && el.dataset.optional) return ABSENT;
    return value;
  }

  /** Clear a field's control in place (the name cleared with a type change). */
  function clearControl(path) {
    const control = document.getElementById(controlId(path));
    if (control) control.value = "";
  }

  return { render, renderGeneral, renderItem, installForm, renderItemAt, renderItemsFrom, appendItem,
    setHint, focusOn, updateAdders, readControl, clearControl };
}
