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
  // worker could (on a phone's network each request waits a round trip: ~0.5 s sooner on 4G).
  // Its body goes to the worker as a stream, which Pyodide compiles as it arrives. Only where
  // the browser can hand a stream to a worker; elsewhere the worker fetches it itself, as the
  // name it is given tells it (worker.mjs, WASM_FROM_PAGE).
  var fromPage = canTransferStreams();
  try {
    // The build names this build's runtime folder (runtime-<hash>/) on this script's tag.
    var runtime = document.currentScript.getAttribute("data-calculator-runtime") || "";
    wasmURL = new URL(runtime + "pyodide.asm.wasm", document.currentScript.src);
    worker = new Worker(new URL(runtime + "worker.mjs", document.currentScript.src),
      { type: "module", name: fromPage ? "wasm-from-page" : "" });
  } catch (e) {
    return;
  }
  if (fromPage) {
    fetch(wasmURL).then(function (response) {
      if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
      worker.postMessage({ type: "wasm-stream", stream: response.body }, [response.body]);
    }).catch(function () {
      worker.postMessage({ type: "wasm-stream", stream: null });   // the worker fetches it itself
    });
  }
  var early = [];
  function keep(event) { early.push(event); }
  worker.addEventListener("message", keep);
  worker.addEventListener("error", keep);
  window.subsidyCalculatorWorker = Object.freeze({
    wasmFromPage: fromPage,
    take: function () {
      worker.removeEventListener("message", keep);
      worker.removeEventListener("error", keep);
      var taken = { worker: worker, early: early };
      early = [];
      return taken;
    },
  });
})();
