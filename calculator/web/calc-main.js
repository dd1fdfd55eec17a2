/* The calculator page's entry: reads the page's data (#calc-options, the runtime folder) when it
 * runs, creates the model, the one store, the engine, the views and the controller, wires the
 * page's events to the controller, and offers window.subsidyCalculator (ready, evaluate,
 * evaluateJSON, limits) to scripts and tests.
 *
 * Layers (calculator/web; README.md "calculator/web layers"): pure modules (calc-values,
 * calc-model, calc-wording, calc-scenario, calc-messages, calc-evaluate, calc-status), the
 * state (calc-state), views (calc-dom, calc-page, calc-form, calc-errors, calc-results,
 * calc-sheet, calc-status-view), adapters (calc-engine: the worker; calc-session: this tab's
 * storage) and the controller (calc-controller, wired here).
 *
 * Every amount is computed by the rules package running in worker.mjs; everything the form
 * offers comes from the package's data. Under file:// this module does not load in Chromium;
 * calculator.js, a classic script, then says why the calculator cannot start. */
import { NO_OPTIONS } from "./calc-status.js";
import { createModel, parseOptions } from "./calc-model.js";
import { blankScenario } from "./calc-scenario.js";
import { createSeen } from "./calc-messages.js";
import { createStore, initialState } from "./calc-state.js";
import { createEngine } from "./calc-engine.js";
import { createSession } from "./calc-session.js";
import { createStatusView } from "./calc-status-view.js";
import { buildPage } from "./calc-page.js";
import { createFormView } from "./calc-form.js";
import { createErrorsView } from "./calc-errors.js";
import { createResultsView } from "./calc-results.js";
import { createSheetView } from "./calc-sheet.js";
import { createController } from "./calc-controller.js";
// Imported here too, though only other modules use them: the browser then fetches every module
// as soon as this one has arrived, instead of one import level after another.
import "./calc-values.js";
import "./calc-wording.js";
import "./calc-evaluate.js";
import "./calc-dom.js";

const BOOT_KEYS = ["engine", "progress", "slow", "engineInfo", "failure"];

/* After the theme has mounted: Material starts on DOMContentLoaded and lays out the whole page
 * then; a form built before that was laid out inside the theme's task, the longest of the boot.
 * The worker is not waiting: start-worker.js started it, and what it reports before the form
 * exists is shown once the form is there. */
function afterTheme(run) {
  const later = () => setTimeout(run, 0);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later, { once: true });
  else later();
}

function start() {
  const root = document.getElementById("calculator");
  if (!root || root.dataset.state === "failed") return; // not the calculator page, or calculator.js has said why
  const optionsTag = document.getElementById("calc-options");
  const options = optionsTag ? parseOptions(optionsTag.textContent) : null;
  const model = options && createModel(options);
  const runtimeTag = document.querySelector("script[data-calculator-runtime]");
  const runtimeDir = runtimeTag ? runtimeTag.getAttribute("data-calculator-runtime") : "";

  const store = createStore(initialState({ seen: createSeen() }));
  const statusView = createStatusView(root, model);
  store.subscribe((state, keys) => {
    if (keys.some((key) => BOOT_KEYS.indexOf(key) >= 0)) statusView.render(state);
  });
  // What the worker says, into the store; the views draw it (the status line at once if it is
  // there, else once the page is built; the results once the controller is there).
  const engine = createEngine(runtimeDir, {
    progress: (msg) => store.set({ progress: msg }),
    slow: () => store.set({ slow: true }),
    ready: (msg) => store.set({ engine: "ready", engineInfo: msg }),
    fail: (report) => store.set({ engine: "failed", failure: report }),
  });
  let controller = null;

  let formDrawn;
  const form = new Promise((resolve) => { formDrawn = resolve; });
  // Set now, not once the form is drawn: offline.js reads it on the load event. `ready` waits
  // for the form too, so a script that waits for it finds the form there.
  // limits: how many items and rows the form takes (read by benchmarks/bench_calculator_form.py)
  const whenReady = Promise.all([engine.ready, form]).then((both) => both[0]);
  whenReady.catch(() => {}); // a failure is shown in the page; scripts that wait still see it
  window.subsidyCalculator = Object.freeze({ ready: whenReady, evaluate: engine.evaluate, evaluateJSON: engine.evaluateJSON,
    limits: model ? Object.freeze(Object.assign({}, model.limits)) : null });

  if (!model) {
    if (window.subsidyCalculatorWorker) window.subsidyCalculatorWorker.take().worker.terminate();
    engine.cannotStart(NO_OPTIONS); // nothing to start without the page's data
    return;
  }
  engine.start();
  if (engine.state() === "failed" || root.dataset.state === "failed") return;
  afterTheme(() => {
    if (root.dataset.state === "failed") return;
    const session = createSession(model, store);
    const restored = session.restore();
    store.set(Object.assign({ scenario: blankScenario(model) }, restored || {}));
    const page = buildPage(root, model, statusView, store.get());
    const errors = createErrorsView(root, store);
    const views = {
      status: statusView,
      errors,
      form: createFormView({ root, els: page.els }, model, store, errors),
      results: createResultsView(page.els, model, (p) => controller.goTo(p)),
      sheet: createSheetView(page.els.sheet, model),
    };
    const app = createController({ root, model, store, engine, page, views, session });
    root.addEventListener("input", app.onInput);
    root.addEventListener("change", app.onInput);
    root.addEventListener("focusout", app.onLeave);
    root.addEventListener("click", app.onClick);
    page.els.importInput.addEventListener("change", app.onImport);
    window.addEventListener("hashchange", app.onHashChange);
    window.addEventListener("beforeprint", app.beforePrint);
    window.addEventListener("pagehide", session.save);
    controller = app;
    app.open(restored);
    formDrawn();
  });
}

start();
