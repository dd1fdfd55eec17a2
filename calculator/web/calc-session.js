/* This tab's storage: the scenario kept in sessionStorage while the tab lives, so a reload or a
 * step back to the page finds the form as it was. The controller saves a moment after each
 * change and restores once at start, with the same limits and checks as a shared link
 * (calc-scenario.js). Nothing runs at import. */
import { adoptScenario } from "./calc-scenario.js";

const SESSION_KEY = "xm-calculator-form";

/** The stored part of the state, as JSON text. */
export function sessionText(state) {
  return JSON.stringify({ scenario: state.scenario, labelFromLink: state.labelFromLink, dateFromLink: state.dateFromLink });
}

/** The state's part from stored text ({ scenario, labelFromLink, dateFromLink }), or null. */
export function fromSessionText(model, text) {
  if (!text) return null;
  try {
    const value = JSON.parse(text);
    return {
      scenario: adoptScenario(model, value.scenario).scenario, // same limits and checks as a link
      labelFromLink: value.labelFromLink === true,
      dateFromLink: value.dateFromLink === true,
    };
  } catch (e) {
    return null;
  }
}

export function createSession(model, store) {
  let saveTimer = 0;

  function save() {
    clearTimeout(saveTimer);
    const state = store.get();
    if (!state.scenario) return;
    try {
      sessionStorage.setItem(SESSION_KEY, sessionText(state));
    } catch (e) { /* storage off or full: the form still works, a reload starts afresh */ }
  }

  function saveSoon() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 300);
  }

  function restore() {
    let saved = null;
    try { saved = sessionStorage.getItem(SESSION_KEY); } catch (e) { /* storage off */ }
    return fromSessionText(model, saved);
  }

  return { save, saveSoon, restore };
}
