/* Share, export, import and keep: the scenario leaves the page only as the user asks, and comes
 * back from a link, a file, or this tab's storage — never from the address bar after opening.
 * The form is kept for this tab only (a reload keeps it, closing the tab forgets it): on a shared
 * PC at a service hall the next visitor must not find company names, in the address bar or here. */
import { cnDate, h, put, today } from "./calc-dom.js";
import { DATE_FIELD, NAME_FIELD } from "./calc-model.js";
import { MAX_SCENARIO_BYTES, decodeFragment, encodeFragment, isBlankScenario, parseScenarioText }
  from "./calc-scenario.js";
import { S, els } from "./calc-state.js";
import { installForm, renderGeneral, renderItem } from "./calc-form.js";
import { revealAll } from "./calc-errors.js";
import { scenarioChanged } from "./calc-evaluate.js";


export function showNotice(message, kind, undo) {
  const close = h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "dismiss", text: "知道了" });
  const back = undo ? h("button", { type: "button", class: "calc-button calc-button--small", text: undo.label }) : null;
  put(els.notice, h("p", { text: message }), back, close);
  els.notice.className = "calc-notice calc-notice--" + (kind || "error");
  els.notice.hidden = false;
  close.addEventListener("click", () => { els.notice.hidden = true; });
  if (back) back.addEventListener("click", () => { els.notice.hidden = true; undo.run(); });
}

let confirmTimer = 0;

export function confirmDone(message, ok) {
  // Beside the buttons, where the eyes are; the focus stays on the button that was pressed.
  clearTimeout(confirmTimer);
  els.confirm.className = "calc-confirm" + (ok === false ? " calc-confirm--manual" : "");
  els.confirm.textContent = (ok === false ? "" : "✓ ") + message;
  confirmTimer = setTimeout(() => { els.confirm.textContent = ""; }, 15000);
}

function keptText() {
  return isBlankScenario(S.scenario) ? "表单没有改动。" : "表单中原有的内容和结果保持不变。";
}

function asOf(scn) { return DATE_FIELD ? scn[DATE_FIELD.key] : undefined; }
function nameOf(scn) { return NAME_FIELD ? scn[NAME_FIELD.key] : undefined; }

/* Take over a scenario from a link or a file. The new form is drawn aside first: if anything in
 * it cannot be drawn, the page keeps the old form and the old scenario, and says so. */
function adopt(parsed, source) {
  const next = parsed.scenario;
  let general, items;
  const saved = { dateFromLink: S.dateFromLink, labelNote: S.labelNote };
  try {
    S.dateFromLink = source === "链接" && typeof asOf(next) === "string" && asOf(next) !== today();
    S.labelNote = "";
    general = renderGeneral(next);
    items = next.items.map(renderItem);
  } catch (error) {
    S.dateFromLink = saved.dateFromLink;
    S.labelNote = saved.labelNote;
    showNotice("无法打开" + source + "中的情景：其中有本页无法显示的内容。" + keptText());
    return false;
  }
  S.scenario = next;
  S.labelFromLink = typeof nameOf(next) === "string" && nameOf(next).trim() !== "";
  revealAll(); // opening a scenario is asking for its result: its problems show at once
  S.lastState = null;
  installForm(general, items);
  scenarioChanged();
  if (parsed.dropped.length) {
    const list = parsed.dropped.slice(0, 5).join("、") + (parsed.dropped.length > 5 ? " 等" : "");
    showNotice(source + "中有本页不认识的内容，已忽略：" + list + "。", "warning");
  } else {
    els.notice.hidden = true;
  }
  return true;
}

function clearAddress() {
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
}

export function loadFragment(hash) {
  let parsed;
  try {
    parsed = decodeFragment(hash);
  } catch (error) {
    showNotice("无法打开链接中的情景：" + error.message + " " + keptText());
    clearAddress();
    return;
  }
  // The scenario now lives in the form (and this tab's storage), not in the address bar.
  clearAddress();
  if (adopt(parsed, "链接")) {
    if (performance.mark) performance.mark("calculator-opened"); // read by benchmarks/bench_calculator_form.py
    const name = nameOf(S.scenario);
    const quoted = typeof name === "string" && name ? "“" + name + "”" : "";
    confirmDone("已打开链接中的情景" + quoted + (S.dateFromLink ? "，申请日期按链接中的" + cnDate(asOf(S.scenario)) : "") + "。");
  }
}

export function share() {
  const url = location.href.split("#")[0] + encodeFragment(S.scenario);
  els.shareOut.value = url;
  els.shareBox.hidden = false;
  const manual = () => confirmDone("浏览器没有允许自动复制，请从下面的框中复制分享链接。", false);
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(url).then(() => {
      confirmDone("已复制分享链接，可以粘贴给需要的人。链接也显示在下面。");
    }, manual);
  } else {
    manual();
  }
}

export function exportJSON() {
  const name = "资助估算情景-" + today() + ".json";
  const blob = new Blob([JSON.stringify(S.scenario, null, 2) + "\n"], { type: "application/json" });
  const a = h("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  confirmDone("已导出情景文件“" + name + "”，在浏览器的“下载内容”中可以找到。");
}

export function onImport() {
  const file = els.importInput.files && els.importInput.files[0];
  els.importInput.value = "";
  if (!file) return;
  if (file.size > MAX_SCENARIO_BYTES) {
    showNotice("无法导入“" + file.name + "”：文件过大（" + Math.ceil(file.size / 1024) + " KB），上限是 256 KB。" + keptText());
    return;
  }
  file.text().then((content) => {
    let parsed;
    try {
      parsed = parseScenarioText(content, "文件内容");
    } catch (error) {
      showNotice("无法导入“" + file.name + "”：" + error.message + " " + keptText());
      return;
    }
    if (adopt(parsed, "文件")) confirmDone("已打开文件“" + file.name + "”中的情景。");
  }, () => showNotice("无法读取文件“" + file.name + "”。" + keptText()));
}
