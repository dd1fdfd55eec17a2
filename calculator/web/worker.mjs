// Module worker: boots the self-hosted Pyodide, installs the rules wheel listed in the site's own
// pyodide-lock.json (loadPackage checks its sha256) and answers each request with the exact
// envelope string of subsidy_rules.evaluate_json. Nothing here computes a subsidy.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const indexURL = new URL("./pyodide/", import.meta.url).href;
const STEPS = 2;
let evaluateJson = null;

function progress(step, text) {
  postMessage({ type: "progress", step, steps: STEPS, text });
}

// CSP violations inside the worker (wasm compile, fetches) are reported here, not in the page.
self.addEventListener("securitypolicyviolation", (event) => {
  postMessage({ type: "violation", directive: event.effectiveDirective, blocked: String(event.blockedURI || "") });
});

async function boot() {
  progress(1, "正在下载并启动 Python 运行环境和计算规则（约 13 MB，首次打开需要一些时间）");
  const problems = [];
  const pyodide = await loadPyodide({
    indexURL,
    lockFileURL: indexURL + "pyodide-lock.json",
    packageBaseUrl: indexURL, // packages come from here, never from Pyodide's default CDN
    // The rules wheel is fetched while the runtime boots: this is loadPackage("subsidy-rules")
    // run by loadPyodide itself, sha256 checked against the lock file all the same.
    packages: ["subsidy-rules"],
    stdout: () => {},
    stderr: (line) => problems.push(line),
  });
  if (!pyodide.loadedPackages["subsidy-rules"]) {
    throw new Error("计算规则包 subsidy-rules 未能安装（文件缺失或 sha256 校验不符）" +
      (problems.length ? "：" + problems.join("；") : ""));
  }
  progress(2, "正在载入计算规则");
  const rules = pyodide.pyimport("subsidy_rules");
  evaluateJson = rules.evaluate_json;
  return { rulesVersion: rules.RULES_VERSION, pyodideVersion: pyodide.version };
}

// Pyodide 314 waits forever when its wasm cannot be fetched or compiled: it only logs
// console.warn("wasm instantiation failed!") and then the error. Three guards turn such a
// hang into a message: that very log line (while booting), a WebAssembly compile check (CSP)
// at once, and, if the boot is not done soon, a HEAD check of the runtime files; a healthy
// start sends no extra request.
const EMPTY_WASM_MODULE = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
const FILE_CHECK_AFTER_MS = 3000;

async function problemWith(name) {
  // HEAD: cheap on a slow line, and the site's service worker passes it to the network uncached.
  const response = await fetch(indexURL + name, { method: "HEAD", cache: "no-store" });
  return response.ok ? null : `${name}（HTTP ${response.status}）`;
}

async function preflight(isDone) {
  try {
    await WebAssembly.compile(EMPTY_WASM_MODULE);
  } catch (error) {
    throw new Error("浏览器不允许编译 WebAssembly（" + error.message + "）。" +
      "通常是 Content-Security-Policy 的 script-src 缺少 'wasm-unsafe-eval'。");
  }
  await new Promise((resolve) => setTimeout(resolve, FILE_CHECK_AFTER_MS));
  if (isDone()) return;
  const problems = await Promise.all(["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"].map(
    (name) => problemWith(name).catch(() => `${name}（网络错误或被拦截）`)));
  if (problems.some(Boolean)) throw new Error("无法获取 " + problems.filter(Boolean).join("、"));
}

function wasmFailure() {
  const warn = console.warn;
  let failing = false;
  return {
    restore: () => { console.warn = warn; },
    failed: new Promise((_, reject) => {
      console.warn = (...args) => {
        warn.apply(console, args);
        if (failing) reject(new Error("pyodide.asm.wasm 无法下载或编译（" + String((args[0] && args[0].message) || args[0]) + "）"));
        failing = args[0] === "wasm instantiation failed!";
      };
    }),
  };
}

let settled = false;
const wasm = wasmFailure();
const booting = boot().finally(() => { settled = true; wasm.restore(); });
const never = new Promise(() => {});
const booted = Promise.race([booting, wasm.failed, preflight(() => settled).then(() => never)]);
booted.then(
  (info) => postMessage({ type: "ready", ...info }),
  (error) => postMessage({
    type: "failed",
    name: String((error && error.name) || "Error"),
    message: String((error && error.message) || error),
  }),
);

self.onmessage = async (event) => {
  const { id, text } = event.data;
  try {
    await booted;
  } catch {
    return; // the failure was reported once, above
  }
  try {
    postMessage({ type: "result", id, text: evaluateJson(text) });
  } catch (error) {
    postMessage({ type: "result", id, error: String((error && error.message) || error) });
  }
};
