"""The calculator's Python worker is created from the top of the page's <head>, before the
theme's stylesheets and scripts (overrides/calculator.html): the worker's thread is set up by
the page's main thread, and once the theme's bundle runs (about 60 ms of processor time, far
longer on a busy two-core machine) the worker's start would wait for it. Both builders' sites."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.builders]

# Before the page's first byte: note what the parser had reached when worker.mjs was created.
RECORD = """window.__workerStarts = [];
const NativeWorker = window.Worker;
window.Worker = function (url, options) {
  if (String(url).includes("/worker.mjs")) {
    window.__workerStarts.push({
      by: document.currentScript ? document.currentScript.src : "",
      loading: document.readyState === "loading",
      stylesheets: document.querySelectorAll('link[rel="stylesheet"]').length,
      themeScripts: document.querySelectorAll('script[src*="/assets/javascripts/bundle."]').length,
    });
  }
  return new NativeWorker(url, options);
};
window.Worker.prototype = NativeWorker.prototype;"""


def test_the_worker_is_created_before_the_theme_loads(context, site_url):
    context.add_init_script(RECORD)
    page = context.new_page()
    page.goto(site_url + "calculator/index.html")
    info = page.evaluate("() => window.subsidyCalculator.ready")
    assert info["boot"] == "snapshot"
    starts = page.evaluate("window.__workerStarts")
    assert len(starts) == 1, starts   # one worker: calc-engine.js took over the early one
    start = starts[0]
    assert start["by"].endswith("/calculator/start-worker.js"), start
    assert start["loading"] and start["stylesheets"] == 0 and start["themeScripts"] == 0, start


def test_start_worker_runs_as_it_arrives(built_site):
    """A plain script at the top of <head>: not async (an async script may wait for a free
    moment of the main thread), and no stylesheet before it holds it back."""
    html = (built_site / "calculator" / "index.html").read_text("utf-8")
    head = html[: html.index("</head>")]
    tag = re.search(r'<script src="(\./)?start-worker\.js"[^>]*>', head)
    assert tag, "start-worker.js is in the head"
    tag_start, tag = tag.start(), tag.group(0)
    assert "async" not in tag and "defer" not in tag and 'data-calculator-runtime="runtime-' in tag, tag
    assert 'rel="stylesheet"' not in head[:tag_start]
    assert head.index('<meta charset="utf-8">') < tag_start


# --- pyodide.asm.wasm: requested by the page, one round trip before the worker could ---------

WASM = "/pyodide.asm.wasm"

# A browser that cannot hand a stream to a worker (start-worker.js tests this very call).
NO_STREAM_TRANSFER = """(() => {
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message, transfer) {
    if ([].concat(transfer || []).some((x) => x instanceof ReadableStream)) {
      throw new DOMException("ReadableStream is not transferable here", "DataCloneError");
    }
    return post.apply(this, arguments);
  };
})();"""


def boot_with_requests(context, site_url):
    urls = []
    context.on("request", lambda request: urls.append(request.url))   # the worker's too
    page = context.new_page()
    page.goto(site_url + "calculator/index.html")
    info = page.evaluate("() => window.subsidyCalculator.ready")
    total = page.evaluate("() => window.subsidyCalculator.evaluateJSON('{\"items\": []}')")
    assert '"ok": true' in total or '"ok":true' in total, total
    return info, [u for u in urls if u.endswith(WASM)]


def test_the_page_requests_the_wasm_and_hands_its_body_to_the_worker(context, site_url):
    info, wasm = boot_with_requests(context, site_url)
    assert info["boot"] == "snapshot" and info["wasm"] == "page", info
    assert len(wasm) == 1, wasm   # never downloaded twice


def test_without_transferable_streams_the_page_relays_the_wasm_chunk_by_chunk(context, site_url):
    """As in Safari and WebKit: the page's request still feeds the worker, chunk by chunk."""
    context.add_init_script(NO_STREAM_TRANSFER)
    info, wasm = boot_with_requests(context, site_url)
    assert info["boot"] == "snapshot" and info["wasm"] == "page-relay", info
    assert len(wasm) == 1, wasm


def test_a_failed_page_request_for_the_wasm_is_made_again_by_the_worker(context, site_url):
    failed = []

    def first_fails(route):
        if not failed:
            failed.append(route.request.url)
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()

    context.route("**" + WASM, first_fails)
    info, wasm = boot_with_requests(context, site_url)
    assert failed, "the page's request was answered 503"
    assert info["boot"] == "snapshot" and info["wasm"] == "worker", info
    assert len(wasm) == 2, wasm
