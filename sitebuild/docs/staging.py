"""Where the docs builder reads from: build/docs/ and build/overrides/, never the checkout.

Each build composes them from the checked-in sources, docs/ (the site's own stylesheets and
scripts) and overrides/ (the theme overrides), and the files generated from the policy package:
the pages (index, policy, rules, glossary, timeline, about, privacy, calculator/index), the
iframe-worker shim, the identity mark's image, and the partials validity-banner.html and
site-identity.html. mkdocs.yml names build/docs and build/overrides; the checkout's docs/ and
overrides/ stay exactly as committed (`git status` is clean after a build).

    stage(root)              copy docs/ and overrides/ into build/ (only files that changed)
    write(path, text, written)  write one generated file (only if its text changed), noting it
    prune(root, keep)        remove from build/docs and build/overrides what neither the sources
                             nor this build's generation wrote (a page dropped from a package)

A file is rewritten only when its content differs, so unchanged files keep their mtimes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

BUILD = Path("build")
DOCS = BUILD / "docs"              # mkdocs.yml docs_dir
OVERRIDES = BUILD / "overrides"    # mkdocs.yml theme.custom_dir
SOURCES = {Path("docs"): DOCS, Path("overrides"): OVERRIDES}

# What builds before this layout wrote into the checkout (and git ignored): removed from a checkout
# that still has them, so they can be neither staged as sources nor shown by `git status`.
OLD_OUTPUTS = ("docs/index.md", "docs/timeline.md", "docs/calculator/index.md", "docs/policy.md",
               "docs/rules.md", "docs/glossary.md", "docs/about.md", "docs/privacy.md",
               "docs/assets/javascripts/iframe-worker", "docs/assets/site-identity",
               "overrides/partials/validity-banner.html", "overrides/partials/site-identity.html")


def write(path: Path, text: str, written: list[Path]) -> None:
    """Write a generated file into build/ and note it in written (what prune keeps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:   # keep mtimes for mkdocs serve
        path.write_text(text, "utf-8")
    written.append(path)


def remove_old_outputs(root: Path) -> list[str]:
    removed = []
    for rel in OLD_OUTPUTS:
        path = Path(root) / rel
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            continue
        removed.append(rel)
        for parent in path.parents:   # docs/calculator/, left empty
            if parent == Path(root) or any(parent.iterdir()):
                break
            parent.rmdir()
    if removed:
        print(f"[build] removed the outputs of an older build from the checkout: {', '.join(removed)}", flush=True)
    return removed


def copy_if_changed(source: Path, target: Path) -> None:
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def stage(root: Path) -> list[Path]:
    """Copy the checked-in docs/ and overrides/ into build/; return the staged files."""
    root = Path(root)
    remove_old_outputs(root)
    staged = []
    for source, target in SOURCES.items():
        if not (root / source).is_dir():
            continue
        for path in sorted((root / source).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                dest = root / target / path.relative_to(root / source)
                copy_if_changed(path, dest)
                staged.append(dest)
    return staged


def prune(root: Path, keep: list[Path]) -> None:
    """Remove every file under build/docs and build/overrides not in keep, then empty folders."""
    root = Path(root)
    kept = {Path(p).resolve() for p in keep}
    for target in SOURCES.values():
        folder = root / target
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path.resolve() not in kept:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
