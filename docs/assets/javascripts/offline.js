// Registers the site's service worker (site root sw.js), so that after a first
// visit the docs and the calculator work without a network. Nothing under file://.
// Registration waits for the page to load, and on the calculator page for Pyodide to
// boot, so caching never competes with what the reader is waiting for. The calculator
// page then asks the worker to keep the runtime too; <html data-offline="ready"> says
// the page now works offline.
//
// While a reader is on the docs, the calculator's runtime is fetched in the background, once the
// page is idle and where the connection allows it (the calculator's own rule, in its runtime
// folder's snapshot-download.mjs: not on Save-Data, not on 2G/3G), so a first visit to the
// calculator finds it downloaded. The service worker keeps it with the rest of the site; without
// one (iOS in-app browsers, plain http) the browser's HTTP cache does (the runtime folder is
// served immutable). <html data-calculator-warm> says how it went.
(function () {
  if (!/^https?:$/.test(location.protocol)) return;
  var config = document.getElementById("__config");
  var base = config ? JSON.parse(config.textContent).base : ".";
  var root = new URL(base.replace(/\/?$/, "/"), location.href);
  var url = new URL("sw.js", root);
  var worker = "serviceWorker" in navigator;

  function warmed(state) {
    document.documentElement.setAttribute("data-calculator-warm", state);
  }

  function fetchEach(folder, files) {
    return files.reduce(function (previous, file) {
      return previous.then(function () {
        return fetch(new URL(file, folder).href).then(function (response) { return response.arrayBuffer(); });
      });
    }, Promise.resolve());
  }

  function warmCalculator(registered) {
    var list = new URL("calculator/warm.json", root);
    return fetch(list.href).then(function (response) {
      if (!response.ok) throw new Error("warm.json: HTTP " + response.status);
      return response.json();
    }).then(function (warm) {
      var folder = new URL(warm.runtime, list);
      // a browser that cannot run the calculator gets nothing of it
      if (typeof WebAssembly === "undefined" || typeof Worker === "undefined") return warmed("skipped-unsupported");
      return import(new URL("snapshot-download.mjs", folder).href).then(function (choice) {
        var why = choice.connectionReason(navigator.connection);
        if (why) return warmed("skipped-" + why);
        warmed("loading");
        var kept = registered ? navigator.serviceWorker.ready.then(function (registration) {
          return new Promise(function (resolve, reject) {
            navigator.serviceWorker.addEventListener("message", function (event) {
              if (event.data && event.data.type === "calculator-cached") (event.data.ok ? resolve : reject)();
            });
            registration.active.postMessage({ type: "cache-calculator" });
          });
        }) : fetchEach(folder, warm.files);
        return kept.then(function () { warmed("done"); });
      });
    }).catch(function () {
      warmed("failed");   // the calculator page downloads what it needs itself
    });
  }

  function whenIdle(callback) {
    if (window.requestIdleCallback) window.requestIdleCallback(callback, { timeout: 5000 });
    else setTimeout(callback, 2000);
  }

  function register() {
    if (!worker) return Promise.reject(new Error("no service worker"));
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

  function httpsNote() {
    var status = document.querySelector(".calc-status");
    if (!status || document.querySelector(".calc-offline-note")) return;
    var note = document.createElement("p");
    note.className = "calc-offline-note";
    note.setAttribute("role", "note");
    note.textContent = "本页是通过 http 打开的：计算器照常可用，但不能保存到本机供断网时使用。" +
      "需要离线使用时，请通过 https 访问本站。";
    status.after(note);
  }

  // The calculator's modules run before the load event; by then window.subsidyCalculator exists.
  window.addEventListener("load", function () {
    var calculator = window.subsidyCalculator;
    if (!calculator) {
      // A registration with no worker in it (a browser that blocks them) keeps nothing.
      register().then(function (registration) {
        return !!(registration && (registration.installing || registration.waiting || registration.active));
      }, function () { return false; }).then(function (registered) {
        whenIdle(function () { warmCalculator(registered); });
      });
      return;
    }
    if (!window.isSecureContext) {
      // Plain http from another host (an office intranet): no service worker can keep the page.
      calculator.ready.then(httpsNote).catch(function () {});
      return;
    }
    calculator.ready.then(register).then(keepCalculator).catch(function () {
      /* the calculator page shows its own error */
    });
  });
})();
