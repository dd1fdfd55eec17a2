"""The calculator runtime's layout and file names, in one place.

    site/calculator/                  CALCULATOR: the calculator page's folder
        warm.json                     WARM_LIST: the runtime folder and the files a snapshot boot
                                      downloads, fetched ahead by the docs pages (the manifest the
                                      page's JavaScript reads)
        runtime-<16 hex>/             RUNTIME_PREFIX + the first HASH_DIGITS hex digits of the sha256
                                      over the folder's file names and contents (assets.unit_name)
            worker.mjs                WORKER, with WORKER_MODULES beside it
            pyodide.mjs, ...          PYODIDE_FILES, and LOCK listing only the rules wheel
            python_stdlib.zip         STDLIB, trimmed; SNAPSHOT and SNAPSHOT_STDLIB: the snapshot

Everything that names the folder or its files imports these: the runtime's installer
(assets.py) and snapshot (snapshot.py), the service worker (sitebuild/postbuild/service_worker.py,
whose sw.js gets RUNTIME_URL_PATTERN), the hosting kit's caching rule
(sitebuild/hosting/kit.py) and the tests (runtime_dir). The page's own scripts read the folder's
name from the page (data-calculator-runtime) and warm.json, written by the build.
"""

from __future__ import annotations

from pathlib import Path

CALCULATOR = "calculator"
RUNTIME_PREFIX = "runtime-"
HASH_DIGITS = 16
# A runtime folder's name, and its URL path (served immutable, cached by the service worker).
RUNTIME_NAME_PATTERN = RUNTIME_PREFIX + "[0-9a-f]{%d}" % HASH_DIGITS
RUNTIME_URL_PATTERN = f"/{CALCULATOR}/{RUNTIME_NAME_PATTERN}/"
WARM_LIST = "warm.json"

# The runtime proper; the npm package's other files (console pages, maps, typings) stay out.
# python_stdlib.zip ships too, trimmed (sitebuild/runtime/snapshot.py).
WASM = "pyodide.asm.wasm"   # requested by the page (start-worker.js), its body handed to the worker
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", WASM)
LOCK = "pyodide-lock.json"
STDLIB = "python_stdlib.zip"
SNAPSHOT = "snapshot.bin"
SNAPSHOT_STDLIB = "snapshot_stdlib.zip"   # what a restored snapshot boots with: the rest of STDLIB
WORKER = "worker.mjs"
# The worker's own modules, beside it in the runtime folder: the snapshot's page layout, and
# its download (abandoned where it does not pay).
SNAPSHOT_PAGES = "snapshot-pages.mjs"
SNAPSHOT_DOWNLOAD = "snapshot-download.mjs"
WORKER_MODULES = (SNAPSHOT_PAGES, SNAPSHOT_DOWNLOAD, "sha256.mjs")
# What a snapshot boot downloads (warm.json lists them for the docs pages to fetch ahead).
BOOT_FILES = (WORKER, *WORKER_MODULES, *PYODIDE_FILES, LOCK, SNAPSHOT, SNAPSHOT_STDLIB)


def runtime_dir(site_dir: Path) -> Path:
    """The one runtime folder of a built site (an error if there is none or more than one)."""
    found = sorted((Path(site_dir) / CALCULATOR).glob(RUNTIME_PREFIX + "*"))
    if len(found) != 1:
        raise RuntimeError(f"{site_dir}: expected one {CALCULATOR}/{RUNTIME_PREFIX}<hash>/ folder, found {found}")
    return found[0]
