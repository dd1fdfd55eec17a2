"""Time evaluate() and evaluate_json() for a typical scenario (goal: well under 1 ms).

Run: .venv/bin/python benchmarks/bench_rules.py [--repeat N]
Prints the median (and best) time per call over several timeit repeats.
"""

import argparse
import datetime
import json
import statistics
import sys
import timeit
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "policy_src" / "xiamen-2020-15" / "rules"),
                str(Path(__file__).resolve().parents[1] / "rules_core")]

from subsidy_rules import evaluate, evaluate_json  # noqa: E402

TODAY = datetime.date(2024, 6, 1)

# A typical office case: two standards, a committee role, an award, a pilot, enterprise items.
TYPICAL = {
    "application_date": "2024-06-01",
    "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-03-15",
         "drafters": [{"name": "厦门甲科技有限公司", "kind": "xiamen_entity"},
                      {"name": "外地研究院", "kind": "other"},
                      {"name": "厦门乙标准化协会", "kind": "xiamen_entity"},
                      {"name": "市场监管局", "kind": "admin"},
                      {"name": "厦门丙股份有限公司", "kind": "xiamen_entity"}]},
        {"type": "standard", "level": "local", "work": "revision", "published": "2022-11-01",
         "drafters": [{"name": "市场监管局", "kind": "admin"},
                      {"name": "厦门乙标准化协会", "kind": "xiamen_entity"}]},
        {"type": "tc_role", "body": "national", "role": "sc_secretariat", "unit": "厦门甲科技有限公司",
         "date": "2022-05-20"},
        {"type": "award", "award": "fujian", "grade": 2, "first_drafter": True,
         "unit": "厦门丙股份有限公司", "date": "2023-12-01"},
        {"type": "pilot", "tier": "provincial_municipal", "accepted": True, "demonstration_years": 2,
         "unit": "厦门丙股份有限公司", "date": "2021-09-30"},
        {"type": "leader", "unit": "厦门甲科技有限公司", "date": "2023-01-10"},
        {"type": "benchmarking", "count": 4, "unit": "厦门甲科技有限公司", "date": "2023-06-30"},
    ],
}


def measure(label, call, number, repeat):
    runs = [t / number for t in timeit.repeat(call, number=number, repeat=repeat)]
    median, best = statistics.median(runs), min(runs)
    print(f"{label:<34} median {median * 1e6:8.1f} µs   best {best * 1e6:8.1f} µs   "
          f"({repeat} repeats × {number} calls)")
    return median


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=500)
    args = parser.parse_args()
    text = json.dumps(TYPICAL, ensure_ascii=False)
    evaluate(TYPICAL, today=TODAY)  # warm up: parameters are parsed once
    print(f"Python {sys.version.split()[0]}; typical scenario of {len(TYPICAL['items'])} items")
    median = measure("evaluate(scenario)", lambda: evaluate(TYPICAL, today=TODAY),
                     args.number, args.repeat)
    measure("evaluate_json(text)", lambda: evaluate_json(text, today=TODAY), args.number, args.repeat)
    print("goal well under 1 ms:", "met" if median < 1e-3 else "NOT met")


if __name__ == "__main__":
    main()
