#!/usr/bin/env python3
"""Compare two built sites page by page: did any page lose an anchor or a sentence?

    python3 tools/diff_site.py BEFORE AFTER

For every .html file under either folder it compares

- the anchors: every `id` attribute and every `<a name="...">`, so no address such as
  `policy.html#c5-3-1` stops working;
- the sentences of the visible text: the text outside <script>, <style>, <template> and
  <noscript>, split at 。！？； and at line breaks, each with its runs of white space made one
  space and stripped; empty pieces dropped. Sentences are compared as sets (a sentence moved
  within the page is not a loss).

It prints, per page, each anchor and sentence lost (and, indented, how many were added), then
the pages lost and added, and a summary. Exit status 1 when any page lost an anchor or a
sentence, or a page is gone; 0 otherwise (additions alone are fine). Standard library only.

What is ignored, because it changes from build to build without anything being lost:

- hash-named files: `runtime-<16 hex>` (the calculator's runtime folder, named by its content)
  and any other run of 16 or more hex digits (the inline scripts' `inline/<sha256>.js`, the
  service worker's build hash), replaced by `HASH` before comparing;
- the build date: `构建日期：<date>`, `生成于<date>` (about, home and timeline pages print the
  day they were built) become `<build date>`, and the home page's `已过有效期 N 天` (days since the
  policy's last day, counted to the build date) becomes `N 天`;
- ISO timestamps (`2026-12-04T18:03:01...`), which a builder may print, become `TIMESTAMP`;
- files under `calculator/runtime-*/` and `assets/javascripts/inline/` are not pages, and
  `.html.gz`/`.html.br` copies are not read (only `.html`).

Build both sites on the same day (or with the same SOURCE_DATE_EPOCH) for a clean comparison of
the validity banner, whose wording follows the build date.
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

SKIPPED_TAGS = {"script", "style", "template", "noscript"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SENTENCE_END = re.compile(r"[。！？；\n]")
# Replacements applied to the page's text and anchors before comparing (docstring: why).
VOLATILE = (
    (re.compile(r"runtime-[0-9a-f]{16}"), "runtime-HASH"),
    (re.compile(r"\b[0-9a-f]{16,}\b"), "HASH"),
    (re.compile(r"(构建日期：|生成于)\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"), r"\1<build date>"),
    (re.compile(r"已过有效期\s*\d+\s*天"), "已过有效期 N 天"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "TIMESTAMP"),
)


def normalise(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


class Page(HTMLParser):
    """The anchors and the visible text of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.anchors.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.anchors.add(attrs["name"])
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in ("br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.chunks.append("\n")   # a block or a line break ends a sentence

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_TAGS:
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag not in VOID_TAGS:
            self.chunks.append("\n" if tag in ("p", "div", "li", "tr", "td", "th") else "")

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)

    def sentences(self) -> set[str]:
        text = normalise("".join(self.chunks))
        return {s for s in (" ".join(piece.split()) for piece in SENTENCE_END.split(text)) if s}


def read(path: Path) -> tuple[set[str], set[str]]:
    """(anchors, sentences) of the page at path."""
    page = Page()
    page.feed(path.read_text("utf-8", errors="replace"))
    page.close()
    return {normalise(a) for a in page.anchors}, page.sentences()


def pages(site: Path) -> set[str]:
    names = set()
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if not re.match(r"calculator/runtime-|assets/javascripts/inline/", rel):
            names.add(rel)
    return names


def compare(before: Path, after: Path, out=sys.stdout) -> int:
    """Print what each page lost; return the number of pages that lost something (gone included)."""
    old, new = pages(before), pages(after)
    losing = 0
    for name in sorted(old & new):
        (a_old, s_old), (a_new, s_new) = read(before / name), read(after / name)
        lost_anchors, lost_sentences = sorted(a_old - a_new), sorted(s_old - s_new)
        added = len(a_new - a_old), len(s_new - s_old)
        if lost_anchors or lost_sentences:
            losing += 1
            print(f"== {name}", file=out)
            for anchor in lost_anchors:
                print(f"   anchor lost: #{anchor}", file=out)
            for sentence in lost_sentences:
                print(f"   sentence lost: {sentence}", file=out)
        if any(added):
            print(f"   {name}: {added[0]} anchor(s), {added[1]} sentence(s) added", file=out)
    for name in sorted(old - new):
        losing += 1
        print(f"page lost: {name}", file=out)
    for name in sorted(new - old):
        print(f"page added: {name}", file=out)
    print(f"{len(old | new)} pages compared: {losing} lost an anchor, a sentence or the page; "
          f"{len(old - new)} page(s) lost, {len(new - old)} added", file=out)
    return losing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the site built before the change")
    parser.add_argument("after", type=Path, help="the site built after it")
    args = parser.parse_args(argv)
    for site in (args.before, args.after):
        if not site.is_dir():
            parser.error(f"{site}: not a folder")
    return 1 if compare(args.before, args.after) else 0


if __name__ == "__main__":
    sys.exit(main())
