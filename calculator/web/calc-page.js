/* The page view: the calculator's frame around the form (toolbar, adders, results, sheet,
 * notices) and the small messages beside it: the notice with its undo, the confirmation beside
 * the buttons, and what a screen reader hears. Nothing runs at import; buildPage is called by
 * the controller once, with the status line and coverage of the status view. */
import { h, put } from "./calc-dom.js";

/** Build the page in root, its status line drawn from state; returns { els, showNotice, hideNotice, confirmDone, announce }.
 * els: status, notice, announce, confirm, items, shareOut, shareBox, importInput, results,
 * summary, sheet, adders, general. */
export function buildPage(root, model, statusView, state) {
  const bootText = document.getElementById("calc-boot");
  if (bootText) bootText.remove();
  const els = {};
  els.status = statusView.line(state);
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
    model.types.map((t) => h("button", { type: "button", class: "calc-button calc-button--add", "data-action": "add-item",
      "data-type": t.type, text: "＋ " + t.label })),
    h("p", { class: "calc-hint calc-adders__limit", hidden: true,
      text: "已达到本页一次可计算的 " + model.limits.items + " 个项目。更多项目请分几次计算。" }));

  els.general = h("fieldset", { class: "calc-general" });

  const form = h("form", { class: "calc-form", "aria-label": "资助情景", novalidate: true },
    els.general, els.items, els.adders);
  form.addEventListener("submit", (e) => e.preventDefault());

  const results = h("section", { class: "calc-results", "aria-labelledby": "calc-results-title" },
    h("h2", { id: "calc-results-title", text: "估算结果" }), els.results);

  root.append(statusView.coverage(), els.status, els.notice, toolbar, els.confirm, els.shareBox,
    h("div", { class: "calc-layout" }, form, els.summary, results), els.announce, els.sheet);

  function announce(text) {
    // Re-set so the same message twice is read twice.
    els.announce.textContent = "";
    setTimeout(() => { els.announce.textContent = text; }, 50);
  }

  function showNotice(message, kind, undo) {
    const close = h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "dismiss", text: "知道了" });
    const back = undo ? h("button", { type: "button", class: "calc-button calc-button--small", text: undo.label }) : null;
    put(els.notice, h("p", { text: message }), back, close);
    els.notice.className = "calc-notice calc-notice--" + (kind || "error");
    els.notice.hidden = false;
    close.addEventListener("click", () => { els.notice.hidden = true; });
    if (back) back.addEventListener("click", () => { els.notice.hidden = true; undo.run(); });
  }

  function hideNotice() { els.notice.hidden = true; }

  let confirmTimer = 0;
  function confirmDone(message, ok) {
    // Beside the buttons, where the eyes are; the focus stays on the button that was pressed.
    clearTimeout(confirmTimer);
    els.confirm.className = "calc-confirm" + (ok === false ? " calc-confirm--manual" : "");
    els.confirm.textContent = (ok === false ? "" : "✓ ") + message;
    confirmTimer = setTimeout(() => { els.confirm.textContent = ""; }, 15000);
  }

  return { els, announce, showNotice, hideNotice, confirmDone };
}
