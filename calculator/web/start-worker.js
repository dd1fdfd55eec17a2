/* Starts the calculator's Python worker as early as the page allows. Pyodide needs ~2 s to
 * boot; this file is tiny, so it runs long before the form's modules (calc-main.js and its
 * imports) have arrived and the boot starts that much sooner. calc-engine.js takes the worker
 * over with take(), which hands it the messages and errors that came in meanwhile, in order.
 * Where the worker cannot start here (file://, old browser, blocked), nothing is set and
 * calc-engine.js starts it itself and explains what is wrong (under file://, calculator.js). */
(function () {
  "use strict";
  if (!/^https?:$/.test(location.protocol) || typeof Worker === "undefined" ||
      typeof WebAssembly === "undefined" || !document.currentScript) return;
  var worker;
  try {
    // The build names this build's runtime folder (runtime-<hash>/) on this script's tag.
    var runtime = document.currentScript.getAttribute("data-calculator-runtime") || "";
    worker = new Worker(new URL(runtime + "worker.mjs", document.currentScript.src), { type: "module" });
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
})();
