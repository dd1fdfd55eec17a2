"""The build check against developer text on public pages (sitebuild/postbuild/public_text.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from sitebuild.postbuild import public_text  # noqa: E402


def fake_site(tmp_path: Path, page: str = "<p>本计算器的理解</p>", index_text: str = "本计算器的理解") -> Path:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "calculator").mkdir()
    (site / "policy.html").write_text(f"<html><body>{page}</body></html>", "utf-8")
    (site / "calculator" / "index.html").write_text("<p>计算器</p>", "utf-8")
    data = {"config": {}, "docs": [{"location": "policy.html", "title": "政策原文", "text": index_text}]}
    (site / "search" / "search_index.json").write_text(json.dumps(data), "utf-8")
    (site / "search" / "search_index.js").write_text("var __index = " + json.dumps(data), "utf-8")
    # Not public text: the rules wheel and scripts may name their tests.
    (site / "calculator" / "notes.txt").write_text("tests/rules/test_rules_readings.py", "utf-8")
    return site


def test_a_clean_site_passes(tmp_path):
    site = fake_site(tmp_path)
    assert public_text.problems(site) == []
    assert public_text.check(site) == 4


@pytest.mark.parametrize("page, index_text, where", [
    ("<small>对应测试：<code>tests/rules/test_rules_readings.py::test_x</code></small>", "干净", "policy.html"),
    ("<p>干净</p>", "对应测试：tests/rules/test_rules_readings.py::test_x", "search/search_index.json"),
    ("<p>见 test_rules.py::test_local</p>", "干净", "policy.html"),
])
def test_developer_text_fails_the_build_naming_the_file(tmp_path, page, index_text, where):
    site = fake_site(tmp_path, page, index_text)
    found = public_text.problems(site)
    assert found and any(p.startswith(where + ":") for p in found)
    with pytest.raises(public_text.PublicTextError, match="developer text"):
        public_text.check(site)


def test_the_built_site_passes(built_site):
    assert public_text.problems(built_site) == []
