#!/usr/bin/env python3
"""Rewrite imports and path mentions written for the old flat sitebuild/ to its layout by phase.

    python3 tools/relayout_imports.py [FILE ...]     (default: every tracked text file)

For a branch begun before sitebuild/ was split into setup/, docs/, postbuild/, runtime/ and
hosting/ (and local_nginx.py moved to tests/): after merging it, run this and review `git diff`.
It rewrites

- `from sitebuild import pages, hosting` into one import per new package (`from sitebuild.docs
  import pages`, `from sitebuild.hosting import kit`), renaming the module's uses in that file
  where its name changed (`hosting.X` -> `kit.X`, `calculator_assets.X` -> `assets.X`, ...);
- `from sitebuild.docs_markdown import yuan` -> `from sitebuild.docs.markdown import yuan`;
- mentions `sitebuild/pages.py` -> `sitebuild/docs/pages.py`, and `sitebuild.docs_examples.` ->
  `sitebuild.docs.examples.`;
- `glob("runtime-*")` look-ups of the one runtime folder are left alone: use
  `sitebuild.runtime.layout.runtime_dir(site)` by hand.

Idempotent: imports already in the new layout are left as they are. Standard library only.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# old flat module -> new dotted path under sitebuild
MOVED = {
    "env": "setup.toolchain", "builders": "docs.builders", "pages": "docs.pages", "policy_text": "docs.policy_text",
    "search_terms": "docs.search_terms", "timeline": "docs.timeline", "validity": "docs.validity",
    "identity": "docs.identity", "docs_markdown": "docs.markdown", "docs_policy": "docs.policy_page",
    "docs_rules": "docs.rules_page", "docs_glossary": "docs.glossary", "docs_examples": "docs.examples",
    "inline_scripts": "postbuild.inline_scripts", "public_text": "postbuild.public_text",
    "precompress": "postbuild.precompress", "offline": "postbuild.service_worker",
    "calculator_assets": "runtime.assets", "snapshot": "runtime.snapshot", "hosting": "hosting.kit",
    "deploy_check": "hosting.deploy_check", "serve": "hosting.serve",
}
# names the new packages export as modules: `from sitebuild.hosting import kit` is already new
NEW_SUBMODULES = {
    "hosting": {"kit", "serve", "deploy_check"},
}
SUFFIXES = (".py", ".md", ".mjs", ".js", ".html", ".yml", ".toml", ".ini", ".css", ".txt")
GROUPED = re.compile(r"^([ \t]*)from sitebuild import ([A-Za-z_, ]+?)((?:[ \t]+#.*)?)$", re.M)


def rewrite(text: str) -> str:
    for old, new in MOVED.items():
        text = re.sub(rf"sitebuild/{old}\.py\b", f"sitebuild/{new.replace('.', '/')}.py", text)
    text = text.replace("sitebuild/pyodide_snapshot.mjs", "sitebuild/runtime/pyodide_snapshot.mjs")
    text = text.replace("sitebuild/local_nginx.py", "tests/local_nginx.py")
    text = re.sub(r"\bsitebuild\.docs_(examples|markdown|glossary)\.", r"sitebuild.docs.\1.", text)

    def dotted(match: re.Match) -> str:
        old, names = match.group(1), {n.strip() for n in match.group(2).split("#")[0].split(",")}
        if names <= NEW_SUBMODULES.get(old, set()):
            return match.group(0)      # already the new layout
        return f"from sitebuild.{MOVED[old]} import {match.group(2)}"

    text = re.sub(rf"\bfrom sitebuild\.({'|'.join(MOVED)}) import ([^\n]+)", dotted, text)
    text = re.sub(r"\bfrom sitebuild\.local_nginx import\b", "from local_nginx import", text)

    renames: dict[str, str] = {}

    def grouped(match: re.Match) -> str:
        indent, tail = match.group(1), match.group(3)
        kept, by_package = [], {}
        lines = []
        for name in (n.strip() for n in match.group(2).split(",")):
            if name == "local_nginx":
                lines.append(f"{indent}import local_nginx{tail}")
            elif name in MOVED:
                package, leaf = MOVED[name].split(".")
                by_package.setdefault(package, []).append(leaf)
                if leaf != name:
                    renames[name] = leaf
            else:
                kept.append(name)
        if kept:
            lines.insert(0, f"{indent}from sitebuild import {', '.join(kept)}{tail}")
        lines += [f"{indent}from sitebuild.{p} import {', '.join(leaves)}{tail}" for p, leaves in sorted(by_package.items())]
        return "\n".join(lines)

    text = GROUPED.sub(grouped, text)
    for old, new in renames.items():
        text = re.sub(rf"(?<![\w./]){old}\.(?!py\b|mjs\b|md\b|html\b|js\b)(?=[A-Za-z_])", f"{new}.", text)
    return text


def main(argv: list[str]) -> int:
    files = argv or subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        path = Path(name)
        if not path.is_file() or not name.endswith(SUFFIXES) or name.startswith("node_modules/"):
            continue
        text = path.read_text("utf-8")
        new = rewrite(text)
        if new != text:
            path.write_text(new, "utf-8")
            print(f"rewritten: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
