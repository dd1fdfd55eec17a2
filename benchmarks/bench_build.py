"""Print how long the build takes with each builder (goal: whole site under 20 s on the 2-core machine).

    .venv/bin/python benchmarks/bench_build.py [--runs N] [--docs-only] [--builder material|zensical]

For each builder (both unless --builder names one): the documentation alone (pages from
policy_src, then the builder with --strict) and the whole site. Builds into a temporary
directory, so site/ is left as it is.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitebuild.docs import builders  # noqa: E402

GOAL_SECONDS = 20.0


def build_once(builder: str, docs_only: bool) -> float:
    from sitebuild import site
    from sitebuild.docs import pages

    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        out = Path(tmp) / "site"
        start = time.perf_counter()
        if docs_only:
            pages.generate(ROOT)
            site.run_docs_builder(ROOT, out, builder)
        else:
            site.build(ROOT, out, builder)
        return time.perf_counter() - start


def report(what: str, times: list[float]) -> str:
    return (f"{what:<34} median {statistics.median(times):6.2f} s, min {min(times):6.2f} s, "
            f"max {max(times):6.2f} s over {len(times)} runs")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs-only", action="store_true")
    parser.add_argument("--builder", choices=builders.BUILDERS, action="append",
                        help="time only this builder (may be given twice)")
    args = parser.parse_args(argv)
    ok = True
    for builder in args.builder or builders.BUILDERS:
        docs = [build_once(builder, True) for _ in range(args.runs)]
        print(report(f"{builder}: docs (pages + {builder})", docs), flush=True)
        if not args.docs_only:
            whole = [build_once(builder, False) for _ in range(args.runs)]
            print(report(f"{builder}: whole site", whole) + f" (goal < {GOAL_SECONDS:.0f} s)", flush=True)
            ok = ok and statistics.median(whole) < GOAL_SECONDS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
