"""Print how long the whole-site build takes (goal: under 20 s on the 2-core machine).

    .venv/bin/python benchmarks/bench_build.py [--runs N] [--docs-only]

Builds into a temporary directory, so site/ is left as it is. --docs-only times the
documentation part alone (pages from policy_src, then mkdocs build --strict).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "calculator")]

GOAL_SECONDS = 20.0


def build_once(docs_only: bool) -> float:
    from sitebuild import pages, site

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        start = time.perf_counter()
        if docs_only:
            pages.generate(ROOT)
            site.run_mkdocs(ROOT, out)
        else:
            site.build(ROOT, out)
        return time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs-only", action="store_true")
    args = parser.parse_args(argv)
    what = "docs (pages + mkdocs)" if args.docs_only else "whole site"
    times = [build_once(args.docs_only) for _ in range(args.runs)]
    print(f"{what} build: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} runs "
          f"(goal < {GOAL_SECONDS:.0f} s)")
    return 0 if statistics.median(times) < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
