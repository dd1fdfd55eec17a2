// Module worker, shipped inside the runtime folder (calculator/runtime-<hash>/) with the Pyodide
// files it boots. It restores the build's memory snapshot, in which the rules are already imported
// (sitebuild/runtime/snapshot.py), and answers each request with the exact envelope string of
// the policy package's evaluate_json. Nothing here computes a subsidy, and nothing names a policy.
//
// When the snapshot cannot be used (missing, not the bytes this build made, refused by Pyodide,
// not the shipped rules) it boots the ordinary way instead: the rules wheel listed in the folder's
// own pyodide-lock.json, whose sha256 loadPackage checks. The visitor sees only a slower start.

// This build's facts, written in by sitebuild/runtime/assets.py: the rules' distribution and
// module names (from the policy package), the snapshot's and its zip's file names, sha256 and sizes,
// the bytes a first visit downloads (gzip) with the snapshot or the wheel, and what decides
// whether the snapshot pays for its bytes (snapshot-download.mjs).
const BUILD = null;

const indexURL = new URL("./", import.meta.url).href;
const PACKAGE = BUILD ? BUILD.rules.distribution : "";
const MODULE = BUILD ? BUILD.rules.module : "";
// The rules core the rules import, its own wheel beside theirs (the lock lists it as their dependency).
const CORE = BUILD ? BUILD.rules.core : "";
const STEPS = 2;
let evaluateJson = null;
// When each part of the boot was done, in ms since this worker started (sent with "ready" for
// benchmarks/bench_calculator.py: where a first visit's seconds go on a slow network or phone).
const phases = { time_origin: performance.timeOrigin };
const mark = (name) => {   // the first time only (no ??=: older Android WebViews run module workers without it)
  if (!(name in phases)) phases[name] = Math.round(performance.now());
};

// The largest download starts first, compiled as it arrives (below): a boot that gives up the
// snapshot (slow link) then boots the ordinary way without downloading the wasm again.
const WASM_URL = indexURL + "pyodide.asm.wasm";
const networkFetch = self.fetch.bind(self);
// The page (start-worker.js) has requested it already and sends its body, when the worker is
// given this name: as a stream, or chunk by chunk where a stream cannot be handed to a worker
// (WebKit); a response it could not get (null) is fetched here after all.
const WASM_FROM_PAGE = "wasm-from-page";
const WASM_STREAM = "wasm-stream";
const WASM_CHUNK = "wasm-chunk";
const WASM_HEADERS = { headers: { "Content-Type": "application/wasm" } };
let wasmFrom = "worker";

function relayedBody() {
  return new ReadableStream({
    start(controller) {
      self.addEventListener("message", function relay(event) {
        if (!event.data || event.data.type !== WASM_CHUNK) return;
        if (event.data.chunk) return controller.enqueue(event.data.chunk);
        self.removeEventListener("message", relay);
        if (event.data.error) controller.error(new Error(event.data.error));
        else controller.close();
      });
    },
  });
}

// How the wasm arrives, counted as it is read: whether the snapshot is worth requesting at all is
// judged by it (snapshot-download.mjs linkVerdict), before a byte of the snapshot is spent.
const wasmArrival = { since: 0, counting: 0, received: 0, ended: false, listeners: new Set() };
const now = () => performance.timeOrigin + performance.now();

const told = () => wasmArrival.listeners.forEach((listener) => listener());

function counted(body, since) {
  wasmArrival.since = since;
  if (typeof TransformStream !== "function") wasmArrival.ended = true;   // the snapshot's own download decides
  told();
  if (wasmArrival.ended) return body;
  return body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      if (!wasmArrival.counting) wasmArrival.counting = now();
      wasmArrival.received += chunk.byteLength;
      told();
    },
    flush() {
      wasmArrival.ended = true;
      told();
    },
  }));
}

// Counted on a copy: compileStreaming gets the response itself, whose compiled code Chromium
// caches by its URL (from the HTTP cache or the service worker's) and reuses on the next visit.
function fetchWasm() {
  return networkFetch(WASM_URL).then((response) => {
    if (!response.ok || !response.body) return response;
    try {
      const copy = response.clone().body;
      const count = counted(copy, now());
      if (count === copy) copy.cancel().catch(() => {});   // not countable: the copy is not read
      else {
        // Read no further once the compile has failed (Pyodide then fetches it afresh).
        const stop = new AbortController();
        wasmModule.catch(() => stop.abort());
        count.pipeTo(new WritableStream(), { signal: stop.signal }).catch(() => {});
      }
    } catch {
      wasmArrival.ended = true;   // uncounted: the snapshot's own download decides
      told();
    }
    return response;
  });
}

const wasmResponse = self.name === WASM_FROM_PAGE
  ? new Promise((resolve) => {
    self.addEventListener("message", function take(event) {
      if (!event.data || event.data.type !== WASM_STREAM) return;
      self.removeEventListener("message", take);
      const since = event.data.at || now();
      if (event.data.chunks) {
        wasmFrom = "page-relay";
        return resolve(new Response(counted(relayedBody(), since), WASM_HEADERS));
      }
      if (!event.data.stream) return resolve(fetchWasm());
      wasmFrom = "page";
      resolve(new Response(counted(event.data.stream, since), WASM_HEADERS));
    });
  })
  : fetchWasm();
wasmResponse.catch(() => {}); // Pyodide's own request reports it
// Compiled the moment it starts to arrive, as a bare Pyodide does: Pyodide itself compiles it only
// when it instantiates it, which a snapshot boot does once the snapshot has arrived, on a phone's
// network seconds after the wasm (then a second of compiling after the last byte). Pyodide's
// instantiation, and a fallback boot's after it, get this compiled module; its request for the
// wasm is answered with the same response, never read again. Where compiling fails (a wrong
// content type, a blocked compile), Pyodide instantiates from a new request and reports the
// error as it would have.
const wasmModule = wasmResponse.then((response) => {
  mark("wasm_response");
  return WebAssembly.compileStreaming(response);
}).then((module) => { mark("wasm_compiled"); return module; });
wasmModule.catch(() => {});
// Read whole (flush() has said so already), or failed to be read or compiled: then it tells nothing
// of the link, and the snapshot's own download decides.
wasmModule.finally(() => {
  wasmArrival.ended = true;
  told();
}).catch(() => {});
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async function (source, imports, ...rest) {
  let module;
  try {
    module = await wasmModule;
  } catch {
    wasmFrom += "-fetched-again";   // reported with "ready": the tests check it does not happen
    return instantiateStreaming.call(WebAssembly, networkFetch(WASM_URL), imports, ...rest);
  }
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};
self.fetch = (input, init) => (String(input) === WASM_URL
  ? wasmResponse.catch(() => networkFetch(input, init))
  : networkFetch(input, init));

function progress(step, text) {
  postMessage({ type: "progress", step, steps: STEPS, text });
}

function downloadText(bytes) {
  const size = bytes ? `约 ${(bytes / 1e6).toFixed(1)} MB` : "约 10 MB";
  return `正在下载并启动 Python 运行环境和计算规则（${size}，首次打开需要一些时间）`;
}

// CSP violations inside the worker (wasm compile, fetches) are reported here, not in the page.
self.addEventListener("securitypolicyviolation", (event) => {
  postMessage({ type: "violation", directive: event.effectiveDirective, blocked: String(event.blockedURI || "") });
});

// Fetched once, for both ways of booting: Pyodide reads its package list from it, and the
// snapshot is checked against the wheel it names.
const lock = fetch(indexURL + "pyodide-lock.json").then((response) => {
  if (!response.ok) throw new Error(`pyodide-lock.json 无法获取（HTTP ${response.status}）`);
  return response.json();
});
lock.catch(() => {}); // reported by the boot that awaits it

function options(problems, extra) {
  return {
    indexURL,
    lockFileContents: lock,
    packageBaseUrl: indexURL, // packages come from here, never from Pyodide's default CDN
    stdout: () => {},
    stderr: (line) => problems.push(line),
    ...extra,
  };
}

// Only the very bytes this build made are used: a damaged or foreign snapshot would run with
// whatever memory it holds, and its zip must be the one the snapshot expects to import from.
// SubtleCrypto checks them where the page is a secure context; over plain http from another
// host than localhost (an office intranet) sha256.mjs does it without.
function checked(file, size, sha256) {
  return async (bytes) => {
    const { sha256Hex } = await import("./sha256.mjs");
    if (bytes.length !== size || (await sha256Hex(bytes)) !== sha256) {
      throw new Error(`${file} 不是本次构建生成的文件（大小或 sha256 不符）`);
    }
    return bytes;
  };
}

async function buildFile({ file, bytes: size, sha256 }) {
  const response = await fetch(indexURL + file);
  if (!response.ok) throw new Error(`${file} 无法获取（HTTP ${response.status}）`);
  return checked(file, size, sha256)(new Uint8Array(await response.arrayBuffer()));
}

// Whether the snapshot is worth requesting at all (snapshot-download.mjs): the browser's word
// on the connection, else how fast the wasm arrives. Rejects with the reason when it is not.
async function snapshotChosen() {
  const choice = await import("./snapshot-download.mjs");
  const why = choice.connectionReason(self.navigator && self.navigator.connection) ||
    (await choice.linkVerdict(wasmArrival, BUILD.choice) ? "" : "slow-link");
  mark("snapshot_chosen");
  if (why) throw new choice.SnapshotNotWorthIt(why);
  return choice;
}

// The snapshot file holds the pages of memory that instantiating the wasm does not give
// (snapshot-pages.mjs), downloaded only while it pays (snapshot-download.mjs). Its zip (about
// 120 KB, 25 KB compressed) is checked here, then fetched again by Pyodide: from the HTTP cache
// where the host lets it be cached (the runtime folder is immutable), else once more.
async function snapshotPages(chosen) {
  const choice = await chosen;
  // Its reader and checker, loaded while it downloads (nothing of it is fetched before it is chosen).
  const modules = Promise.all([import("./snapshot-pages.mjs"), import("./sha256.mjs")]);
  const { file, bytes: size, sha256 } = BUILD.snapshot;
  const [packed, [pages]] = await Promise.all([
    choice.download(indexURL + file, size, BUILD.choice).then((bytes) => { mark("snapshot_downloaded"); return bytes; })
      .then(checked(file, size, sha256)),
    modules,
    buildFile(BUILD.snapshot.stdlib)]);
  mark("snapshot_checked");
  return pages.unpack(packed);
}

// The snapshot's download starts at once, beside the wasm's, before Pyodide's own module is even
// fetched. A refusal is handled when the boot awaits it, and must not be reported as unhandled
// before that.
const chosen = BUILD && BUILD.snapshot ? snapshotChosen() : null;
const snapshot = chosen ? snapshotPages(chosen) : null;
if (snapshot) [chosen, snapshot].forEach((promise) => promise.catch(() => {}));
const pyodideModule = import("./pyodide.mjs").catch((error) => {
  throw new Error("Python 运行环境的文件 pyodide.mjs 没能加载（" + String((error && error.message) || error) + "）",
    { cause: error });
});
pyodideModule.catch(() => {}); // reported by the boot that awaits it

async function bootFromSnapshot(loadPyodide, unpacked) {
  // Given up before it starts (a slow link, Save-Data): Pyodide is never asked to boot from it,
  // so it fetches nothing for it (the snapshot's zip) and the ordinary boot starts at once.
  await chosen;
  // The private _loadSnapshot option of Pyodide 314; the build fails if it stops working. The
  // snapshot's own zip holds only what the snapshot has not imported (a few files, not 3 MB).
  // Pyodide awaits the snapshot before it instantiates the wasm, so a snapshot given up on a slow
  // link ends this boot before the wasm is used. The pages the file leaves out are copied from
  // the memory the moment the wasm is instantiated; until then Pyodide would refuse it.
  let fill = null;
  const { watchInstantiation } = await import("./snapshot-pages.mjs");   // loaded already, beside the download
  const unwatch = watchInstantiation((memory) => fill && fill(memory));
  // Pyodide awaits it only after loading its own module: handled until then.
  const bytes = unpacked.then((u) => { fill = u.fill; return u.snapshot; });
  bytes.catch(() => {});
  let pyodide;
  try {
    pyodide = await loadPyodide(options([], { _loadSnapshot: bytes, stdLibURL: indexURL + BUILD.snapshot.stdlib.file }));
  } finally {
    unwatch();
  }
  // Set by the build before the snapshot was taken: the rules in it are the wheel this folder ships.
  const marker = JSON.parse(pyodide.globals.get("_subsidy_snapshot") || "null");
  const packages = (await lock).packages;
  const entry = packages[PACKAGE];
  const core = packages[CORE];
  const rules = pyodide.pyimport(MODULE);
  if (!marker || !entry || !core || marker.wheel_sha256 !== entry.sha256 || marker.core_sha256 !== core.sha256 ||
      marker.rules_version !== rules.RULES_VERSION) {
    throw new Error("快照中的计算规则与 pyodide-lock.json 所列的规则包不符");
  }
  // The snapshot froze the build machine's random state; every visitor gets a fresh one (called,
  // not run as code: runPython would parse and compile it first, 3 to 7 ms of the boot).
  const random = pyodide.pyimport("random");
  random.seed();
  random.destroy();
  return pyodide;
}

async function bootFromWheel(loadPyodide) {
  const problems = [];
  const pyodide = await loadPyodide(options(problems, {
    // The rules wheel is fetched while the runtime boots: this is loadPackage(PACKAGE)
    // run by loadPyodide itself, sha256 checked against the lock file all the same.
    // The core comes with it: the lock names it as the rules' dependency.
    packages: [PACKAGE],
    // The zip's files have no docstrings or comments (sitebuild/runtime/lean_sources.py): Python
    // leaves docstrings and asserts out (-OO), as the snapshot was made, and its code is then the
    // very code the original files give.
    env: { PYTHONOPTIMIZE: "2" },
  }));
  if (!pyodide.loadedPackages[PACKAGE] || !pyodide.loadedPackages[CORE]) {
    throw new Error(`计算规则包 ${PACKAGE} 未能安装（文件缺失或 sha256 校验不符）` +
      (problems.length ? "：" + problems.join("；") : ""));
  }
  return pyodide;
}

async function boot() {
  progress(1, downloadText(BUILD && BUILD.download[snapshot ? "snapshot" : "wheel"]));
  let pyodide = null;
  let from = "wheel";
  let reason = snapshot ? "" : "no-snapshot";
  // Without it neither way can boot: its failure is reported as such, not as the snapshot's.
  const { loadPyodide } = await pyodideModule;
  mark("pyodide_module");
  if (snapshot) {
    try {
      pyodide = await bootFromSnapshot(loadPyodide, snapshot);
      from = "snapshot";
    } catch (error) {
      reason = (error && error.reason) || "snapshot-failed";
      console.info("计算器改用常规方式启动（未使用预载快照）：", String((error && error.message) || error));
      if (BUILD) progress(1, downloadText(BUILD.download.wheel));
    }
  }
  if (!pyodide) pyodide = await bootFromWheel(loadPyodide);
  mark("python_started");
  progress(2, "正在载入计算规则");
  const rules = pyodide.pyimport(MODULE);
  evaluateJson = rules.evaluate_json;
  mark("ready");
  return { rulesVersion: rules.RULES_VERSION, pyodideVersion: pyodide.version, boot: from, reason, wasm: wasmFrom,
    phases };
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
  if (!event.data || event.data.type === WASM_STREAM || event.data.type === WASM_CHUNK) return;   // taken above
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
