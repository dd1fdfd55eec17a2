/* Pure: asking the rules for the result of the form, given a way to ask them.
 *
 * The finished items are computed; unfinished ones (required fields empty) and ones the rules
 * refuse are set aside with their message, so one incomplete item never hides the others'
 * results. The rules name one refusal at a time (the engine's envelope: { ok, result } or
 * { ok: false, error: { field, message } }): each is set aside and the rest asked again.
 * ask(jsonText) answers with the envelope's JSON text (the worker's evaluate; in Node tests a
 * stand-in). Tested in Node: tests/calculator/js/calc-evaluate.test.mjs. */
import { dotPath } from "./calc-values.js";
import { formProblems, problem } from "./calc-messages.js";

/** The computed state of a scenario (given as its JSON text):
 * { scenario, result, general: [problem], problems: {index: [problem]}, byIndex: {index: item result} }. */
export function evaluateScenario(model, snapshot, ask) {
  const scn = JSON.parse(snapshot);
  const state = { scenario: scn, result: null, general: [], problems: {}, byIndex: {} };
  const included = [];
  scn.items.forEach((item, i) => {
    const missing = formProblems(model, item, i, scn);
    if (missing.length) state.problems[i] = missing;
    else included.push(i);
  });
  function round() {
    const sub = {}; // the scenario's own fields as they are, and the items that can be asked about
    Object.keys(scn).forEach((k) => { if (k !== "items") sub[k] = scn[k]; });
    sub.items = included.map((i) => scn.items[i]);
    return ask(JSON.stringify(sub)).then((envelope) => {
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
        state.problems[k] = [problem(model, "items." + k + path.slice(m[0].length), scn, parsed.error.message)];
        included.splice(Number(m[1]), 1);
        return round();
      }
      state.general.push(problem(model, path, scn, parsed.error.message));
      return state;
    });
  }
  return round();
}

/** The state shown when the engine itself failed on a scenario. */
export function engineErrorState(snapshot, message) {
  return { scenario: JSON.parse(snapshot), engineError: message, general: [], problems: {}, byIndex: {} };
}
