// calculator/web/calc-status.js: what the status line says, from the worker's events and what
// the page finds out about the browser and the host.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FILE_PROTOCOL, NO_OPTIONS, belowTheFloor, bootFailedText, checkingReport, failedHeading, fileProblem, hostReport,
  missingFeatures, progressStatus, runtimeFiles, timeoutText, workerErrorText, workerNotCreatedText }
  from "../../../calculator/web/calc-status.js";

test("progress: the step, the bar, indeterminate while the runtime downloads", () => {
  assert.deepEqual(progressStatus({ step: 1, steps: 3, text: "下载运行环境" }),
    { text: "正在加载计算引擎（1/3）：下载运行环境……", max: 3, value: null });
  assert.deepEqual(progressStatus({ step: 3, steps: 3, text: "载入计算规则" }),
    { text: "正在加载计算引擎（3/3）：载入计算规则……", max: 3, value: 2 });
});

test("the worker's failures in words", () => {
  assert.equal(bootFailedText({ name: "Error", message: "x" }), "计算引擎启动失败：x");
  assert.equal(bootFailedText({ name: "RangeError", message: "x" }), "计算引擎启动失败：RangeError: x");
  assert.equal(workerErrorText(""), "计算线程（worker.mjs）或它引用的 Pyodide 文件没能加载。");
  assert.equal(workerErrorText("boom"), "计算线程出错：boom");
  assert.equal(workerNotCreatedText("denied"), "无法创建计算线程（denied）。");
  assert.equal(timeoutText(180000), "计算引擎在 3 分钟内没有启动完成。");
  assert.equal(failedHeading(FILE_PROTOCOL), "解决办法（请转告网站管理员）：");
  assert.match(NO_OPTIONS.what, /calc-options/);
});

test("what a browser lacks, from its globals", () => {
  class ModuleWorker {
    constructor(url, options) { void options.type; throw new TypeError("not a script"); }
  }
  class ClassicWorker { constructor() { throw new TypeError("not a script"); } }
  assert.deepEqual(missingFeatures({ WebAssembly: {}, Worker: ModuleWorker }), []);
  assert.deepEqual(missingFeatures({ WebAssembly: {}, Worker: ClassicWorker }), ["模块化的 Web Worker"]);
  assert.deepEqual(missingFeatures({}), ["WebAssembly", "Web Worker"]);
});

test("below the floor: plain words for the visitor, the in-app browser told to open the system one", () => {
  const wechat = belowTheFloor(["WebAssembly"], "Mozilla/5.0 (Linux; Android 10) MicroMessenger/8.0.27.2220");
  assert.equal(wechat.audience, "visitor");
  assert.equal(failedHeading(wechat), "您可以：");
  assert.match(wechat.detail, /需要浏览器支持WebAssembly，/);
  assert.equal(wechat.fixes.length, 3);
  assert.match(wechat.fixes[0], /在浏览器打开/);
  assert.equal(belowTheFloor(["Web Worker", "模块化的 Web Worker"], "Mozilla/5.0 Firefox/60.0").fixes.length, 2);
});

test("the host's mistakes: missing files, MIME types, CSP", () => {
  const files = runtimeFiles("runtime-0123/");
  assert.deepEqual(files[0], ["runtime-0123/worker.mjs", "javascript"]);
  assert.equal(fileProblem(files[0], { ok: true, status: 200, contentType: "text/javascript; charset=utf-8" }), null);
  assert.equal(fileProblem(files[0], { ok: true, status: 200, contentType: "application/octet-stream" }),
    "runtime-0123/worker.mjs 的 MIME 类型是“application/octet-stream”，应为 text/javascript");
  assert.equal(fileProblem(files[3], { ok: true, status: 200, contentType: null }),
    "runtime-0123/pyodide.asm.wasm 的 MIME 类型是“（无）”，应为 application/wasm");
  assert.equal(fileProblem(files[4], { ok: true, status: 200, contentType: "" }), null);
  assert.equal(fileProblem(files[0], { ok: false, status: 404 }), "runtime-0123/worker.mjs 无法获取（HTTP 404）");
  assert.equal(fileProblem(files[0], null), "runtime-0123/worker.mjs 无法获取（网络错误或被拦截）");
  assert.deepEqual(checkingReport("x"), { what: "x", detail: "正在检查网站文件……", fixes: [] });
  const report = hostReport("x", [null, "a 无法获取（HTTP 404）"], [{ directive: "worker-src", blocked: "blob:" }, { directive: "script-src" }],
    "runtime-0123/");
  assert.deepEqual(report.problems, ["a 无法获取（HTTP 404）", "内容安全策略（CSP）的 worker-src 阻止了 blob:",
    "内容安全策略（CSP）的 script-src 阻止了 一项加载"]);
  assert.match(report.fixes[0], /含 runtime-0123\/ 子目录/);
  assert.match(hostReport("x", [], [], "").fixes[0], /含 runtime-…\/ 子目录/);
});
