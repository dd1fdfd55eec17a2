"""Precompressed copies beside the large files of site/: `x.wasm.gz` and `x.wasm.br` next to
`x.wasm`, so a server sends them as they are (nginx `gzip_static`, `brotli_static`) instead of
compressing on every request, or not at all.

Runs last: every file it copies must be final. Both copies are made at the highest settings
browsers read (gzip -9; brotli quality 11, 16 MiB window), except that files over
BROTLI_FAST_ABOVE get quality 9, since quality 11 takes minutes for the 30 MiB memory snapshot on
this machine. Results are kept in .build-cache/precompress/ under the sha256 of the input, so an
unchanged file (the Pyodide runtime, the theme) is compressed once, not at every build.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

# Text and binary formats that compress; images, fonts (woff2) and wheels are compressed already.
SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".bin", ".svg", ".xml", ".txt", ".map")
MIN_SIZE = 1024          # smaller files gain nothing worth a second request path
BROTLI_FAST_ABOVE = 16 * 1024 * 1024
GZIP_LEVEL = 9
CACHE = ".build-cache/precompress"  # not .cache/: Zensical empties that one


def wanted(path: Path) -> bool:
    return path.suffix in SUFFIXES and path.stat().st_size >= MIN_SIZE


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, GZIP_LEVEL, mtime=0)  # mtime 0: the same input gives the same file


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=9 if len(data) > BROTLI_FAST_ABOVE else 11, lgwin=24)


def _cached(cache_dir: Path, key: str, suffix: str, make) -> bytes:
    """make()'s result for the content with this sha256, from the cache when made before."""
    path = cache_dir / f"{key}{suffix}"
    if path.exists():
        return path.read_bytes()
    blob = make()
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    tmp.write_bytes(blob)
    tmp.replace(path)  # whole files only, even if two builds run at once
    return blob


def compressed(data: bytes, cache_dir: Path) -> tuple[bytes, bytes]:
    """(gzip, brotli) of data, each from the cache when this exact content was compressed before."""
    key = hashlib.sha256(data).hexdigest()
    return (_cached(cache_dir, key, ".gz", lambda: _gzip(data)),
            _cached(cache_dir, key, ".br", lambda: _brotli(data)))


def gzip_sizes(paths: list[Path], root: Path) -> dict[Path, int]:
    """{path: gzip bytes}, as every server sends them. Only gzip: brotli at quality 11 takes most
    of a minute for the calculator's snapshot, and a throwaway build (compress=False) needs none."""
    cache_dir = root / CACHE

    def size(path: Path) -> int:
        data = path.read_bytes()
        return len(_cached(cache_dir, hashlib.sha256(data).hexdigest(), ".gz", lambda: _gzip(data)))

    with ThreadPoolExecutor(max_workers=2) as pool:  # zlib releases the GIL
        return dict(zip(paths, pool.map(size, paths)))


def precompress(site_dir: Path, root: Path) -> tuple[int, int, int]:
    """Write .gz and .br beside every large compressible file; return (files, raw, brotli bytes)."""
    paths = sorted(p for p in site_dir.rglob("*") if p.is_file() and wanted(p))
    cache_dir = root / CACHE

    def one(path: Path) -> tuple[int, int]:
        data = path.read_bytes()
        gz, br = compressed(data, cache_dir)
        for suffix, blob in ((".gz", gz), (".br", br)):
            target = path.with_name(path.name + suffix)
            target.write_bytes(blob)
            os.utime(target, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))  # gzip_static: same age
        return len(data), len(br)

    with ThreadPoolExecutor(max_workers=2) as pool:
        sizes = list(pool.map(one, paths))
    return len(paths), sum(s[0] for s in sizes), sum(s[1] for s in sizes)


def run(site_dir: Path, root: Path) -> None:
    count, raw, br = precompress(site_dir, root)
    print(f"[precompress] {count} files, {raw / 1024 / 1024:.2f} MiB -> brotli {br / 1024 / 1024:.2f} MiB", flush=True)
