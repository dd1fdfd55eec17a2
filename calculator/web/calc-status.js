/* Pure: what the status line says about the engine, from the worker's events and what the page
 * finds out: progress, slowness, readiness, and when it cannot start, why and what to do.
 * Values in, values out; the status view (calc-status-view.js) draws them. Tested in Node:
 * tests/calculator/js/calc-status.test.mjs. */

export const LOADING_TEXT = "正在准备计算引擎……";
export const LOADING_HINT = "计算引擎在后台加载，您可以先填写下面的表单。";
export const SLOW_HINT = "加载时间比平常长，请稍候；网络较慢时首次打开可能需要一两分钟。";

/** A worker's progress event ({step, text, steps}) as the status line shows it: the text, and
 * the bar's max and value (null: indeterminate, while the runtime downloads). */
export function progressStatus(msg) {
  return {
    text: "正在加载计算引擎（" + msg.step + "/" + msg.steps + "）：" + msg.text + "……",
    max: msg.steps,
    value: msg.step > 1 ? msg.step - 1 : null,
  };
}

/** The worker's failure event ({name, message}) in words. */
export function bootFailedText(msg) {
  return "计算引擎启动失败：" + (msg.name === "Error" ? "" : msg.name + ": ") + msg.message;
}

/** The worker's error event (its script did not load, or threw). */
export function workerErrorText(message) {
  return message ? "计算线程出错：" + message : "计算线程（worker.mjs）或它引用的 Pyodide 文件没能加载。";
}

export function workerNotCreatedText(message) { return "无法创建计算线程（" + message + "）。"; }

export function timeoutText(ms) { return "计算引擎在 " + ms / 60000 + " 分钟内没有启动完成。"; }

export function failedHeading(report) {
  return report.audience === "visitor" ? "您可以：" : "解决办法（请转告网站管理员）：";
}

export const FILE_PROTOCOL = Object.freeze({
  what: "计算器不能直接从本地文件（file://）打开。",
  detail: "计算引擎（Pyodide）要通过网站服务器（http 或 https）加载，浏览器不允许本地文件这样做。",
  fixes: [
    "把 site 目录放到任意静态网站服务器上再访问；在本机可运行 python3 build.py serve，然后打开 http://127.0.0.1:8000/calculator/。",
  ],
});

export const NO_OPTIONS = Object.freeze({
  what: "页面缺少计算器的选项数据（calc-options），页面可能没有经过完整构建。",
  fixes: ["重新运行 python3 build.py 构建网站。"],
});

/* What of the calculator's needs a browser lacks: WebAssembly, Web Workers, module workers
 * (a worker's `type` option is read only by browsers that have them; the bogus URL then throws,
 * so no worker is started). scope: the page's globals (window). */
export function missingFeatures(scope) {
  const missing = [];
  if (typeof scope.WebAssembly === "undefined") missing.push("WebAssembly");
  if (typeof scope.Worker === "undefined") {
    missing.push("Web Worker");
  } else {
    let modules = false;
    try {
      new scope.Worker("blob://", { get type() { modules = true; return "module"; } }).terminate();
    } catch (e) { /* expected: the URL is not a script */ }
    if (!modules) missing.push("模块化的 Web Worker");
  }
  return missing;
}

// In-app browsers of chat and payment apps: the system browser is one tap away.
const IN_APP = /MicroMessenger|QQ\/|DingTalk|AlipayClient|Weibo|Lark|ToutiaoMicroApp/i;

/* The report for a browser below the calculator's floor: plain words, what the visitor can do. */
export function belowTheFloor(missing, userAgent) {
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

/* The runtime files the host must serve, with the MIME type each needs (null: any). */
export function runtimeFiles(runtimeDir) {
  return [
    [runtimeDir + "worker.mjs", "javascript"],
    [runtimeDir + "pyodide.mjs", "javascript"],
    [runtimeDir + "pyodide.asm.mjs", "javascript"],
    [runtimeDir + "pyodide.asm.wasm", "application/wasm"],
    [runtimeDir + "python_stdlib.zip", null],
    [runtimeDir + "pyodide-lock.json", null],
  ];
}

/** What is wrong with one runtime file as the host sent it (response: {ok, status,
 * contentType}, or null when it could not be fetched at all); null when nothing is. */
export function fileProblem(entry, response) {
  if (!response) return entry[0] + " 无法获取（网络错误或被拦截）";
  if (!response.ok) return entry[0] + " 无法获取（HTTP " + response.status + "）";
  const type = (response.contentType || "").toLowerCase();
  if (entry[1] && type.indexOf(entry[1]) < 0) {
    return entry[0] + " 的 MIME 类型是“" + (type || "（无）") + "”，应为 " +
      (entry[1] === "javascript" ? "text/javascript" : entry[1]);
  }
  return null;
}

/** While the host is being checked. */
export function checkingReport(what) { return { what, detail: "正在检查网站文件……", fixes: [] }; }

/** What the host does wrong (missing files, MIME types, CSP: the worker's violation events)
 * and how to fix it. */
export function hostReport(what, problems, violations, runtimeDir) {
  const csp = violations.map((v) => "内容安全策略（CSP）的 " + v.directive + " 阻止了 " + (v.blocked || "一项加载"));
  const fixes = [
    "把 calculator/ 目录（含 " + (runtimeDir || "runtime-…/") + " 子目录）整体重新上传：各文件须来自同一次构建，pyodide-lock.json 记录了规则包的 sha256。",
    "服务器须以 text/javascript 发送 .mjs 文件、以 application/wasm 发送 .wasm 文件（Debian 自带的 nginx mime.types 没有 .mjs）。",
    "Content-Security-Policy 响应头须允许：script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'。",
    "构建输出中的 hosting/csp-header.txt 给出整站应发送的响应头，hosting/nginx.conf 是可直接使用的 nginx 配置。",
  ];
  return { what, problems: problems.filter(Boolean).concat(csp), fixes };
}
