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
