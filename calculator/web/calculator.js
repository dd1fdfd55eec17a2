/* The calculator page: form, results, share/export/import/print, and window.subsidyCalculator.
 *
 * Every amount is computed by the Python rules package (subsidy_rules.evaluate_json) running in
 * worker.mjs; this file only turns the form into a scenario and the result into text.
 * A classic script, not a module: under file:// module scripts do not load, and this script must
 * still run there to say why the calculator cannot start.
 * Untrusted text (unit names, links, imported files, messages) only ever reaches the page through
 * textContent and input values; there is no innerHTML in this file.
 */
(function () {
  "use strict";

  var root = document.getElementById("calculator");
  if (!root) return;

  // Choices and labels of the JSON contract, written into the page by the build from the rules
  // package (subsidy_rules.validation), so the form offers exactly what the rules accept.
  var OPT = null;
  try {
    OPT = JSON.parse(document.getElementById("calc-options").textContent);
  } catch (e) { /* reported below, once the page can show it */ }
  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  // The runtime folder (runtime-<hash>/) of this build, named by the build in the page's
  // start-worker.js tag; the worker and every Pyodide file live there.
  var RUNTIME_TAG = document.querySelector("script[data-calculator-runtime]");
  var RUNTIME_DIR = RUNTIME_TAG ? RUNTIME_TAG.getAttribute("data-calculator-runtime") : "";
  var POLICY_URL = "../policy.html";
  var RULES_URL = "../rules.html";
  var FRAGMENT_PREFIX = "#v1=";
  var MAX_SCENARIO_BYTES = 256 * 1024; // a real scenario is a few KB; links and files above are refused
  var MAX_FRAGMENT_CHARS = FRAGMENT_PREFIX.length + Math.ceil(MAX_SCENARIO_BYTES / 3) * 4;
  var DISCLAIMER = "估算结果，不构成资助决定。实际资助以市标准化行政主管部门的审核为准。";
  var ABSENT = {}; // option value meaning "leave the key out"
  var BOOT_SLOW_MS = 30000;
  var BOOT_GIVE_UP_MS = 180000;

  // ---------------------------------------------------------------- small DOM helpers (text only)

  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "class") el.className = value;
        else if (key === "text") el.textContent = value;
        else if (key === "value" || key === "checked" || key === "disabled" || key === "hidden") el[key] = value;
        else el.setAttribute(key, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }

  function add(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { add(el, c); });
    else el.append(child instanceof Node ? child : String(child));
  }

  function put(el) { // replace el's children; null/false children are skipped (replaceChildren would print "null")
    el.replaceChildren();
    for (var i = 1; i < arguments.length; i++) add(el, arguments[i]);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function yuan(amount) {
    // "350000.00" -> "350,000.00 元", on the string: no floating point anywhere near money.
    var m = /^(-?)(\d+)(\.\d+)?$/.exec(String(amount));
    if (!m) return String(amount) + " 元";
    return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (m[3] || "") + " 元";
  }

  function show(value) {
    var text = typeof value === "string" ? "“" + value + "”" : JSON.stringify(value);
    if (text === undefined) text = String(value);
    return text.length > 60 ? text.slice(0, 57) + "……" : text;
  }

  function fieldPath(path) { return path.replace(/\.(\d+)(?=\.|$)/g, "[$1]"); } // items.0.unit -> items[0].unit
  function controlId(path) { return "calc-f-" + path.replace(/[^A-Za-z0-9_]+/g, "-"); }

  function getIn(obj, path) {
    return path.split(".").reduce(function (o, k) { return o === null || o === undefined ? undefined : o[k]; }, obj);
  }

  function setIn(obj, path, value) {
    var keys = path.split(".");
    var last = keys.pop();
    var target = keys.reduce(function (o, k) { return o[k]; }, obj);
    if (value === ABSENT) delete target[last];
    else target[last] = value;
  }

  // ---------------------------------------------------------------- the scenario and its templates

  var TEMPLATES = {
    standard: function () { return { type: "standard", level: "national", work: "new", published: "", drafters: [newDrafter()] }; },
    tc_role: function () { return { type: "tc_role", body: "national", role: OPT.body_roles.national[0], unit: "" }; },
    award: function () { return { type: "award", award: "china", grade: 1, first_drafter: true, unit: "" }; },
    pilot: function () { return { type: "pilot", tier: "national", accepted: true, demonstration_years: 0, unit: "" }; },
    leader: function () { return { type: "leader", unit: "" }; },
    benchmarking: function () { return { type: "benchmarking", count: 1, unit: "" }; },
  };

  function newDrafter() { return { name: "", kind: "xiamen_entity" }; }

  function newItem(type, from) {
    var item = TEMPLATES[type]();
    if (from) { // keep what the user typed when switching an item's type
      var unit = from.type === "standard" ? getIn(from, "drafters.0.name") : from.unit;
      var date = from.type === "standard" ? from.published : from.date;
      if (type === "standard") {
        if (typeof unit === "string") item.drafters[0].name = unit;
        if (typeof date === "string") item.published = date;
      } else {
        if (typeof unit === "string") item.unit = unit;
        if (typeof date === "string" && date) item.date = date;
      }
    }
    return item;
  }

  function blankScenario() { return { application_date: today(), items: [newItem("standard")] }; }

  var scenario = blankScenario();

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  /* Shape check of an untrusted scenario before it reaches the form. Values stay as they are
   * (the rules package judges them and the form shows its message beside the field); only what
   * the form cannot hold at all is refused, and keys the input schema does not have are dropped
   * with a notice (OPT.keys comes from the package's schema.json). */
  function adoptScenario(value) {
    if (!isObject(value)) throw new Error("内容不是一个计算情景（应为 JSON 对象，例如 {\"items\": [...]}）。");
    var dropped = [];
    var out = {};
    Object.keys(value).forEach(function (k) { if (OPT.keys.scenario.indexOf(k) < 0) dropped.push(k); });
    if (value.application_date !== undefined && value.application_date !== null) out.application_date = value.application_date;
    if (value.label !== undefined && value.label !== null) out.label = value.label;
    var items = value.items === undefined ? [] : value.items;
    if (!Array.isArray(items)) throw new Error("items 应为项目列表，收到 " + show(items) + "。");
    if (items.length > OPT.limits.items) throw new Error("项目过多：" + items.length + " 个，最多 " + OPT.limits.items + " 个。");
    out.items = items.map(function (raw, i) {
      var where = "第 " + (i + 1) + " 个项目";
      if (!isObject(raw)) throw new Error(where + "不是对象，收到 " + show(raw) + "。");
      if (!Object.prototype.hasOwnProperty.call(OPT.keys.items, raw.type)) {
        throw new Error(where + "的类型无法识别：" + show(raw.type) + "。");
      }
      var keys = OPT.keys.items[raw.type];
      var item = {};
      Object.keys(raw).forEach(function (k) { if (keys.indexOf(k) < 0) dropped.push("items[" + i + "]." + k); });
      keys.forEach(function (k) { if (raw[k] !== undefined && raw[k] !== null) item[k] = raw[k]; });
      if (raw.type === "standard") {
        var drafters = item.drafters === undefined ? [] : item.drafters;
        if (!Array.isArray(drafters)) throw new Error(where + "的起草单位应为列表，收到 " + show(drafters) + "。");
        if (drafters.length > OPT.limits.drafters) throw new Error(where + "的起草单位过多：" + drafters.length + " 个。");
        item.drafters = drafters.map(function (d, j) {
          if (!isObject(d)) throw new Error(where + "的第 " + (j + 1) + " 名起草单位不是对象，收到 " + show(d) + "。");
          Object.keys(d).forEach(function (k) { if (OPT.keys.drafter.indexOf(k) < 0) dropped.push("items[" + i + "].drafters[" + j + "]." + k); });
          var drafter = {};
          OPT.keys.drafter.forEach(function (k) { if (d[k] !== undefined && d[k] !== null) drafter[k] = d[k]; });
          return drafter;
        });
      }
      return item;
    });
    return { scenario: out, dropped: dropped };
  }

  // ---------------------------------------------------------------- share links (#v1=base64url)

  function utf8Bytes(text) { return new TextEncoder().encode(text); }

  function encodeFragment(value) {
    var bytes = utf8Bytes(JSON.stringify(value));
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return FRAGMENT_PREFIX + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function isScenarioFragment(hash) { return /^#v\d/.test(hash); }

  function decodeFragment(hash) {
    if (hash.length > MAX_FRAGMENT_CHARS) {
      throw new Error("链接中的数据过大（" + hash.length.toLocaleString("zh-CN") + " 个字符），超过本页可接受的上限，未打开。");
    }
    var m = /^#v(\d{1,6})=/.exec(hash);
    if (!m) throw new Error("链接不完整：缺少“#v1=”之后的数据，可能在复制时被截断。");
    if (m[1] !== "1") {
      throw new Error("这个链接使用第 " + m[1] + " 版链接格式，本页只能打开第 1 版（#v1=）的链接。请用生成该链接的计算器版本打开，或重新生成链接。");
    }
    var data = hash.slice(m[0].length);
    if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new Error("链接中的数据含有无效字符，可能在复制或转发时被改动。");
    if (data.length % 4 === 1) throw new Error("链接中的数据不完整，可能在复制时被截断。");
    var text;
    try {
      var binary = atob(data.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((data.length + 3) % 4));
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      throw new Error("链接中的数据已损坏，无法解码（可能被截断或改动）。");
    }
    return parseScenarioText(text, "链接中的数据");
  }

  function parseScenarioText(text, what) {
    if (utf8Bytes(text).length > MAX_SCENARIO_BYTES) throw new Error(what + "过大，超过本页可接受的上限（256 KB），未打开。");
    var value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new Error(what + "不是完整有效的 JSON，可能被截断或损坏。");
    }
    return adoptScenario(value);
  }

  // ---------------------------------------------------------------- the Python worker

  var pending = new Map();
  var nextId = 1;
  var worker = null;
  var bootState = { state: "loading" };
  var readyResolve, readyReject;
  var ready = new Promise(function (resolve, reject) { readyResolve = resolve; readyReject = reject; });
  ready.catch(function () {}); // failures are shown in the page; callers still see the rejection

  function send(text) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      worker.postMessage({ id: id, text: text });
    });
  }

  function evaluateJSON(text) {
    if (typeof text !== "string") return Promise.reject(new TypeError("evaluateJSON 需要 JSON 文本（字符串）"));
    return ready.then(function () { return send(text); });
  }

  function evaluate(value) {
    var text;
    try {
      text = JSON.stringify(value);
    } catch (e) {
      return Promise.reject(new TypeError("情景无法写成 JSON：" + e.message));
    }
    if (text === undefined) return Promise.reject(new TypeError("情景无法写成 JSON"));
    return evaluateJSON(text).then(function (envelope) {
      var parsed = JSON.parse(envelope);
      if (parsed.ok) return parsed.result;
      var error = new Error(parsed.error.message);
      error.field = parsed.error.field;
      throw error;
    });
  }

  window.subsidyCalculator = Object.freeze({ ready: ready, evaluate: evaluate, evaluateJSON: evaluateJSON });

  function startWorker() {
    if (location.protocol === "file:") {
      cannotStart({
        what: "计算器不能直接从本地文件（file://）打开。",
        detail: "计算引擎（Pyodide）要通过网站服务器（http 或 https）加载，浏览器不允许本地文件这样做。",
        fixes: [
          "把 site 目录放到任意静态网站服务器上再访问；在本机可运行 python3 build.py serve，然后打开 http://127.0.0.1:8000/calculator/。",
        ],
      });
      return;
    }
    if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
      cannotStart({
        what: "这个浏览器不支持计算器所需的 Web Worker 或 WebAssembly。",
        fixes: ["请使用较新版本的 Chrome、Edge、Firefox 或 Safari 打开本页。"],
      });
      return;
    }
    var violations = [];
    // start-worker.js has usually started it already (see there); otherwise start it now.
    var started = window.subsidyCalculatorWorker ? window.subsidyCalculatorWorker.take() : null;
    var early = started ? started.early : [];
    try {
      worker = started ? started.worker : new Worker(new URL(RUNTIME_DIR + "worker.mjs", SCRIPT_URL), { type: "module" });
    } catch (e) {
      diagnose("无法创建计算线程（" + e.message + "）。", violations);
      return;
    }
    var slow = setTimeout(function () {
      if (bootState.state === "loading") {
        els.status.querySelector(".calc-status__hint").textContent = "加载时间比平常长，请稍候；网络较慢时首次打开可能需要一两分钟。";
      }
    }, BOOT_SLOW_MS);
    var giveUp = setTimeout(function () {
      diagnose("计算引擎在 " + BOOT_GIVE_UP_MS / 60000 + " 分钟内没有启动完成。", violations);
    }, BOOT_GIVE_UP_MS);
    function stopTimers() { clearTimeout(slow); clearTimeout(giveUp); }

    worker.onmessage = function (event) {
      var msg = event.data;
      if (msg.type === "result") {
        var job = pending.get(msg.id);
        if (!job) return;
        pending.delete(msg.id);
        if (msg.error !== undefined) job.reject(new Error("计算引擎出错：" + msg.error));
        else job.resolve(msg.text);
      } else if (msg.type === "progress") {
        setProgress(msg.step, msg.text, msg.steps);
      } else if (msg.type === "violation") {
        violations.push(msg);
      } else if (msg.type === "ready") {
        stopTimers();
        bootState = { state: "ready" };
        root.dataset.state = "ready";
        setReady(msg);
        if (performance.mark) performance.mark("calculator-ready"); // read by benchmarks/bench_calculator.py
        readyResolve({ rulesVersion: msg.rulesVersion, pyodideVersion: msg.pyodideVersion, boot: msg.boot });
        scheduleEvaluate();
      } else if (msg.type === "failed") {
        stopTimers();
        diagnose("计算引擎启动失败：" + (msg.name === "Error" ? "" : msg.name + ": ") + msg.message, violations);
      }
    };
    worker.onerror = function (event) {
      stopTimers();
      if (event.preventDefault) event.preventDefault();
      diagnose(event.message ? "计算线程出错：" + event.message : "计算线程（worker.mjs）或它引用的 Pyodide 文件没能加载。", violations);
    };
    // What the worker said before this script arrived, once the page below is built.
    if (early.length) {
      Promise.resolve().then(function () {
        early.forEach(function (event) {
          if (event.type === "error") worker.onerror(event);
          else worker.onmessage(event);
        });
      });
    }
  }

  function cannotStart(report) {
    bootState = { state: "failed" };
    fail(report);
    readyReject(new Error(report.what));
  }

  var RUNTIME_FILES = [
    [RUNTIME_DIR + "worker.mjs", "javascript"],
    [RUNTIME_DIR + "pyodide.mjs", "javascript"],
    [RUNTIME_DIR + "pyodide.asm.mjs", "javascript"],
    [RUNTIME_DIR + "pyodide.asm.wasm", "application/wasm"],
    [RUNTIME_DIR + "python_stdlib.zip", null],
    [RUNTIME_DIR + "pyodide-lock.json", null],
  ];

  /* Find out what the host does wrong (missing files, MIME types, CSP) and say how to fix it. */
  function diagnose(what, violations) {
    if (bootState.state === "failed") return;
    bootState = { state: "failed" };
    if (worker) worker.terminate();
    fail({ what: what, detail: "正在检查网站文件……", fixes: [] });
    Promise.all(RUNTIME_FILES.map(function (entry) {
      var url = new URL(entry[0], SCRIPT_URL).href;
      return fetch(url, { method: "HEAD", cache: "no-store" }).then(function (response) {
        if (!response.ok) return entry[0] + " 无法获取（HTTP " + response.status + "）";
        var type = (response.headers.get("Content-Type") || "").toLowerCase();
        if (entry[1] && type.indexOf(entry[1]) < 0) {
          return entry[0] + " 的 MIME 类型是“" + (type || "（无）") + "”，应为 " +
            (entry[1] === "javascript" ? "text/javascript" : entry[1]);
        }
        return null;
      }, function () { return entry[0] + " 无法获取（网络错误或被拦截）"; });
    })).then(function (problems) {
      problems = problems.filter(Boolean);
      var csp = violations.map(function (v) { return "内容安全策略（CSP）的 " + v.directive + " 阻止了 " + (v.blocked || "一项加载"); });
      var fixes = [];
      fixes.push("把 calculator/ 目录（含 " + (RUNTIME_DIR || "runtime-…/") + " 子目录）整体重新上传：各文件须来自同一次构建，pyodide-lock.json 记录了规则包的 sha256。");
      fixes.push("服务器须以 text/javascript 发送 .mjs 文件、以 application/wasm 发送 .wasm 文件（Debian 自带的 nginx mime.types 没有 .mjs）。");
      fixes.push("Content-Security-Policy 响应头须允许：script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'。");
      fixes.push("构建输出中的 hosting/csp-header.txt 给出整站应发送的响应头，hosting/nginx.conf 是可直接使用的 nginx 配置。");
      fail({ what: what, problems: problems.concat(csp), fixes: fixes });
    });
    if (els.results) renderWaiting();
    pending.forEach(function (job) { job.reject(new Error(what)); });
    pending.clear();
    readyReject(new Error(what));
  }

  // ---------------------------------------------------------------- page skeleton

  var els = {};

  function buildPage() {
    var boot = document.getElementById("calc-boot");
    if (boot) boot.remove();
    els.status = h("div", { class: "calc-status", role: "status", "aria-live": "polite" },
      h("p", { class: "calc-status__text", text: "正在准备计算引擎……" }),
      h("progress", { class: "calc-status__bar", "aria-label": "计算引擎加载进度" }),
      h("p", { class: "calc-status__hint", text: "计算引擎在后台加载，您可以先填写下面的表单。" }));
    els.notice = h("div", { class: "calc-notice", role: "alert", hidden: true });
    els.announce = h("p", { class: "calc-sr-only", "aria-live": "polite", "aria-atomic": "true" });
    els.items = h("div", { class: "calc-items" });
    els.appDate = h("input", { type: "date", value: scenario.application_date || "" });
    els.label = h("input", { type: "text", autocomplete: "off", maxlength: String(OPT.limits.name) });
    els.shareOut = h("input", { type: "text", readonly: true, class: "calc-share__url" });
    els.shareBox = h("div", { class: "calc-share", hidden: true },
      h("label", { for: "calc-share-url", text: "分享链接（情景保存在链接的 # 之后，不会发送到服务器）" }), els.shareOut);
    els.shareOut.id = "calc-share-url";
    els.importInput = h("input", { type: "file", id: "calc-import", class: "calc-import__input", accept: ".json,application/json" });
    els.results = h("div", { class: "calc-results__body" });
    els.summary = h("a", { class: "calc-summary", href: "#calc-results-title" });
    els.sheet = h("section", { class: "calc-sheet", "aria-hidden": "true" });

    var toolbar = h("div", { class: "calc-toolbar", role: "group", "aria-label": "情景操作" },
      h("button", { type: "button", class: "calc-button", "data-action": "share", text: "复制分享链接" }),
      h("button", { type: "button", class: "calc-button", "data-action": "export", text: "导出 JSON" }),
      h("span", { class: "calc-import" }, els.importInput,
        h("label", { for: "calc-import", class: "calc-button calc-import__label", text: "导入 JSON" })),
      h("button", { type: "button", class: "calc-button", "data-action": "print", text: "打印计算单" }),
      h("button", { type: "button", class: "calc-button calc-button--quiet", "data-action": "reset", text: "清空重填" }));

    var adders = h("div", { class: "calc-adders", role: "group", "aria-labelledby": "calc-add-title" },
      h("p", { id: "calc-add-title", class: "calc-adders__title", text: "添加项目：" }),
      Object.keys(OPT.types).map(function (type) {
        return h("button", { type: "button", class: "calc-button calc-button--add", "data-action": "add-item", "data-type": type, text: "＋ " + OPT.types[type] });
      }));

    var general = h("fieldset", { class: "calc-general" },
      h("legend", { text: "申请信息" }),
      field("application_date", "申请日期", els.appDate, { kind: "date", optional: true, hint: "默认今天；不填也按今天。标准项目的申请期限从标准发布之日算起，据此判断是否仍可申请。" }),
      field("label", "情景名称", els.label, { kind: "text", optional: true, hint: "可不填；会印在计算单上，方便区分。" }));

    var form = h("form", { class: "calc-form", "aria-label": "资助情景", novalidate: true },
      general, els.items, adders);
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    var results = h("section", { class: "calc-results", "aria-labelledby": "calc-results-title" },
      h("h2", { id: "calc-results-title", text: "估算结果" }), els.results);

    root.append(els.status, els.notice, toolbar, els.shareBox,
      h("div", { class: "calc-layout" }, form, els.summary, results), els.announce, els.sheet);

    root.addEventListener("input", onInput);
    root.addEventListener("change", onInput);
    root.addEventListener("click", onClick);
    els.importInput.addEventListener("change", onImport);
    window.addEventListener("hashchange", function () {
      // replaceState (our own writes) fires no hashchange: this is a link opened or edited by hand
      if (isScenarioFragment(location.hash)) loadFragment(location.hash);
    });
  }

  function setProgress(step, text, steps) {
    if (bootState.state !== "loading") return;
    els.status.querySelector(".calc-status__text").textContent = "正在加载计算引擎（" + step + "/" + steps + "）：" + text + "……";
    var bar = els.status.querySelector("progress");
    bar.max = steps;
    if (step > 1) bar.value = step - 1;
    else bar.removeAttribute("value"); // indeterminate while the runtime downloads
  }

  function setReady(info) {
    put(els.status, h("p", { class: "calc-status__text calc-status__text--ready" },
      "计算引擎已就绪（计算规则版本 ", h("span", { "data-runtime-rules-version": info.rulesVersion, text: info.rulesVersion }), "）。"));
  }

  function fail(report) {
    root.dataset.state = "failed";
    if (!els.status) { // file:// and friends: before the form exists
      var boot = document.getElementById("calc-boot");
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
        h("ul", null, report.problems.map(function (p) { return h("li", { text: p }); }))) : null,
      report.fixes.length ? h("div", null, h("p", { text: "解决办法（请转告网站管理员）：" }),
        h("ul", null, report.fixes.map(function (f) { return h("li", { text: f }); }))) : null,
      h("p", null, "在此期间，可以查阅", h("a", { href: RULES_URL, text: "“金额怎么算”" }),
        "页面中预先算好的资助额度表，或阅读", h("a", { href: POLICY_URL + "#c5-3", text: "政策原文第五部分第（三）项" }), "。"));
  }

  // ---------------------------------------------------------------- form rendering

  function field(path, label, control, opts) {
    opts = opts || {};
    var id = controlId(path);
    control.id = id;
    control.dataset.path = path;
    if (opts.kind) control.dataset.kind = opts.kind;
    if (opts.optional) control.dataset.optional = "1";
    var hint = opts.hint ? h("p", { class: "calc-hint", id: id + "-hint", text: opts.hint }) : null;
    var error = h("p", { class: "calc-error", id: id + "-error", hidden: true });
    control.setAttribute("aria-describedby", (hint ? hint.id + " " : "") + error.id);
    var labelEl = h("label", { for: id }, label, opts.optional ? h("span", { class: "calc-optional", text: "（可选）" }) : null);
    var isCheck = control.type === "checkbox";
    return h("div", { class: "calc-field" + (isCheck ? " calc-field--check" : ""), "data-field": fieldPath(path) },
      isCheck ? [control, labelEl] : [labelEl, control], hint, error);
  }

  var optionValues = new WeakMap();

  function select(path, choices, opts) {
    // choices: [[value, label], ...]; the current value is selected, or shown as invalid if unknown.
    var current = getIn(scenario, path);
    var el = h("select", null);
    var found = false;
    choices.forEach(function (choice) {
      var option = h("option", { text: choice[1] });
      optionValues.set(option, choice[0]);
      if (choice[0] === current || (choice[0] === ABSENT && current === undefined)) { option.selected = true; found = true; }
      el.append(option);
    });
    if (!found) {
      var bad = h("option", { text: "无法识别的值：" + show(current) });
      optionValues.set(bad, current);
      bad.selected = true;
      el.prepend(bad);
    }
    return field(path, opts.label, el, Object.assign({ kind: "select" }, opts));
  }

  function pairs(map) { return Object.keys(map).map(function (k) { return [k, map[k]]; }); }

  function textInput(path, label, opts) {
    var value = getIn(scenario, path);
    var el = h("input", { type: "text", autocomplete: "off", value: typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value) });
    return field(path, label, el, Object.assign({ kind: "text" }, opts));
  }

  function dateInput(path, label, opts) {
    var value = getIn(scenario, path);
    var el = h("input", { type: "date", value: typeof value === "string" ? value : "" });
    return field(path, label, el, Object.assign({ kind: "date" }, opts));
  }

  function numberInput(path, label, opts) {
    var value = getIn(scenario, path);
    var el = h("input", { type: "number", inputmode: "numeric", min: "0", step: "1", value: typeof value === "number" ? String(value) : "" });
    return field(path, label, el, Object.assign({ kind: "number" }, opts));
  }

  function checkbox(path, label, opts) {
    var el = h("input", { type: "checkbox", checked: getIn(scenario, path) === true });
    return field(path, label, el, Object.assign({ kind: "check" }, opts));
  }

  function unitInput(i, label) { return textInput("items." + i + ".unit", label); }

  function eventDate(i, type) {
    return dateInput("items." + i + ".date", OPT.event_date_labels[type], { optional: true, hint: "不填时，假定该日期在政策有效期内。" });
  }

  var RENDER = {
    standard: function (item, i) {
      var p = "items." + i + ".";
      return [
        select(p + "level", pairs(OPT.levels), { label: "标准级别" }),
        select(p + "work", pairs(OPT.works), { label: "制定或修订" }),
        dateInput(p + "published", OPT.event_date_labels.standard),
        renderDrafters(item, i),
      ];
    },
    tc_role: function (item, i) {
      var p = "items." + i + ".";
      var roles = (OPT.body_roles[item.body] || Object.keys(OPT.roles)).map(function (r) { return [r, OPT.roles[r]]; });
      return [
        select(p + "body", pairs(OPT.bodies), { label: "技术组织类别", hint: "职务列表随所选类别变化，只列出政策为该类别规定了资助的职务。" }),
        select(p + "role", roles, { label: "职务或承担的工作" }),
        unitInput(i, "所在工作单位"),
        eventDate(i, "tc_role"),
      ];
    },
    award: function (item, i) {
      var p = "items." + i + ".";
      return [
        select(p + "award", pairs(OPT.awards), { label: "奖项" }),
        select(p + "grade", pairs(OPT.grades).map(function (g) { return [Number(g[0]), g[1]]; }), { label: "获奖等级" }),
        checkbox(p + "first_drafter", "本单位是获奖项目的第一起草单位"),
        unitInput(i, "获奖单位"),
        eventDate(i, "award"),
      ];
    },
    pilot: function (item, i) {
      var p = "items." + i + ".";
      return [
        select(p + "tier", pairs(OPT.tiers), { label: "试点（示范）项目级别" }),
        checkbox(p + "accepted", "项目已通过考核验收"),
        numberInput(p + "demonstration_years", "被确定为推广示范的年数", { optional: true, hint: "验收后被确定为推广示范项目的，按示范年度计；没有则填 0。" }),
        select(p + "demonstration_tier", [[ABSENT, "与试点级别相同"]].concat(pairs(OPT.tiers)), { label: "推广示范级别", optional: true }),
        unitInput(i, "承担单位"),
        eventDate(i, "pilot"),
      ];
    },
    leader: function (item, i) {
      return [unitInput(i, "企业名称"), eventDate(i, "leader")];
    },
    benchmarking: function (item, i) {
      return [
        numberInput("items." + i + ".count", "开展对标达标的项数"),
        unitInput(i, "企业名称"),
        eventDate(i, "benchmarking"),
      ];
    },
  };

  function renderDrafters(item, i) {
    var path = "items." + i + ".drafters";
    var list = item.drafters;
    return h("fieldset", { class: "calc-drafters", "data-field": fieldPath(path) },
      h("legend", { text: "起草单位（按排名先后填写，第一行为排名第一）" }),
      h("ol", { class: "calc-drafter-list" }, list.map(function (d, j) { return renderDrafter(i, j, list.length); })),
      h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "add-drafter", "data-path": path, text: "＋ 添加起草单位" }),
      h("p", { class: "calc-error", hidden: true }));
  }

  function renderDrafter(i, j, count) {
    var path = "items." + i + ".drafters." + j;
    var rank = "第 " + (j + 1) + " 名";
    return h("li", { class: "calc-drafter", "data-field": fieldPath(path) },
      h("span", { class: "calc-drafter__rank", "aria-hidden": "true", text: String(j + 1) }),
      textInput(path + ".name", [h("span", { class: "calc-sr-only", text: "排名" + rank + "的" }), "单位名称"]),
      select(path + ".kind", pairs(OPT.kinds), { label: "单位类型" }),
      h("div", { class: "calc-drafter__actions", role: "group", "aria-label": rank + "的排序和删除" },
        h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "drafter-up", "data-path": path, disabled: j === 0, "aria-label": "把" + rank + "上移一位", text: "上移" }),
        h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "drafter-down", "data-path": path, disabled: j === count - 1, "aria-label": "把" + rank + "下移一位", text: "下移" }),
        h("button", { type: "button", class: "calc-button calc-button--small calc-button--quiet", "data-action": "drafter-remove", "data-path": path, "aria-label": "删除" + rank, text: "删除" })),
      h("p", { class: "calc-error", hidden: true }));
  }

  function renderItem(item, i) {
    var path = "items." + i;
    var typeSelect = h("select", null);
    Object.keys(OPT.types).forEach(function (type) {
      var option = h("option", { text: OPT.types[type], selected: type === item.type });
      optionValues.set(option, type);
      typeSelect.append(option);
    });
    return h("fieldset", { class: "calc-item", "data-field": fieldPath(path) },
      h("legend", { text: "项目 " + (i + 1) + "：" + OPT.types[item.type] }),
      h("div", { class: "calc-item__head" },
        field(path + ".type", "项目类型", typeSelect, { kind: "select" }),
        h("button", { type: "button", class: "calc-button calc-button--quiet", "data-action": "item-remove", "data-path": path, "aria-label": "删除此项目（项目 " + (i + 1) + "）", text: "删除此项目" })),
      h("div", { class: "calc-item__fields" }, RENDER[item.type](item, i)),
      h("p", { class: "calc-error", hidden: true }));
  }

  function renderForm(focus) {
    els.appDate.value = typeof scenario.application_date === "string" ? scenario.application_date : "";
    els.label.value = typeof scenario.label === "string" ? scenario.label : "";
    put(els.items, scenario.items.map(renderItem));
    if (!scenario.items.length) els.items.append(h("p", { class: "calc-empty", text: "还没有项目。请用下面的按钮添加。" }));
    if (focus) {
      var target = root.querySelector(focus);
      if (target) target.focus();
    }
    showErrors(lastError);
  }

  // ---------------------------------------------------------------- form events

  function readControl(el) {
    var kind = el.dataset.kind;
    if (kind === "select") return optionValues.get(el.selectedOptions[0]);
    if (kind === "check") return el.checked;
    var value = el.value;
    if (kind === "date") return value === "" && el.dataset.optional ? ABSENT : value;
    if (kind === "number") {
      if (value === "") return el.dataset.optional ? ABSENT : "";
      var n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    if (kind === "text" && value === "" && el.dataset.optional) return ABSENT;
    return value;
  }

  function onInput(event) {
    var el = event.target;
    var path = el.dataset && el.dataset.path;
    if (!path) return;
    var kind = el.dataset.kind;
    // One event per edit: selects and checkboxes on change, typing on input.
    if (event.type !== (kind === "select" || kind === "check" ? "change" : "input")) return;
    var value = readControl(el);
    if (path.slice(-5) === ".type") { // switching an item's type: a fresh item of that type
      var i = Number(path.split(".")[1]);
      if (value === scenario.items[i].type) return;
      scenario.items[i] = newItem(value, scenario.items[i]);
      renderForm("#" + controlId(path));
    } else {
      setIn(scenario, path, value);
      if (/\.body$/.test(path)) { // the role list follows the body
        var item = getIn(scenario, path.slice(0, -5));
        var roles = OPT.body_roles[value];
        if (roles && roles.indexOf(item.role) < 0) item.role = roles[0];
        renderForm("#" + controlId(path));
      }
    }
    scenarioChanged();
  }

  function onClick(event) {
    var button = event.target.closest("button[data-action]");
    if (!button || !root.contains(button)) return;
    var action = button.dataset.action;
    var path = button.dataset.path;
    if (action === "share") return share();
    if (action === "export") return exportJSON();
    if (action === "print") return window.print();
    if (action === "reset") {
      var previous = scenario;
      scenario = blankScenario();
      renderForm("#" + controlId("items.0.drafters.0.name"));
      showNotice("已清空表单，可以重新开始。", "info", { label: "撤销清空", run: function () {
        scenario = previous;
        renderForm();
        scenarioChanged();
        announce("已恢复清空前的情景。");
      } });
      return scenarioChanged();
    }
    if (action === "add-item") {
      scenario.items.push(newItem(button.dataset.type));
      var n = scenario.items.length - 1;
      renderForm("#" + controlId("items." + n + ".type"));
      announce("已添加项目 " + (n + 1) + "：" + OPT.types[button.dataset.type] + "。");
      return scenarioChanged();
    }
    if (!path) return;
    var keys = path.split(".");
    var index = Number(keys.pop());
    var list = getIn(scenario, keys.join("."));
    if (action === "item-remove") {
      list.splice(index, 1);
      renderForm(list.length ? "#" + controlId("items." + Math.min(index, list.length - 1) + ".type") : "[data-action=add-item]");
      announce("已删除项目 " + (index + 1) + "。");
    } else if (action === "add-drafter") {
      // path is the list itself here
      var drafters = getIn(scenario, path);
      drafters.push(newDrafter());
      renderForm("#" + controlId(path + "." + (drafters.length - 1) + ".name"));
      announce("已添加第 " + drafters.length + " 名起草单位。");
    } else if (action === "drafter-remove") {
      list.splice(index, 1);
      var base = keys.join(".");
      renderForm(list.length ? "#" + controlId(base + "." + Math.min(index, list.length - 1) + ".name")
        : "[data-action=add-drafter][data-path='" + base + "']");
      announce("已删除第 " + (index + 1) + " 名起草单位。");
    } else if (action === "drafter-up" || action === "drafter-down") {
      var to = action === "drafter-up" ? index - 1 : index + 1;
      if (to < 0 || to >= list.length) return;
      var moved = list.splice(index, 1)[0];
      list.splice(to, 0, moved);
      var newPath = keys.join(".") + "." + to;
      var sel = "[data-action=" + action + "][data-path='" + newPath + "']";
      var other = "[data-action=" + (action === "drafter-up" ? "drafter-down" : "drafter-up") + "][data-path='" + newPath + "']";
      renderForm(to === 0 || to === list.length - 1 ? other : sel);
      var name = typeof moved.name === "string" && moved.name.trim() ? "“" + moved.name.trim() + "”" : "该起草单位";
      announce(name + "现在排名第 " + (to + 1) + " 名。");
    }
    scenarioChanged();
  }

  // ---------------------------------------------------------------- evaluation and results

  var lastError = null;
  var inFlight = false;
  var dirty = false;
  var lastTotalText = "";

  var hashTimer = 0;

  function writeHash() {
    clearTimeout(hashTimer);
    history.replaceState(null, "", encodeFragment(scenario));
  }

  function scenarioChanged() {
    // The link follows the form, a moment after typing stops (browsers throttle replaceState).
    clearTimeout(hashTimer);
    hashTimer = setTimeout(writeHash, 300);
    scheduleEvaluate();
  }

  function scheduleEvaluate() {
    if (bootState.state !== "ready") {
      renderWaiting();
      return;
    }
    if (inFlight) { dirty = true; return; }
    inFlight = true;
    dirty = false;
    root.dataset.busy = "true"; // for scripts and tests: results are being recomputed
    var snapshot = JSON.stringify(scenario);
    evaluateJSON(snapshot).then(function (envelope) {
      var parsed = JSON.parse(envelope);
      if (parsed.ok) {
        lastError = null;
        renderResult({ scenario: JSON.parse(snapshot), result: parsed.result });
      } else {
        lastError = parsed.error;
        renderInvalid(parsed.error);
      }
      showErrors(lastError);
    }, function (error) {
      lastError = { message: error.message, field: "" };
      renderInvalid(lastError);
    }).then(function () {
      inFlight = false;
      if (dirty) return scheduleEvaluate();
      root.dataset.busy = "false";
      root.dataset.rendered = String(Number(root.dataset.rendered || 0) + 1);
    });
  }

  function setSummary(text, amount) {
    put(els.summary, text, amount ? h("strong", { text: amount }) : null, "　查看明细 ↓");
  }

  function renderWaiting() {
    setSummary(bootState.state === "failed" ? "计算引擎未能启动" : "计算引擎加载中……");
    if (bootState.state === "failed") {
      put(els.results, h("p", { class: "calc-empty", text: "计算引擎未能启动，无法计算。请看页面上方的说明。" }));
    } else {
      put(els.results, h("p", { class: "calc-empty", text: "计算引擎加载完成后，这里会显示估算结果。" }));
    }
  }

  function findField(path) {
    // The element for items[0].drafters[1].kind, or the nearest enclosing part that exists.
    var p = path;
    while (p) {
      var found = root.querySelector(".calc-form [data-field=\"" + CSS.escape(p) + "\"]");
      if (found) return found;
      var cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      p = cut > 0 ? p.slice(0, cut) : "";
    }
    return null;
  }

  function showErrors(error) {
    root.querySelectorAll(".calc-form .calc-error:not([hidden])").forEach(function (el) { el.hidden = true; el.textContent = ""; });
    root.querySelectorAll(".calc-form [aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    if (!error) return null;
    var place = error.field ? findField(error.field) : null;
    if (!place) return null;
    var box = place.querySelector(":scope > .calc-error");
    box.textContent = error.message;
    box.hidden = false;
    var control = place.querySelector(":scope > input, :scope > select");
    if (control) control.setAttribute("aria-invalid", "true");
    return control || place;
  }

  var announcedError = "";

  function renderInvalid(error) {
    var where = error.field ? findField(error.field) : null;
    var goTo = where ? h("button", { type: "button", class: "calc-button calc-button--small", text: "转到这一项" }) : null;
    if (goTo) goTo.addEventListener("click", function () {
      var target = findField(error.field);
      var control = target && (target.querySelector("input, select") || target);
      if (control) control.focus();
    });
    put(els.results, h("div", { class: "calc-invalid" },
      h("p", { class: "calc-invalid__title", text: "还不能计算，请先完成或修改输入：" }),
      h("p", { class: "calc-invalid__message" }, error.field ? h("code", { text: error.field }) : null, error.field ? " " : null, error.message),
      goTo));
    put(els.sheet, h("h2", { text: "标准化资助估算计算单" }),
      h("p", { text: "输入尚不完整或有误，不能出具计算单：" + error.message }));
    setSummary("还不能计算：请先完成或修改输入");
    var text = "输入有误：" + error.message;
    if (text !== announcedError) { announce(text); announcedError = text; }
    lastTotalText = "";
  }

  function announce(text) {
    // Re-set so the same message twice is read twice.
    els.announce.textContent = "";
    setTimeout(function () { els.announce.textContent = text; }, 50);
  }

  function describeItem(item) {
    switch (item.type) {
      case "standard": return (OPT.levels[item.level] || "标准") + (OPT.works[item.work] || "");
      case "tc_role": return (OPT.bodies[item.body] || "") + " · " + (OPT.roles[item.role] || "");
      case "award": return (OPT.awards[item.award] || "") + (OPT.grades[item.grade] || "");
      case "pilot": return (OPT.tiers[item.tier] || "") + "标准化试点（示范）项目";
      case "benchmarking": return OPT.types.benchmarking + " " + item.count + " 项";
      default: return OPT.types[item.type];
    }
  }

  function clauseLink(clause, anchor) {
    if (!/^[a-z0-9-]+$/.test(String(anchor))) return h("span", { text: clause });
    return h("a", { href: POLICY_URL + "#" + anchor, text: clause, title: "在政策原文中查看" + clause });
  }

  function renderResult(state) {
    var result = state.result;
    var units = Object.keys(result.by_unit);
    var total = h("p", { class: "calc-total" }, "预计资助合计", h("strong", { class: "calc-total__amount", "data-amount": result.total, text: yuan(result.total) }));
    var byUnit = units.length ? h("table", { class: "calc-table calc-by-unit" },
      h("caption", { text: "按单位汇总" }),
      h("thead", null, h("tr", null, h("th", { scope: "col", text: "单位" }), h("th", { scope: "col", class: "calc-num", text: "金额" }))),
      h("tbody", null, units.map(function (u) {
        return h("tr", null, h("th", { scope: "row", text: u }), h("td", { class: "calc-num", "data-amount": result.by_unit[u], text: yuan(result.by_unit[u]) }));
      }))) : h("p", { class: "calc-empty", text: "按目前的输入，没有可获得的资助。" });
    var items = h("ol", { class: "calc-result-items" }, result.items.map(function (r, i) {
      var item = state.scenario.items[i];
      return h("li", { class: "calc-result-item calc-status-" + r.status, "data-status": r.status },
        h("h3", null, "项目 " + (i + 1) + "：" + describeItem(item), " ",
          h("span", { class: "calc-badge", text: STATUS_NAMES[r.status] || r.status })),
        h("p", { class: "calc-result-item__status" }, r.status_text, r.clause ? [" 依据：", clauseLink(r.clause, r.anchor), "。"] : null),
        r.payments.length ? h("ul", { class: "calc-payments" }, r.payments.map(function (p) {
          return h("li", { class: "calc-payment" },
            h("p", { class: "calc-payment__head" },
              h("span", { class: "calc-payment__unit", text: p.unit }), " ",
              h("strong", { class: "calc-payment__amount", "data-amount": p.amount, text: yuan(p.amount) }), " ",
              clauseLink(p.clause, p.anchor)),
            h("p", { class: "calc-payment__why", text: p.explanation }));
        })) : null,
        r.notes.length ? h("ul", { class: "calc-notes" }, r.notes.map(function (n) { return h("li", { text: n }); })) : null);
    }));
    var notes = result.notes.length ? h("ul", { class: "calc-notes" }, result.notes.map(function (n) { return h("li", { text: n }); })) : null;
    put(els.results, total, notes, byUnit, items, h("p", { class: "calc-disclaimer", text: DISCLAIMER }));
    renderSheet(state);
    setSummary("估算合计 ", yuan(result.total));
    var totalText = "估算合计 " + yuan(result.total);
    if (totalText !== lastTotalText || announcedError) { announce(totalText + "。"); lastTotalText = totalText; }
    announcedError = "";
  }

  var STATUS_NAMES = {
    eligible: "可获资助",
    ineligible: "不符合条件",
    old_policy: "适用原政策",
    expired: "超出有效期",
    window_closed: "已过申请期限",
  };

  // ---------------------------------------------------------------- the printed calculation sheet

  function describeInputs(item) {
    var parts = [];
    var date = item.type === "standard" ? item.published : item.date;
    if (item.type === "standard") {
      parts.push("起草单位：" + item.drafters.map(function (d, j) { return (j + 1) + ". " + d.name + "（" + (OPT.kinds[d.kind] || d.kind) + "）"; }).join("；"));
    } else {
      parts.push("单位：" + item.unit);
    }
    if (item.type === "award") parts.push(item.first_drafter ? "第一起草单位" : "非第一起草单位");
    if (item.type === "pilot") {
      parts.push(item.accepted ? "已通过验收" : "未通过验收");
      if (item.demonstration_years) parts.push("推广示范 " + item.demonstration_years + " 年（" + OPT.tiers[item.demonstration_tier || item.tier] + "）");
    }
    parts.push(OPT.event_date_labels[item.type] + "：" + (date || "未填写"));
    return parts.join("；");
  }

  function renderSheet(state) {
    var s = state.scenario;
    var result = state.result;
    var rows = [];
    result.items.forEach(function (r, i) {
      var item = s.items[i];
      var payments = r.payments.length ? r.payments : [null];
      payments.forEach(function (p, k) {
        rows.push(h("tr", null,
          k === 0 ? h("td", { rowspan: String(payments.length), text: String(i + 1) }) : null,
          k === 0 ? h("td", { rowspan: String(payments.length) }, h("strong", { text: describeItem(item) }), h("br"), describeInputs(item)) : null,
          k === 0 ? h("td", { rowspan: String(payments.length), class: "calc-nowrap", text: STATUS_NAMES[r.status] || r.status }) : null,
          h("td", { text: p ? p.unit : "—" }),
          h("td", { class: "calc-num", text: p ? yuan(p.amount) : "—" }),
          h("td", { class: "calc-nowrap", text: p ? p.clause : r.clause || "" }),
          h("td", { class: "calc-sheet__why", text: p ? p.explanation : r.status_text })));
      });
    });
    var units = Object.keys(result.by_unit);
    put(els.sheet,
      h("h2", { text: "标准化资助估算计算单" }),
      h("p", { class: "calc-sheet__meta" },
        "依据：厦府办规〔2020〕15号 五(三)　计算规则版本：" + (result.policy && result.policy.rules_version || "") +
        "　申请日期：" + result.application_date + (result.application_date_assumed ? "（未填写，按今天）" : "") + "　打印日期：" + today(),
        s.label ? h("br") : null, s.label ? "情景：" + s.label : null),
      h("table", { class: "calc-sheet__table" },
        h("thead", null, h("tr", null, ["序号", "项目与输入", "状态", "受资助单位", "金额", "条款", "计算说明"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
        h("tbody", null, rows)),
      h("table", { class: "calc-sheet__totals" },
        h("tbody", null, units.map(function (u) { return h("tr", null, h("th", { scope: "row", text: u }), h("td", { class: "calc-num", text: yuan(result.by_unit[u]) })); }),
          h("tr", { class: "calc-sheet__total" }, h("th", { scope: "row", text: "合计" }), h("td", { class: "calc-num", text: yuan(result.total) })))),
      h("p", { class: "calc-sheet__disclaimer", text: DISCLAIMER }));
  }

  // ---------------------------------------------------------------- share, export, import

  function showNotice(text, kind, undo) {
    var close = h("button", { type: "button", class: "calc-button calc-button--small", "data-action": "dismiss", text: "知道了" });
    var back = undo ? h("button", { type: "button", class: "calc-button calc-button--small", text: undo.label }) : null;
    put(els.notice, h("p", { text: text }), back, close);
    els.notice.className = "calc-notice calc-notice--" + (kind || "error");
    els.notice.hidden = false;
    close.addEventListener("click", function () { els.notice.hidden = true; });
    if (back) back.addEventListener("click", function () { els.notice.hidden = true; undo.run(); });
  }

  function adopt(parsed, source) {
    scenario = parsed.scenario;
    renderForm();
    scenarioChanged();
    if (parsed.dropped.length) {
      var list = parsed.dropped.slice(0, 5).map(show).join("、") + (parsed.dropped.length > 5 ? " 等" : "");
      showNotice(source + "中有表单不认识的字段，已忽略：" + list + "。", "warning");
    } else {
      els.notice.hidden = true;
      announce("已打开" + source + "中的情景。");
    }
  }

  function loadFragment(hash) {
    try {
      adopt(decodeFragment(hash), "链接");
    } catch (error) {
      showNotice("无法打开链接中的情景：" + error.message + " 表单保持原样。");
    }
  }

  function share() {
    writeHash();
    var url = location.href;
    els.shareOut.value = url;
    els.shareBox.hidden = false;
    els.shareOut.focus();
    els.shareOut.select();
    var done = function () { announce("分享链接已复制。"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { announce("请手动复制上面选中的链接。"); });
    } else {
      announce("请手动复制上面选中的链接。");
    }
  }

  function exportJSON() {
    var blob = new Blob([JSON.stringify(scenario, null, 2) + "\n"], { type: "application/json" });
    var a = h("a", { href: URL.createObjectURL(blob), download: "资助估算情景-" + today() + ".json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    announce("已导出情景文件。");
  }

  function onImport() {
    var file = els.importInput.files && els.importInput.files[0];
    els.importInput.value = "";
    if (!file) return;
    if (file.size > MAX_SCENARIO_BYTES) {
      showNotice("无法导入“" + file.name + "”：文件过大（" + Math.ceil(file.size / 1024) + " KB），上限是 256 KB。");
      return;
    }
    file.text().then(function (text) {
      try {
        adopt(parseScenarioText(text, "文件内容"), "文件");
      } catch (error) {
        showNotice("无法导入“" + file.name + "”：" + error.message + " 表单保持原样。");
      }
    }, function () { showNotice("无法读取文件“" + file.name + "”。"); });
  }

  // ---------------------------------------------------------------- start

  if (!OPT) {
    if (window.subsidyCalculatorWorker) window.subsidyCalculatorWorker.take().worker.terminate();
    cannotStart({ what: "页面缺少计算器的选项数据（calc-options），页面可能没有经过完整构建。", fixes: ["重新运行 python3 build.py 构建网站。"] });
    return;
  }
  startWorker();
  if (bootState.state === "failed" || root.dataset.state === "failed") return;
  buildPage();
  if (isScenarioFragment(location.hash)) loadFragment(location.hash);
  renderForm();
  renderWaiting();
})();
