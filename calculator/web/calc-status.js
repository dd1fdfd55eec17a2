/* The status line above the form: what the engine is doing, and when it cannot start, why and
 * what to do meanwhile; also the policy's coverage, stated before anything is typed. */
import { cnDate, h, isObject, put, today } from "./calc-dom.js";
import { OPT, root, text, textParts } from "./calc-model.js";
import { els } from "./calc-state.js";

/* Which events this policy still covers, from the rules package's parameters (validity,
 * transition, predecessor, successor) and the texts of its form. */
export function coverage() {
  const p = OPT.policy;
  if (!p) return null;
  const now = today();
  const state = now < p.issued ? "本政策尚未施行。" :
    now > p.last_day ? "今天（" + cnDate(now) + "）本政策已过有效期。仍可估算有效期内发生的事项。" :
      "本政策目前在有效期内（至" + cnDate(p.last_day) + "）。";
  return h("section", { class: "calc-coverage" + (now > p.last_day ? " calc-coverage--expired" : ""), "aria-labelledby": "calc-coverage-title" },
    h("h2", { id: "calc-coverage-title", class: "calc-coverage__title", text: "本计算器能算哪些事项" }),
    h("p", { class: "calc-coverage__now", text: state }),
    h("ul", { class: "calc-coverage__list" },
      h("li", null, h("strong", { text: "能计算：" }), coveredText()),
      h("li", null, h("strong", { text: cnDate(p.issued) + "之前完成的项目：" }),
        "按原政策《" + p.predecessor_title + "》（" + p.predecessor + "）执行，本计算器不计算。"),
      h("li", null, h("strong", { text: cnDate(p.last_day) + "之后发生的事项：" }), "不适用本政策。" + successorAdvice())),
    h("p", { class: "calc-coverage__note", text: p.last_day_note }));
}

export function coveredText() {
  const p = OPT.policy;
  return "发生在" + cnDate(p.issued) + "至" + cnDate(p.last_day) + "之间的事项。" + text("also_covered");
}

function successorAdvice() {
  const s = OPT.policy.successor;
  if (!isObject(s)) return text("ask_authority");
  const issuers = Array.isArray(s.issuers) ? s.issuers.join("、") : String(s.issuers || "");
  return "这类事项可能适用" + issuers + (s.issued ? "于" + cnDate(s.issued) + "印发" : "") + "的《" + s.title +
    "》；本站不包含、也不计算该办法，请向" + (s.contact || issuers) + "咨询。";
}

export function statusLine() {
  return h("div", { class: "calc-status", role: "status", "aria-live": "polite" },
    h("p", { class: "calc-status__text", text: "正在准备计算引擎……" }),
    h("progress", { class: "calc-status__bar", "aria-label": "计算引擎加载进度" }),
    h("p", { class: "calc-status__hint", text: "计算引擎在后台加载，您可以先填写下面的表单。" }));
}

export function setProgress(step, message, steps) {
  els.status.querySelector(".calc-status__text").textContent = "正在加载计算引擎（" + step + "/" + steps + "）：" + message + "……";
  const bar = els.status.querySelector("progress");
  bar.max = steps;
  if (step > 1) bar.value = step - 1;
  else bar.removeAttribute("value"); // indeterminate while the runtime downloads
}

export function setSlow() {
  els.status.querySelector(".calc-status__hint").textContent = "加载时间比平常长，请稍候；网络较慢时首次打开可能需要一两分钟。";
}

export function setReady(info) {
  root.dataset.state = "ready";
  put(els.status, h("p", { class: "calc-status__text calc-status__text--ready" },
    "计算引擎已就绪（计算规则版本 ", h("span", { "data-runtime-rules-version": info.rulesVersion, text: info.rulesVersion }), "）。"));
}

/* Where to look meanwhile: the package's own words, with its links (relative to the page). */
function meanwhile() {
  return h("p", null, textParts("meanwhile").map((part) =>
    part.link && /^[A-Za-z0-9_./#-]+$/.test(part.link) ? h("a", { href: part.link, text: part.text }) : part.text));
}

export function fail(report) {
  root.dataset.state = "failed";
  if (!els.status) { // file:// and friends: before the form exists
    const boot = document.getElementById("calc-boot");
    if (boot) boot.remove();
    els.status = h("div", { class: "calc-status" });
    root.prepend(els.status);
  }
  els.status.className = "calc-status calc-status--failed";
  els.status.setAttribute("role", "alert");
  put(els.status,
    h("p", { class: "calc-status__what" }, h("strong", { text: report.what })),
    report.detail ? h("p", { text: report.detail }) : null,
    report.problems && report.problems.length ? h("div", null, h("p", { text: "发现的问题：" }),
      h("ul", null, report.problems.map((p) => h("li", { text: p })))) : null,
    report.fixes.length ? h("div", null, h("p", { text: report.audience === "visitor" ? "您可以：" : "解决办法（请转告网站管理员）：" }),
      h("ul", null, report.fixes.map((f) => h("li", { text: f })))) : null,
    OPT ? meanwhile() : null);
}
