"""Prints calculator ready times: cold first visit, repeat visit (service worker
and caches warm) and offline reload, measured in one run on the built site/.

    .venv/bin/python benchmarks/bench_offline.py [--runs 3]
Goal (issue 6): repeat visit <= 0.5 x cold start.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from sitebuild.hosting import serve  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

READY_MS = """async () => {
  await new Promise(r => { const w = () => window.subsidyCalculator ? r() : setTimeout(w, 5); w(); });
  await window.subsidyCalculator.ready;
  return performance.now();
}"""


# As in bench_calculator.py (--settle): the headless browser loads its own UI for a new tab in
# the next second or two, which would otherwise land inside the measured visit.
SETTLE_MS = 3000


def ready_time(page, url):
    page.wait_for_timeout(SETTLE_MS)
    page.goto(url)
    return page.evaluate(READY_MS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    site_dir = ROOT / "site"
    server, base = serve.make_server(site_dir, base="/pub/standards/")
    url = base + "calculator/index.html"
    cold, repeat, offline = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            context = browser.new_context()
            page = context.new_page()
            cold.append(ready_time(page, url))
            page.evaluate("navigator.serviceWorker.ready")
            if not page.evaluate("!!navigator.serviceWorker.controller"):
                page.reload()
                page.wait_for_function("!!navigator.serviceWorker.controller", timeout=60_000)
            page.close()
            page = context.new_page()
            repeat.append(ready_time(page, url))
            context.set_offline(True)
            offline.append(ready_time(page, url))
            context.close()
        browser.close()
    server.shutdown()
    c, r, o = (statistics.median(x) for x in (cold, repeat, offline))
    print(f"calculator ready, median of {args.runs} runs (ms from navigation start):")
    print(f"  cold first visit     {c:8.0f}")
    print(f"  repeat visit         {r:8.0f}   ratio {r / c:.2f} x cold (goal <= 0.50)")
    print(f"  offline reload       {o:8.0f}   ratio {o / c:.2f} x cold")


if __name__ == "__main__":
    main()
