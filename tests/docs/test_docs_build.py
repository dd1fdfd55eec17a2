"""The documentation build is strict with either builder: any warning fails it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from sitebuild.docs import builders, pages, staging  # noqa: E402


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the sources the builders read (mkdocs.yml, docs/, overrides/, the packages), with
    build/docs and build/overrides generated in it."""
    copy = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "mkdocs.yml", copy)
    shutil.copytree(ROOT / "overrides", copy / "overrides")
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copytree(ROOT / "policy_src", copy / "policy_src")  # the package names the site and its search terms
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    pages.generate(copy)
    return copy


def build_with(project: Path, builder: str, out: Path, addition: str) -> None:
    """Build the copy with `addition` appended to the about page, then restore the page."""
    about = project / staging.DOCS / "about.md"
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


@pytest.mark.builders
def test_a_build_writes_nothing_into_the_checkout(built_site, root):
    """The generated pages and partials go to build/docs and build/overrides: after a build (each
    builder's), git sees nothing new in docs/ or overrides/, not even an ignored file."""
    import subprocess

    if not (root / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    assert (root / staging.DOCS / "index.md").is_file() and (root / staging.OVERRIDES / "partials").is_dir()
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all", "--", "docs", "overrides"],
                            cwd=root, capture_output=True, text=True, check=True).stdout
    # Only what git has not been told about: a file the build wrote would show as ?? or !!.
    written = [line for line in status.splitlines() if line.startswith(("??", "!!"))]
    assert written == [], status
