"""One templating mechanism in the generator: string.Template, through sitebuild/templating.py."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

import pytest

from sitebuild import templating

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in templating.TEMPLATES.rglob("*") if p.is_file())


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(templating.TEMPLATES).as_posix())
def test_each_template_is_a_valid_string_template(path):
    template = Template(path.read_text("utf-8"))
    assert template.is_valid(), f"{path}: a lone $ (write $$ for a dollar sign)"


def test_only_templating_py_fills_templates():
    """No other module of the generator brings its own mechanism: string.Template, str.format on a
    file, or __NAME__ markers replaced by hand."""
    offenders = []
    for path in sorted((ROOT / "sitebuild").rglob("*.py")):
        if path.name == "templating.py" or "__pycache__" in path.parts:
            continue
        text = path.read_text("utf-8")
        if re.search(r"\bTemplate\(|\.format\(|\.replace\(\s*\"__[A-Z_]+__\"", text):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []
    assert not [p for p in TEMPLATES if re.search(r"__[A-Z][A-Z_]+__", p.read_text("utf-8"))]


def test_fill_needs_every_placeholder_and_keeps_dollars():
    assert templating.fill("$a costs $$5, ${b}x", a="tea", b=2) == "tea costs $5, 2x"
    with pytest.raises(KeyError):
        templating.fill("$a and $b", a="only one")
    with pytest.raises(RuntimeError):
        templating.stamp("mark mark", "mark", "x")
