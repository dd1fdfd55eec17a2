"""Calculator figures, in one run (a script, not a test): run after a build.

    .venv/bin/python benchmarks/bench_calculator.py [--site site] [--runs 5] [--evals 300] [--against DIR]
                                                    [--server nginx|python] [--settle 3]
                                                    [--profiles unthrottled,fast-4g,...] [--verify]

--profiles: the network and phone each first visit is measured on (benchmarks/throttling.py says
how each is applied and why that way), calculator and bare page alike, interleaved run by run:
  unthrottled   loopback, full speed (the detailed figures below are this profile's);
  fast-4g       DevTools' Fast 4G: 9 Mbps down, 1.5 Mbps up, 60 ms round trip (sent to Chromium
                as DevTools does: 90 % of the throughput, latency 60 x 2.75 = 165 ms per request);
  slow-4g       DevTools' Slow 4G (Lighthouse's mobile network): 1.6 Mbps, 750 kbps, 150 ms
                (sent as 90 %, 150 x 3.75 = 562.5 ms);
  fast-4g-cpu4  Fast 4G on a phone 4x slower: every thread of the renderer processes (page, its
                workers, the service worker) capped at a quarter of a core, for the bare page too;
  docs-first    Fast 4G, the calculator's tab first showing the docs' index.html (a reader on
                it until the page has fetched the calculator's runtime ahead, as it does once
                idle: html[data-calculator-warm] set; at most 60 s; the stay is printed), then
                navigating to the calculator: ready is
                counted from that navigation, against the bare page's first visit on Fast 4G.
The throttling reaches every request of the visit: the page's, its dedicated worker's (the wasm,
the snapshot, the zips) and the service worker's own fetches. Each first visit is cold: a fresh
browser context (no HTTP cache, no service worker, no Cache Storage). The table gives per
profile the calculator's and the bare page's ready time (medians), the median of each run's own
ratio, and the megabytes nginx sent for each visit ($bytes_sent: status line, headers and body,
from an access-log format of the benchmark's own, the README's block unchanged), counting every
request of that visit (page, workers, service worker; the log is read from the byte offset at
the measured navigation), once until ready and once for the whole visit (the calculator's until
the service worker has kept the docs and the runtime, then a second without a request), and the
largest files of the last run. --verify only checks the throttling (a 2.8 MB file fetched by the
page, a worker and a service worker on Slow 4G; a loop timed in each at CPU 1x and 4x).

--server: what serves the pages. nginx (the default where it is installed): Debian's nginx with
the README's server {} block, as an office runs it (tests/local_nginx.py), with its
precompressed copies and headers; bytes sent are read from its access log. python: the dev
server of `build.py serve`, plus the build's .br/.gz copies (slower: each small file of a page
costs it far more than nginx, so a page with many files, as the calculator's, suffers most); it
counts the bodies it sends, without headers.

--settle SECONDS: how long each new tab waits, blank, before the measured navigation (default 3).
Each new tab of this headless Chromium (a new window) makes the browser load its own omnibox
popup UI (chrome://omnibox-popup.top-chrome) into a renderer of its own, for about 600 ms of
processor time over the next 1-2 s. On 2 cores that lands inside whichever page is measured
then: traced, it fell inside every repeat visit of the calculator (whose first tab had just
closed) and added 300-500 ms to it. A visitor's window has long finished loading its own UI
when they open a page, so both pages wait the same time first (--settle 0: navigate at once).
Chromium's --disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup also removes that UI, but
replaces the feature list Playwright passes; the wait leaves the browser as it ships.

--against DIR: another build (say, of the previous commit, built into a copy of the checkout)
whose calculator runs alternate with this one's, so a change is compared under the same load.

- ready time: navigation start to `window.subsidyCalculator.ready` (the page's
  "calculator-ready" performance mark), against a bare page whose module worker does nothing
  but `loadPyodide()` of the same shipped files, measured in the same run, interleaved, each
  run in a fresh browser context: a cold first visit (empty caches), then a repeat visit in
  the same context (HTTP cache and, for the calculator, its service worker's cache warm; the
  service worker itself stopped, as it is when a visitor comes back).
  Goals: calculator <= 0.35x bare cold, <= 0.30x bare on a repeat visit;
- first-visit transfer of the calculator page, as served: bytes sent by a server that sends the
  build's precompressed copies (.br, else .gz, as the browser accepts) and the hosting kit's
  Cache-Control (runtime folder immutable, the rest no-cache), counted at the server, until
  ready and once the service worker has kept the docs and the runtime; goal <= 9 MB;
- the longest main-thread task while the calculator boots (PerformanceObserver `longtask`),
  and what it was: the long animation frame (`long-animation-frame`) it falls in names the
  scripts that ran (file, how they were invoked, forced style/layout) and the frame's own
  style/layout time; goal: none over 200 ms;
- evaluate p50: one typical scenario through `evaluateJSON` in the page, one call at a time
  (postMessage to the worker, Python, back); goal <= 1 ms. Measured twice: at once after ready
  (as a visitor's first calculations run, while the service worker copies the runtime into its
  cache) and once the page has settled (runtime kept, then idle). Printed beside it, from the
  same browser: the floor of the message round trip (a module worker that echoes the string)
  and the Python call alone (evaluate_json called in a loop inside a worker that booted the
  ordinary way, from the rules wheel: the same code, without the snapshot).

Reports the load average: on a shared machine, run it when the load is lowest.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))   # local_nginx: the README's nginx block, a test helper

import local_nginx  # noqa: E402
from sitebuild.hosting import serve  # noqa: E402
from sitebuild.runtime import layout  # noqa: E402

import throttling  # noqa: E402  (beside this script)
from throttling import PROFILES, Profile  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCENARIO = {"application_date": "2024-06-01", "items": [
    {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
     "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"},
                  {"name": "丙研究院", "kind": "xiamen_entity"}]},
    {"type": "tc_role", "body": "national", "role": "sc_secretariat", "unit": "甲公司", "date": "2022-03-01"},
    {"type": "benchmarking", "count": 4, "unit": "丙研究院", "date": "2023-09-01"}]}

# The baseline: Pyodide's files as Pyodide ships them, a module worker, loadPyodide() and nothing
# else. Its standard library is Pyodide's own zip trimmed to the files of the site's (bare_stdlib):
# the site's zip holds those files without comments and docstrings (sitebuild/runtime/lean_sources.py),
# which is the calculator's doing, not Pyodide's.
BARE_STDLIB = layout.RUNTIME_PREFIX + "0" * layout.HASH_DIGITS   # served as a runtime folder is: immutable
BARE_HTML = """<!doctype html><meta charset="utf-8"><title>bare loadPyodide</title>
<script type="module" src="bare.mjs"></script>"""
BARE_PAGE_JS = """const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = () => performance.mark("pyodide-ready");"""
BARE_WORKER_JS = """import { loadPyodide } from "./calculator/__RUNTIME__/pyodide.mjs";
await loadPyodide({ indexURL: new URL("./calculator/__RUNTIME__/", import.meta.url).href,
                   stdLibURL: new URL("./calculator/__BARE_STDLIB__/python_stdlib.zip", import.meta.url).href });
postMessage("ready");"""

# Both observers start before the page's first byte (an init script). Chromium's longtask
# attribution only says "window"; long animation frames name the scripts.
LONGTASKS = """window.__longtasks = [];
window.__loaf = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) =>
  window.__longtasks.push({ start: e.startTime, duration: e.duration })))
  .observe({ type: "longtask", buffered: true });
if (PerformanceObserver.supportedEntryTypes.includes("long-animation-frame")) {
  new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__loaf.push({
    start: e.startTime, duration: e.duration, renderStart: e.renderStart,
    styleAndLayoutStart: e.styleAndLayoutStart,
    scripts: e.scripts.map((s) => ({ invoker: s.invoker, type: s.invokerType, url: s.sourceURL,
      fn: s.sourceFunctionName, start: s.startTime, duration: s.duration,
      forced: s.forcedStyleAndLayoutDuration })),
  }))).observe({ type: "long-animation-frame", buffered: true });
}"""

# The round-trip floor and the Python call alone, beside the page's own figure.
ECHO_WORKER_JS = """onmessage = (event) => postMessage({ type: "result", id: event.data.id, text: event.data.text });"""
PYTHON_WORKER_JS = """import { loadPyodide } from "./calculator/__RUNTIME__/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("./calculator/__RUNTIME__/", import.meta.url).href,
                                    packages: ["subsidy-rules"], env: { PYTHONOPTIMIZE: "2" } });   // as worker.mjs
const evaluateJson = pyodide.pyimport("subsidy_rules").evaluate_json;
onmessage = (event) => {
  const { text, n } = event.data, times = [];
  for (let i = 0; i < 20; i++) evaluateJson(text);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    evaluateJson(text);
    times.push(performance.now() - t);
  }
  // performance.now() is coarse (0.1 ms) on a page without cross-origin isolation: the mean
  // over many calls is the finer figure.
  const t = performance.now();
  for (let i = 0; i < n; i++) evaluateJson(text);
  postMessage({ times, mean: (performance.now() - t) / n });
};
postMessage("ready");"""


# --verify: a fetch and a CPU loop, timed where they run (the page, a module worker, a service
# worker), to check that the throttling reaches each.
VERIFY_BYTES = 2_800_000
VERIFY_HTML = """<!doctype html><meta charset="utf-8"><title>verify throttling</title>
<script type="module" src="verify.mjs"></script>"""
VERIFY_WORKER_JS = """const timedFetch = async (url) => {
  const t = performance.now();
  const n = (await (await fetch(url, { cache: "no-store" })).arrayBuffer()).byteLength;
  return { ms: performance.now() - t, bytes: n };
};
const loop = () => {
  let x = 0;
  const t = performance.now();
  for (let i = 0; i < 1e8; i++) x += i % 7;
  return { ms: performance.now() - t, x };
};
addEventListener("message", async (event) => {
  const answer = event.data.fetch ? await timedFetch(event.data.fetch) : loop();
  (event.source || self).postMessage(answer);
});"""
VERIFY_PAGE_JS = VERIFY_WORKER_JS.split("addEventListener")[0] + """
const worker = new Worker("verify-worker.mjs", { type: "module" });
const ask = (target, message, from) => new Promise((resolve) => {
  from.onmessage = (event) => resolve(event.data);
  target.postMessage(message);
});
window.verify = {
  page: (message) => (message.fetch ? timedFetch(message.fetch) : loop()),
  worker: (message) => ask(worker, message, worker),
  serviceWorker: async (message) => {
    await navigator.serviceWorker.register("verify-sw.js");
    const registration = await navigator.serviceWorker.ready;
    return ask(registration.active, message, navigator.serviceWorker);
  },
};"""


class Handler(serve.SiteHandler):
    """The dev server (the hosting kit's headers, Cache-Control included) plus the precompressed
    copy (.br, else .gz, as the browser accepts), as nginx's brotli_static/gzip_static send it.
    Records each body it sends (body bytes only, no headers: nginx's log counts both)."""

    sent: list[dict] = []
    lock = threading.Lock()

    def send_head(self):
        self.copy = None
        path = Path(self.translate_path(self.path))
        accepted = self.headers.get("Accept-Encoding", "")
        if path.is_file():
            for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
                if encoding in accepted and path.with_name(path.name + suffix).is_file():
                    self.copy = (encoding, path.with_name(path.name + suffix))
                    break
        return super().send_head()

    def send_header(self, keyword, value):
        if keyword == "Content-Length" and self.copy:
            value = str(self.copy[1].stat().st_size)
            super().send_header("Content-Encoding", self.copy[0])
            super().send_header("Vary", "Accept-Encoding")
        super().send_header(keyword, value)

    def copyfile(self, source, outputfile):
        data = self.copy[1].read_bytes() if self.copy else source.read()
        with Handler.lock:
            Handler.sent.append({"status": "200", "sent": len(data), "uri": self.path,
                                 "encoding": self.copy[0] if self.copy else "-"})
        outputfile.write(data)


def bare_stdlib(site: Path, runtime: str, dest: Path) -> None:
    """dest/python_stdlib.zip (and its .gz and .br, as the build precompresses): Pyodide's own,
    trimmed to the files the site's holds, as the build trims it."""
    from sitebuild.postbuild.precompress import compressed
    from sitebuild.runtime import snapshot

    with zipfile.ZipFile(site / layout.CALCULATOR / runtime / snapshot.STDLIB) as shipped:
        names = {n for n in shipped.namelist() if not n.endswith("/")}
    dest.mkdir(parents=True)
    zipped = dest / snapshot.STDLIB
    snapshot.trim_stdlib(ROOT / "node_modules" / "pyodide" / snapshot.STDLIB, names, zipped, {})
    gz, br = compressed(zipped.read_bytes(), ROOT / ".build-cache" / "precompress")
    zipped.with_name(zipped.name + ".gz").write_bytes(gz)
    zipped.with_name(zipped.name + ".br").write_bytes(br)


def bench_dir(site: Path, tmp: Path, runtime: str, copy: bool = False) -> Path:
    """A served tree: the built site (symlinked, unchanged; copied for nginx's www-data workers)
    plus the bare page and its standard library."""
    if copy:
        tmp.chmod(0o755)
        shutil.copytree(site, tmp, dirs_exist_ok=True)
    else:
        for entry in site.iterdir():
            if entry.name != layout.CALCULATOR:
                (tmp / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
        (tmp / layout.CALCULATOR).mkdir()   # its own folder, for the bare page's zip beside the site's files
        for entry in (site / layout.CALCULATOR).iterdir():
            (tmp / layout.CALCULATOR / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    bare_stdlib(site, runtime, tmp / layout.CALCULATOR / BARE_STDLIB)
    if copy:
        for path in (tmp / layout.CALCULATOR / BARE_STDLIB, *(tmp / layout.CALCULATOR / BARE_STDLIB).iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
    (tmp / "bare.html").write_text(BARE_HTML, "utf-8")
    (tmp / "bare.mjs").write_text(BARE_PAGE_JS, "utf-8")
    (tmp / "bare-worker.mjs").write_text(BARE_WORKER_JS.replace("__RUNTIME__", runtime)
                                         .replace("__BARE_STDLIB__", BARE_STDLIB), "utf-8")
    (tmp / "echo-worker.mjs").write_text(ECHO_WORKER_JS, "utf-8")
    (tmp / "python-worker.mjs").write_text(PYTHON_WORKER_JS.replace("__RUNTIME__", runtime), "utf-8")
    (tmp / "verify.html").write_text(VERIFY_HTML, "utf-8")
    (tmp / "verify.mjs").write_text(VERIFY_PAGE_JS, "utf-8")
    (tmp / "verify-worker.mjs").write_text(VERIFY_WORKER_JS, "utf-8")
    (tmp / "verify-sw.js").write_text(VERIFY_WORKER_JS, "utf-8")
    (tmp / "verify.bin").write_bytes(os.urandom(VERIFY_BYTES))   # incompressible, no .gz/.br copy
    return tmp


SETTLE_MS = 3000


def settle(page) -> None:
    page.wait_for_timeout(SETTLE_MS)  # the browser's own UI for the new tab (see --settle)


def visit(page, url: str, mark: str) -> float:
    settle(page)
    page.goto(url)
    page.wait_for_function("m => performance.getEntriesByName(m).length > 0", arg=mark, timeout=180_000)
    return page.evaluate("m => performance.getEntriesByName(m)[0].startTime", mark)


# The longest task and the long animation frame it falls in.
LONGEST = """() => {
  const task = window.__longtasks.reduce((a, b) => (b.duration > a.duration ? b : a), { start: 0, duration: 0 });
  const frame = window.__loaf.find((f) => f.start <= task.start + 1 && task.start < f.start + f.duration) || null;
  return { ...task, frame };
}"""


def describe(task: dict) -> str:
    """What the longest task was, from its long animation frame: scripts, then style/layout."""
    frame = task.get("frame")
    if not task["duration"]:
        return "no long task"
    if not frame:
        return "no long animation frame covers it (rendering or a task outside a frame)"
    parts = []
    for script in sorted(frame["scripts"], key=lambda x: -x["duration"]):
        if script["duration"] < 5:
            continue
        where = (script["url"] or "").rsplit("/", 1)[-1] or "?"
        what = script["invoker"] if script["type"] != "classic-script" else "evaluate"
        forced = f", forced style/layout {script['forced']:.0f}" if script["forced"] >= 5 else ""
        parts.append(f"{where} {what} {script['duration']:.0f} ms{forced}")
    end = frame["start"] + frame["duration"]
    if frame["renderStart"]:
        parts.append(f"frame rendering {end - frame['renderStart']:.0f} ms"
                     f" (style/layout {end - max(frame['styleAndLayoutStart'], frame['renderStart']):.0f})")
    return "; ".join(parts) or f"frame of {frame['duration']:.0f} ms without scripts"


def wait_quiet(host, mark, quiet: float = 1.0, limit: float = 60.0) -> None:
    """Until the server has logged no new request for `quiet` seconds (at most `limit`)."""
    count, since, end = -1, time.monotonic(), time.monotonic() + limit
    while time.monotonic() < end:
        now = len(host.requests(mark))
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


DOCS_STAY_MS = 60_000
# offline.js marks the docs page once its fetch-ahead of the calculator's runtime has ended
WARMED = "() => /^(done|failed|skipped)/.test(document.documentElement.dataset.calculatorWarm || '')"
READY_TIMEOUT_MS = 300_000   # Slow 4G: the runtime alone is over a minute's download


def measured_visit(ctx, page, host, profile: Profile, path: str, mark: str, kept: str | None = None) -> dict:
    """A first visit of `path` in this fresh tab under the profile: ready (ms from the navigation
    to the mark), the requests the server answered until ready and until the visit is over (the
    page's `kept` selector, then a second without a request), and for docs-first the page
    visited before (its own requests, stay: until the page's network is idle, at most
    DOCS_STAY_MS)."""
    throttle = throttling.Throttle(ctx, page, profile.network) if profile.network else None
    settle(page)
    result = {}
    with throttling.cpu_slowdown(profile.cpu):
        if profile.first_page:
            before = host.mark()
            arrived = time.monotonic()
            page.goto(host.url + profile.first_page, timeout=READY_TIMEOUT_MS)
            with contextlib.suppress(Exception):   # a timeout: stayed DOCS_STAY_MS
                page.wait_for_function(WARMED, timeout=DOCS_STAY_MS, polling=100)
            result["stay_ms"] = (time.monotonic() - arrived) * 1000
            result["warm"] = page.evaluate("() => document.documentElement.dataset.calculatorWarm || ''")
            result["first_page"] = host.requests(before)
        start = host.mark()
        page.goto(host.url + path, wait_until="commit", timeout=READY_TIMEOUT_MS)
        page.wait_for_function("m => performance.getEntriesByName(m).length > 0", arg=mark,
                               timeout=READY_TIMEOUT_MS, polling=50)
        result["ready"] = page.evaluate("m => performance.getEntriesByName(m)[0].startTime", mark)
        result["at_ready"] = host.requests(start)
        result["controlled"] = page.evaluate("() => !!navigator.serviceWorker.controller")
        if kept:
            page.wait_for_selector(kept, state="attached", timeout=READY_TIMEOUT_MS)
        wait_quiet(host, start)
        result["visit"] = host.requests(start)
    result["answers"] = throttle.answers if throttle else []
    return result


def bare_run(browser, host, profile: Profile) -> dict:
    """The bare page: a first visit under the profile (and, unthrottled, a repeat visit)."""
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        result = measured_visit(ctx, page, host, dataclasses.replace(profile, first_page=None),
                                "bare.html", "pyodide-ready")
        if profile.repeat:
            page.close()  # as for the calculator: the first tab is closed, then the page is opened again
            result["repeat"] = visit(ctx.new_page(), host.url + "bare.html", "pyodide-ready")
        return result
    finally:
        ctx.close()


PHASES = ("worker", "wasm_response", "snapshot_chosen", "wasm_compiled", "pyodide_module", "snapshot_downloaded",
          "snapshot_checked", "python_started", "ready")


def worker_phases(page) -> dict:
    """The worker's boot milestones (worker.mjs), in ms after the page's navigation started."""
    info = page.evaluate("window.subsidyCalculator.ready.then(i => [i.phases || {}, performance.timeOrigin])")
    phases, page_origin = info
    shift = phases.pop("time_origin", page_origin) - page_origin
    return {"worker": shift, **{name: at + shift for name, at in phases.items()}}


def calculator_run(browser, host, profile: Profile) -> dict:
    """The calculator: a first visit under the profile (its visit ends once the service worker
    has kept the docs and the runtime), and, unthrottled, a repeat visit."""
    ctx = browser.new_context(locale="zh-CN")
    ctx.add_init_script(LONGTASKS)
    try:
        page = ctx.new_page()
        result = measured_visit(ctx, page, host, profile, "calculator/index.html", "calculator-ready",
                                kept="html[data-offline=ready]")
        result["boot"] = page.evaluate("window.subsidyCalculator.ready.then(i => i.boot)")
        result["phases"] = worker_phases(page)
        result["longest"] = page.evaluate(LONGEST)
        if profile.repeat:
            page.close()
            repeat_page = ctx.new_page()
            # A visitor comes back later, when the browser has long stopped the idle service worker:
            # it has to start again for the visit.
            cdp = ctx.new_cdp_session(repeat_page)
            cdp.send("ServiceWorker.enable")
            cdp.send("ServiceWorker.stopAllWorkers")
            cdp.detach()
            result["repeat"] = visit(repeat_page, host.url + "calculator/index.html", "calculator-ready")
            result["repeat_phases"] = worker_phases(repeat_page)
        return result
    finally:
        ctx.close()


EVALUATE = """async ([text, n]) => {
    const calc = window.subsidyCalculator, times = [];
    for (let i = 0; i < 20; i++) await calc.evaluateJSON(text);  // warm-up
    for (let i = 0; i < n; i++) {
        const t = performance.now();
        await calc.evaluateJSON(text);
        times.push(performance.now() - t);
    }
    return times;
}"""


def evaluate_times(browser, url: str, count: int) -> dict[str, list[float]]:
    """In the page: at once after ready, then settled (runtime kept by the service worker, idle)."""
    text = json.dumps(SCENARIO, ensure_ascii=False)
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        settle(page)
        page.goto(url + "calculator/index.html")
        page.evaluate("() => window.subsidyCalculator.ready")
        at_ready = page.evaluate(EVALUATE, [text, count])
        page.wait_for_selector("html[data-offline=ready]", state="attached", timeout=120_000)
        page.wait_for_timeout(1000)
        settled = page.evaluate(EVALUATE, [text, count])
    finally:
        ctx.close()
    return {"at_ready": at_ready, "settled": settled}


def floor_times(browser, url: str, count: int) -> dict:
    """The message round trip alone (echo worker) and the Python call alone, same browser."""
    text = json.dumps(SCENARIO, ensure_ascii=False)
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        settle(page)
        page.goto(url + "bare.html")
        echo = page.evaluate("""async ([text, n]) => {
            const worker = new Worker("echo-worker.mjs", { type: "module" }), times = [];
            let id = 0;
            const once = () => new Promise((resolve) => {
                worker.onmessage = (event) => resolve(event.data.text);
                worker.postMessage({ id: ++id, text });
            });
            for (let i = 0; i < 20; i++) await once();
            for (let i = 0; i < n; i++) {
                const t = performance.now();
                await once();
                times.push(performance.now() - t);
            }
            worker.terminate();
            return times;
        }""", [text, count])
        python = page.evaluate("""async ([text, n]) => {
            const worker = new Worker("python-worker.mjs", { type: "module" });
            await new Promise((resolve) => { worker.onmessage = resolve; });
            const out = await new Promise((resolve) => {
                worker.onmessage = (event) => resolve(event.data);
                worker.postMessage({ text, n });
            });
            worker.terminate();
            return out;
        }""", [text, count])
    finally:
        ctx.close()
    return {"echo": echo, "python": python["times"], "python_mean": python["mean"]}


def runtime_of(site: Path) -> str:
    runtimes = sorted(p.name for p in (site / layout.CALCULATOR).glob(layout.RUNTIME_PREFIX + "*"))
    if len(runtimes) != 1:
        sys.exit(f"{site} has no calculator runtime folder: build first (python3 build.py)")
    return runtimes[0]


BASE = "/pub/standards/"   # served under a sub-path, as offices do


def python_host(site: Path, stack: contextlib.ExitStack) -> SimpleNamespace:
    directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
    bench_dir(site, directory, runtime_of(site))
    handler = functools.partial(Handler, directory=str(directory), base=BASE, csp=None)
    server = serve.SiteServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stack.callback(server.shutdown)
    return SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}{BASE}",
                           mark=lambda: len(Handler.sent), requests=lambda mark: Handler.sent[mark:])


# One line per request, as nginx sent it: $bytes_sent counts the status line, headers and body.
# $msec (when the response ended) and $request_time (how long it took) place it in time: --waterfall.
LOG_FIELDS = ("status", "sent", "uri", "accept", "encoding", "end", "took")
LOG_FORMAT = (r"$status\t$bytes_sent\t$request_uri\t$http_accept_encoding\t$sent_http_content_encoding"
              r"\t$msec\t$request_time")


def log_requests(access_log: Path, offset: int) -> list[dict]:
    """The requests nginx logged from this byte offset of its access log on (complete lines)."""
    with access_log.open("rb") as log:
        log.seek(offset)
        lines = log.read().decode("utf-8", "replace").split("\n")[:-1]
    requests = [dict(zip(LOG_FIELDS, line.split("\t"))) for line in lines]
    for request in requests:
        request["sent"] = int(request["sent"])
        if "took" in request:
            request["end"], request["took"] = float(request["end"]), float(request["took"])
    return requests


def print_waterfall(label: str, result: dict) -> None:
    """Each request of one first visit until ready: when the server began and ended it (s from the
    visit's first request) and the bytes it sent; then ready, on the page's clock from navigation."""
    timed = [r for r in result["at_ready"] if isinstance(r.get("took"), float)]
    if not timed:
        print(f"{label}: no timed requests (the python server logs no times; use --server nginx)")
        return
    zero = min(r["end"] - r["took"] for r in timed)
    print(f"\n{label}: requests until ready (s from the first request; start-end, bytes sent)")
    for r in sorted(timed, key=lambda r: r["end"] - r["took"]):
        start = r["end"] - r["took"] - zero
        print(f"  {start:6.2f}-{r['end'] - zero:6.2f}  {r['sent'] / 1e6:6.3f} MB  {r['uri'].rsplit('/', 1)[-1][:60]}")
    print(f"  ready at {result['ready'] / 1000:.2f} s after navigation")


def nginx_host(site: Path, stack: contextlib.ExitStack) -> SimpleNamespace:
    work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xm-bench-nginx-")))
    work.chmod(0o755)
    served = work / "site"
    served.mkdir()
    bench_dir(site, served, runtime_of(site), copy=True)
    port = local_nginx.free_port()
    block = local_nginx.readme_server((ROOT / "README.md").read_text("utf-8"), port, served)
    stack.enter_context(local_nginx.running(work, block, log_format=LOG_FORMAT))
    log = work / "access.log"
    # a mark is the log's length in bytes: the requests of one visit are the lines after it
    return SimpleNamespace(url=f"http://127.0.0.1:{port}{BASE}",
                           mark=lambda: log.stat().st_size if log.exists() else 0,
                           requests=lambda mark: log_requests(log, mark) if log.exists() else [])


def verify(browser, host) -> int:
    """Throttling checked where it must act: a 2.8 MB file fetched on Slow 4G by the page, its
    module worker and a service worker (expected: bytes / throughput + latency), unthrottled
    for comparison; then a CPU loop on the page, in a worker and in a service worker at 1x and 4x."""
    slow = PROFILES["slow-4g"].network
    expected = VERIFY_BYTES / slow["downloadThroughput"] * 1000 + slow["latency"]
    print(f"{VERIFY_BYTES / 1e6} MB fetched; Slow 4G expected {expected:.0f} ms "
          f"({slow['downloadThroughput'] * 8 / 1e6:.2f} Mbit/s, {slow['latency']:.1f} ms latency)")
    for network in (None, slow):
        ctx = browser.new_context()
        try:
            page = ctx.new_page()
            throttle = throttling.Throttle(ctx, page, network) if network else None
            page.goto(host.url + "verify.html")
            page.wait_for_function("() => window.verify")
            for where in ("page", "worker", "serviceWorker"):
                out = page.evaluate(f"m => window.verify.{where}(m)", {"fetch": f"verify.bin?{where}-{time.time()}"})
                print(f"  {'Slow 4G' if network else 'unthrottled':12} {where:14} {out['ms']:7.0f} ms  {out['bytes']} bytes")
            if throttle:
                print(f"  CDP answers: {'; '.join(f'{k} {m}: {e or 'ok'}' for k, m, e in throttle.answers)}")
        finally:
            ctx.close()
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(host.url + "verify.html")
        page.wait_for_function("() => window.verify")
        page.evaluate("() => window.verify.serviceWorker({})")  # registered and started
        for rate in (1, 4, 1):
            with throttling.cpu_slowdown(rate):
                times = {where: sorted(page.evaluate(f"m => window.verify.{where}(m)", {})["ms"] for _ in range(5))[2]
                         for where in ("page", "worker", "serviceWorker")}
            print(f"  CPU {rate}x loop, median of 5: " + ", ".join(f"{w} {ms:.0f} ms" for w, ms in times.items()))
    finally:
        ctx.close()
    return 0


def megabytes(requests: list[dict]) -> float:
    return sum(r["sent"] for r in requests) / 1e6


def top_files(requests: list[dict], n: int = 5) -> str:
    by_file: dict[str, int] = {}
    for r in requests:
        name = r["uri"].split("?")[0].replace(BASE, "", 1)
        name = re.sub(layout.RUNTIME_NAME_PATTERN + "/", layout.RUNTIME_PREFIX + "*/", name)
        key = f"{name} ({r['encoding']})" if r.get("encoding", "-") != "-" else name
        by_file[key] = by_file.get(key, 0) + r["sent"]
    top = sorted(by_file.items(), key=lambda item: -item[1])[:n]
    return ", ".join(f"{name} {size / 1e6:.2f}" for name, size in top)


def print_profiles(names, calc, bare, against) -> None:
    """The table: each profile's calculator first visit beside the bare page's, medians of the runs."""
    med = statistics.median
    print("first visit (cold), median of runs; MB as the server sent them (nginx: $bytes_sent; python: bodies), "
          "until ready / whole visit")
    print(f"{'profile':14} {'calculator ms':>13} {'bare ms':>9} {'ratio':>7}   {'calc MB':>11}   {'bare MB':>11}   runs (calc / bare ms)")
    for name in names:
        c, b = calc[name], bare[PROFILES[name].bare_key]
        ratio = med(x["ready"] / y["ready"] for x, y in zip(c, b))
        print(f"{name:14} {med(x['ready'] for x in c):13.0f} {med(y['ready'] for y in b):9.0f} {ratio:6.3f}x"
              f"   {med(megabytes(x['at_ready']) for x in c):5.2f}/{med(megabytes(x['visit']) for x in c):5.2f}"
              f"   {med(megabytes(y['at_ready']) for y in b):5.2f}/{med(megabytes(y['visit']) for y in b):5.2f}"
              f"   {', '.join(f'{x['ready']:.0f}' for x in c)} / {', '.join(f'{y['ready']:.0f}' for y in b)}")
        if name in against:
            a = against[name]
            print(f"{'  --against':14} {med(x['ready'] for x in a):13.0f} {'':9} "
                  f"{med(x['ready'] / y['ready'] for x, y in zip(a, b)):6.3f}x"
                  f"   {med(megabytes(x['at_ready']) for x in a):5.2f}/{med(megabytes(x['visit']) for x in a):5.2f}"
                  f"   this build / that one, run by run: {med(x['ready'] / y['ready'] for x, y in zip(c, a)):.3f}x")
    print("the worker's boot, ms after navigation (median of runs; worker.mjs phases)")
    for name in names:
        for label, key in ((name, "phases"), (f"{name} repeat", "repeat_phases")):
            runs = [r[key] for r in calc[name] if r.get(key)]
            done = [p for p in PHASES if all(p in r for r in runs)] if runs else []
            if done:
                print(f"  {label:14} " + ", ".join(f"{p.replace('_', ' ')} {med(r[p] for r in runs):.0f}" for p in done))
    print("largest files (MB sent, last run's visit):")
    shown = set()
    for name in names:
        last, key = calc[name][-1], PROFILES[name].bare_key
        print(f"  {name:14} calculator: {top_files(last['visit'])}")
        if key not in shown:   # docs-first's bare visit is Fast 4G's
            print(f"  {'':14} bare:       {top_files(bare[key][-1]['visit'])}")
            shown.add(key)
        if last.get("first_page") is not None:
            print(f"  {'':14} first page {PROFILES[name].first_page}: {megabytes(last['first_page']):.2f} MB "
                  f"({len(last['first_page'])} requests, the runtime fetched ahead included) in a stay of "
                  f"{last['stay_ms'] / 1000:.1f} s (fetch-ahead: {last['warm'] or 'not ended'}); calculator page "
                  f"controlled by the service worker at ready: {last['controlled']}")
    answers = sorted({f"{kind} {method}: {error or 'ok'}"
                      for runs in calc.values() for r in runs for kind, method, error in r["answers"]})
    if answers:
        print(f"throttled targets (CDP answers): {'; '.join(answers)}")


def print_unthrottled(calc, bare, against, other, evals, floor) -> None:
    """The unthrottled profile in detail: cold and repeat visits, longest task, evaluate."""
    med = statistics.median
    bare_cold, bare_repeat = med(b["ready"] for b in bare), med(b["repeat"] for b in bare)
    calc_cold, calc_repeat = med(c["ready"] for c in calc), med(c["repeat"] for c in calc)
    boots = sorted({c["boot"] for c in calc})
    print(f"bare loadPyodide()   cold   median {bare_cold:6.0f} ms   runs: {', '.join(f'{b['ready']:.0f}' for b in bare)}")
    print(f"                     repeat median {bare_repeat:6.0f} ms   runs: {', '.join(f'{b['repeat']:.0f}' for b in bare)}")
    print(f"calculator ready     cold   median {calc_cold:6.0f} ms   runs: {', '.join(f'{c['ready']:.0f}' for c in calc)}"
          f"   (booted from: {', '.join(boots)})")
    print(f"                     repeat median {calc_repeat:6.0f} ms   runs: {', '.join(f'{c['repeat']:.0f}' for c in calc)}")
    print(f"ratio cold           {calc_cold / bare_cold:.3f}x bare cold     (goal <= 0.35x; "
          f"median of each run's own ratio {med(c['ready'] / b['ready'] for b, c in zip(bare, calc)):.3f}x)")
    print(f"ratio repeat         {calc_repeat / bare_repeat:.3f}x bare repeat   (goal <= 0.30x; "
          f"{calc_repeat / bare_cold:.3f}x bare cold)")
    sent, at_ready = med(megabytes(c["visit"]) for c in calc), med(megabytes(c["at_ready"]) for c in calc)
    print(f"first-visit transfer {at_ready:.2f} MB as served until ready (goal <= 9 MB); "
          f"{sent:.2f} MB once the service worker has kept the docs and the runtime")
    worst = max((c["longest"] for c in calc), key=lambda t: t["duration"])
    print(f"longest main-thread task during boot   max {worst['duration']:.0f} ms   "
          f"runs: {', '.join(f'{c['longest']['duration']:.0f}' for c in calc)}   (goal: none over 200 ms)")
    for n, c in enumerate(calc, 1):
        print(f"  run {n}: {c['longest']['duration']:4.0f} ms at {c['longest']['start']:5.0f} ms: {describe(c['longest'])}")

    if against:
        print(f"against {other} (booted from: {', '.join(sorted({a['boot'] for a in against}))}):")
        print(f"  ready cold   median {med(a['ready'] for a in against):6.0f} ms   runs: {', '.join(f'{a['ready']:.0f}' for a in against)}"
              f"   this build / that one, run by run: median {med(c['ready'] / a['ready'] for c, a in zip(calc, against)):.3f}x")
        print(f"  ready repeat median {med(a['repeat'] for a in against):6.0f} ms   runs: {', '.join(f'{a['repeat']:.0f}' for a in against)}"
              f"   this build / that one, run by run: median {med(c['repeat'] / a['repeat'] for c, a in zip(calc, against)):.3f}x")
        print(f"  longest task runs: {', '.join(f'{a['longest']['duration']:.0f}' for a in against)} ms "
              f"(this build: {', '.join(f'{c['longest']['duration']:.0f}' for c in calc)})")

    def spread(times: list[float]) -> str:
        q = statistics.quantiles(times, n=100)
        return f"p50 {statistics.median(times):.2f} ms   p90 {q[89]:.2f} ms   max {max(times):.2f} ms   n={len(times)}"

    print(f"evaluate (in page)   at ready {spread(evals['at_ready'])}")
    print(f"                     settled  {spread(evals['settled'])}   (goal p50 <= 1 ms)")
    print(f"  floor: echo worker round trip {spread(floor['echo'])}")
    print(f"  Python evaluate_json alone    {spread(floor['python'])}   mean {floor['python_mean']:.3f} ms")


def main(argv: list[str]) -> int:
    global SETTLE_MS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--evals", type=int, default=300)
    parser.add_argument("--profiles", default=",".join(PROFILES),
                        help=f"comma-separated, in this order: {', '.join(PROFILES)} (default: all)")
    parser.add_argument("--verify", action="store_true",
                        help="only check the throttling: a 2.8 MB fetch on Slow 4G from the page, a worker "
                             "and a service worker, and a loop on the page and in a worker at CPU 1x and 4x")
    parser.add_argument("--against", type=Path, default=None,
                        help="another build (say, of the previous commit) whose calculator runs are "
                             "interleaved with this one's: an A/B comparison in the same load")
    parser.add_argument("--server", choices=("nginx", "python"),
                        default="nginx" if Path(local_nginx.NGINX).exists() else "python",
                        help="what serves the pages: Debian's nginx with the README's block (the default "
                             "where it is installed), or the dev server of build.py serve")
    parser.add_argument("--settle", type=float, default=SETTLE_MS / 1000,
                        help="seconds each new tab waits before the measured navigation, so the browser's "
                             "own UI for the new window has loaded (0: navigate at once)")
    parser.add_argument("--waterfall", action="store_true",
                        help="also print, for each profile, the first run's requests in time (nginx only)")
    args = parser.parse_args(argv)
    if args.settle < 0:
        parser.error("--settle: seconds, 0 or more")
    names = [n.strip() for n in args.profiles.split(",") if n.strip()]
    if not names or any(n not in PROFILES for n in names):
        parser.error(f"--profiles: some of {', '.join(PROFILES)}")
    SETTLE_MS = round(args.settle * 1000)
    site = args.site.resolve()
    runtime_of(site)   # exits with a message when there is no build
    other = args.against.resolve() if args.against else None

    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    start_host = nginx_host if args.server == "nginx" else python_host
    with contextlib.ExitStack() as stack, sync_playwright() as pw:
        host = start_host(site, stack)
        other_host = start_host(other, stack) if other else None
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            if args.verify:
                return verify(browser, host)
            bare_run(browser, host, PROFILES["unthrottled"])  # warm the OS file cache once
            bare: dict[tuple, list] = {}
            calc: dict[str, list] = {n: [] for n in names}
            against: dict[str, list] = {n: [] for n in names} if other_host else {}
            for n in range(args.runs):
                for name in names:
                    profile = PROFILES[name]
                    runs = bare.setdefault(profile.bare_key, [])
                    if len(runs) == n:   # docs-first shares Fast 4G's bare first visit
                        runs.append(bare_run(browser, host, profile))
                    if other_host and n % 2:  # the two builds take turns going first
                        against[name].append(calculator_run(browser, other_host, profile))
                    calc[name].append(calculator_run(browser, host, profile))
                    if other_host and not n % 2:
                        against[name].append(calculator_run(browser, other_host, profile))
            if "unthrottled" in names:
                evals = evaluate_times(browser, host.url, args.evals)
                floor = floor_times(browser, host.url, args.evals)
        finally:
            browser.close()
    load_after = os.getloadavg()

    print(f"load average         {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min); {os.cpu_count()} cores; "
          f"served by {args.server}; "
          f"each tab waited {SETTLE_MS / 1000:g} s before navigating")
    if "unthrottled" in names:
        print_unthrottled(calc["unthrottled"], bare[PROFILES["unthrottled"].bare_key],
                          against.get("unthrottled"), other, evals, floor)
    print_profiles(names, calc, bare, against)
    if args.waterfall:
        for name in names:
            print_waterfall(f"calculator, {name}", calc[name][0])
            print_waterfall(f"bare Pyodide, {name}", bare[PROFILES[name].bare_key][0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
