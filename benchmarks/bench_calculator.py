"""Calculator figures, in one run (a script, not a test): run after a build.

    .venv/bin/python benchmarks/bench_calculator.py [--site site] [--runs 5] [--evals 300]

- ready time: navigation start to `window.subsidyCalculator.ready` (the page's
  "calculator-ready" performance mark), against a bare page whose module worker does
  nothing but `loadPyodide()` of the same shipped files; goal <= 1.10x;
- evaluate p50: one typical scenario through `evaluateJSON` in the page, one call at a
  time (postMessage to the worker, Python, back); goal <= 5 ms;
- the size of what the calculator ships.

Each run uses a fresh browser context (empty HTTP cache), served under a sub-path with the
plain Content-Security-Policy of the hosting guide, the runs of both pages interleaved.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "calculator")]

from sitebuild import serve  # noqa: E402

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
BARE_WORKER_JS = """import { loadPyodide } from "./calculator/pyodide/pyodide.mjs";
await loadPyodide({ indexURL: new URL("./calculator/pyodide/", import.meta.url).href });
postMessage("ready");"""


def bench_dir(site: Path, tmp: Path) -> Path:
    """A served tree: the built calculator (symlinked, unchanged) plus the bare page."""
    (tmp / "calculator").symlink_to(site / "calculator", target_is_directory=True)
    (tmp / "assets").symlink_to(site / "assets", target_is_directory=True)
    (tmp / "bare.html").write_text(BARE_HTML, "utf-8")
    (tmp / "bare.mjs").write_text(BARE_PAGE_JS, "utf-8")
    (tmp / "bare-worker.mjs").write_text(BARE_WORKER_JS, "utf-8")
    return tmp


def mark_time(browser, url: str, mark: str) -> float:
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_function("m => performance.getEntriesByName(m).length > 0", arg=mark, timeout=120_000)
        return page.evaluate("m => performance.getEntriesByName(m)[0].startTime", mark)
    finally:
        ctx.close()


def evaluate_times(browser, url: str, count: int) -> list[float]:
    ctx = browser.new_context(locale="zh-CN")
    try:
        page = ctx.new_page()
        page.goto(url)
        page.evaluate("() => window.subsidyCalculator.ready")
        return page.evaluate("""async ([text, n]) => {
            const calc = window.subsidyCalculator, times = [];
            for (let i = 0; i < 20; i++) await calc.evaluateJSON(text);  // warm-up
            for (let i = 0; i < n; i++) {
                const t = performance.now();
                await calc.evaluateJSON(text);
                times.push(performance.now() - t);
            }
            return times;
        }""", [json.dumps(SCENARIO, ensure_ascii=False), count])
    finally:
        ctx.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--evals", type=int, default=300)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "calculator" / "pyodide" / "pyodide-lock.json").exists():
        sys.exit(f"{site} has no calculator: build first (python3 build.py)")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        server, url = serve.make_server(bench_dir(site, Path(tmp)), base="/pub/standards/")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            mark_time(browser, url + "bare.html", "pyodide-ready")  # warm the OS file cache once
            calc, bare = [], []
            for _ in range(args.runs):
                bare.append(mark_time(browser, url + "bare.html", "pyodide-ready"))
                calc.append(mark_time(browser, url + "calculator/index.html", "calculator-ready"))
            evals = evaluate_times(browser, url + "calculator/index.html", args.evals)
        finally:
            browser.close()
            server.shutdown()

    shipped = [p for p in (site / "calculator").rglob("*") if p.is_file() and p.name != "index.html"]
    size = sum(p.stat().st_size for p in shipped)
    c, b = statistics.median(calc), statistics.median(bare)
    q = statistics.quantiles(evals, n=100)
    print(f"calculator ready     median {c:7.0f} ms   runs: {', '.join(f'{t:.0f}' for t in calc)}")
    print(f"bare loadPyodide()   median {b:7.0f} ms   runs: {', '.join(f'{t:.0f}' for t in bare)}")
    print(f"ratio                {c / b:.3f}x   (goal <= 1.10x)")
    print(f"evaluate (in page)   p50 {statistics.median(evals):.2f} ms   p90 {q[89]:.2f} ms   "
          f"max {max(evals):.2f} ms   n={len(evals)}   (goal p50 <= 5 ms)")
    print(f"shipped              {len(shipped)} files, {size / 1024 / 1024:.2f} MiB (site/calculator/ without the page)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
