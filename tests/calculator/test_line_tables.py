"""The snapshot's slimmer line tables (sitebuild/runtime/line_tables.py), on this CPython: every
instruction keeps its line, only the columns go, and a traceback through slimmed code still names
each file and line. (The build's check step proves the same on Pyodide's own interpreter: a
traceback from the restored snapshot names the lines an ordinary boot names.)"""

from __future__ import annotations

import asyncio.base_events
import asyncio.tasks
import dataclasses
import enum
import inspect
import json.decoder
import re
import re._parser
import subprocess
import sys
import textwrap
import types
from pathlib import Path

from sitebuild.runtime import line_tables

ROOT = Path(__file__).resolve().parents[2]


def codes(*modules):
    """Every code object of the modules' functions and methods, nested ones included."""
    seen, todo = {}, []
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, types.FunctionType):
                todo.append(value.__code__)
            elif isinstance(value, type):
                todo += [v.__code__ for v in vars(value).values() if isinstance(v, types.FunctionType)]
    while todo:
        code = todo.pop()
        if id(code) not in seen:
            seen[id(code)] = code
            todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return list(seen.values())


CODES = codes(json.decoder, re, re._parser, dataclasses, enum, inspect, asyncio.base_events, asyncio.tasks)


def test_the_sample_is_large():
    assert len(CODES) > 300


def test_every_instruction_keeps_its_line_and_loses_its_columns():
    wrong = []
    for code in CODES:
        slim = code.replace(co_linetable=line_tables.lines_only(code))
        before, after = list(code.co_positions()), list(slim.co_positions())
        if (list(slim.co_lines()) != list(code.co_lines()) or len(after) != len(before)
                or [p[:2] for p in after] != [(p[0], p[0]) for p in before]
                or any(p[2] is not None or p[3] is not None for p in after)):
            wrong.append(f"{code.co_filename}:{code.co_firstlineno} {code.co_name}")
    assert wrong == []


def test_the_tables_are_much_smaller():
    full = sum(len(c.co_linetable) for c in CODES)
    slim = sum(len(line_tables.lines_only(c)) for c in CODES)
    assert slim < 0.6 * full, (slim, full)


def test_slim_functions_keeps_tracebacks_and_the_rules_own_tables(tmp_path):
    """In a fresh interpreter (slim_functions changes every function it finds): a traceback
    through slimmed standard-library code names its lines; the kept file keeps its columns."""
    kept = tmp_path / "kept_rules.py"
    kept.write_text("def parse(text):\n    import json\n    return json.loads(text)\n", "utf-8")
    script = textwrap.dedent(f"""
        import json, sys, traceback
        sys.path[:0] = [{str(tmp_path)!r}, {str(ROOT)!r}]
        import kept_rules
        from sitebuild.runtime import line_tables

        def report():
            try:
                kept_rules.parse("[1, oops]")
            except ValueError as error:
                return "".join(traceback.format_exception(error))

        before = report()
        count = line_tables.slim_functions("kept_rules")
        after = report()
        print(count)
        print(json.dumps([before, after]))
        positions = list(kept_rules.parse.__code__.co_positions())
        print(all(p[2] is not None for p in positions if p[0] is not None))
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    count, (before, after), kept_columns = int(out[0]), json.loads(out[1]), out[2]
    assert count > 100
    frames = lambda text: re.findall(r'File "(.*)", line (\d+), in (\w+)', text)  # noqa: E731
    assert frames(after) == frames(before)
    assert any(file.endswith("json/decoder.py") for file, _, _ in frames(after))
    assert "JSONDecodeError" in after
    # The carets under the kept file's line stay; the standard library's go.
    assert after.count("^") < before.count("^") and "^" in after
    assert kept_columns == "True"
