"""The calculator's fast start: a memory snapshot of Pyodide with the rules imported, the
trimmed standard library it was made with (for the ordinary boot, the worker's fallback), and the
snapshot's own zip of that library's files it has not imported.

Steps (each a Node run of pyodide_snapshot.mjs on the pinned node_modules/pyodide):

1. record: an ordinary boot (the rules wheel through the lock file, sha256 checked, as the
   worker's fallback does) with Pyodide's whole python_stdlib.zip evaluates the scenario corpus;
   the files Python read from the zip (start-up, wheel install, rules, every evaluation path the
   corpus reaches, an error crossing into JavaScript) make the trimmed zip.
   lean: those files without their comments and docstrings (lean_sources.py: each proven, by
   Python 3.14 inside Pyodide, to compile to the same code at -OO, every line where it was):
   what both zips hold, 40 % less for an ordinary boot to download. Every boot runs -OO.
2. make: a boot with the trimmed zip, the wheel's files written into site-packages, the rules
   imported and warmed with the corpus (python -OO: no docstrings), a marker (rules version, wheel
   sha256) set, the rules' memo caches emptied and the column numbers dropped from every other
   function's line table (snapshot_heap.py: a traceback keeps its files and lines; a tenth less
   to send), free memory zeroed, the snapshot written as the pages that differ from the memory instantiation gives
   (the wasm's data segments, zero elsewhere; calculator/web/snapshot-pages.mjs).
   Randomness and clocks are fixed while it runs, so the same inputs give the same bytes on any
   machine (and the same runtime-<hash>/ folder): a rebuild keeps visitors' caches valid.
   The snapshot's own zip (snapshot_stdlib.zip) holds only the trimmed zip's files that the
   snapshot has not imported already: a restored interpreter reads no other (the trimmed zip,
   3 MB, is for the ordinary boot, the worker's fallback).
3. check: the snapshot restored with its own zip, and an ordinary boot on the trimmed zip; the
   build stops unless the marker is the shipped wheel's and both give the record's envelopes,
   byte for byte (and an error still crosses into JavaScript with its type).

The trimmed zip stores its entries uncompressed: the zip is sent compressed as a whole (brotli
finds more across files than deflate does inside each), and Python reads it without inflating.
The result is kept in .build-cache/snapshot/ under a hash of everything it depends on.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from sitebuild.runtime.layout import SNAPSHOT, SNAPSHOT_STDLIB, STDLIB

HERE = Path(__file__).parent
NODE_SCRIPT = HERE / "pyodide_snapshot.mjs"
SNAPSHOT_HEAP = HERE / "snapshot_heap.py"   # read by NODE_SCRIPT, run inside Pyodide by the make step
LEAN_SOURCES = HERE / "lean_sources.py"   # read by NODE_SCRIPT, run inside Pyodide by the lean step
SNAPSHOT_PAGES = HERE.parents[1] / "calculator" / "web" / "snapshot-pages.mjs"   # the shipped layout
# Pyodide's initial heap (30 MiB, declared by pyodide.asm.wasm); a snapshot taken after it grew
# does not restore (check_fits).
HEAP_BYTES = 30 * 1024 * 1024
WASM_PAGE = 64 * 1024
HEADER_MAX = 64 * 1024   # the snapshot's header: build id and the JS side's table, a few KB
ZIP_DATE = (2020, 10, 9, 0, 0, 0)
CACHE_KEEP = 3
# The fixed clock the snapshot steps read (pyodide_snapshot.mjs): 2030-01-01 UTC, later than the
# corpus's dates, so its scenarios without an application date ("today") mostly reach a whole
# calculation (10 of them; on 2020-10-09 all but one were refused as too early).
CLOCK = "1893456000"


def say(message: str) -> None:
    print(f"[snapshot] {message}", flush=True)


def node(command: str, config: dict) -> dict:
    if not shutil.which("node"):
        raise RuntimeError("node not found: the calculator's snapshot is made with Node.js (apt-get install nodejs)")
    with tempfile.TemporaryDirectory() as tmp:
        config_path, result = Path(tmp) / "config.json", Path(tmp) / "result.json"
        config_path.write_text(json.dumps({**config, "clock": CLOCK, "result": str(result)},
                                          ensure_ascii=False), "utf-8")
        # UTC: Emscripten stores the time zone in the memory, which must not depend on the machine.
        out = subprocess.run(["node", str(NODE_SCRIPT), command, str(config_path)], env={**os.environ, "TZ": "UTC"},
                             capture_output=True, text=True, encoding="utf-8")
        if out.returncode != 0 or not result.exists():
            raise RuntimeError(f"Pyodide snapshot step '{command}' failed:\n{out.stderr.strip()}")
        return json.loads(result.read_text("utf-8"))


def _leb128(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def wasm_initial_memory(wasm: bytes) -> int:
    """The bytes of memory the module declares (its memory section's minimum): what a restored
    snapshot is copied into. Pyodide ignores the INITIAL_MEMORY it sets for a snapshot, and
    copies it without a size check (pyodide/pyodide#6254)."""
    if wasm[:4] != b"\0asm":
        raise RuntimeError("pyodide.asm.wasm is not a WebAssembly module")
    at = 8
    while at < len(wasm):
        section, at = wasm[at], at + 1
        size, at = _leb128(wasm, at)
        if section == 5:   # memory: count, then flags and minimum pages
            count, body = _leb128(wasm, at)
            if count != 1:
                raise RuntimeError(f"pyodide.asm.wasm declares {count} memories, expected one")
            _flags, body = _leb128(wasm, body)
            pages, _ = _leb128(wasm, body)
            return pages * WASM_PAGE
        at += size
    raise RuntimeError("pyodide.asm.wasm declares no memory of its own (imported memory is not supported)")


def check_fits(memory_bytes: int, initial_memory: int) -> None:
    """Refuse a snapshot whose memory is larger than the memory it will be restored into."""
    if memory_bytes > initial_memory:
        raise RuntimeError(
            f"the snapshot's memory is {memory_bytes:,} bytes, larger than the {initial_memory:,} bytes "
            f"pyodide.asm.wasm starts with: Pyodide would fail to restore it in every browser "
            f"(pyodide/pyodide#6254). Import less before the snapshot, or drop the snapshot.")


def trim_stdlib(full: Path, keep: set[str], dest: Path, lean: dict[str, str]) -> None:
    """The zip with only the files in keep (and their package folders), stored, in a fixed order;
    a file named in lean holds that text (lean_sources.py) instead of its own."""
    folders = {"/".join(name.split("/")[:i]) + "/" for name in keep for i in range(1, name.count("/") + 1)}
    with zipfile.ZipFile(full) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as out:
        names = set(src.namelist())
        missing = keep - names
        if missing:
            raise RuntimeError(f"files read at boot but not in {full.name}: {sorted(missing)}")
        for name in sorted((keep | folders) & names):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = (0o40755 << 16) | 0x10 if name.endswith("/") else 0o644 << 16
            out.writestr(info, b"" if name.endswith("/") else
                         lean[name].encode("utf-8") if name in lean else src.read(name))


def cache_key(pyodide_src: Path, wheels: list[Path], marker: dict, corpus: list[str]) -> str:
    h = hashlib.sha256()
    for path in (pyodide_src / "pyodide.asm.wasm", pyodide_src / "pyodide.asm.mjs", pyodide_src / "pyodide.mjs",
                 pyodide_src / STDLIB, *wheels, NODE_SCRIPT, SNAPSHOT_HEAP, LEAN_SOURCES, SNAPSHOT_PAGES,
                 Path(__file__)):
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(json.dumps([marker, corpus], sort_keys=True).encode())
    return h.hexdigest()[:32]


def build(root: Path, runtime: Path, wheels: list[Path], lock: Path, marker: dict, package) -> dict:
    """Write runtime/python_stdlib.zip (trimmed), runtime/snapshot.bin and runtime/snapshot_stdlib.zip;
    return facts for the report.

    wheels: the policy package's rules and the rules core they import.
    package: the policy package whose rules the first wheel holds; its site/scenarios.py gives the
    corpus that proves the snapshot answers as an ordinary boot does."""
    pyodide_src = root / "node_modules" / "pyodide"
    corpus = package.site_module("scenarios").generate()
    names = {"module": package.module, "distribution": package.distribution}
    cached = root / ".build-cache" / "snapshot" / cache_key(pyodide_src, wheels, {**marker, **names}, corpus)
    if (cached / "facts.json").exists():
        for name in (STDLIB, SNAPSHOT_STDLIB, SNAPSHOT):
            shutil.copyfile(cached / name, runtime / name)
        say("unchanged inputs: the snapshot and both zips from .build-cache/snapshot/")
        return json.loads((cached / "facts.json").read_text("utf-8"))

    with tempfile.TemporaryDirectory() as tmp:
        wheel_files = Path(tmp) / "wheel"
        for wheel in wheels:   # into one site-packages tree
            with zipfile.ZipFile(wheel) as zf:
                zf.extractall(wheel_files)
        base = {"pyodide": str(pyodide_src), "lock": str(lock), "corpus": corpus, **names}

        recorded = node("record", {**base, "stdlib": str(pyodide_src / STDLIB), "fullStdlib": str(pyodide_src / STDLIB)})
        expected = recorded["envelopes"]
        lean = node("lean", {**base, "fullStdlib": str(pyodide_src / STDLIB),
                             "files": sorted(f for f in recorded["files"] if f.endswith(".py"))})["files"]
        trim_stdlib(pyodide_src / STDLIB, set(recorded["files"]), runtime / STDLIB, lean)

        base["stdlib"] = str(runtime / STDLIB)
        made = node("make", {**base, "wheelFiles": str(wheel_files), "marker": marker, "out": str(runtime / SNAPSHOT)})
        rest = set(recorded["files"]) - set(made["imported"])
        trim_stdlib(pyodide_src / STDLIB, rest, runtime / SNAPSHOT_STDLIB, lean)
        checked = node("check", {**base, "snapshot": str(runtime / SNAPSHOT),
                                 "snapshotStdlib": str(runtime / SNAPSHOT_STDLIB)})

    size = made["bytes"]   # Pyodide's header and the memory; the file holds the pages instantiation does not give
    check_fits(size - made["header"], wasm_initial_memory((pyodide_src / "pyodide.asm.wasm").read_bytes()))
    if made["heap"] != HEAP_BYTES or not HEAP_BYTES < size <= HEAP_BYTES + HEADER_MAX:
        raise RuntimeError(f"snapshot of {size} bytes for a heap of {made['heap']}: expected a {HEAP_BYTES}-byte heap")
    if (runtime / SNAPSHOT).stat().st_size != made["packed"]:
        raise RuntimeError(f"{SNAPSHOT} is not the file the snapshot step wrote")
    if checked["marker"] != marker:
        raise RuntimeError(f"snapshot marker {checked['marker']} is not the shipped wheel's {marker}")
    for name, got in (("warming the snapshot", made["envelopes"]), ("the restored snapshot", checked["fromSnapshot"]),
                      ("the ordinary boot on the trimmed zip", checked["fromWheel"])):
        bad = [i for i, (a, b) in enumerate(zip(got, expected)) if a != b]
        if len(got) != len(expected) or bad:
            first = bad[0] if bad else min(len(got), len(expected))
            raise RuntimeError(f"{name} differs from the ordinary boot on scenario {first}: {corpus[first]!r}\n"
                               f"got:      {got[first] if first < len(got) else None}\n"
                               f"expected: {expected[first] if first < len(expected) else None}")
    facts = {"snapshot_bytes": size, "file_bytes": made["packed"], "zeroed_bytes": made["zeroed"],
             "slimmed_functions": made["slimmed"],
             "stdlib_files": len(recorded["files"]), "snapshot_stdlib_files": len(rest), "lean_files": len(lean),
             "scenarios": len(corpus)}
    cached.mkdir(parents=True, exist_ok=True)
    for name in (STDLIB, SNAPSHOT_STDLIB, SNAPSHOT):
        shutil.copyfile(runtime / name, cached / name)
    (cached / "facts.json").write_text(json.dumps(facts), "utf-8")
    # 30 MB each: keep the few most recent (switching branches back and forth stays fast).
    for old in sorted(cached.parent.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
    say(f"{size:,} bytes ({made['zeroed']:,} of free memory zeroed, {made['slimmed']:,} functions' line tables "
        f"without columns), {made['packed']:,} in the file (the pages "
        f"instantiating the wasm does not give); "
        f"{len(recorded['files'])} stdlib files kept ({len(lean)} without comments and docstrings), "
        f"{len(rest)} of them beside the snapshot; "
        f"restored and ordinary boots agree on {len(corpus)} scenarios")
    return facts
