/* Asking the rules for the result of the form, and showing it.
 *
 * The finished items are computed; unfinished ones (required fields empty) and ones the rules
 * refuse are set aside with their message, so one incomplete item never hides the others'
 * results. The rules name one refusal at a time: each is set aside and the rest asked again. */
import { dotPath, yuan } from "./calc-dom.js";
import { root } from "./calc-model.js";
import { formProblems, labelled, problem } from "./calc-messages.js";
import { S, announce } from "./calc-state.js";
import { boot, evaluateJSON } from "./calc-engine.js";
import { allProblems, isShown, showErrors } from "./calc-errors.js";
import { renderPanel, renderWaiting } from "./calc-results.js";
import { renderSheet } from "./calc-sheet.js";
import { saveSoon } from "./calc-session.js";

let inFlight = false;
let dirty = false;

export function scenarioChanged() {
  saveSoon();
  scheduleEvaluate();
}

function compute(snapshot) {
  const scn = JSON.parse(snapshot);
  const state = { scenario: scn, result: null, general: [], problems: {}, byIndex: {} };
  const included = [];
  scn.items.forEach((item, i) => {
    const missing = formProblems(item, i, scn);
    if (missing.length) state.problems[i] = missing;
    else included.push(i);
  });
  function round() {
    const sub = {}; // the scenario's own fields as they are, and the items that can be asked about
    Object.keys(scn).forEach((k) => { if (k !== "items") sub[k] = scn[k]; });
    sub.items = included.map((i) => scn.items[i]);
    return evaluateJSON(JSON.stringify(sub)).then((envelope) => {
      const parsed = JSON.parse(envelope);
      if (parsed.ok) {
        state.result = parsed.result;
        parsed.result.items.forEach((r, n) => { state.byIndex[included[n]] = r; });
        return state;
      }
      const path = dotPath(parsed.error.field || "");
      const m = /^items\.(\d+)(?=\.|$)/.exec(path);
      if (m && Number(m[1]) < included.length) {
        const k = included[Number(m[1])];
        state.problems[k] = [problem("items." + k + path.slice(m[0].length), scn, parsed.error.message)];
        included.splice(Number(m[1]), 1);
        return round();
      }
      state.general.push(problem(path, scn, parsed.error.message));
      return state;
    });
  }
  return round();
}

export function scheduleEvaluate() {
  if (boot.state !== "ready") {
    renderWaiting();
    return;
  }
  if (inFlight) { dirty = true; return; }
  inFlight = true;
  dirty = false;
  root.dataset.busy = "true"; // for scripts and tests: results are being recomputed
  const snapshot = JSON.stringify(S.scenario);
  function done() {
    inFlight = false;
    if (dirty) return scheduleEvaluate();
    root.dataset.busy = "false";
    root.dataset.rendered = String(Number(root.dataset.rendered || 0) + 1);
  }
  compute(snapshot).then((state) => {
    if (!dirty) render(state); // a newer edit is waiting: draw that one instead
  }, (error) => {
    if (!dirty) render({ scenario: JSON.parse(snapshot), engineError: error.message, general: [], problems: {}, byIndex: {} });
  }).then(done, (error) => {
    done();
    throw error;
  });
}

let lastTotalText = "";
let announcedError = "";

function render(state) {
  S.lastState = state;
  showErrors(state);
  renderPanel(state);
  renderSheet(state);
  const shown = allProblems(state).filter(isShown);
  if (state.engineError) {
    sayOnce("计算引擎出错：" + state.engineError);
  } else if (shown.length) {
    sayOnce("输入有误：" + labelled(shown[0]));
  } else if (state.result) {
    const totalText = "估算合计 " + yuan(state.result.total);
    if (totalText !== lastTotalText || announcedError) announce(totalText + "。");
    lastTotalText = totalText;
    announcedError = "";
  }
}

function sayOnce(message) {
  if (message !== announcedError) { announce(message); announcedError = message; }
  lastTotalText = "";
}
