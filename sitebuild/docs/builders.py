"""The two programs that build the documentation from mkdocs.yml: Material for MkDocs (the
default) and Zensical, its authors' successor. Both run strict: any warning fails the build.

Their output is captured and printed only when the build fails, so a build log stays short
but a failure shows every warning that caused it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BUILDERS = ("material", "zensical")
DEFAULT = "material"
# mkdocs.yml reads its site_dir from this variable (default site/): Zensical has no -d option.
SITE_DIR_VARIABLE = "SUBSIDY_SITE_DIR"


def package_variables(root: Path) -> dict[str, str]:
    """What mkdocs.yml reads from the policy package (it names no policy itself)."""
    from sitebuild import packages

    package = packages.main(root)
    return {"SUBSIDY_SITE_NAME": package.site_name, "SUBSIDY_SITE_DESCRIPTION": package.site_description,
            "SUBSIDY_SEARCH_TERMS": str(package.search_terms)}


class BuildFailed(RuntimeError):
    """The builder exited non-zero; output holds everything it printed."""

    def __init__(self, message: str, output: str):
        super().__init__(message)
        self.output = output


def other(builder: str) -> str:
    return next(b for b in BUILDERS if b != builder)


def command(builder: str, root: Path, site_dir: Path) -> list[str]:
    config = str(root / "mkdocs.yml")
    if builder == "material":
        # No --quiet: it hides the warnings that --strict counts (a broken anchor passed).
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", config, "-d", str(site_dir)]
    if builder == "zensical":
        # --clean empties Zensical's cache (.cache/ in the project), so nothing stale is reused.
        return [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", config]
    raise ValueError(f"unknown builder {builder!r}; choose one of {', '.join(BUILDERS)}")


def run(builder: str, root: Path, site_dir: Path) -> None:
    """Build the documentation of the project at root into site_dir with builder."""
    root, site_dir = root.resolve(), site_dir.resolve()
    if builder != "zensical" or site_dir.is_relative_to(root):
        _run(builder, root, site_dir)
        return
    # Zensical refuses a site_dir outside the project: build inside it, then move.
    staging = Path(tempfile.mkdtemp(prefix=".site-zensical-", dir=root))
    try:
        _run(builder, root, staging / "site")
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging / "site", site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run(builder: str, root: Path, site_dir: Path) -> None:
    if builder == "zensical":
        shutil.rmtree(site_dir, ignore_errors=True)   # Zensical leaves files of earlier builds
    env = {**os.environ, **package_variables(root), SITE_DIR_VARIABLE: str(site_dir),
           # The end-of-life banner is known (README); keep build logs readable.
           "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command(builder, root, site_dir), cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        output = readable(result.stdout)
        print(output, end="", file=sys.stderr, flush=True)
        raise BuildFailed(f"{builder} build --strict failed (exit {result.returncode}); its output is above",
                          output)


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
STRICT_ABORT = "RuntimeError: Aborted because --strict flag is set"


def readable(output: str) -> str:
    """The builder's output without terminal colours, and without the Python traceback that
    Zensical prints after its own report when --strict aborts the build."""
    output = ANSI_ESCAPE.sub("", output)
    if output.rstrip().endswith(STRICT_ABORT) and "Traceback (most recent call last):" in output:
        output = output[:output.rindex("Traceback (most recent call last):")] + STRICT_ABORT + "\n"
    return output
