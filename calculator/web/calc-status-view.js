/* The status view: the status line above the form (what the engine is doing, and when it cannot
 * start, why and what to do meanwhile; the words: calc-status.js), drawn from the store's engine,
 * progress, slow, engineInfo and failure; and the policy's coverage, stated before anything is
 * typed (calc-wording.js). Nothing runs at import. */
import { LOADING_HINT, LOADING_TEXT, failedHeading, progressStatus, SLOW_HINT } from "./calc-status.js";
import { cnDate, coverageNow, coveredText, isoDate, predecessorText, successorAdvice } from "./calc-wording.js";
import { h, put } from "./calc-dom.js";

/** root: the calculator's element; model: null when the page's data is missing. */
export function createStatusView(root, model) {
  let status = null;
  let drawn = ""; // what the line shows: "loading", "ready" or "failed"

  /** The status line as the state says, created once (the page puts it in place). */
  function line(state) {
    status = h("div", { class: "calc-status", role: "status", "aria-live": "polite" },
      h("p", { class: "calc-status__text", text: LOADING_TEXT }),
      h("progress", { class: "calc-status__bar", "aria-label": "计算引擎加载进度" }),
      h("p", { class: "calc-status__hint", text: LOADING_HINT }));
    drawn = "loading";
    render(state);
    return status;
  }

  /** Draw the store's engine state. Before the line exists only a failure is drawn (file://, an
   * old browser, a broken host: the form is never drawn then). */
  function render(state) {
    if (state.engine === "failed") return fail(state.failure);
    if (!status || drawn !== "loading") return;
    if (state.engine === "ready") return ready(state.engineInfo);
    if (state.progress) progress(state.progress);
    if (state.slow) slow();
  }

  /** Which events this policy still covers (null without the policy block). */
  function coverage() {
    const p = model.policy;
    const now = coverageNow(model, isoDate());
    if (!now) return null;
    return h("section", { class: "calc-coverage" + (now.expired ? " calc-coverage--expired" : ""), "aria-labelledby": "calc-coverage-title" },
      h("h2", { id: "calc-coverage-title", class: "calc-coverage__title", text: "本计算器能算哪些事项" }),
      h("p", { class: "calc-coverage__now", text: now.text }),
      h("ul", { class: "calc-coverage__list" },
        h("li", null, h("strong", { text: "能计算：" }), coveredText(model)),
        h("li", null, h("strong", { text: cnDate(p.issued) + "之前完成的项目：" }), predecessorText(model)),
        h("li", null, h("strong", { text: cnDate(p.last_day) + "之后发生的事项：" }), "不适用本政策。" + successorAdvice(model))),
      h("p", { class: "calc-coverage__note", text: p.last_day_note }));
  }

  function progress(msg) {
    const shown = progressStatus(msg);
    status.querySelector(".calc-status__text").textContent = shown.text;
    const bar = status.querySelector("progress");
    bar.max = shown.max;
    if (shown.value !== null) bar.value = shown.value;
    else bar.removeAttribute("value"); // indeterminate while the runtime downloads
  }

  function slow() {
    status.querySelector(".calc-status__hint").textContent = SLOW_HINT;
  }

  function ready(msg) {
    drawn = "ready";
    root.dataset.state = "ready";
    put(status, h("p", { class: "calc-status__text calc-status__text--ready" },
      "计算引擎已就绪（计算规则版本 ", h("span", { "data-runtime-rules-version": msg.rulesVersion, text: msg.rulesVersion }), "）。"));
  }

  /* Where to look meanwhile: the package's own words, with its links (relative to the page). */
  function meanwhile() {
    return h("p", null, model.textParts("meanwhile").map((part) =>
      part.link && /^[A-Za-z0-9_./#-]+$/.test(part.link) ? h("a", { href: part.link, text: part.text }) : part.text));
  }

  function fail(report) {
    drawn = "failed";
    root.dataset.state = "failed";
    if (!status) { // file:// and friends: before the form exists
      const boot = document.getElementById("calc-boot");
      if (boot) boot.remove();
      status = h("div", { class: "calc-status" });
      root.prepend(status);
    }
    status.className = "calc-status calc-status--failed";
    status.setAttribute("role", "alert");
    put(status,
      h("p", { class: "calc-status__what" }, h("strong", { text: report.what })),
      report.detail ? h("p", { text: report.detail }) : null,
      report.problems && report.problems.length ? h("div", null, h("p", { text: "发现的问题：" }),
        h("ul", null, report.problems.map((p) => h("li", { text: p })))) : null,
      report.fixes.length ? h("div", null, h("p", { text: failedHeading(report) }),
        h("ul", null, report.fixes.map((f) => h("li", { text: f })))) : null,
      model ? meanwhile() : null);
  }

  return { line, coverage, render };
}
