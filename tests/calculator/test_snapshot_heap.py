"""What the snapshot's heap need not carry (sitebuild/runtime/snapshot_heap.py), on this CPython:
in the slimmer line tables every instruction keeps its line, only the columns go, and a traceback
through slimmed code still names each file and line; the kept folder's memo caches are emptied,
no other's. (The build's check step proves the same on Pyodide's own interpreter: a
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

from sitebuild.runtime import snapshot_heap

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
        slim = code.replace(co_linetable=snapshot_heap.lines_only(code))
        before, after = list(code.co_positions()), list(slim.co_positions())
        if (list(slim.co_lines()) != list(code.co_lines()) or len(after) != len(before)
                or [p[:2] for p in after] != [(p[0], p[0]) for p in before]
                or any(p[2] is not None or p[3] is not None for p in after)):
            wrong.append(f"{code.co_filename}:{code.co_firstlineno} {code.co_name}")
    assert wrong == []


def test_the_tables_are_much_smaller():
    full = sum(len(c.co_linetable) for c in CODES)
    slim = sum(len(snapshot_heap.lines_only(c)) for c in CODES)
    assert slim < 0.6 * full, (slim, full)


def test_lighten_keeps_tracebacks_the_rules_tables_and_empties_only_their_caches(tmp_path):
    """In a fresh interpreter (lighten changes every function it finds): a traceback through
    slimmed standard-library code names its lines; the kept folder's file keeps its columns and
    loses its cache entries, a cache elsewhere keeps its own."""
    kept = tmp_path / "kept_rules.py"
    kept.write_text("import functools, json\n\ndef parse(text):\n    return json.loads(text)\n\n"
                    "@functools.lru_cache\ndef double(n):\n    return 2 * n\n", "utf-8")
    script = textwrap.dedent(f"""
        import json, sys, traceback
        sys.path[:0] = [{str(tmp_path)!r}, {str(ROOT)!r}]
        import functools
        import kept_rules
        from sitebuild.runtime import snapshot_heap

        @functools.lru_cache
        def elsewhere(n):
            return n

        def report():
            try:
                kept_rules.parse("[1, oops]")
            except ValueError as error:
                return "".join(traceback.format_exception(error))

        kept_rules.double(1), kept_rules.double(2), elsewhere(1)
        before = report()
        done = snapshot_heap.lighten({str(tmp_path)!r})
        after = report()
        print(done["slimmed"])
        print(json.dumps([done["cache_entries"], kept_rules.double.cache_info().currsize,
                          elsewhere.cache_info().currsize]))
        print(json.dumps([before, after]))
        positions = list(kept_rules.parse.__code__.co_positions())
        print(all(p[2] is not None for p in positions if p[0] is not None))
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    count, caches, (before, after), kept_columns = int(out[0]), json.loads(out[1]), json.loads(out[2]), out[3]
    assert count > 100
    assert caches == [2, 0, 1]   # the kept file's two entries dropped, the other cache left alone
    frames = lambda text: re.findall(r'File "(.*)", line (\d+), in (\w+)', text)  # noqa: E731
    assert frames(after) == frames(before)
    assert any(file.endswith("json/decoder.py") for file, _, _ in frames(after))
    assert "JSONDecodeError" in after
    # The carets under the kept file's line stay; the standard library's go.
    assert after.count("^") < before.count("^") and "^" in after
    assert kept_columns == "True"
