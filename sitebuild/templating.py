"""The generator's one templating mechanism: Python's string.Template.

Every text the build fills in (the policy package's pages/*.md, the generator's own templates
in sitebuild/templates/: the calculator page's frame, the privacy page, the footer and banner
partials, the service worker) writes its placeholders as `$name` or `${name}`; a literal `$`
is written `$$`. `substitute` fails on a placeholder left unfilled, so a renamed value cannot
pass silently.

Not templating here: MkDocs' Jinja in overrides/ (the theme's own mechanism, run by the
builder), and the build's stamps of facts into files that also run unstamped (the calculator
page's empty data attributes, worker.mjs's `const BUILD = null;`), which sitebuild/runtime/
writes with stamp() below: exactly one mark, replaced, or the build fails.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "templates"


def fill(text: str, **values: object) -> str:
    """text with its $placeholders filled from values (every one must be given)."""
    return Template(text).substitute({k: str(v) for k, v in values.items()})


def render(name: str, **values: object) -> str:
    """The generator's template sitebuild/templates/<name>, filled."""
    return fill((TEMPLATES / name).read_text("utf-8"), **values)


def stamp(text: str, mark: str, filled: str, where: object = "text") -> str:
    """text with its one occurrence of mark replaced by filled; anything but one is an error."""
    if text.count(mark) != 1:
        raise RuntimeError(f"{where}: expected one placeholder {mark!r}, found {text.count(mark)}")
    return text.replace(mark, filled)
