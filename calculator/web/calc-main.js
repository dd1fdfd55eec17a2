/* The calculator page: builds the page around the form, wires the modules together, and offers
 * window.subsidyCalculator (ready, evaluate, evaluateJSON, limits) to scripts and tests.
 *
 * Every amount is computed by the rules package running in worker.mjs; everything the form
 * offers comes from the package's data (calc-model.js). Under file:// this module does not load
 * in Chromium; calculator.js, a classic script, then says why the calculator cannot start. */
import { h } from "./calc-dom.js";
import { LIMITS, OPT, TYPES, root } from "./calc-model.js";
import { S, els } from "./calc-state.js";
import { boot, cannotStart, evaluate, evaluateJSON, ready, setPage, startEngine } from "./calc-engine.js";
import { coverage, fail, setProgress, setReady, setSlow, statusLine } from "./calc-status.js";
import { renderForm } from "./calc-form.js";
import { renderWaiting } from "./calc-results.js";
import { scheduleEvaluate } from "./calc-evaluate.js";
import { beforePrint, onClick, onInput, onLeave } from "./calc-events.js";
import { confirmDone, loadFragment, onImport } from "./calc-io.js";
import { restoreSession, saveSession } from "./calc-session.js";
import { blankScenario, isScenarioFragment } from "./calc-scenario.js";
// Imported here too, though only other modules use them: the browser then fetches every module
// as soon as this one has arrived, instead of one import level after another.
import "./calc-describe.js";
import "./calc-errors.js";
import "./calc-messages.js";
import "./calc-sheet.js";

function buildPage() {
  const bootText = document.getElementById("calc-boot");
  if (bootText) bootText.remove();
  els.status = statusLine();
  els.notice = h("div", { class: "calc-notice", role: "alert", hidden: true });
  els.announce = h("p", { class: "calc-sr-only", "aria-live": "polite", "aria-atomic": "true" });
  els.confirm = h("p", { class: "calc-confirm", role: "status", "aria-live": "polite" });
  els.items = h("div", { class: "calc-items" });
  els.shareOut = h("input", { type: "text", readonly: true, class: "calc-share__url", id: "calc-share-url" });
  els.shareBox = h("div", { class: "calc-share", hidden: true },
    h("label", { for: "calc-share-url", text: "分享链接：表单中的全部内容（包括单位名称）都在链接里，只在打开它的浏览器中读取，不会发送到服务器。请只发给需要的人。" }),
    els.shareOut);
  els.importInput = h("input", { type: "file", id: "calc-import", class: "calc-import__input", accept: ".json,application/json" });
  els.results = h("div", { class: "calc-results__body" });
  els.summary = h("a", { class: "calc-summary", href: "#calc-results-title" });
  els.sheet = h("section", { class: "calc-sheet", "aria-hidden": "true" });

  const toolbar = h("div", { class: "calc-toolbar", role: "group", "aria-label": "情景操作" },
    h("button", { type: "button", class: "calc-button", "data-action": "share", text: "复制分享链接" }),
    h("button", { type: "button", class: "calc-button", "data-action": "export", text: "导出 JSON" }),
    h("span", { class: "calc-import" }, els.importInput,
      h("label", { for: "calc-import", class: "calc-button calc-import__label", text: "导入 JSON" })),
    h("button", { type: "button", class: "calc-button", "data-action": "print", text: "打印计算单" }),
    h("button", { type: "button", class: "calc-button calc-button--quiet", "data-action": "reset", text: "清空重填" }));

  els.adders = h("div", { class: "calc-adders", role: "group", "aria-labelledby": "calc-add-title" },
    h("p", { id: "calc-add-title", class: "calc-adders__title", text: "添加项目：" }),
    TYPES.map((t) => h("button", { type: "button", class: "calc-button calc-button--add", "data-action": "add-item",
      "data-type": t.type, text: "＋ " + t.label })),
    h("p", { class: "calc-hint calc-adders__limit", hidden: true,
      text: "已达到本页一次可计算的 " + LIMITS.items + " 个项目。更多项目请分几次计算。" }));

  els.general = h("fieldset", { class: "calc-general" });

  const form = h("form", { class: "calc-form", "aria-label": "资助情景", novalidate: true },
    els.general, els.items, els.adders);
  form.addEventListener("submit", (e) => e.preventDefault());

  const results = h("section", { class: "calc-results", "aria-labelledby": "calc-results-title" },
    h("h2", { id: "calc-results-title", text: "估算结果" }), els.results);

  root.append(coverage(), els.status, els.notice, toolbar, els.confirm, els.shareBox,
    h("div", { class: "calc-layout" }, form, els.summary, results), els.announce, els.sheet);

  root.addEventListener("input", onInput);
  root.addEventListener("change", onInput);
  root.addEventListener("focusout", onLeave);
  root.addEventListener("click", onClick);
  els.importInput.addEventListener("change", onImport);
  window.addEventListener("hashchange", () => {
    // a link opened or edited by hand while the page is open
    if (isScenarioFragment(location.hash)) loadFragment(location.hash);
  });
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("pagehide", saveSession);
}

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
  if (!root || root.dataset.state === "failed") return; // not the calculator page, or calculator.js has said why
  let drawn = false;
  const waiting = [];
  const onceDrawn = (show) => (...args) => { if (drawn) show(...args); else waiting.push(() => show(...args)); };
  let formDrawn;
  const form = new Promise((resolve) => { formDrawn = resolve; });
  // Set now, not once the form is drawn: offline.js reads it on the load event. `ready` waits
  // for the form too, so a script that waits for it finds the form there.
  // limits: how many items and rows the form takes (read by benchmarks/bench_calculator_form.py)
  const whenReady = Promise.all([ready, form]).then((both) => both[0]);
  whenReady.catch(() => {}); // a failure is shown in the page; scripts that wait still see it
  window.subsidyCalculator = Object.freeze({ ready: whenReady,
    evaluate, evaluateJSON, limits: LIMITS && Object.freeze(Object.assign({}, LIMITS)) });
  const page = {
    progress: onceDrawn(setProgress), ready: onceDrawn(setReady), fail, slow: onceDrawn(setSlow),
    evaluate: onceDrawn(scheduleEvaluate),
    failed() { if (els.results) renderWaiting(); },
  };
  if (!OPT) {
    if (window.subsidyCalculatorWorker) window.subsidyCalculatorWorker.take().worker.terminate();
    setPage(page); // nothing to start without the page's data
    cannotStart({ what: "页面缺少计算器的选项数据（calc-options），页面可能没有经过完整构建。", fixes: ["重新运行 python3 build.py 构建网站。"] });
    return;
  }
  startEngine(page);
  if (boot.state === "failed" || root.dataset.state === "failed") return;
  afterTheme(() => {
    if (root.dataset.state === "failed") return;
    S.scenario = blankScenario();
    const restored = restoreSession();
    buildPage();
    renderForm();
    renderWaiting();
    if (isScenarioFragment(location.hash)) loadFragment(location.hash);
    else if (restored) confirmDone("已恢复您在这个标签页中填写的内容（只保存在本标签页，关闭后清除）。");
    drawn = true;
    waiting.splice(0).forEach((show) => show());
    formDrawn();
  });
}

start();
