"""Build check: no developer text on public pages.

Test node ids ("tests/rules/test_rules_readings.py::test_…") and other developer text belong in
the source, not in what the public reads. check(site_dir) fails the build when a page or the
search index still contains one; problems(site_dir) lists them for a test.

    from sitebuild.postbuild import public_text
    public_text.check(site_dir)      # raises PublicTextError naming file and context
"""

from __future__ import annotations

import re
from pathlib import Path

# What gives developer text away: a path into the test suite or a pytest node id.
FORBIDDEN = re.compile(r"tests/|::test_")
# What the public reads: every page and the search index (JSON, and the offline plugin's JS copy).
PUBLIC = ("**/*.html", "search/search_index.json", "search/search_index.js", "search.json", "search.js")
CONTEXT = 40


class PublicTextError(RuntimeError):
    pass


def public_files(site_dir: Path) -> list[Path]:
    site_dir = Path(site_dir)
    found: dict[Path, None] = {}
    for pattern in PUBLIC:
        for path in sorted(site_dir.glob(pattern)):
            if path.is_file():
                found[path] = None
    return list(found)


def problems(site_dir: Path) -> list[str]:
    """'file: …context…' for every developer string in the site's public text."""
    site_dir = Path(site_dir)
    out = []
    for path in public_files(site_dir):
        text = path.read_text("utf-8", "replace")
        if path.suffix == ".js" or path.suffix == ".json":
            # The index escapes non-ASCII as \\uXXXX; the forbidden strings are ASCII anyway.
            text = text.replace("\\/", "/")
        for match in FORBIDDEN.finditer(text):
            start, end = max(0, match.start() - CONTEXT), match.end() + CONTEXT
            snippet = text[start:end].replace("\n", " ")
            out.append(f"{path.relative_to(site_dir).as_posix()}: …{snippet}…")
    return out


def check(site_dir: Path) -> int:
    """Raise PublicTextError if the built site shows developer text; returns the number of files checked."""
    found = problems(site_dir)
    if found:
        listed = "\n".join(found[:20])
        more = f"\n(and {len(found) - 20} more)" if len(found) > 20 else ""
        raise PublicTextError(f"developer text on public pages (test paths or node ids):\n{listed}{more}")
    return len(public_files(site_dir))
