"""The generator knows no policy: nothing of a shipped package's clauses, item types, amounts or
Chinese labels is written in sitebuild/, build.py, the theme overrides or the calculator's page
code. Each package brings its own (policy_src/<id>/); the tokens are collected from the packages
themselves, so a new package is covered without editing this test."""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sitebuild import packages  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "policies"
# Words every package's form uses in the generator's own sense: the scenario's fields, the item
# type selector, a row's name, the rules page's title in the navigation.
GENERIC_WORDS = {"申请日期", "情景名称", "项目类型", "估算结果", "请重新选择", "单位名称", "“金额怎么算”", "申请信息"}
# calculator/web is also checked, with finer token rules, by tests/calculator/test_calculator_generic.py (for the
# shipped package); here every package, the fixture too, is checked against all generic code.
GENERATOR = ["build.py", "sitebuild", "overrides", "calculator/web", "docs/assets", "mkdocs.yml"]
SUFFIXES = {".py", ".mjs", ".js", ".html", ".md", ".css", ".yml"}


def generator_files() -> list[Path]:
    out = []
    for name in GENERATOR:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        out += [f for f in files if f.suffix in SUFFIXES and "__pycache__" not in f.parts
                and not f.name.startswith(".")]
    return out


def labels(value) -> list[str]:
    """Every Chinese string of at least two characters in a JSON document."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in labels(v)]
    if isinstance(value, list):
        return [s for v in value for s in labels(v)]
    if isinstance(value, str) and re.search(r"[\u4e00-\u9fff]", value) and len(value) >= 2:
        return [value]
    return []


def package_tokens(package: packages.Package) -> dict[str, set[str]]:
    params = package.data("parameters.json")
    schema = package.data("schema.json")
    types = {ref["$ref"].rsplit("/", 1)[1] for ref in schema["$defs"]["item"]["oneOf"]}
    numbered = [c for c in params["clauses"] if re.fullmatch(r"c\d+(-\d+)+", c["anchor"])]
    clauses = {c["id"] for c in numbered}
    anchors = {c["anchor"] for c in numbered}
    amounts = set()
    for entry in params["parameters"]:
        if entry["kind"] == "money" and Decimal(entry["amount"]) >= 10_000:
            value = Decimal(entry["amount"])
            # As money is written: "50万", "500000元"; a bare number only when it is large
            # (60000 is as likely a timeout in milliseconds).
            amounts |= {f"{(value / 10_000).normalize():f}万", f"{int(value)}元"}
            if value >= 100_000:
                amounts.add(f"{int(value)}")
    # Short labels ("制定", "国家级") are ordinary words; whole labels of four or more characters
    # are the package's own wording.
    words = {s for s in labels(schema) + labels(_form(package)) + labels(params["policy"])
             if 4 <= len(s) <= 40} - GENERIC_WORDS
    return {"clause": clauses | {c.replace("(", "（").replace(")", "）") for c in clauses},
            "anchor": anchors, "type": {f'"{t}"' for t in types} | {f"'{t}'" for t in types},
            "amount": amounts, "label": words}


def _form(package: packages.Package):
    path = package.rules_dir / package.module / "form.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def all_packages() -> list[packages.Package]:
    found = packages.shipped(ROOT)
    found += [packages.Package(p.parent) for p in sorted(FIXTURE.glob("*/policy.toml"))]
    return found


@pytest.mark.parametrize("package", all_packages(), ids=lambda p: p.id)
def test_the_generator_names_nothing_of_a_policy(package):
    tokens = package_tokens(package)
    assert tokens["type"] and tokens["amount"] and tokens["label"] and tokens["clause"]
    found = []
    # What the build generates from a package goes to build/, none of these folders.
    for path in generator_files():
        text = path.read_text("utf-8")
        for kind, values in tokens.items():
            for token in values:
                if kind == "amount":
                    hit = re.search(rf"(?<![\d.]){re.escape(token)}(?![\d])", text)
                elif kind == "anchor":
                    hit = re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", text)
                else:
                    hit = token in text
                if hit:
                    found.append(f"{path.relative_to(ROOT)}: {kind} {token}")
    assert not found, "policy-specific text in the generator:\n" + "\n".join(found)


def test_the_check_catches_a_pasted_label(tmp_path, monkeypatch):
    """The grep above can fail: a file holding one of the package's labels is reported."""
    package = packages.main(ROOT)
    label = sorted(package_tokens(package)["label"])[0]
    planted = ROOT / "sitebuild" / "_planted_for_test.py"
    planted.write_text(f"TEXT = {label!r}\n", "utf-8")
    try:
        with pytest.raises(AssertionError, match="_planted_for_test"):
            test_the_generator_names_nothing_of_a_policy(package)
    finally:
        planted.unlink()
