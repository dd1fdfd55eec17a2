"""Precompressed copies (sitebuild/postbuild/precompress.py): beside every large file a server may send as
is, each decompressing to exactly the original."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from sitebuild.postbuild import precompress
from sitebuild.runtime import layout


def test_every_large_file_has_both_copies_and_they_decompress_to_it(built_site):
    originals = [p for p in built_site.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    wanted = [p for p in originals if precompress.wanted(p)]
    assert len(wanted) >= 40
    for path in wanted:
        data = path.read_bytes()
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        assert gz.exists() and br.exists(), path
        assert gzip.decompress(gz.read_bytes()) == data, gz
        assert brotli.decompress(br.read_bytes()) == data, br
        assert gz.read_bytes()[4:8] == b"\0\0\0\0"  # no timestamp: the same build gives the same file


def test_the_runtime_and_the_page_files_are_covered(built_site):
    runtime = layout.runtime_dir(built_site)
    must = [runtime / n for n in ("pyodide.asm.wasm", "snapshot.bin", "python_stdlib.zip", "pyodide.asm.mjs",
                                  "pyodide.mjs", "worker.mjs")]
    must += [built_site / "calculator" / n for n in ("calculator.js", "calculator.css", "index.html")]
    must += [built_site / "search" / "search_index.json", *built_site.glob("assets/stylesheets/main.*.min.css"),
             *built_site.glob("assets/javascripts/bundle.*.min.js")]
    assert len(must) >= 12
    for path in must:
        for suffix in (".gz", ".br"):
            copy = path.with_name(path.name + suffix)
            assert copy.exists() and copy.stat().st_size < path.stat().st_size, copy


def test_nothing_beside_small_or_compressed_files(built_site):
    # sitemap.xml.gz is mkdocs' own (search engines fetch it by that name)
    copies = [p for p in built_site.rglob("*") if p.suffix in (".gz", ".br") and p.name != "sitemap.xml.gz"]
    for copy in copies:
        original = copy.with_suffix("")
        assert original.exists() and precompress.wanted(original), copy
    assert not [p for p in copies if Path(p.stem).suffix in (".whl", ".png", ".woff2")]
