"""tools/diff_site.py: a page that loses an anchor or a sentence is found; identical sites pass."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import diff_site  # noqa: E402

PAGE = """<!doctype html><html><head><title>条款</title><style>.x{{}}</style>
<script>var built = "2026-12-04T18:00:00Z";</script></head><body>
<h1 id="top">政策原文</h1>
<p id="c5-3-1">主导制定国际标准的，每项资助100万元。主导制定国家标准的，每项资助50万元！</p>
<p><a name="legacy"></a>本站构建日期：{date}</p>
<script src="calculator/runtime-{runtime}/worker.mjs"></script>
</body></html>"""


def site(root: Path, date: str = "2026年12月4日", runtime: str = "0123456789abcdef", **edits: str) -> Path:
    page = PAGE.format(date=date, runtime=runtime)
    for old, new in edits.items():
        page = page.replace(old, new)
    (root / "calculator").mkdir(parents=True)
    (root / "policy.html").write_text(page, "utf-8")
    (root / "calculator" / "index.html").write_text(page, "utf-8")
    return root


def run(before: Path, after: Path) -> tuple[int, str]:
    out = io.StringIO()
    return diff_site.compare(before, after, out), out.getvalue()


def test_identical_sites_pass(tmp_path):
    before = site(tmp_path / "a")
    after = tmp_path / "b"
    shutil.copytree(before, after)
    assert run(before, after)[0] == 0
    assert diff_site.main([str(before), str(after)]) == 0


def test_build_date_and_hashes_are_ignored(tmp_path):
    before = site(tmp_path / "a")
    after = site(tmp_path / "b", date="2027年1月2日", runtime="fedcba9876543210")
    losing, out = run(before, after)
    assert losing == 0, out


def test_planted_losses_are_found(tmp_path):
    before = site(tmp_path / "a")
    # a sentence of one page gone, an id renamed, a name anchor gone
    after = site(tmp_path / "b", **{"主导制定国家标准的，每项资助50万元！": "", 'id="c5-3-1"': 'id="c5-3-9"',
                                     '<a name="legacy"></a>': ""})
    losing, out = run(before, after)
    assert losing == 2   # both pages
    assert "sentence lost: 主导制定国家标准的，每项资助50万元" in out
    assert "anchor lost: #c5-3-1" in out and "anchor lost: #legacy" in out
    assert diff_site.main([str(before), str(after)]) == 1


def test_lost_page_is_found(tmp_path):
    before = site(tmp_path / "a")
    after = tmp_path / "b"
    shutil.copytree(before, after)
    (after / "calculator" / "index.html").unlink()
    losing, out = run(before, after)
    assert losing == 1 and "page lost: calculator/index.html" in out
