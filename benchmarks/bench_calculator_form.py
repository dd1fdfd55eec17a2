"""Calculator form figures with the largest scenario the page accepts (a script, not a test).

    .venv/bin/python benchmarks/bench_calculator_form.py [--site site] [--runs 5]

The page's limits (window.subsidyCalculator.limits: items, drafters per standard) bound what a
link or file can make it draw. With a scenario at those limits, on a booted page at 1280 px:

- open: a link with that scenario opened (hashchange) until the form and the results are drawn;
- reactions: one edit until the results are redrawn and painted (typing a name, choosing a
  select, moving, removing and adding a drafter, removing an item);
- refusal: the 136 KB link of issue 9 (200 items) until its message is shown;
- first visit: navigation to the link until its form is drawn (the engine still booting) and
  until its results are shown.

Goal: open and every reaction <= 1000 ms. Each figure is the median of --runs, with the worst.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitebuild.hosting import serve  # noqa: E402
from subsidy_rules import scenario_fragment  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LEVELS = ["international", "national", "industry", "local"]
KINDS = ["xiamen_entity", "other", "admin", "xiamen_entity", "other"]


def largest(items: int, drafters: int) -> dict:
    """Realistic names and a mix of levels and kinds, at the page's limits."""
    return {"application_date": "2024-06-01", "label": "上限情景", "items": [
        {"type": "standard", "level": LEVELS[i % 4], "work": "new" if i % 3 else "revision",
         "published": f"2023-{i % 12 + 1:02d}-15",
         "drafters": [{"name": f"厦门市第{i + 1}号标准起草单位之{j + 1}有限公司", "kind": KINDS[(i + j) % 5]}
                      for j in range(drafters)]}
        for i in range(items)]}


def issue_link() -> str:
    return scenario_fragment({"application_date": "2024-06-01", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": f"{i}.{j}", "kind": "xiamen_entity"} for j in range(10)]} for i in range(200)]})


# Runs in the page: do one thing, then wait until the results are redrawn and a frame is painted.
TIMED = """async ([what, arg]) => {
  const root = document.getElementById('calculator');
  const before = Number(root.dataset.rendered || 0);
  const settled = () => what === 'refuse' ? !document.querySelector('.calc-notice').hidden
    : Number(root.dataset.rendered || 0) > before && root.dataset.busy === 'false';
  const t0 = performance.now();
  if (what === 'open' || what === 'refuse') {
    history.replaceState(null, '', '#'); location.hash = arg;
  } else if (what === 'type') {
    const el = document.querySelector(arg); el.value += '甲'; el.dispatchEvent(new Event('input', { bubbles: true }));
  } else if (what === 'select') {
    const el = document.querySelector(arg); el.selectedIndex = (el.selectedIndex + 1) % el.options.length;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    document.querySelector(arg).click();
  }
  await new Promise(resolve => {
    const tick = () => settled() ? requestAnimationFrame(() => setTimeout(resolve)) : requestAnimationFrame(tick);
    tick();
  });
  return performance.now() - t0;
}"""

REACTIONS = [  # (name, kind of action, selector); run in this order, each leaves the limits intact
    ("type a drafter's name", "type", "#calc-f-items-49-drafters-19-name"),
    ("choose a level", "select", "#calc-f-items-25-level"),
    ("move a drafter up", "click", "[data-action=drafter-up][data-path='items.10.drafters.5']"),
    ("remove a drafter", "click", "[data-action=drafter-remove][data-path='items.10.drafters.19']"),
    ("add a drafter", "click", "[data-action=add-drafter][data-path='items.10.drafters']"),
    ("remove an item", "click", "[data-action=item-remove][data-path='items.0']"),
    ("add an item", "click", "[data-action=add-item][data-type=standard]"),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "calculator" / "index.html").exists():
        sys.exit(f"{site} has no calculator: build first (python3 build.py)")

    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}
    with sync_playwright() as pw:
        server, url = serve.make_server(site, base="/pub/standards/")  # the hosting kit's own headers
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page_url = url + "calculator/index.html"
            ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.goto(page_url)
            page.evaluate("window.subsidyCalculator.ready")
            limits = page.evaluate("window.subsidyCalculator.limits")
            big = largest(limits["items"], limits["drafters"])
            link = scenario_fragment(big)
            blank = scenario_fragment({"items": []})
            for _ in range(args.runs):
                page.evaluate(TIMED, ["open", blank])
                figures.setdefault("open the largest link", []).append(page.evaluate(TIMED, ["open", link]))
                assert page.locator(".calc-drafter").count() == limits["items"] * limits["drafters"]
                for name, what, selector in REACTIONS:
                    figures.setdefault(name, []).append(page.evaluate(TIMED, [what, selector]))
                figures.setdefault("refuse the 136 KB link", []).append(page.evaluate(TIMED, ["refuse", issue_link()]))
                page.click(".calc-notice [data-action=dismiss]")
            ctx.close()

            for _ in range(args.runs):  # first visit: a fresh tab opening the link
                ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
                page = ctx.new_page()
                page.goto(page_url + link)
                page.wait_for_function("() => performance.getEntriesByName('calculator-opened').length > 0", timeout=60_000)
                page.wait_for_function("() => Number(document.getElementById('calculator').dataset.rendered || 0) > 0"
                                       " && document.getElementById('calculator').dataset.busy === 'false'", timeout=60_000)
                opened, ready = page.evaluate("""() => [performance.getEntriesByName('calculator-opened')[0].startTime,
                    performance.getEntriesByName('calculator-ready')[0].startTime]""")
                figures.setdefault("first visit: form drawn", []).append(opened)
                figures.setdefault("first visit: engine ready", []).append(ready)
                figures.setdefault("first visit: results shown", []).append(page.evaluate("performance.now()"))
                ctx.close()
        finally:
            browser.close()
            server.shutdown()

    size = len(link)
    print(f"largest accepted scenario: {limits['items']} items x {limits['drafters']} drafters "
          f"= {limits['items'] * limits['drafters']} drafter rows, link {size / 1024:.0f} KB")
    for name, times in figures.items():
        worst = max(times)
        goal = "" if name.startswith("first visit") else ("   ok" if worst <= 1000 else "   OVER 1 s")
        print(f"{name:28} median {statistics.median(times):7.0f} ms   max {worst:7.0f} ms{goal}   "
              f"runs: {', '.join(f'{t:.0f}' for t in times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
