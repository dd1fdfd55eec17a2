"""Service worker for offline use after the first visit.

The worker precaches the documentation under a cache named by the site (the id of its first policy
package, from the configuration) and a hash of the build's content,
so a new build means a new cache, and the old one is deleted when the new worker activates.
Every file it stores is checked against this build's sha256 for it (listed in sw.js): one cache
never holds files of two builds, even while an old worker still runs beside a new deployment.

The calculator's runtime folder (calculator/runtime-<hash>/: Pyodide, the snapshot, the rules
wheel) is cached only once the calculator page has booted, all its files together, so a reader
of the docs never downloads it. Its files never change under their names, so they are answered
from the cache first. Everything else goes to the network first, revalidated with the server
(no stale HTTP-cache copy), and falls back to the cache when offline: online visitors always get
the deployed rules, offline visitors the last ones they saw.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sitebuild.runtime import layout
from sitebuild.templating import render
# Files not worth caching for offline use: hosting notes, sourcemaps, precompressed copies.
SKIP_PREFIXES = ("hosting/",)
SKIP_SUFFIXES = (".map", ".gz", ".br")
# Cached when the calculator asks for it, not on a docs page's first visit.
RUNTIME_PREFIX = f"{layout.CALCULATOR}/{layout.RUNTIME_PREFIX}"


def cache_prefix(site_id: str) -> str:
    """The service worker's cache names start with this: the site's id from the configuration."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", site_id):
        raise ValueError(f"site id {site_id!r}: letters, digits, '.', '_' and '-' only")
    return site_id + "-"


def site_files(site_dir: Path) -> list[str]:
    files = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if (path.is_file() and rel not in ("sw.js", "build-info.json") and not rel.startswith(SKIP_PREFIXES)
                and not rel.endswith(SKIP_SUFFIXES)):
            files.append(rel)
    return files


def file_hashes(site_dir: Path, files: list[str]) -> dict[str, str]:
    return {rel: hashlib.sha256((site_dir / rel).read_bytes()).hexdigest() for rel in files}


def build_hash(hashes: dict[str, str]) -> str:
    h = hashlib.sha256()
    for rel, digest in hashes.items():
        h.update(rel.encode() + b"\0" + bytes.fromhex(digest))
    return h.hexdigest()[:16]


def precache_entries(hashes: dict[str, str]) -> list[list[str]]:
    """[relative URL, sha256]; each directory index also under its directory URL (how servers link it)."""
    entries = [["./", hashes["index.html"]]] if "index.html" in hashes else []
    for rel, digest in hashes.items():
        entries.append([rel, digest])
        if rel.endswith("/index.html"):
            entries.append([rel[: -len("index.html")], digest])
    return entries


def write_service_worker(site_dir: Path, site_id: str) -> str:
    """Write sw.js (its caches named site_id-<build hash>, site_id the configuration's: the first
    policy package's id) and build-info.json; return the build hash."""
    files = site_files(site_dir)
    hashes = file_hashes(site_dir, files)
    version = build_hash(hashes)
    runtime = {rel: h for rel, h in hashes.items() if rel.startswith(RUNTIME_PREFIX)}
    folders = {rel.split("/")[1] for rel in runtime}
    if len(folders) != 1:
        raise RuntimeError(f"expected one calculator runtime folder, found {sorted(folders)}")
    docs = {rel: h for rel, h in hashes.items() if rel not in runtime}
    prefix = cache_prefix(site_id)
    source = render("sw.js", build=version, cache_prefix=json.dumps(prefix),
                    precache=json.dumps(precache_entries(docs), ensure_ascii=False),
                    runtime=json.dumps([[rel, h] for rel, h in runtime.items()], ensure_ascii=False),
                    runtime_url_pattern=json.dumps(layout.RUNTIME_URL_PATTERN))
    (site_dir / "sw.js").write_text(source, "utf-8")
    (site_dir / "build-info.json").write_text(json.dumps({"build": version, "cache": prefix + version}), "utf-8")
    return version
