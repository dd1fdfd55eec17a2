/* The calculator page only, before the theme's bundle: the theme's search worker starts once the
 * calculator is ready, or at once when the reader turns to search. Building the search index
 * takes about 0.7 s of processor time, and on a two-core phone it competes with the Python
 * runtime's start for the same cores. The theme itself waits the same way under file:// (it
 * builds the index when search is opened). Any other worker starts as usual. Material's index
 * itself (search/search_index.json, 20 KB compressed) is requested then too: on a phone's network
 * its bytes would share the link with the runtime's. Zensical's (search.json) is not held back:
 * its search box opens only once it has its index. */
(function () {
  "use strict";
  if (!/^https?:$/.test(location.protocol) || typeof Worker === "undefined") return;
  try {
    new EventTarget(); // the stand-in below is one
  } catch (e) {
    return;
  }
  var SEARCH_WORKER = /\/assets\/javascripts\/workers\/search\.[^/]*\.js$/;
  var SEARCH_INDEX = /\/search\/search_index\.json$/;
  var RealWorker = window.Worker;
  var waiting = [];
  var released = false;

  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (start) {
      try {
        start();
      } catch (error) {
        // one that fails must not keep the others waiting
      }
    });
  }

  // Stands in for the search worker until release: keeps what the theme posts (a message is
  // copied when it is passed on, not when posted: the themes post plain data), then starts
  // the real worker and passes its events on, so the theme cannot tell the difference.
  function deferredWorker(url, options) {
    var target = new EventTarget();
    var queue = [];
    var worker = null;
    var stopped = false;

    function pass(event) {
      var copy = event.type === "error"
        ? new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno,
          colno: event.colno, error: event.error, cancelable: true })
        : new MessageEvent(event.type, { data: event.data, ports: event.ports ? Array.from(event.ports) : [] });
      target.dispatchEvent(copy);
      var handler = target["on" + event.type];
      if (typeof handler === "function") handler.call(target, copy);
      if (copy.defaultPrevented) event.preventDefault(); // the theme handled its worker's error
    }

    function start() {
      if (stopped) return;
      try {
        worker = new RealWorker(url, options);
        ["message", "messageerror", "error"].forEach(function (type) { worker.addEventListener(type, pass); });
        queue.splice(0).forEach(function (args) { worker.postMessage(args[0], args[1]); });
      } catch (error) {
        // As if the worker had failed at once: the theme then shows that search is unavailable.
        pass(new ErrorEvent("error", { message: String((error && error.message) || error), error: error }));
      }
    }

    target.onmessage = null;
    target.onmessageerror = null;
    target.onerror = null;
    target.postMessage = function (message, transfer) {
      if (worker) worker.postMessage(message, transfer || []);
      else queue.push([message, transfer || []]);
    };
    target.terminate = function () {
      stopped = true;
      queue = [];
      if (worker) worker.terminate();
    };
    waiting.push(start);
    return target;
  }

  function pathOf(url) {
    try {
      return new URL(String(url), document.baseURI).pathname;
    } catch (e) {
      return "";   // the real call reports it
    }
  }

  window.Worker = function Worker(url, options) {
    if (!released && SEARCH_WORKER.test(pathOf(url))) return deferredWorker(url, options);
    return new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;

  // Material requests it with XMLHttpRequest: its send() waits for the release.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = typeof WeakSet === "function" ? new WeakSet() : null;
  if (held) {
    XMLHttpRequest.prototype.open = function (method, url, async) {
      // a synchronous request cannot wait: it would return without its response
      if (!released && async !== false && SEARCH_INDEX.test(pathOf(url))) held.add(this);
      else held.delete(this);
      return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      if (released || !held.has(this)) return send.apply(this, arguments);
      var request = this;
      var args = arguments;
      waiting.push(function () {
        if (held.has(request)) send.apply(request, args);   // unless opened again meanwhile
      });
      return undefined;
    };
  }

  // The reader turns to search: a text field outside the calculator's form takes focus (the
  // theme's search box, opened by click, tap or key; Zensical's sits in a shadow root, so the
  // event's own path says which field it is), or Material's search toggle is switched on.
  document.addEventListener("focusin", function (event) {
    var field = event.composedPath ? event.composedPath()[0] : event.target;
    if (field && field.closest && /^(INPUT|TEXTAREA)$/.test(field.tagName) && !field.closest("#calculator")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  });
  // The calculator's modules have run by the load event (offline.js waits the same way).
  window.addEventListener("load", function () {
    var calculator = window.subsidyCalculator;
    if (!calculator) release();
    else calculator.ready.then(release, release);
  });
})();
