"""Fuzz run of the shipped runtime as the calculator boots it: the build's memory snapshot restored
(with its trimmed python_stdlib.zip) in Node, against the rules on CPython, on many generated
scenarios, valid and invalid (the package's site/scenarios.py, fresh seeds). Run after a build:

    .venv/bin/python benchmarks/fuzz_snapshot.py [--site site] [--seeds 20] [--count 1000]

Any envelope that differs, or a module the trimmed zip lacks (it would show as a difference), is
printed and the exit code is 1.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitebuild import packages  # noqa: E402
from sitebuild.runtime import layout, snapshot  # noqa: E402

PACKAGE = packages.main(ROOT)
scenarios = PACKAGE.site_module("scenarios")
from subsidy_rules import evaluate_json  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args(argv)
    runtime = layout.runtime_dir(args.site)
    seeds = random.SystemRandom().sample(range(1, 2**31), args.seeds)
    start = time.perf_counter()
    corpus = [line for seed in seeds for line in scenarios.generate(seed, args.count)]
    got = snapshot.node("evaluate", {
        "module": PACKAGE.module, "distribution": PACKAGE.distribution,
        "pyodide": str(runtime), "stdlib": str(runtime / snapshot.STDLIB), "snapshotStdlib": str(runtime / snapshot.SNAPSHOT_STDLIB), "lock": str(runtime / "pyodide-lock.json"),
        "snapshot": str(runtime / snapshot.SNAPSHOT), "corpus": corpus})["envelopes"]
    # Node runs in UTC (snapshot.node): "today" is the UTC day on both sides.
    today = datetime.datetime.now(datetime.timezone.utc).date()
    bad = [i for i, line in enumerate(corpus) if got[i] != evaluate_json(line, today=today)]
    ok = sum('"ok":true' in e for e in got)
    print(f"fuzz (snapshot-booted runtime {runtime.name}): {len(corpus)} scenarios "
          f"({ok} computed, {len(corpus) - ok} refused) from seeds {seeds}; "
          f"{len(bad)} differ from CPython; {time.perf_counter() - start:.1f} s")
    for i in bad[:5]:
        print(f"  input:    {corpus[i]}\n  snapshot: {got[i]}\n  cpython:  {evaluate_json(corpus[i], today=today)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
