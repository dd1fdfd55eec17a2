"""The documentation build is strict with either builder: any warning fails it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from sitebuild.docs import builders, pages  # noqa: E402


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """What the builders read, copied: mkdocs.yml, the theme overrides, docs/ as generated, the packages."""
    pages.generate(ROOT)
    copy = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "mkdocs.yml", copy)
    shutil.copytree(ROOT / "overrides", copy / "overrides")
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copytree(ROOT / "policy_src", copy / "policy_src")  # the package names the site and its search terms
    return copy


def build_with(project: Path, builder: str, out: Path, addition: str) -> None:
    """Build the copy with `addition` appended to the about page, then restore the page."""
    about = project / "docs/about.md"
    text = about.read_text("utf-8")
    try:
        about.write_text(text + addition, "utf-8")
        builders.run(builder, project, out)
    finally:
        about.write_text(text, "utf-8")


@pytest.mark.parametrize("builder_name", builders.BUILDERS)
@pytest.mark.parametrize("addition, reported", [
    # 五（三） has items 1 to 5: there is no c5-3-9.
    ("\n另见[五（三）9](policy.md#c5-3-9)。\n", "c5-3-9"),
    # An image from another host: the privacy check reports it.
    ("\n![图](https://example.org/seal.png)\n", "https://example.org/seal.png"),
], ids=["broken-anchor", "external-image"])
def test_a_warning_fails_the_build_and_the_log_says_why(project, builder_name, addition, reported, tmp_path, capsys):
    with pytest.raises(builders.BuildFailed) as failure:
        build_with(project, builder_name, tmp_path / "site", addition)
    assert reported in failure.value.output
    assert reported in capsys.readouterr().err      # the build log shows why it failed


@pytest.mark.parametrize("builder_name", builders.BUILDERS)
def test_the_same_copy_builds_without_the_addition(project, builder_name, tmp_path):
    """So each failure above is the addition's, not the copy's."""
    builders.run(builder_name, project, tmp_path / "site")
    assert (tmp_path / "site/policy.html").is_file()
