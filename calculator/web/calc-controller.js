/* The controller: what the user does (edits, type changes, rows added, moved and removed, items
 * added and removed, reset with undo, share, export, import, print) and what the engine says,
 * turned into updates of the one store (calc-state.js) and calls of the engine; the views draw
 * from the store. The scenario leaves the page only as the user asks, and comes back from a
 * link, a file, or this tab's storage — never from the address bar after opening. The form is
 * kept for this tab only (a reload keeps it, closing the tab forgets it): on a shared PC at a
 * service hall the next visitor must not find company names, in the address bar or here. */
import { controlId, find, own, setIn } from "./calc-values.js";
import { MAX_SCENARIO_BYTES, blankScenario, decodeFragment, encodeFragment, isBlankScenario, isScenarioFragment,
  newItem, newRow, parseScenarioText } from "./calc-scenario.js";
import { allProblems, labelled } from "./calc-messages.js";
import { engineErrorState, evaluateScenario } from "./calc-evaluate.js";
import { cnDate, isoDate, yuan } from "./calc-wording.js";
import { h } from "./calc-dom.js";

/** app: { root, model, store, engine, page (calc-page.js), views: { form, errors, results,
 * sheet, status }, session }. Returns the handlers the entry wires to the page's events. */
export function createController(app) {
  const { root, model, store, engine, page, views, session } = app;
  const { form, errors, results, sheet } = views;
  const { announce, showNotice, confirmDone } = page;
  const els = page.els;
  const NAME_FIELD = model.nameField;
  const DATE_FIELD = model.dateField;

  const get = () => store.get();
  const scenario = () => store.get().scenario;
  const changed = () => store.changed("scenario"); // an edit in place: save soon, compute again

  // ---------------------------------------------------------------- state -> engine, views

  store.subscribe((state, keys) => {
    if (keys.indexOf("scenario") >= 0) {
      session.saveSoon();
      scheduleEvaluate();
    }
    if (keys.indexOf("computed") >= 0 && state.computed) drawComputed(state.computed);
    if (keys.indexOf("engine") >= 0) {
      if (state.engine === "ready") scheduleEvaluate();
      else if (state.engine === "failed") { results.waiting("failed"); sheet.waiting(); }
    }
  });

  let inFlight = false;
  let dirty = false;

  function scheduleEvaluate() {
    if (get().engine !== "ready") {
      results.waiting(get().engine);
      sheet.waiting();
      return;
    }
    if (inFlight) { dirty = true; return; }
    inFlight = true;
    dirty = false;
    root.dataset.busy = "true"; // for scripts and tests: results are being recomputed
    const snapshot = JSON.stringify(scenario());
    function done() {
      inFlight = false;
      if (dirty) return scheduleEvaluate();
      root.dataset.busy = "false";
      root.dataset.rendered = String(Number(root.dataset.rendered || 0) + 1);
    }
    evaluateScenario(model, snapshot, engine.evaluateJSON).then((computed) => {
      if (!dirty) store.set({ computed }); // a newer edit is waiting: draw that one instead
    }, (error) => {
      if (!dirty) store.set({ computed: engineErrorState(snapshot, error.message) });
    }).then(done, (error) => {
      done();
      throw error;
    });
  }

  let lastTotalText = "";
  let announcedError = "";

  function drawComputed(computed) {
    errors.show();
    results.render(computed);
    sheet.render(computed);
    const { scenario: scn, seen } = get();
    const shown = allProblems(computed).filter((p) => seen.isShown(scn, p));
    if (computed.engineError) {
      sayOnce("计算引擎出错：" + computed.engineError);
    } else if (shown.length) {
      sayOnce("输入有误：" + labelled(shown[0]));
    } else if (computed.result) {
      const totalText = "估算合计 " + yuan(computed.result.total);
      if (totalText !== lastTotalText || announcedError) announce(totalText + "。");
      lastTotalText = totalText;
      announcedError = "";
    }
  }

  function sayOnce(message) {
    if (message !== announcedError) { announce(message); announcedError = message; }
    lastTotalText = "";
  }

  /** Redraw what lists the problems after more of them are shown. */
  function redrawProblems() {
    const computed = get().computed;
    if (!computed) return;
    errors.show();
    results.render(computed);
  }

  /** Show the problem p and every other of its item, then move the focus to p's field. */
  function goTo(p) {
    get().seen.revealAround(scenario(), p);
    errors.show();
    if (get().computed) results.render(get().computed);
    errors.focusField(p.path);
  }

  // ---------------------------------------------------------------- the form

  function onInput(event) {
    const el = event.target;
    const path = el.dataset && el.dataset.path;
    if (!path) return;
    const kind = el.dataset.kind;
    // One event per edit: choices on change, typing on input.
    if (event.type !== (kind === "select" || kind === "check" || kind === "radios" ? "change" : "input")) return;
    get().seen.touch(scenario(), path);
    const value = form.readControl(el);
    const parts = path.split(".");
    if (parts[0] === "items" && parts.length === 3 && parts[2] === "type") return changeType(Number(parts[1]), value, el);
    setIn(scenario(), path, value);
    const state = get();
    if (NAME_FIELD && path === NAME_FIELD.key && (state.labelFromLink || state.labelNote)) {
      store.set({ labelFromLink: false, labelNote: "" });
      form.setHint(path, NAME_FIELD.hint);
    }
    if (DATE_FIELD && path === DATE_FIELD.key && state.dateFromLink) {
      store.set({ dateFromLink: false });
      form.setHint(path, DATE_FIELD.hint);
    }
    if (parts[0] === "items" && parts.length === 3) {
      // Fields whose choices follow this one keep their value if still offered, else take the first.
      const item = scenario().items[Number(parts[1])];
      const followers = model.fieldsOf(item.type).filter((spec) => spec.dependsOn === parts[2]);
      followers.forEach((spec) => {
        const offered = spec.choices(item);
        if (offered !== spec.all && !offered.some((c) => c[0] === item[spec.key])) item[spec.key] = offered[0][0];
      });
      if (followers.length) form.renderItemAt(Number(parts[1]), "#" + el.id);
    }
    changed();
  }

  function changeType(i, type, el) {
    const scn = scenario();
    if (type === scn.items[i].type || !model.typeSpec(type)) return;
    scn.items[i] = newItem(model, type, scn.items[i]);
    if (NAME_FIELD && get().labelFromLink && typeof scn[NAME_FIELD.key] === "string") {
      // The name described the example as it came; it no longer does, and would be printed.
      const note = "原来的情景名称“" + scn[NAME_FIELD.key] + "”来自打开的链接，已随项目类型的更改清除。";
      delete scn[NAME_FIELD.key];
      store.set({ labelFromLink: false, labelNote: note });
      form.clearControl(NAME_FIELD.key);
      form.setHint(NAME_FIELD.key, note);
      announce(note);
    }
    store.set({ computed: null });
    form.renderItemAt(i, "#" + el.id);
    changed();
  }

  function onLeave(event) {
    const path = event.target.dataset && event.target.dataset.path;
    if (path && get().seen.touch(scenario(), path) && get().computed) {
      redrawProblems(); // the item's entry in the results may now say what is wrong
    }
  }

  function onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button || !root.contains(button)) return;
    const action = button.dataset.action;
    const path = button.dataset.path;
    if (action === "share") return share();
    if (action === "export") return exportJSON();
    if (action === "print") { beforePrint(); return window.print(); }
    if (action === "reset") return reset();
    if (action === "add-item") return addItem(button.dataset.type);
    if (!path) return;
    const keys = path.split(".");
    const i = Number(keys[1]);
    const scn = scenario();
    if (action === "item-remove") {
      scn.items.splice(i, 1);
      store.set({ computed: null });
      const left = scn.items.length;
      form.renderItemsFrom(i, left ? "#" + controlId("items." + Math.min(i, left - 1) + ".type") : "[data-action=add-item]");
      announce("已删除项目 " + (i + 1) + "。");
      return changed();
    }
    // Row actions: path is items.<i>.<list> (add) or items.<i>.<list>.<j> (move, remove).
    const item = scn.items[i];
    const spec = find(model.fieldsOf(item.type), keys[2]);
    if (!spec || spec.control !== "list") return;
    const listPath = keys.slice(0, 3).join(".");
    const rows = item[spec.key];
    const index = Number(keys[keys.length - 1]);
    const first = model.firstText(spec.fields).key;
    get().seen.touch(scn, listPath);
    store.set({ computed: null }); // problems are keyed by position, and positions are about to move
    if (action === "add-drafter") {
      if (rows.length >= spec.max) return;
      rows.push(newRow(spec));
      form.renderItemAt(i, "#" + controlId(listPath + "." + (rows.length - 1) + "." + first));
      announce("已添加" + model.rowLabel(spec, rows.length - 1) + "。");
    } else if (action === "drafter-remove") {
      rows.splice(index, 1);
      form.renderItemAt(i, rows.length ? "#" + controlId(listPath + "." + Math.min(index, rows.length - 1) + "." + first)
        : "[data-action=add-drafter][data-path='" + listPath + "']");
      announce("已删除" + model.rowLabel(spec, index) + "。");
    } else if (action === "drafter-up" || action === "drafter-down") {
      const to = action === "drafter-up" ? index - 1 : index + 1;
      if (to < 0 || to >= rows.length) return;
      const moved = rows.splice(index, 1)[0];
      rows.splice(to, 0, moved);
      const newPath = listPath + "." + to;
      const same = "[data-action=" + action + "][data-path='" + newPath + "']";
      const other = "[data-action=" + (action === "drafter-up" ? "drafter-down" : "drafter-up") + "][data-path='" + newPath + "']";
      form.renderItemAt(i, to === 0 || to === rows.length - 1 ? other : same);
      const title = own(moved, first);
      const name = typeof title === "string" && title.trim() ? "“" + title.trim() + "”" : spec.unnamed_row;
      announce(name + "现在排名" + model.rankOf(spec, to) + "。");
    }
    changed();
  }

  function addItem(type) {
    const scn = scenario();
    if (scn.items.length >= model.limits.items || !model.typeSpec(type)) return;
    scn.items.push(newItem(model, type));
    const n = scn.items.length - 1;
    form.appendItem(n);
    form.focusOn("#" + controlId("items." + n + ".type"));
    announce("已添加项目 " + (n + 1) + "：" + model.typeLabel(type) + "。");
    changed();
  }

  function reset() {
    const previous = get();
    // The first thing to type: who applies, in the first item.
    const applicant = model.typeSpec(model.types[0].type).carry_over.applicant;
    store.set({ scenario: blankScenario(model), labelFromLink: false, dateFromLink: false, labelNote: "", computed: null });
    form.render("#" + controlId("items.0." + applicant));
    showNotice("已清空表单，可以重新开始。", "info", { label: "撤销清空", run() {
      store.set({ scenario: previous.scenario, labelFromLink: previous.labelFromLink, dateFromLink: previous.dateFromLink,
        labelNote: "", computed: null });
      form.render();
      announce("已恢复清空前的情景。");
    } });
  }

  function beforePrint() {
    // Printing is asking for the result: every problem is shown, and the sheet carries today's date.
    const { computed, seen } = get();
    if (!computed) return;
    seen.revealAll(scenario());
    errors.show();
    results.render(computed);
    sheet.render(computed);
  }

  // ---------------------------------------------------------------- in and out: links, files

  function keptText() {
    return isBlankScenario(model, scenario()) ? "表单没有改动。" : "表单中原有的内容和结果保持不变。";
  }

  function asOf(scn) { return DATE_FIELD ? scn[DATE_FIELD.key] : undefined; }
  function nameOf(scn) { return NAME_FIELD ? scn[NAME_FIELD.key] : undefined; }

  /* Take over a scenario from a link or a file. The new form is drawn aside first: if anything
   * in it cannot be drawn, the page keeps the old form and the old scenario, and says so. */
  function adopt(parsed, source) {
    const next = parsed.scenario;
    const flags = { dateFromLink: source === "链接" && typeof asOf(next) === "string" && asOf(next) !== isoDate(), labelNote: "" };
    let general, items;
    try {
      general = form.renderGeneral(next, flags);
      items = next.items.map(form.renderItem);
    } catch (error) {
      showNotice("无法打开" + source + "中的情景：其中有本页无法显示的内容。" + keptText());
      return false;
    }
    get().seen.revealAll(next); // opening a scenario is asking for its result: its problems show at once
    store.set({ scenario: next, dateFromLink: flags.dateFromLink, labelNote: "", computed: null,
      labelFromLink: typeof nameOf(next) === "string" && nameOf(next).trim() !== "" });
    form.installForm(general, items);
    if (parsed.dropped.length) {
      const list = parsed.dropped.slice(0, 5).join("、") + (parsed.dropped.length > 5 ? " 等" : "");
      showNotice(source + "中有本页不认识的内容，已忽略：" + list + "。", "warning");
    } else {
      page.hideNotice();
    }
    return true;
  }

  function clearAddress() {
    if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  }

  function loadFragment(hash) {
    let parsed;
    try {
      parsed = decodeFragment(model, hash);
    } catch (error) {
      showNotice("无法打开链接中的情景：" + error.message + " " + keptText());
      clearAddress();
      return;
    }
    // The scenario now lives in the form (and this tab's storage), not in the address bar.
    clearAddress();
    if (adopt(parsed, "链接")) {
      if (performance.mark) performance.mark("calculator-opened"); // read by benchmarks/bench_calculator_form.py
      const name = nameOf(scenario());
      const quoted = typeof name === "string" && name ? "“" + name + "”" : "";
      confirmDone("已打开链接中的情景" + quoted + (get().dateFromLink ? "，申请日期按链接中的" + cnDate(asOf(scenario())) : "") + "。");
    }
  }

  function onHashChange() {
    // a link opened or edited by hand while the page is open
    if (isScenarioFragment(location.hash)) loadFragment(location.hash);
  }

  function share() {
    const url = location.href.split("#")[0] + encodeFragment(scenario());
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

  function exportJSON() {
    const name = "资助估算情景-" + isoDate() + ".json";
    const blob = new Blob([JSON.stringify(scenario(), null, 2) + "\n"], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    confirmDone("已导出情景文件“" + name + "”，在浏览器的“下载内容”中可以找到。");
  }

  function onImport() {
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
        parsed = parseScenarioText(model, content, "文件内容");
      } catch (error) {
        showNotice("无法导入“" + file.name + "”：" + error.message + " " + keptText());
        return;
      }
      if (adopt(parsed, "文件")) confirmDone("已打开文件“" + file.name + "”中的情景。");
    }, () => showNotice("无法读取文件“" + file.name + "”。" + keptText()));
  }

  // ---------------------------------------------------------------- start

  /** The form's first drawing: the restored or blank scenario, then a link's, if any; computed
   * at once if the engine was ready before the form. */
  function open(restored) {
    form.render();
    results.waiting(get().engine);
    sheet.waiting();
    if (isScenarioFragment(location.hash)) loadFragment(location.hash);
    else if (restored) confirmDone("已恢复您在这个标签页中填写的内容（只保存在本标签页，关闭后清除）。");
    if (get().engine === "ready") scheduleEvaluate();
  }

  return { onInput, onLeave, onClick, onImport, onHashChange, beforePrint, goTo, open };
}
