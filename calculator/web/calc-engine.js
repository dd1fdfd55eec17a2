/* The Python worker: every amount is computed by the rules package in worker.mjs; this module
 * starts it (or takes it over from start-worker.js), sends it scenarios, and when it cannot
 * start, finds out what the host does wrong and says how to fix it. */

// The runtime folder (runtime-<hash>/) of this build, named by the build in the page's
// start-worker.js tag; the worker and every Pyodide file live there.
const RUNTIME_TAG = document.querySelector("script[data-calculator-runtime]");
const RUNTIME_DIR = RUNTIME_TAG ? RUNTIME_TAG.getAttribute("data-calculator-runtime") : "";
const BASE_URL = import.meta.url; // this folder: the page's scripts and the runtime folder beside them
const BOOT_SLOW_MS = 30000;
const BOOT_GIVE_UP_MS = 180000;

export const boot = { state: "loading" };
const pending = new Map();
let nextId = 1;
let worker = null;
let ui = null; // the page's side: progress, ready, failed, slow (set by startEngine)
let readyResolve, readyReject;
export const ready = new Promise((resolve, reject) => { readyResolve = resolve; readyReject = reject; });
ready.catch(() => {}); // failures are shown in the page; callers still see the rejection

function send(text) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, text });
  });
}

export function evaluateJSON(text) {
  if (typeof text !== "string") return Promise.reject(new TypeError("evaluateJSON 需要 JSON 文本（字符串）"));
  return ready.then(() => send(text));
}

export function evaluate(value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    return Promise.reject(new TypeError("情景无法写成 JSON：" + e.message));
  }
  if (text === undefined) return Promise.reject(new TypeError("情景无法写成 JSON"));
  return evaluateJSON(text).then((envelope) => {
    const parsed = JSON.parse(envelope);
    if (parsed.ok) return parsed.result;
    const error = new Error(parsed.error.message);
    error.field = parsed.error.field;
    throw error;
  });
}

/** The page's side: progress(step, text, steps), ready(msg), fail(report), failed(), slow(), evaluate(). */
export function setPage(page) { ui = page; }

export function startEngine(page) {
  ui = page;
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
  const lacking = missingFeatures();
  if (lacking.length) {
    cannotStart(belowTheFloor(lacking, navigator.userAgent));
    return;
  }
  const violations = [];
  // start-worker.js has usually started it already (see there); otherwise start it now.
  const started = window.subsidyCalculatorWorker ? window.subsidyCalculatorWorker.take() : null;
  const early = started ? started.early : [];
  try {
    worker = started ? started.worker : new Worker(new URL(RUNTIME_DIR + "worker.mjs", BASE_URL), { type: "module" });
  } catch (e) {
    diagnose("无法创建计算线程（" + e.message + "）。", violations);
    return;
  }
  const slow = setTimeout(() => { if (boot.state === "loading") ui.slow(); }, BOOT_SLOW_MS);
  const giveUp = setTimeout(() => {
    diagnose("计算引擎在 " + BOOT_GIVE_UP_MS / 60000 + " 分钟内没有启动完成。", violations);
  }, BOOT_GIVE_UP_MS);
  function stopTimers() { clearTimeout(slow); clearTimeout(giveUp); }

  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === "result") {
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      if (msg.error !== undefined) job.reject(new Error("计算引擎出错：" + msg.error));
      else job.resolve(msg.text);
    } else if (msg.type === "progress") {
      if (boot.state === "loading") ui.progress(msg.step, msg.text, msg.steps);
    } else if (msg.type === "violation") {
      violations.push(msg);
    } else if (msg.type === "ready") {
      stopTimers();
      boot.state = "ready";
      ui.ready(msg);
      if (performance.mark) performance.mark("calculator-ready"); // read by benchmarks/bench_calculator.py
      readyResolve({ rulesVersion: msg.rulesVersion, pyodideVersion: msg.pyodideVersion, boot: msg.boot, reason: msg.reason, wasm: msg.wasm });
      ui.evaluate();
    } else if (msg.type === "failed") {
      stopTimers();
      diagnose("计算引擎启动失败：" + (msg.name === "Error" ? "" : msg.name + ": ") + msg.message, violations);
    }
  };
  worker.onerror = (event) => {
    stopTimers();
    if (event.preventDefault) event.preventDefault();
    diagnose(event.message ? "计算线程出错：" + event.message : "计算线程（worker.mjs）或它引用的 Pyodide 文件没能加载。", violations);
  };
  // What the worker said before this module arrived, once the page below is built.
  if (early.length) {
    Promise.resolve().then(() => {
      early.forEach((event) => {
        if (event.type === "error") worker.onerror(event);
        else worker.onmessage(event);
      });
    });
  }
}

/* What of the calculator's needs this browser lacks: WebAssembly, Web Workers, module workers
 * (a worker's `type` option is read only by browsers that have them; the bogus URL then throws,
 * so no worker is started). */
function missingFeatures() {
  const missing = [];
  if (typeof WebAssembly === "undefined") missing.push("WebAssembly");
  if (typeof Worker === "undefined") {
    missing.push("Web Worker");
  } else {
    let modules = false;
    try {
      new Worker("blob://", { get type() { modules = true; return "module"; } }).terminate();
    } catch (e) { /* expected: the URL is not a script */ }
    if (!modules) missing.push("模块化的 Web Worker");
  }
  return missing;
}

// In-app browsers of chat and payment apps: the system browser is one tap away.
const IN_APP = /MicroMessenger|QQ\/|DingTalk|AlipayClient|Weibo|Lark|ToutiaoMicroApp/i;

/* The report for a browser below the calculator's floor: plain words, what the visitor can do. */
function belowTheFloor(missing, userAgent) {
  const fixes = [];
  if (IN_APP.test(userAgent)) {
    fixes.push("您正在微信等应用里打开本页：请点右上角的“···”，选择“在浏览器打开”，用手机自带的浏览器使用计算器。");
  }
  fixes.push("请用较新版本的浏览器打开本页：Chrome、Edge、Firefox，或 iPhone、iPad 上 iOS 16.4 及以上的 Safari。");
  fixes.push("手机上可以先把系统或浏览器升级到最新版本。");
  return {
    what: "这个浏览器无法运行计算器。",
    detail: "计算器要在浏览器里运行计算规则，需要浏览器支持" + missing.join("、") + "，这个浏览器不支持。",
    fixes,
    audience: "visitor",
  };
}

export function cannotStart(report) {
  boot.state = "failed";
  ui.fail(report);
  readyReject(new Error(report.what));
}

const RUNTIME_FILES = [
  [RUNTIME_DIR + "worker.mjs", "javascript"],
  [RUNTIME_DIR + "pyodide.mjs", "javascript"],
  [RUNTIME_DIR + "pyodide.asm.mjs", "javascript"],
  [RUNTIME_DIR + "pyodide.asm.wasm", "application/wasm"],
  [RUNTIME_DIR + "python_stdlib.zip", null],
  [RUNTIME_DIR + "pyodide-lock.json", null],
];

/* Find out what the host does wrong (missing files, MIME types, CSP) and say how to fix it. */
function diagnose(what, violations) {
  if (boot.state === "failed") return;
  boot.state = "failed";
  if (worker) worker.terminate();
  ui.fail({ what, detail: "正在检查网站文件……", fixes: [] });
  Promise.all(RUNTIME_FILES.map((entry) => {
    const url = new URL(entry[0], BASE_URL).href;
    return fetch(url, { method: "HEAD", cache: "no-store" }).then((response) => {
      if (!response.ok) return entry[0] + " 无法获取（HTTP " + response.status + "）";
      const type = (response.headers.get("Content-Type") || "").toLowerCase();
      if (entry[1] && type.indexOf(entry[1]) < 0) {
        return entry[0] + " 的 MIME 类型是“" + (type || "（无）") + "”，应为 " +
          (entry[1] === "javascript" ? "text/javascript" : entry[1]);
      }
      return null;
    }, () => entry[0] + " 无法获取（网络错误或被拦截）");
  })).then((problems) => {
    problems = problems.filter(Boolean);
    const csp = violations.map((v) => "内容安全策略（CSP）的 " + v.directive + " 阻止了 " + (v.blocked || "一项加载"));
    const fixes = [
      "把 calculator/ 目录（含 " + (RUNTIME_DIR || "runtime-…/") + " 子目录）整体重新上传：各文件须来自同一次构建，pyodide-lock.json 记录了规则包的 sha256。",
      "服务器须以 text/javascript 发送 .mjs 文件、以 application/wasm 发送 .wasm 文件（Debian 自带的 nginx mime.types 没有 .mjs）。",
      "Content-Security-Policy 响应头须允许：script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'。",
      "构建输出中的 hosting/csp-header.txt 给出整站应发送的响应头，hosting/nginx.conf 是可直接使用的 nginx 配置。",
    ];
    ui.fail({ what, problems: problems.concat(csp), fixes });
  });
  ui.failed();
  pending.forEach((job) => job.reject(new Error(what)));
  pending.clear();
  readyReject(new Error(what));
}
