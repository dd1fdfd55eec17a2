"""Move every inline script of the built pages into a file of its own.

The theme writes a few small scripts into each page (storage helpers, palette, tabs). Under
the plain `script-src 'self'` header a browser refuses them, and a hash list would change
with every theme or config change. So after the builder has run, each inline script becomes
`<script src="assets/javascripts/inline/<sha256>.js">`, at the same place, so it still runs
in the same order, synchronously. Builder-agnostic: it reads only the HTML.

Inline event handlers (onclick=...) and javascript: URLs cannot be moved this way; the build
fails on them instead.
"""

from __future__ import annotations

import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path

FOLDER = "assets/javascripts/inline"
# Types a browser executes; JSON blocks such as the theme's __config are data and stay.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        self.attrs = dict(attrs)


def script_attrs(opening: str) -> dict[str, str | None]:
    parser = _Attrs()
    parser.feed(f"<script{opening}>")
    return parser.attrs


def is_inline_code(attrs: dict[str, str | None]) -> bool:
    return "src" not in attrs and (attrs.get("type") or "").strip().lower() in EXECUTABLE_TYPES


def inline_scripts(html: str) -> list[str]:
    """The source of every executable inline script of a page (empty when the page is clean)."""
    return [m.group("body") for m in SCRIPT.finditer(html) if is_inline_code(script_attrs(m.group("attrs")))]


def externalise(html: str, page_rel: str, write) -> str:
    """The page with each inline script replaced by a script element loading write(source)'s file."""
    up = "../" * page_rel.count("/")

    def replace(match: re.Match) -> str:
        attrs = script_attrs(match.group("attrs"))
        if not is_inline_code(attrs):
            return match.group(0)
        name = write(match.group("body"))
        module = ' type="module"' if (attrs.get("type") or "").lower() == "module" else ""
        return f'<script src="{up}{FOLDER}/{name}"{module}></script>'

    return SCRIPT.sub(replace, html)


def problems(html: str) -> list[str]:
    """Script that no file can carry: inline event handlers, javascript: URLs."""
    text = SCRIPT.sub("", html)
    found = [m.group(0)[:80] for m in HANDLER.finditer(text)]
    return found + [m.group(0) for m in JS_URL.finditer(text)]


def move_to_files(site_dir: Path) -> int:
    """Rewrite every page of site_dir; return how many distinct script files were written."""
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()

    def write(source: str) -> str:
        name = hashlib.sha256(source.encode("utf-8")).hexdigest()[:20] + ".js"
        if name not in written:
            (folder / name).write_text(source, "utf-8")
            written.add(name)
        return name

    failures = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        html = page.read_text("utf-8")
        failures += [f"{rel}: {p}" for p in problems(html)]
        new = externalise(html, rel, write)
        if new != html:
            page.write_text(new, "utf-8")
    if failures:
        raise RuntimeError("inline script that cannot move to a file (CSP would block it):\n" + "\n".join(failures))
    if not written and not any(folder.iterdir()):
        os.rmdir(folder)
    return len(written)
