"""The calculator's standard library without comments and docstrings (sitebuild/runtime/lean_sources.py):
the same code at -OO, every line where it was. The build runs it inside Pyodide on Python 3.14's
files; here it runs on this CPython and its own standard library."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

from sitebuild.runtime.lean_sources import OPTIMIZE, lean, lean_files, same_code, strip

TRICKY = '''#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Module docstring,
over three lines."""   # and a comment after it
import re  # why re

TAB = "a # not a comment"
HASH = f"{TAB!r} # nor this"   # but this is


class OnlyDoc:
    """A class whose body is its docstring: the class ends where the string ends."""


class Wide:
    """Ünïcödé, 多字节的文档字符串
    second line"""
    def method(self):   # comment
        "single-quoted docstring"; return 1

    async def coroutine(self):
        r"""raw docstring \\d"""
        # a whole-line comment
        \f
        return [x  # inside brackets
                for x in range(3)]


def text():
    return """a string that is not a docstring # keeps its hash
    and its trailing blanks   """


def later():
    x = 1
    """not a docstring: the second statement"""
    return x
'''


def compiled(text: str):
    return compile(text, "tricky.py", "exec", dont_inherit=True, optimize=OPTIMIZE)


def test_strip_keeps_the_code_and_every_line():
    slim = strip(TRICKY)
    assert compiled(slim) == compiled(TRICKY)  # code objects: bytecode, constants, lines and columns
    assert slim.count("\n") == TRICKY.count("\n")
    assert "# -*- coding: utf-8 -*-" in slim  # a coding declaration still decides how a file is read
    for gone in ("# and a comment", "# why re", "# but this is", "# comment", "# a whole-line comment",
                 "# inside brackets", "Module docstring", "多字节", "single-quoted", "raw docstring"):
        assert gone not in slim
    for kept in ('"a # not a comment"', "# nor this", "# keeps its hash", "trailing blanks   ",
                 "not a docstring: the second statement"):
        assert kept in slim
    assert "re\n" in slim and "this is" not in slim  # the blanks before a comment go with it


def test_lean_keeps_a_file_whose_code_would_change(monkeypatch):
    from sitebuild.runtime import lean_sources

    source = b"x = 1  # one\n"
    assert lean(source, "f.py") == b"x = 1\n"
    monkeypatch.setattr(lean_sources, "strip", lambda text: "x = 2\n")   # a stripping gone wrong
    assert lean_sources.lean(source, "f.py") is source
    monkeypatch.undo()
    source = TRICKY.encode()
    assert lean(source, "tricky.py") == strip(TRICKY).encode()
    # unparsable, not UTF-8 or already lean: the file itself
    for unchanged in (b"def broken(:\n", "x = 'é'  # latin-1\n".encode("latin-1"), b"x = 1\n"):
        assert lean(unchanged, "f.py") is unchanged
    assert not same_code("x = 1\n", "x = 2\n", "f.py")
    assert not same_code("x = 1\n", "x = (\n", "f.py")


def test_lean_files_names_only_the_files_made_lean(tmp_path):
    import zipfile

    stdlib = tmp_path / "stdlib.zip"
    with zipfile.ZipFile(stdlib, "w") as z:
        z.writestr("tricky.py", TRICKY)
        z.writestr("bare.py", "x = 1\n")
        z.writestr("other.py", "# not asked for\n")
    assert lean_files(str(stdlib), ["tricky.py", "bare.py"]) == {"tricky.py": strip(TRICKY)}


def test_this_pythons_standard_library():
    """Nearly every file is made lean, a third smaller, and each compiles to the same code."""
    root = Path(sysconfig.get_paths()["stdlib"])
    files = [p for p in sorted(root.glob("*.py")) + sorted(root.glob("[a-z]*/*.py"))
             if "test" not in p.parts and "site-packages" not in p.parts][:250]
    before = after = unchanged = 0
    for path in files:
        source = path.read_bytes()
        slim = lean(source, str(path))
        before, after = before + len(source), after + len(slim)
        if slim is source:
            unchanged += 1
            continue
        assert slim.count(b"\n") == source.count(b"\n"), path
        assert compiled(slim.decode()) == compile(source, str(path), "exec", dont_inherit=True, optimize=OPTIMIZE)
    assert len(files) > 200 and unchanged < len(files) / 10, (unchanged, sys.version)
    assert after < 0.8 * before
