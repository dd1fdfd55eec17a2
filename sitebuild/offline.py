"""Service worker for offline use after the first visit.

The worker precaches the documentation under a cache named by a hash of the
build's content, so a new build means a new cache and the old one is deleted
when the new worker activates. The calculator's runtime (Pyodide, the rules
wheel, ~13 MB) is cached only once the calculator page has booted, so a reader
of the docs never downloads it. Requests go to the network first and fall back
to the cache: online visitors always get the deployed rules, offline visitors
get the last ones they saw.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

TEMPLATE = Path(__file__).parent / "templates" / "sw.js"
# Files not worth caching for offline use: hosting notes and sourcemaps.
SKIP_PREFIXES = ("hosting/",)
SKIP_SUFFIXES = (".map", ".gz")
# Cached when the calculator asks for it, not on a docs page's first visit.
RUNTIME_PREFIX = "calculator/pyodide/"


def site_files(site_dir: Path) -> list[str]:
    files = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_file() and rel != "sw.js" and not rel.startswith(SKIP_PREFIXES) and not rel.endswith(SKIP_SUFFIXES):
            files.append(rel)
    return files


def build_hash(site_dir: Path, files: list[str]) -> str:
    h = hashlib.sha256()
    for rel in files:
        h.update(rel.encode())
        h.update(hashlib.sha256((site_dir / rel).read_bytes()).digest())
    return h.hexdigest()[:16]


def precache_urls(files: list[str]) -> list[str]:
    """Relative URLs; each directory index also under its directory URL (how servers link it)."""
    urls = ["./"]
    for rel in files:
        urls.append(rel)
        if rel.endswith("/index.html"):
            urls.append(rel[: -len("index.html")])
    return urls


def write_service_worker(site_dir: Path) -> str:
    files = site_files(site_dir)
    version = build_hash(site_dir, files)
    source = TEMPLATE.read_text("utf-8")
    docs = [f for f in files if not f.startswith(RUNTIME_PREFIX)]
    runtime = [f for f in files if f.startswith(RUNTIME_PREFIX)]
    source = (source.replace("__BUILD_HASH__", version)
              .replace("__PRECACHE__", json.dumps(precache_urls(docs), ensure_ascii=False))
              .replace("__RUNTIME__", json.dumps(runtime, ensure_ascii=False)))
    (site_dir / "sw.js").write_text(source, "utf-8")
    (site_dir / "build-info.json").write_text(json.dumps({"build": version}), "utf-8")
    return version
