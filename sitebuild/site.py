"""The build, step by step: docs pages, mkdocs, inline scripts to files, calculator runtime,
offline cache, hosting kit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sitebuild.docs import builders


def step(name: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"[build] {name}: {time.perf_counter() - start:.2f} s", flush=True)
    return result


def run_docs_builder(root: Path, site_dir: Path, builder: str = builders.DEFAULT) -> None:
    """mkdocs.yml -> HTML with Material for MkDocs or Zensical; any warning fails the build."""
    builders.run(builder, root, site_dir)


def build(root: Path, site_dir: Path | None = None, builder: str = builders.DEFAULT,
          compress: bool = True, deploy: bool = False) -> Path:
    """Build the whole site into site_dir (default root/site) with builder and return it.

    compress=False leaves out the precompressed copies (a test's throwaway site).
    deploy=True (build.py --deploy) refuses example values left in the site's identity; without
    it they are a warning."""
    from sitebuild import packages
    from sitebuild.docs import identity, pages, search_terms
    from sitebuild.hosting import kit
    from sitebuild.postbuild import inline_scripts, service_worker, precompress, public_text
    from sitebuild.runtime import assets

    site_dir = site_dir or root / "site"
    start = time.perf_counter()
    # First, so a deployment build with example values stops before it writes anything.
    step("site identity (policy_src/site.toml)", identity.check_placeholders, identity.load(root), deploy)
    step("docs pages from the policy package", pages.generate, root)
    step(f"{builder} build --strict", run_docs_builder, root, site_dir, builder)
    step("inline scripts moved to files", inline_scripts.move_to_files, site_dir)
    step("search index: hidden search terms", search_terms.normalise_index, site_dir)
    step("no developer text on public pages", public_text.check, site_dir)
    step("calculator runtime (wheel, Pyodide, snapshot)", assets.install, root, site_dir)
    # After every step that writes a served file: it lists each file's sha256.
    step("service worker", service_worker.write_service_worker, site_dir, packages.main(root).id)
    step("hosting kit (headers, nginx, Apache)", kit.write_kit, site_dir)
    # Last: it copies files as they are.
    if compress:
        step("precompressed .gz and .br", precompress.run, site_dir, root)
    print(f"[build] site/ built in {time.perf_counter() - start:.1f} s -> {site_dir}", flush=True)
    return site_dir


def run_tests(root: Path, pytest_args: list[str], builder: str = builders.DEFAULT) -> int:
    env = dict(os.environ)
    # Not the repo root: its build.py would shadow the PyPI package `build` in subprocesses.
    from sitebuild import packages

    env["PYTHONPATH"] = str(packages.main(root).rules_dir)   # the rules tests import the main package's module
    env["SUBSIDY_SITE_BUILT"] = str(root / "site")
    # Tests marked `builders` also run on a site built by the other builder (tests/conftest.py).
    env["SUBSIDY_BUILDER"] = builder
    return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=root, env=env).returncode
