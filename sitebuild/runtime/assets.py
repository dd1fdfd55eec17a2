"""Calculator runtime in the built site: the rules wheel, the few Pyodide files, the snapshot,
the page's JS/CSS.

site/calculator/ (the names: sitebuild/runtime/layout.py)
    index.html              the page (built by mkdocs from build/docs/calculator/index.md); names the
                            runtime folder in its start-worker.js tag (data-calculator-runtime)
    calc-*.js, calculator.js, ...  the page's files from calculator/web/ (form modules, file:// guard, early worker start, CSS)
    warm.json               the runtime folder and the files a snapshot boot needs, fetched ahead by the docs pages
    runtime-<hash>/         one unit, named by the sha256 of its files (first 16 hex digits):
        worker.mjs          the module worker, with this build's snapshot facts written in
        snapshot-pages.mjs  the snapshot's layout (the pages instantiation does not give), read by the worker
        snapshot-download.mjs  whether the snapshot pays for its bytes on the visitor's link, and its download
        sha256.mjs          the check of the snapshot's bytes, also where SubtleCrypto is missing (plain http)
        pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm
        python_stdlib.zip   trimmed to what start-up and the rules read (sitebuild/runtime/snapshot.py),
                            for the ordinary boot (the worker's fallback)
        snapshot.bin        Pyodide's memory with the rules imported (sitebuild/runtime/snapshot.py)
        snapshot_stdlib.zip the few files of python_stdlib.zip the snapshot has not imported:
                            what a restored snapshot boots with
        <rules>-*.whl, subsidy_core-*.whl and a pyodide-lock.json that lists only these two wheels
                            (the policy package's rules and the rules core they depend on)

A file in a runtime folder never changes under its name (hosts may serve the folder
`immutable`); a new build is a new folder. The wheel goes through the pyodide toolchain
(`pyodide lockfile add-wheels`), so the worker's fallback, `loadPackage(<distribution>)`,
checks its sha256 against the folder's own lock file, and the snapshot carries the same sha256.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sitebuild.runtime.layout import (BOOT_FILES, CALCULATOR, HASH_DIGITS, LOCK, PYODIDE_FILES, RUNTIME_PREFIX,
                                      WARM_LIST, WASM, WORKER, WORKER_MODULES)
from sitebuild.templating import stamp

# When the snapshot pays for its bytes (snapshot-download.mjs): the boot seconds it saves (an
# ordinary boot's Python start-up minus the restore, measured on a 2-core desktop; a phone saves
# more, so this errs towards the ordinary boot), how long its download is watched before that is
# decided (on the wasm's arrival before the snapshot is requested, then on the snapshot's own),
# and the downloads sharing the link meanwhile (the snapshot and the wasm; the wasm and the page's
# files).
SNAPSHOT_CHOICE = {"saved_seconds": 2.5, "window_ms": 1000, "streams": 2}
# In worker.mjs, replaced by this build's facts (snapshot file, sha256, download sizes).
WORKER_MARK = "const BUILD = null;"
# Fixed wheel timestamps (zip entries), so the same sources give the same wheel and sha256.
SOURCE_DATE_EPOCH = "1602201600"  # 2020-10-09, the day the policy was issued
# Written into the page by the build where the placeholder stands (see build/docs/calculator/index.md, from sitebuild/templates/calculator-frame.md).
VERSION_MARK = 'data-rules-version="">'
RUNTIME_MARK = 'data-calculator-runtime=""'
OPTIONS_MARK = '<script type="application/json" id="calc-options"></script>'


def say(message: str) -> None:
    print(f"[calculator] {message}", flush=True)


def venv_bin(name: str) -> str:
    """A tool installed beside the running interpreter (the venv's `pyodide` CLI)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def build_wheel(package, out_dir: Path) -> Path:
    """The package's rules (rules/, a Python distribution) as a wheel in out_dir."""
    return _wheel(package.rules_dir, package.distribution, out_dir)


def build_core_wheel(out_dir: Path) -> Path:
    """The rules core (rules_core/, which every package's rules depend on) as a wheel in out_dir."""
    from sitebuild import packages

    return _wheel(packages.core_dir(), packages.CORE_DISTRIBUTION, out_dir)


def _wheel(source: Path, distribution: str, out_dir: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(out_dir), str(source)],
        check=True, env=env,
    )
    (wheel,) = out_dir.glob(distribution.replace("-", "_") + "-*.whl")
    return wheel


# Run against the wheels alone (-I: no PYTHONPATH, no source tree): what the page embeds is what ships.
# Generic: argv[2] names the rules module; everything policy-specific comes from its data files
# (form.json: the form; schema.json: the fields each part may carry, limits, dependent choices;
# parameters.json: the policy block and the parameters the form's texts quote).
WHEEL_FACTS = """
import json, re, sys
sys.path[:0] = [sys.argv[1], sys.argv[3]]   # the rules' wheel, the core's
from importlib import import_module, resources
name = sys.argv[2]
rules = import_module(name)
def data(file):
    return json.loads(resources.files(name).joinpath(file).read_text("utf-8"))
form, schema, params = data("form.json"), data("schema.json"), data("parameters.json")
defs = schema["$defs"]
def resolve(node):
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    return node
def max_length(node):
    return max([max_length(n) for n in node.get("anyOf", [])] + [resolve(node).get("maxLength", 0)])
types = [t["type"] for t in form["items"]["types"]]
lists, depends = {}, {}
for t in types:
    for key, prop in defs[t]["properties"].items():
        if prop.get("type") == "array":
            lists.setdefault(t, {})[key] = {"keys": list(resolve(prop["items"])["properties"]),
                                            "max": prop["maxItems"], "min": prop.get("minItems", 0)}
    # "if field X is v then field Y is one of ...": the choices a field offers follow another field
    for rule in defs[t].get("allOf", []):
        (on, cond), = rule["if"]["properties"].items()
        for key, then in rule["then"]["properties"].items():
            entry = depends.setdefault(t, {}).setdefault(key, {"on": on, "choices": []})
            entry["choices"].append([cond["const"], then["enum"]])
entries = {p["id"]: p for p in params["parameters"]}
def amount(pid):
    text = entries[pid]["amount"]
    return int(text) if text.isdigit() else text
facts = {
    "rules_version": rules.RULES_VERSION,
    "form": form,
    # validity, predecessor and successor: the page says which events it covers before any input
    "policy": params["policy"],
    "keys": {"scenario": list(schema["properties"]), "items": {t: list(defs[t]["properties"]) for t in types}},
    "lists": lists,
    "depends": depends,
    "limits": {"items": schema["properties"]["items"]["maxItems"],
               "text": {k: max_length(v) for k, v in schema["properties"].items() if max_length(v)}},
}
# {parameter.id} in the form's texts: the page fills them with these values
facts["quoted"] = {pid: amount(pid) for pid in re.findall(r"[{]([a-z0-9_.]+)[}]", json.dumps(form["texts"], ensure_ascii=False))
                   if pid in entries}
print(json.dumps(facts, ensure_ascii=False))
"""


def wheel_facts(wheel: Path, module: str, core_wheel: Path) -> dict:
    """RULES_VERSION, the package's form (form.json), the fields each part may carry and
    their limits (from the JSON Schema the package ships), the policy block and the
    parameters the form's texts quote, read from the built wheel.

    The page draws its form from these alone, so it never keeps a second copy of what the
    rules accept, nor anything specific to one policy.
    """
    out = subprocess.run([sys.executable, "-I", "-c", WHEEL_FACTS, str(wheel), module, str(core_wheel)],
                         check=True, capture_output=True, text=True, encoding="utf-8")
    return json.loads(out.stdout)


def write_lock(pyodide_src: Path, wheels: list[Path], dest: Path, distributions: set[str]) -> None:
    """The site's lock: Pyodide's own info block, and only the packages shipped (our wheels: the
    rules, which depend on the core, so loadPackage of the rules installs both).

    The upstream lock lists ~350 packages the site does not carry; keeping them would
    make loadPackage of any of them a 404 instead of a clear "unknown package".
    """
    upstream = json.loads((pyodide_src / LOCK).read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / LOCK
        empty.write_text(json.dumps({**upstream, "packages": {}}), "utf-8")
        subprocess.run(
            [venv_bin("pyodide"), "lockfile", "add-wheels", "--input", str(empty),
             "--output", str(dest / LOCK), "--base-path", str(dest), *map(str, wheels)],
            check=True, stdout=subprocess.DEVNULL,
        )
    lock = json.loads((dest / LOCK).read_text("utf-8"))
    if set(lock["packages"]) != distributions:  # a dependency would need shipping too
        raise RuntimeError(f"pyodide-lock.json lists {sorted(lock['packages'])}, expected only {sorted(distributions)}")


def stamp_page(page: Path, facts: dict, runtime_name: str) -> None:
    """Write the rules version, the form's options and the runtime folder into the page's placeholders."""
    text = page.read_text("utf-8")
    version = html.escape(facts["rules_version"])
    # JSON inside <script>: no "</" may appear, so "<" is escaped (JSON.parse reads it back).
    options = json.dumps(facts, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c")
    for mark, filled in ((VERSION_MARK, f'data-rules-version="{version}">{version}'),
                         (OPTIONS_MARK, OPTIONS_MARK.replace("><", f">{options}<")),
                         (RUNTIME_MARK, f'data-calculator-runtime="{html.escape(runtime_name)}/"')):
        text = stamp(text, mark, filled, page)
    page.write_text(text, "utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp_worker(source: Path, dest: Path, build: dict) -> None:
    text = stamp(source.read_text("utf-8"), WORKER_MARK, f"const BUILD = {json.dumps(build)};", source)
    dest.write_text(text, "utf-8")


def unit_name(runtime: Path) -> str:
    """runtime-<first 16 hex digits of the sha256 over the folder's file names and contents>."""
    h = hashlib.sha256()
    for path in sorted(runtime.iterdir()):
        h.update(path.name.encode() + b"\0" + bytes.fromhex(sha256(path)))
    return RUNTIME_PREFIX + h.hexdigest()[:HASH_DIGITS]


def file_facts(path: Path) -> dict:
    """What the worker checks a file it fetched against."""
    return {"file": path.name, "sha256": sha256(path), "bytes": path.stat().st_size}


def download_sizes(root: Path, runtime: Path, wheels: list[Path]) -> dict:
    """What a first visit downloads for the engine, gzip-compressed as the hosting kit serves it
    everywhere (brotli, where the server has it, is smaller), for the progress text."""
    from sitebuild.postbuild import precompress
    from sitebuild.runtime import snapshot

    common = [runtime / n for n in (*PYODIDE_FILES, *WORKER_MODULES, LOCK)]
    by_snapshot = [runtime / snapshot.SNAPSHOT, runtime / snapshot.SNAPSHOT_STDLIB]
    by_wheel = [runtime / snapshot.STDLIB, *wheels]
    sizes = precompress.gzip_sizes([*common, *by_snapshot, *by_wheel], root)
    gz = {path: min(size, path.stat().st_size) for path, size in sizes.items()}
    base = sum(gz[p] for p in common)
    return {"snapshot": base + sum(gz[p] for p in by_snapshot), "wheel": base + sum(gz[p] for p in by_wheel),
            "snapshot_file": gz[runtime / snapshot.SNAPSHOT], "ordinary_only": sum(gz[p] for p in by_wheel),
            "wasm_file": gz[runtime / WASM]}


def install(root: Path, site_dir: Path) -> str:
    """Build the calculator's runtime folder and page; return the folder's name (runtime-<hash>)."""
    from sitebuild import packages
    from sitebuild.runtime import snapshot

    package = packages.main(root)
    calc_dir = site_dir / CALCULATOR
    page = calc_dir / "index.html"
    if not page.exists():
        raise RuntimeError(f"{page} missing: calculator/index.md must be in the mkdocs nav")
    for old in calc_dir.glob(RUNTIME_PREFIX + "*"):
        shutil.rmtree(old)
    runtime = calc_dir / (RUNTIME_PREFIX + "unnamed")
    runtime.mkdir(parents=True)
    pyodide_src = root / "node_modules" / "pyodide"

    for name in PYODIDE_FILES:
        shutil.copy2(pyodide_src / name, runtime / name)
    for name in WORKER_MODULES:
        shutil.copy2(root / "calculator" / "web" / name, runtime / name)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(package, Path(tmp))
        wheel = Path(shutil.copy2(wheel, runtime / wheel.name))
        core = build_core_wheel(Path(tmp))
        core = Path(shutil.copy2(core, runtime / core.name))
    write_lock(pyodide_src, [wheel, core], runtime, {package.distribution, packages.CORE_DISTRIBUTION})
    facts = wheel_facts(wheel, package.module, core)
    marker = {"rules_version": facts["rules_version"], "wheel_sha256": sha256(wheel), "core_sha256": sha256(core)}
    snapshot.build(root, runtime, [wheel, core], runtime / LOCK, marker, package)

    sizes = download_sizes(root, runtime, [wheel, core])
    snap = runtime / snapshot.SNAPSHOT
    build = {"rules": {"module": package.module, "distribution": package.distribution,
                       "core": packages.CORE_DISTRIBUTION},
             "snapshot": {**file_facts(snap), "stdlib": file_facts(runtime / snapshot.SNAPSHOT_STDLIB)},
             "download": {"snapshot": sizes["snapshot"], "wheel": sizes["wheel"]},
             "choice": {**SNAPSHOT_CHOICE, "snapshot_transfer": sizes["snapshot_file"],
                        "ordinary_transfer": sizes["ordinary_only"],
                        "wasm_bytes": (runtime / WASM).stat().st_size, "wasm_transfer": sizes["wasm_file"]}}
    stamp_worker(root / "calculator" / "web" / WORKER, runtime / WORKER, build)
    name = unit_name(runtime)
    runtime = runtime.rename(calc_dir / name)
    (calc_dir / WARM_LIST).write_text(json.dumps({"runtime": name + "/", "files": list(BOOT_FILES)}), "utf-8")

    page_files = []
    for source in sorted((root / "calculator" / "web").iterdir()):
        # package.json only tells Node (the unit tests) that the folder's .js files are ES modules
        if source.is_file() and source.name not in (WORKER, *WORKER_MODULES, "package.json"):
            page_files.append(Path(shutil.copy2(source, calc_dir / source.name)))
    stamp_page(page, facts, name)

    total = 0
    for path in [*sorted(runtime.iterdir()), *page_files]:
        size = path.stat().st_size
        total += size
        say(f"{path.relative_to(site_dir)}  {size / 1024:,.1f} KiB")
    say(f"rules {facts['rules_version']}; {name}; {total / 1024 / 1024:.2f} MiB in all; first visit downloads "
        f"{sizes['snapshot'] / 1e6:.2f} MB gzip (fallback adds the wheel; brotli: see [precompress])")
    return name
