// Registers the site's service worker (site root sw.js), so that after a first
// visit the docs and the calculator work without a network. Nothing under file://.
// On the calculator page, once Pyodide has booted, the worker is asked to keep the
// runtime too; <html data-offline="ready"> then says the page works offline.
(function () {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var config = document.getElementById("__config");
  var base = config ? JSON.parse(config.textContent).base : ".";
  var url = new URL(base.replace(/\/?$/, "/") + "sw.js", location.href);
  navigator.serviceWorker.register(url.href).catch(function (error) {
    console.warn("离线缓存未启用：", error);
  });
  // calculator.js loads async; by the load event it has defined window.subsidyCalculator.
  window.addEventListener("load", function () {
    if (!window.subsidyCalculator) return;
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "calculator-cached") {
        document.documentElement.setAttribute("data-offline", event.data.ok ? "ready" : "failed");
      }
    });
    Promise.all([window.subsidyCalculator.ready, navigator.serviceWorker.ready]).then(function (done) {
      done[1].active.postMessage({ type: "cache-calculator" });
    }).catch(function () { /* the calculator page shows its own error */ });
  });
})();
