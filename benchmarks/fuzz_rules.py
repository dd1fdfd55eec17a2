"""Long fuzz run of the rules package: the property tests with many more examples.

Run: .venv/bin/python benchmarks/fuzz_rules.py [--scale 50]
Runs tests/rules/test_rules_properties.py with each property's example count multiplied by
--scale, then prints how many generated cases were evaluated in total.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=50.0,
                        help="multiply every property's max_examples by this (default 50)")
    args = parser.parse_args()
    os.environ["RULES_PROPERTY_SCALE"] = str(args.scale)
    sys.path[:0] = [str(ROOT / "policy_src" / "xiamen-2020-15" / "rules"), str(ROOT / "rules_core"), str(ROOT / "tests")]
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "calculator")] + [p for p in [os.environ.get("PYTHONPATH")] if p])

    import pytest

    import subsidy_rules

    # Count calls by swapping the package's public functions before pytest imports the
    # tests: their `from subsidy_rules import evaluate` then binds the counting versions.
    counts = {"evaluate": 0, "evaluate_json": 0}
    evaluate, evaluate_json = subsidy_rules.evaluate, subsidy_rules.evaluate_json

    def counting_evaluate(*a, **kw):
        counts["evaluate"] += 1
        return evaluate(*a, **kw)

    def counting_evaluate_json(*a, **kw):
        counts["evaluate_json"] += 1
        return evaluate_json(*a, **kw)

    subsidy_rules.evaluate = counting_evaluate
    subsidy_rules.evaluate_json = counting_evaluate_json

    start = time.perf_counter()
    code = pytest.main(["-q", "-p", "no:cacheprovider",
                        str(ROOT / "tests" / "test_rules_properties.py")])
    seconds = time.perf_counter() - start
    print(f"fuzz: {counts['evaluate']} evaluate calls and {counts['evaluate_json']} evaluate_json "
          f"calls (each of the latter evaluates too) in {seconds:.1f} s (scale {args.scale:g}); "
          f"pytest exit code {code}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
