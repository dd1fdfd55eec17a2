#!/usr/bin/env python3
"""Compare two built sites page by page: the anchors (id attributes) and the text of each page's
article, so a change to the generator can show that no page lost text or an address.

    python3 tools/diff_site.py OLD_SITE NEW_SITE

Build both with the same SOURCE_DATE_EPOCH (the pages print their build date). The navigation
and the runtime folder's hash are not compared: they are listed by the build, not written.
"""

from __future__ import annotations

import difflib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.text: list[str] = []
        self.depth = 0           # inside <article>, counting nested tags

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "article":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.text.append(" ".join(data.split()))


def read(path: Path) -> Page:
    page = Page()
    page.feed(re.sub(r"runtime-[0-9a-f]{16}", "runtime-HASH", path.read_text("utf-8")))
    return page


def main(old: Path, new: Path) -> int:
    names = sorted({p.relative_to(old).as_posix() for p in old.rglob("*.html")}
                   | {p.relative_to(new).as_posix() for p in new.rglob("*.html")})
    changed = 0
    for name in names:
        a, b = old / name, new / name
        if not a.exists() or not b.exists():
            print(f"{name}: {'added' if b.exists() else 'removed'}")
            changed += 1
            continue
        pa, pb = read(a), read(b)
        lost, gained = sorted(set(pa.ids) - set(pb.ids)), sorted(set(pb.ids) - set(pa.ids))
        text = list(difflib.unified_diff(pa.text, pb.text, lineterm="", n=0))[2:]
        if lost or gained or text:
            changed += 1
            print(f"== {name}")
            if lost:
                print(f"   anchors lost: {lost}")
            if gained:
                print(f"   anchors added: {gained}")
            for line in text:
                print(f"   {line}")
    print(f"{len(names)} pages compared, {changed} differ in anchors or article text")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
