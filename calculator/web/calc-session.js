/* The scenario kept in sessionStorage while the tab lives, so a reload or a step back to the page
 * finds the form as it was. Saved a moment after each change (calc-evaluate.js), restored once at
 * start (calc-main.js) with the same limits and checks as a shared link. */
import { adoptScenario } from "./calc-scenario.js";
import { S } from "./calc-state.js";

const SESSION_KEY = "xm-calculator-form";
let saveTimer = 0;

export function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveSession, 300);
}

export function saveSession() {
  clearTimeout(saveTimer);
  if (!S.scenario) return;
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ scenario: S.scenario, labelFromLink: S.labelFromLink, dateFromLink: S.dateFromLink }));
  } catch (e) { /* storage off or full: the form still works, a reload starts afresh */ }
}

export function restoreSession() {
  let saved = null;
  try { saved = sessionStorage.getItem(SESSION_KEY); } catch (e) { /* storage off */ }
  if (!saved) return false;
  try {
    const value = JSON.parse(saved);
    S.scenario = adoptScenario(value.scenario).scenario; // same limits and checks as a link
    S.labelFromLink = value.labelFromLink === true;
    S.dateFromLink = value.dateFromLink === true;
    return true;
  } catch (e) {
    return false;
  }
}
