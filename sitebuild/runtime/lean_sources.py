"""The standard library's sources as the calculator ships them: without comments and docstrings,
every remaining character on its line and column. Run inside Pyodide by pyodide_snapshot.mjs
(the lean step: its Python reads 3.14's syntax); plain CPython runs it in the tests.

Every boot that reads these files runs with docstrings and asserts left out (python -OO), as the
snapshot is made. At -OO, Python compiles a lean file to the very code it compiles the original
to (same bytecode, constants, names, line and column tables: code objects compare equal), and
lean() keeps a file unchanged where that is not so. What a visitor downloads for an ordinary
boot is 40 % smaller; a traceback still names each file and line (its source line shows without
its comment).

A docstring becomes a string of blanks as many lines long, as wide on its last line (dropped at -OO
like any docstring), so the lines after it stay where they were; a comment's text is removed,
except a coding declaration on the first two lines (it still decides how the file is read).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import zipfile

_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")
OPTIMIZE = 2


def _docstrings(tree: ast.AST) -> list[ast.Constant]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                found.append(first.value)
    return found


def strip(text: str) -> str:
    """text without its comments and docstrings, each line kept (not checked: see lean())."""
    lines = io.StringIO(text, newline="").readlines()   # as Python counts lines (not at \f)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def at_byte(line: int, col: int) -> int:   # ast's columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode("utf-8")[:col].decode("utf-8"))

    edits = []
    for node in _docstrings(ast.parse(text)):
        # The string's last line keeps its width (UTF-8 bytes, as Python's columns count): a
        # statement ending with it (a class whose body is its docstring) keeps its end column.
        breaks, width = node.end_lineno - node.lineno, node.end_col_offset
        span = (at_byte(node.lineno, node.col_offset), at_byte(node.end_lineno, node.end_col_offset))
        if not breaks:
            edits.append((*span, "'" + " " * (width - node.col_offset - 2) + "'"))
        elif width >= 3:
            edits.append((*span, "'''" + "\n" * breaks + " " * (width - 3) + "'''"))
    for token in tokenize.generate_tokens(iter(lines).__next__):   # the same lines as above
        if token.type == tokenize.COMMENT:   # tokenize's columns count characters
            (row, col), (end_row, end_col) = token.start, token.end
            line = lines[row - 1]
            if row <= 2 and _CODING.match(line):
                continue
            while col and line[col - 1] in " \t":   # and the blanks before it
                col -= 1
            edits.append((starts[row - 1] + col, starts[end_row - 1] + end_col, ""))
    out = text
    for start, end, replacement in sorted(edits, reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def same_code(original: str, lean: str, filename: str) -> bool:
    """Whether Python compiles both, at -OO, to equal code objects."""
    try:
        compiled = compile(lean, filename, "exec", dont_inherit=True, optimize=OPTIMIZE)
    except SyntaxError:
        return False
    return compiled == compile(original, filename, "exec", dont_inherit=True, optimize=OPTIMIZE)


def lean(source: bytes, filename: str) -> bytes:
    """The file's lean text, or source itself where that would not compile to the same code."""
    try:
        text = source.decode("utf-8")
        slim = strip(text)
    except (UnicodeDecodeError, SyntaxError, tokenize.TokenError, ValueError):
        return source
    if slim == text or not same_code(text, slim, filename):
        return source
    return slim.encode("utf-8")


def lean_files(stdlib: str, names: list[str]) -> dict[str, str]:
    """The lean text of each named file of the zip that has one (the build's lean step)."""
    leaned = {}
    with zipfile.ZipFile(stdlib) as files:
        for name in names:
            source = files.read(name)
            slim = lean(source, f"{stdlib}/{name}")
            if slim is not source:
                leaned[name] = slim.decode("utf-8")
    return leaned
