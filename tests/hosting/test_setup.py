"""Set-up checks what is installed, not a stamp: a moved venv, missing pins, a partial node_modules."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from sitebuild.setup import toolchain


def fake_venv(root: Path, shebang_python: Path) -> None:
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    script = bin_dir / "mkdocs"
    script.write_text(f"#!{shebang_python}\nimport sys\n", "utf-8")
    script.chmod(0o755)
    (bin_dir / "activate").write_text("# not a script with an interpreter line\n", "utf-8")


def test_scripts_of_a_moved_venv_are_found(tmp_path):
    moved = tmp_path / "moved"
    fake_venv(moved, tmp_path / "old-place" / ".venv" / "bin" / "python")
    assert toolchain.broken_scripts(moved) == ["mkdocs"]
    here = tmp_path / "here"
    fake_venv(here, here / ".venv" / "bin" / "python")
    assert toolchain.broken_scripts(here) == []


def test_this_checkout_venv_is_whole(root):
    assert toolchain.broken_scripts(root) == []
    assert toolchain.missing_pins(toolchain.venv_python(root), root / "requirements.txt") == []
    assert toolchain.missing_node_packages(root) == []


def test_a_pin_at_another_version_is_reported(root, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("pytest==0.0.1 \\\n    --hash=sha256:00\nno-such-package-xm==1.0\n", "utf-8")
    assert toolchain.missing_pins(toolchain.venv_python(root), requirements) == ["pytest==0.0.1", "no-such-package-xm==1.0"]


def test_every_requirement_is_pinned_with_hashes(root):
    text = (root / "requirements.txt").read_text("utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==\S+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M)
    named = re.findall(r"^[A-Za-z0-9_.\-]+", text, re.M)
    assert pins and len(pins) == len(named), "each package line is name==version followed by its hashes"


def test_a_partial_node_modules_is_reported(tmp_path):
    lock = {"packages": {"": {"name": "x"},
                         "node_modules/pyodide": {"version": "314.0.7"},
                         "node_modules/axe-core": {"version": "4.14.1"}}}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock), "utf-8")
    os.makedirs(tmp_path / "node_modules" / "pyodide")
    (tmp_path / "node_modules" / "pyodide" / "package.json").write_text('{"version": "314.0.7"}', "utf-8")
    assert toolchain.missing_node_packages(tmp_path) == ["axe-core@4.14.1"]
