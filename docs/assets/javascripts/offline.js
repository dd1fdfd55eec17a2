// Registers the site's service worker (site root sw.js), so that after a first
// visit the docs and the calculator work without a network. Nothing under file://.
// Registration waits for the page to load, and on the calculator page for Pyodide to
// boot, so caching never competes with what the reader is waiting for. The calculator
// page then asks the worker to keep the runtime too; <html data-offline="ready"> says
// the page now works offline.
(function () {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var config = document.getElementById("__config");
  var base = config ? JSON.parse(config.textContent).base : ".";
  var url = new URL(base.replace(/\/?$/, "/") + "sw.js", location.href);

  function register() {
    return navigator.serviceWorker.register(url.href).catch(function (error) {
      console.warn("离线缓存未启用：", error);
      throw error;
    });
  }

  function keepCalculator() {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "calculator-cached") {
        document.documentElement.setAttribute("data-offline", event.data.ok ? "ready" : "failed");
      }
    });
    return navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({ type: "cache-calculator" });
    });
  }

  // The calculator's modules run before the load event; by then window.subsidyCalculator exists.
  window.addEventListener("load", function () {
    var calculator = window.subsidyCalculator;
    if (!calculator) {
      register().catch(function () {});
      return;
    }
    calculator.ready.then(register).then(keepCalculator).catch(function () {
      /* the calculator page shows its own error */
    });
  });
})();
