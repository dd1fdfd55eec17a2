"""What the snapshot's heap need not carry, taken out just before the memory is written: run
inside Pyodide by pyodide_snapshot.mjs (make, lighten()); plain CPython (3.11 and later) runs it
in the tests. keep: the rules' folder (site-packages), whose functions and caches are theirs.

Line tables. Every function's code object carries a location table: for each instruction its
line, end line and columns. The columns only serve the carets under a traceback's source line,
and they are most of the table: about 440 kB of the heap, sent to every visitor. Each function
whose code is not the rules' own gets a table with the same line numbers and no columns, so a
traceback still names every file and line (without carets); the rules keep theirs.
The table's format is CPython's (Objects/locations.md, unchanged since 3.11): entries of up to 8
code units, each a byte 1cccclll (c the kind, l the length - 1) and its data; kind 13 is "line
only" with the line's change as a signed varint, kind 15 "no location". Varints here hold 6 bits
a byte, 0x40 meaning that more follow (the top bit marks an entry's first byte).

Memo caches. Warming the rules with the build's corpus fills their functools.lru_cache caches
with its answers: emptied, they fill again with a visitor's own.
"""

from __future__ import annotations

import functools
import gc
import sys
import types

_MAX_UNITS = 8
_LINE_ONLY = 13
_NO_LOCATION = 15


def _varint(out: bytearray, value: int) -> None:
    while value >= 64:
        out.append(0x40 | (value & 63))
        value >>= 6
    out.append(value)


def lines_only(code: types.CodeType) -> bytes:
    """A location table for code with its line numbers and no columns."""
    out = bytearray()
    line_before = code.co_firstlineno
    for start, end, line in code.co_lines():
        units = (end - start) // 2
        while units > 0:
            length = min(units, _MAX_UNITS)
            units -= length
            if line is None:
                out.append(0x80 | _NO_LOCATION << 3 | (length - 1))
                continue
            out.append(0x80 | _LINE_ONLY << 3 | (length - 1))
            change, line_before = line - line_before, line
            _varint(out, (-change << 1) | 1 if change < 0 else change << 1)
    return bytes(out)


def slim_functions(keep: str) -> int:
    """Give every live function whose source file's path does not contain keep a lines-only
    table; return how many. Each one's code is replaced at once, so its old code object is freed
    before the next is made and the new one can take its place in the heap (making them all
    first and replacing after spreads the heap: a larger snapshot)."""
    count = 0
    for obj in gc.get_objects():
        if type(obj) is types.FunctionType and keep not in obj.__code__.co_filename:
            obj.__code__ = obj.__code__.replace(co_linetable=lines_only(obj.__code__))
            count += 1
    gc.collect()
    return count


def empty_caches(keep: str) -> int:
    """Empty the lru_cache of every function of a module under keep; return the entries dropped."""
    dropped = 0
    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper):
            module = sys.modules.get(getattr(obj, "__module__", None))
            if (getattr(module, "__file__", None) or "").startswith(keep):
                dropped += obj.cache_info().currsize
                obj.cache_clear()
    return dropped


def lighten(keep: str) -> dict:
    """Both, caches first (their entries are freed before the functions' code is remade)."""
    return {"cache_entries": empty_caches(keep), "slimmed": slim_functions(keep)}
