"""The documentation build is strict with either builder: any warning fails it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "calculator")]

from sitebuild import builders, pages  # noqa: E402


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """What the builders read, copied: mkdocs.yml, the theme overrides, docs/ as generated."""
    pages.generate(ROOT)
    copy = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "mkdocs.yml", copy)
    shutil.copytree(ROOT / "overrides", copy / "overrides")
    shutil.copytree(ROOT / "docs", copy / "docs")
    (copy / "policy_src").mkdir()
    shutil.copy(ROOT / "policy_src/search_terms.txt", copy / "policy_src")
    return copy


@pytest.mark.parametrize("builder", builders.BUILDERS)
def test_a_link_to_a_missing_clause_fails_the_build(project, builder, tmp_path, capsys):
    about = project / "docs/about.md"
    text = about.read_text("utf-8")
    try:
        # 五（三） has items 1 to 5: there is no c5-3-9.
        about.write_text(text + "\n另见[五（三）9](policy.md#c5-3-9)。\n", "utf-8")
        with pytest.raises(builders.BuildFailed) as failure:
            builders.run(builder, project, tmp_path / "site")
    finally:
        about.write_text(text, "utf-8")
    assert "c5-3-9" in failure.value.output
    assert "c5-3-9" in capsys.readouterr().err      # the build log shows why it failed
    # and the same project, link removed, builds: the failure was the link's
    builders.run(builder, project, tmp_path / "site")
    assert (tmp_path / "site/policy.html").is_file()

