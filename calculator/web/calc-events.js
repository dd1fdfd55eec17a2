/* What the user does in the form: edits, type changes, rows added, moved and removed, items
 * added and removed, reset with undo, print. */
import { ABSENT, controlId, find, own, setIn } from "./calc-dom.js";
import { DATE_FIELD, NAME_FIELD, TYPES, LIMITS, fieldsOf, firstText, rankOf, rowLabel, typeLabel, typeSpec, root }
  from "./calc-model.js";
import { blankScenario, newItem, newRow } from "./calc-scenario.js";
import { S, announce } from "./calc-state.js";
import { optionValues, appendItem, focusOn, renderForm, renderItemAt, renderItemsFrom, setHint } from "./calc-form.js";
import { markTouched, revealAll, showErrors } from "./calc-errors.js";
import { renderPanel } from "./calc-results.js";
import { renderSheet } from "./calc-sheet.js";
import { scenarioChanged } from "./calc-evaluate.js";
import { exportJSON, share, showNotice } from "./calc-io.js";

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

export function onInput(event) {
  const el = event.target;
  const path = el.dataset && el.dataset.path;
  if (!path) return;
  const kind = el.dataset.kind;
  // One event per edit: choices on change, typing on input.
  if (event.type !== (kind === "select" || kind === "check" || kind === "radios" ? "change" : "input")) return;
  markTouched(path);
  const value = readControl(el);
  const parts = path.split(".");
  if (parts[0] === "items" && parts.length === 3 && parts[2] === "type") return changeType(Number(parts[1]), value, el);
  setIn(S.scenario, path, value);
  if (NAME_FIELD && path === NAME_FIELD.key && (S.labelFromLink || S.labelNote)) {
    S.labelFromLink = false;
    S.labelNote = "";
    setHint(path, NAME_FIELD.hint);
  }
  if (DATE_FIELD && path === DATE_FIELD.key && S.dateFromLink) { S.dateFromLink = false; setHint(path, DATE_FIELD.hint); }
  if (parts[0] === "items" && parts.length === 3) {
    // Fields whose choices follow this one keep their value if still offered, else take the first.
    const item = S.scenario.items[Number(parts[1])];
    const followers = fieldsOf(item.type).filter((spec) => spec.dependsOn === parts[2]);
    followers.forEach((spec) => {
      const offered = spec.choices(item);
      if (offered !== spec.all && !offered.some((c) => c[0] === item[spec.key])) item[spec.key] = offered[0][0];
    });
    if (followers.length) renderItemAt(Number(parts[1]), "#" + el.id);
  }
  scenarioChanged();
}

function changeType(i, type, el) {
  if (type === S.scenario.items[i].type || !typeSpec(type)) return;
  S.scenario.items[i] = newItem(type, S.scenario.items[i]);
  if (NAME_FIELD && S.labelFromLink && typeof S.scenario[NAME_FIELD.key] === "string") {
    // The name described the example as it came; it no longer does, and would be printed.
    S.labelNote = "原来的情景名称“" + S.scenario[NAME_FIELD.key] + "”来自打开的链接，已随项目类型的更改清除。";
    delete S.scenario[NAME_FIELD.key];
    S.labelFromLink = false;
    document.getElementById(controlId(NAME_FIELD.key)).value = "";
    setHint(NAME_FIELD.key, S.labelNote);
    announce(S.labelNote);
  }
  S.lastState = null;
  renderItemAt(i, "#" + el.id);
  scenarioChanged();
}

export function onLeave(event) {
  const path = event.target.dataset && event.target.dataset.path;
  if (path && markTouched(path) && S.lastState) {
    showErrors(S.lastState);
    renderPanel(S.lastState); // the item's entry in the results may now say what is wrong
  }
}

export function onClick(event) {
  const button = event.target.closest("button[data-action]");
  if (!button || !root.contains(button)) return;
  const action = button.dataset.action;
  const path = button.dataset.path;
  if (action === "share") return share();
  if (action === "export") return exportJSON();
  if (action === "print") { beforePrint(); return window.print(); }
  if (action === "reset") return reset();
  if (action === "add-item") return addItem(button.dataset.type);
  if (!path) return;
  const keys = path.split(".");
  const i = Number(keys[1]);
  if (action === "item-remove") {
    S.scenario.items.splice(i, 1);
    S.lastState = null;
    const left = S.scenario.items.length;
    renderItemsFrom(i, left ? "#" + controlId("items." + Math.min(i, left - 1) + ".type") : "[data-action=add-item]");
    announce("已删除项目 " + (i + 1) + "。");
    return scenarioChanged();
  }
  // Row actions: path is items.<i>.<list> (add) or items.<i>.<list>.<j> (move, remove).
  const item = S.scenario.items[i];
  const spec = find(fieldsOf(item.type), keys[2]);
  if (!spec || spec.control !== "list") return;
  const listPath = keys.slice(0, 3).join(".");
  const rows = item[spec.key];
  const index = Number(keys[keys.length - 1]);
  const first = firstText(spec.fields).key;
  markTouched(listPath);
  S.lastState = null; // problems are keyed by position, and positions are about to move
  if (action === "add-drafter") {
    if (rows.length >= spec.max) return;
    rows.push(newRow(spec));
    renderItemAt(i, "#" + controlId(listPath + "." + (rows.length - 1) + "." + first));
    announce("已添加" + rowLabel(spec, rows.length - 1) + "。");
  } else if (action === "drafter-remove") {
    rows.splice(index, 1);
    renderItemAt(i, rows.length ? "#" + controlId(listPath + "." + Math.min(index, rows.length - 1) + "." + first)
      : "[data-action=add-drafter][data-path='" + listPath + "']");
    announce("已删除" + rowLabel(spec, index) + "。");
  } else if (action === "drafter-up" || action === "drafter-down") {
    const to = action === "drafter-up" ? index - 1 : index + 1;
    if (to < 0 || to >= rows.length) return;
    const moved = rows.splice(index, 1)[0];
    rows.splice(to, 0, moved);
    const newPath = listPath + "." + to;
    const same = "[data-action=" + action + "][data-path='" + newPath + "']";
    const other = "[data-action=" + (action === "drafter-up" ? "drafter-down" : "drafter-up") + "][data-path='" + newPath + "']";
    renderItemAt(i, to === 0 || to === rows.length - 1 ? other : same);
    const title = own(moved, first);
    const name = typeof title === "string" && title.trim() ? "“" + title.trim() + "”" : spec.unnamed_row;
    announce(name + "现在排名" + rankOf(spec, to) + "。");
  }
  scenarioChanged();
}

function addItem(type) {
  if (S.scenario.items.length >= LIMITS.items || !typeSpec(type)) return;
  S.scenario.items.push(newItem(type));
  const n = S.scenario.items.length - 1;
  appendItem(n);
  focusOn("#" + controlId("items." + n + ".type"));
  announce("已添加项目 " + (n + 1) + "：" + typeLabel(type) + "。");
  scenarioChanged();
}

function reset() {
  const previous = { scenario: S.scenario, labelFromLink: S.labelFromLink, dateFromLink: S.dateFromLink };
  S.scenario = blankScenario();
  S.labelFromLink = S.dateFromLink = false;
  S.labelNote = "";
  S.lastState = null;
  // The first thing to type: who applies, in the first item.
  const applicant = typeSpec(TYPES[0].type).carry_over.applicant;
  renderForm("#" + controlId("items.0." + applicant));
  showNotice("已清空表单，可以重新开始。", "info", { label: "撤销清空", run() {
    S.scenario = previous.scenario;
    S.labelFromLink = previous.labelFromLink;
    S.dateFromLink = previous.dateFromLink;
    S.lastState = null;
    renderForm();
    scenarioChanged();
    announce("已恢复清空前的情景。");
  } });
  scenarioChanged();
}

export function beforePrint() {
  // Printing is asking for the result: every problem is shown, and the sheet carries today's date.
  if (!S.lastState) return;
  revealAll();
  showErrors(S.lastState);
  renderPanel(S.lastState);
  renderSheet(S.lastState);
}

