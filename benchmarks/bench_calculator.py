"""Calculator figures, in one run (a script, not a test): run after a build.

    .venv/bin/python benchmarks/bench_calculator.py [--site site] [--runs 5] [--evals 300] [--against DIR]
                                                    [--server nginx|python] [--settle 3]

--server: what serves the pages. nginx (the default where it is installed): Debian's nginx with
the README's server {} block, as an office runs it (sitebuild/local_nginx.py), with its
precompressed copies and headers; bytes sent are read from its access log. python: the dev
server of `build.py serve`, plus the build's .br/.gz copies (slower: each small file of a page
costs it far more than nginx, so a page with many files, as the calculator's, suffers most).

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
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitebuild import local_nginx, serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCENARIO = {"application_date": "2024-06-01", "items": [
    {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
     "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"},
                  {"name": "丙研究院", "kind": "xiamen_entity"}]},
    {"type": "tc_role", "body": "national", "role": "sc_secretariat", "unit": "甲公司", "date": "2022-03-01"},
    {"type": "benchmarking", "count": 4, "unit": "丙研究院", "date": "2023-09-01"}]}

# The baseline: the same files, a module worker, loadPyodide() and nothing else.
BARE_HTML = """<!doctype html><meta charset="utf-8"><title>bare loadPyodide</title>
<script type="module" src="bare.mjs"></script>"""
BARE_PAGE_JS = """const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = () => performance.mark("pyodide-ready");"""
BARE_WORKER_JS = """import { loadPyodide } from "./calculator/__RUNTIME__/pyodide.mjs";
await loadPyodide({ indexURL: new URL("./calculator/__RUNTIME__/", import.meta.url).href });
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
                                    packages: ["subsidy-rules"] });
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


class Handler(serve.SiteHandler):
    """The dev server (the hosting kit's headers, Cache-Control included) plus the precompressed
    copy (.br, else .gz, as the browser accepts), as nginx's brotli_static/gzip_static send it.
    Counts the body bytes it sends."""

    sent = 0
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
            Handler.sent += len(data)
        outputfile.write(data)


def bench_dir(site: Path, tmp: Path, runtime: str, copy: bool = False) -> Path:
    """A served tree: the built site (symlinked, unchanged; copied for nginx's www-data workers)
    plus the bare page."""
    if copy:
        tmp.chmod(0o755)
        shutil.copytree(site, tmp, dirs_exist_ok=True)
    else:
        for entry in site.iterdir():
            (tmp / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (tmp / "bare.html").write_text(BARE_HTML, "utf-8")
    (tmp / "bare.mjs").write_text(BARE_PAGE_JS, "utf-8")
    (tmp / "bare-worker.mjs").write_text(BARE_WORKER_JS.replace("__RUNTIME__", runtime), "utf-8")
    (tmp / "echo-worker.mjs").write_text(ECHO_WORKER_JS, "utf-8")
    (tmp / "python-worker.mjs").write_text(PYTHON_WORKER_JS.replace("__RUNTIME__", runtime), "utf-8")
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


def bare_run(browser, url: str) -> tuple[float, float]:
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        cold = visit(page, url + "bare.html", "pyodide-ready")
        page.close()  # as for the calculator: the first tab is closed, then the page is opened again
        repeat = visit(ctx.new_page(), url + "bare.html", "pyodide-ready")
        return cold, repeat
    finally:
        ctx.close()


def calculator_run(browser, host) -> dict:
    url = host.url
    ctx = browser.new_context(locale="zh-CN")
    ctx.add_init_script(LONGTASKS)
    try:
        page = ctx.new_page()
        before = host.sent()
        cold = visit(page, url + "calculator/index.html", "calculator-ready")
        at_ready = host.sent() - before
        boot = page.evaluate("window.subsidyCalculator.ready.then(i => i.boot)")
        longest = page.evaluate(LONGEST)
        # first visit complete: the service worker has kept the runtime for offline use
        page.wait_for_selector("html[data-offline=ready]", state="attached", timeout=120_000)
        sent = host.sent() - before
        page.close()
        repeat_page = ctx.new_page()
        # A visitor comes back later, when the browser has long stopped the idle service worker:
        # it has to start again for the visit.
        cdp = ctx.new_cdp_session(repeat_page)
        cdp.send("ServiceWorker.enable")
        cdp.send("ServiceWorker.stopAllWorkers")
        cdp.detach()
        repeat = visit(repeat_page, url + "calculator/index.html", "calculator-ready")
        return {"cold": cold, "repeat": repeat, "boot": boot, "longest": longest, "sent": sent, "at_ready": at_ready}
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
    runtimes = sorted(p.name for p in (site / "calculator").glob("runtime-*"))
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
    return SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}{BASE}", sent=lambda: Handler.sent)


def nginx_host(site: Path, stack: contextlib.ExitStack) -> SimpleNamespace:
    work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xm-bench-nginx-")))
    work.chmod(0o755)
    served = work / "site"
    served.mkdir()
    bench_dir(site, served, runtime_of(site), copy=True)
    port = local_nginx.free_port()
    block = local_nginx.readme_server((ROOT / "README.md").read_text("utf-8"), port, served)
    stack.enter_context(local_nginx.running(work, block))
    return SimpleNamespace(url=f"http://127.0.0.1:{port}{BASE}",
                           sent=lambda: local_nginx.bytes_sent(work / "access.log"))


def main(argv: list[str]) -> int:
    global SETTLE_MS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--evals", type=int, default=300)
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
    args = parser.parse_args(argv)
    if args.settle < 0:
        parser.error("--settle: seconds, 0 or more")
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
        url = host.url
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            bare_run(browser, url)  # warm the OS file cache once
            bare, calc, against = [], [], []
            for n in range(args.runs):
                bare.append(bare_run(browser, url))
                if other_host and n % 2:  # the two builds take turns going first
                    against.append(calculator_run(browser, other_host))
                calc.append(calculator_run(browser, host))
                if other_host and not n % 2:
                    against.append(calculator_run(browser, other_host))
            evals = evaluate_times(browser, url, args.evals)
            floor = floor_times(browser, url, args.evals)
        finally:
            browser.close()
    load_after = os.getloadavg()

    med = statistics.median
    bare_cold, bare_repeat = med(b[0] for b in bare), med(b[1] for b in bare)
    calc_cold, calc_repeat = med(c["cold"] for c in calc), med(c["repeat"] for c in calc)
    boots = sorted({c["boot"] for c in calc})
    print(f"load average         {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min); {os.cpu_count()} cores; "
          f"served by {args.server}; "
          f"each tab waited {SETTLE_MS / 1000:g} s before navigating")
    print(f"bare loadPyodide()   cold   median {bare_cold:6.0f} ms   runs: {', '.join(f'{b[0]:.0f}' for b in bare)}")
    print(f"                     repeat median {bare_repeat:6.0f} ms   runs: {', '.join(f'{b[1]:.0f}' for b in bare)}")
    print(f"calculator ready     cold   median {calc_cold:6.0f} ms   runs: {', '.join(f'{c['cold']:.0f}' for c in calc)}"
          f"   (booted from: {', '.join(boots)})")
    print(f"                     repeat median {calc_repeat:6.0f} ms   runs: {', '.join(f'{c['repeat']:.0f}' for c in calc)}")
    print(f"ratio cold           {calc_cold / bare_cold:.3f}x bare cold     (goal <= 0.35x; "
          f"median of each run's own ratio {med(c['cold'] / b[0] for b, c in zip(bare, calc)):.3f}x)")
    print(f"ratio repeat         {calc_repeat / bare_repeat:.3f}x bare repeat   (goal <= 0.30x; "
          f"{calc_repeat / bare_cold:.3f}x bare cold)")
    sent, at_ready = med(c["sent"] for c in calc), med(c["at_ready"] for c in calc)
    print(f"first-visit transfer {at_ready / 1e6:.2f} MB as served until ready (goal <= 9 MB); "
          f"{sent / 1e6:.2f} MB once the service worker has kept the docs and the runtime")
    worst = max((c["longest"] for c in calc), key=lambda t: t["duration"])
    print(f"longest main-thread task during boot   max {worst['duration']:.0f} ms   "
          f"runs: {', '.join(f'{c['longest']['duration']:.0f}' for c in calc)}   (goal: none over 200 ms)")
    for n, c in enumerate(calc, 1):
        print(f"  run {n}: {c['longest']['duration']:4.0f} ms at {c['longest']['start']:5.0f} ms: {describe(c['longest'])}")

    if against:
        print(f"against {other} (booted from: {', '.join(sorted({a['boot'] for a in against}))}):")
        print(f"  ready cold   median {med(a['cold'] for a in against):6.0f} ms   runs: {', '.join(f'{a['cold']:.0f}' for a in against)}"
              f"   this build / that one, run by run: median {med(c['cold'] / a['cold'] for c, a in zip(calc, against)):.3f}x")
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
