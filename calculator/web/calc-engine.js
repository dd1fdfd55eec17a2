/* The engine adapter: every amount is computed by the rules package in worker.mjs; createEngine
 * starts the worker (or takes it over from start-worker.js), sends it scenarios, and when it
 * cannot start, finds out what the host does wrong (the words: calc-status.js). Nothing runs at
 * import; the entry (calc-main.js) creates one engine and puts what it hears into the store. */
import { FILE_PROTOCOL, belowTheFloor, bootFailedText, checkingReport, fileProblem, hostReport, missingFeatures,
  runtimeFiles, timeoutText, workerErrorText, workerNotCreatedText } from "./calc-status.js";

const BASE_URL = import.meta.url; // this folder: the page's scripts and the runtime folder beside them
const BOOT_SLOW_MS = 30000;
const BOOT_GIVE_UP_MS = 180000;

/** runtimeDir: this build's runtime folder (runtime-<hash>/), named by the build on the page's
 * start-worker.js tag. on: what the worker says, for the store: progress(msg), ready(msg),
 * fail(report), slow(). Returns { start, cannotStart, evaluate, evaluateJSON, ready, state }. */
export function createEngine(runtimeDir, on) {
  let state = "loading"; // loading, ready, failed
  const pending = new Map();
  let nextId = 1;
  let worker = null;
  let readyResolve, readyReject;
  const ready = new Promise((resolve, reject) => { readyResolve = resolve; readyReject = reject; });
  ready.catch(() => {}); // failures are shown in the page; callers still see the rejection

  function send(text) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, text });
    });
  }

  function evaluateJSON(text) {
    if (typeof text !== "string") return Promise.reject(new TypeError("evaluateJSON 需要 JSON 文本（字符串）"));
    return ready.then(() => send(text));
  }

  function evaluate(value) {
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

  function cannotStart(report) {
    state = "failed";
    on.fail(report);
    readyReject(new Error(report.what));
  }

  /* Find out what the host does wrong (missing files, MIME types, CSP) and say how to fix it. */
  function diagnose(what, violations) {
    if (state === "failed") return;
    state = "failed";
    if (worker) worker.terminate();
    on.fail(checkingReport(what));
    Promise.all(runtimeFiles(runtimeDir).map((entry) =>
      fetch(new URL(entry[0], BASE_URL).href, { method: "HEAD", cache: "no-store" }).then((response) =>
        fileProblem(entry, { ok: response.ok, status: response.status, contentType: response.headers.get("Content-Type") }),
      () => fileProblem(entry, null))))
      .then((problems) => on.fail(hostReport(what, problems, violations, runtimeDir)));
    pending.forEach((job) => job.reject(new Error(what)));
    pending.clear();
    readyReject(new Error(what));
  }

  function start() {
    if (location.protocol === "file:") {
      cannotStart(FILE_PROTOCOL);
      return;
    }
    const lacking = missingFeatures(window);
    if (lacking.length) {
      cannotStart(belowTheFloor(lacking, navigator.userAgent));
      return;
    }
    const violations = [];
    // start-worker.js has usually started it already (see there); otherwise start it now.
    const started = window.subsidyCalculatorWorker ? window.subsidyCalculatorWorker.take() : null;
    const early = started ? started.early : [];
    try {
      worker = started ? started.worker : new Worker(new URL(runtimeDir + "worker.mjs", BASE_URL), { type: "module" });
    } catch (e) {
      diagnose(workerNotCreatedText(e.message), violations);
      return;
    }
    const slow = setTimeout(() => { if (state === "loading") on.slow(); }, BOOT_SLOW_MS);
    const giveUp = setTimeout(() => diagnose(timeoutText(BOOT_GIVE_UP_MS), violations), BOOT_GIVE_UP_MS);
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
        if (state === "loading") on.progress(msg);
      } else if (msg.type === "violation") {
        violations.push(msg);
      } else if (msg.type === "ready") {
        stopTimers();
        state = "ready";
        if (performance.mark) performance.mark("calculator-ready"); // read by benchmarks/bench_calculator.py
        readyResolve({ rulesVersion: msg.rulesVersion, pyodideVersion: msg.pyodideVersion, boot: msg.boot, reason: msg.reason, wasm: msg.wasm,
          phases: msg.phases });
        on.ready(msg);
      } else if (msg.type === "failed") {
        stopTimers();
        diagnose(bootFailedText(msg), violations);
      }
    };
    worker.onerror = (event) => {
      stopTimers();
      if (event.preventDefault) event.preventDefault();
      diagnose(workerErrorText(event.message), violations);
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

  return { start, cannotStart, evaluate, evaluateJSON, ready, state: () => state };
}
