/* The calculator page only, before the theme's bundle: the theme's search worker starts once the
 * calculator is ready, or at once when the reader turns to the search box. Building the search
 * index takes about 0.7 s of processor time, and on a two-core phone it competes with the
 * Python runtime's start for the same cores. The theme itself waits the same way under file://
 * (it builds the index when search is opened). Any other worker is started as usual. */
(function () {
  "use strict";
  if (!/^https?:$/.test(location.protocol) || typeof Worker === "undefined" ||
      typeof EventTarget === "undefined") return;
  var SEARCH_WORKER = /\/assets\/javascripts\/workers\/search\.[^/]*\.js$/;
  var RealWorker = window.Worker;
  var starts = [];
  var released = false;

  function release() {
    if (released) return;
    released = true;
    starts.splice(0).forEach(function (start) { start(); });
  }

  // Stands in for the search worker until release: keeps what the theme posts, then starts the
  // real worker and passes its events on, so the theme cannot tell the difference.
  class DeferredWorker extends EventTarget {
    #queue = [];
    #worker = null;
    #start = null;

    constructor(url, options) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.#start = () => {
        this.#worker = new RealWorker(url, options);
        for (const type of ["message", "messageerror", "error"]) {
          this.#worker.addEventListener(type, (event) => this.#pass(event));
        }
        for (const [message, transfer] of this.#queue.splice(0)) this.#worker.postMessage(message, transfer);
      };
      if (released) this.#start();
      else starts.push(this.#start);
    }

    #pass(event) {
      const copy = event.type === "error"
        ? new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno, colno: event.colno, error: event.error })
        : new MessageEvent(event.type, { data: event.data });
      this.dispatchEvent(copy);
      const handler = this["on" + event.type];
      if (typeof handler === "function") handler.call(this, copy);
    }

    postMessage(message, transfer = []) {
      if (this.#worker) this.#worker.postMessage(message, transfer);
      else this.#queue.push([message, transfer]);
    }

    terminate() {
      this.#queue = [];
      if (this.#worker) this.#worker.terminate();
      else if (starts.includes(this.#start)) starts.splice(starts.indexOf(this.#start), 1);
    }
  }

  window.Worker = function Worker(url, options) {
    var href = String(url instanceof URL ? url.href : url);
    if (!released && SEARCH_WORKER.test(new URL(href, location.href).pathname)) return new DeferredWorker(href, options);
    return new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;

  // The reader turns to search: the search box takes focus (click, tap or the theme's keys).
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.closest && event.target.closest(".md-search")) release();
  });
  // The calculator's modules have run by the load event (offline.js waits the same way).
  window.addEventListener("load", function () {
    var calculator = window.subsidyCalculator;
    if (!calculator) release();
    else calculator.ready.then(release, release);
  });
})();
