/* Starts the calculator's Python worker as early as the page allows. Pyodide needs ~2 s to
 * boot; this file is tiny, so it runs long before the form's modules (calc-main.js and its
 * imports) have arrived and the boot starts that much sooner. calc-engine.js takes the worker
 * over with take(), which hands it the messages and errors that came in meanwhile, in order.
 * Where the worker cannot start here (file://, old browser, blocked), nothing is set and
 * calc-engine.js starts it itself and explains what is wrong (under file://, calculator.js). */
(function () {
  "use strict";
  function canTransferStreams() {
    try {
      var stream = new ReadableStream();
      var channel = new MessageChannel();
      channel.port1.postMessage(stream, [stream]);   // throws where streams are not transferable
      channel.port1.close();
      channel.port2.close();
      return typeof fetch === "function";
    } catch (e) {
      return false;
    }
  }
  if (!/^https?:$/.test(location.protocol) || typeof Worker === "undefined" ||
      typeof WebAssembly === "undefined" || !document.currentScript) return;
  var worker, wasmURL;
  // The largest file, pyodide.asm.wasm, is requested from here, one request earlier than the
  // worker could (on a phone's network each request waits a round trip: ~0.5 s sooner on 4G;
  // the worker's own script and modules queue behind the page's for the browser's six
  // connections to a host). Its body goes to the worker as it arrives, which Pyodide compiles as
  // it comes: as one stream where the browser can hand a stream to a worker (Chromium, Firefox),
  // else chunk by chunk (Safari, WebKit). The worker is given a name that tells it to wait for
  // it (worker.mjs, WASM_FROM_PAGE). No <link rel="preload"> asks for it sooner: Safari would
  // not give that response to fetch(), and would download the 2.8 MB twice.
  //
  // Not when the site's service worker controls the page (a visit after the first, or after the
  // docs fetched the runtime ahead): it answers from its cache at once, and the worker's own
  // request gives WebAssembly.compileStreaming the response itself, whose compiled code Chromium
  // keeps and reuses on the next visit; a body handed over from here is a new response, without
  // the URL that cache is keyed by, compiled afresh each time.
  var transferStream = canTransferStreams();
  var fromPage;
  try {
    fromPage = !(navigator.serviceWorker && navigator.serviceWorker.controller);   // may throw (Firefox, cookies blocked)
  } catch (e) {
    fromPage = true;
  }
  try {
    // The build names this build's runtime folder (runtime-<hash>/) on this script's tag.
    var runtime = document.currentScript.getAttribute("data-calculator-runtime") || "";
    wasmURL = new URL(runtime + "pyodide.asm.wasm", document.currentScript.src);
    worker = new Worker(new URL(runtime + "worker.mjs", document.currentScript.src),
      fromPage ? { type: "module", name: "wasm-from-page" } : { type: "module" });
  } catch (e) {
    return;
  }
  var early = [];
  function keep(event) { early.push(event); }
  worker.addEventListener("message", keep);
  worker.addEventListener("error", keep);
  window.subsidyCalculatorWorker = Object.freeze({
    take: function () {
      worker.removeEventListener("message", keep);
      worker.removeEventListener("error", keep);
      var taken = { worker: worker, early: early };
      early = [];
      return taken;
    },
  });
  if (!fromPage) return;
  function relay(reader) {
    return reader.read().then(function (part) {
      if (part.done) return worker.postMessage({ type: "wasm-chunk", done: true });
      var bytes = part.value;   // handed over, not copied, unless it shares its buffer
      if (bytes.byteOffset || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
      worker.postMessage({ type: "wasm-chunk", chunk: bytes }, [bytes.buffer]);
      return relay(reader);
    });
  }
  var sent = false;
  fetch(wasmURL).then(function (response) {
    if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
    // When its response began: the worker judges the link by how fast the wasm arrives after it.
    var at = performance.timeOrigin ? performance.timeOrigin + performance.now() : 0;   // 0: the worker's own clock
    if (transferStream) {
      try {
        worker.postMessage({ type: "wasm-stream", stream: response.body, at: at }, [response.body]);
        sent = true;
        return undefined;
      } catch (e) {
        // not transferable after all: relayed
      }
    }
    worker.postMessage({ type: "wasm-stream", chunks: true, at: at });
    sent = true;
    return relay(response.body.getReader());
  }).catch(function (error) {
    // Before any byte went over, the worker fetches it itself; after, it fetches it afresh.
    if (!sent) worker.postMessage({ type: "wasm-stream", stream: null });
    else worker.postMessage({ type: "wasm-chunk", error: String((error && error.message) || error) });
  });
})();
