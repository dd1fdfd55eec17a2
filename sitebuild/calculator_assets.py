"""Calculator runtime in the built site: the rules wheel, the few Pyodide files, the page's JS/CSS.

site/calculator/
    index.html            the page (built by mkdocs from docs/calculator/index.md)
    calculator.js, ...    calculator/web/* (main-thread UI, module worker, CSS)
    pyodide/              pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip,
                          subsidy_rules-*.whl and a pyodide-lock.json that lists only that wheel

The wheel goes through the pyodide toolchain (`pyodide lockfile add-wheels`), so
`loadPackage("subsidy-rules")` checks its sha256 against the site's own lock file.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The runtime proper; the npm package's other files (console pages, maps, typings) stay out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PACKAGE = "subsidy-rules"
# Fixed wheel timestamps (zip entries), so the same sources give the same wheel and sha256.
SOURCE_DATE_EPOCH = "1602201600"  # 2020-10-09, the day the policy was issued
# Written into the page by the build where the placeholder stands (see docs/calculator/index.md).
VERSION_MARK = 'data-rules-version="">'
OPTIONS_MARK = '<script type="application/json" id="calc-options"></script>'


def say(message: str) -> None:
    print(f"[calculator] {message}", flush=True)


def venv_bin(name: str) -> str:
    """A tool installed beside the running interpreter (the venv's `pyodide` CLI)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def build_wheel(root: Path, out_dir: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(out_dir), str(root / "calculator")],
        check=True, env=env,
    )
    (wheel,) = out_dir.glob("subsidy_rules-*.whl")
    return wheel


# Run against the wheel alone (-I: no PYTHONPATH, no source tree): what the page embeds is what ships.
WHEEL_FACTS = """
import json, sys
sys.path.insert(0, sys.argv[1])
from importlib import resources
from subsidy_rules import RULES_VERSION, validation as v
from subsidy_rules.parameters import as_parameters
params = as_parameters(None)
schema = json.loads(resources.files("subsidy_rules").joinpath("schema.json").read_text("utf-8"))
defs = schema["$defs"]
print(json.dumps({
    "rules_version": RULES_VERSION,
    "types": v.TYPES, "levels": v.LEVELS, "works": v.WORKS, "kinds": v.KINDS,
    "bodies": v.BODIES, "roles": v.ROLES, "body_roles": v.BODY_ROLES,
    "awards": v.AWARDS, "grades": v.GRADES, "tiers": v.TIERS, "event_date_labels": v.EVENT_DATE_LABELS,
    "limits": {"items": v.MAX_ITEMS, "drafters": v.MAX_DRAFTERS, "name": v.MAX_NAME},
    # validity, predecessor and successor: the page says which events it covers before any input
    "policy": params.policy, "application_window_years": params.years("standard.application_window"),
    "keys": {"scenario": list(schema["properties"]), "drafter": list(defs["drafter"]["properties"]),
             "items": {t: list(defs[t]["properties"]) for t in v.TYPES}},
}, ensure_ascii=False))
"""


def wheel_facts(wheel: Path) -> dict:
    """RULES_VERSION, the contract's choices and labels, and the fields each part may carry
    (from the JSON Schema the package ships), read from the built wheel.

    The form offers exactly these (the role list per body included), so the page never
    keeps a second copy of what the rules accept.
    """
    out = subprocess.run([sys.executable, "-I", "-c", WHEEL_FACTS, str(wheel)],
                         check=True, capture_output=True, text=True, encoding="utf-8")
    return json.loads(out.stdout)


def write_lock(pyodide_src: Path, wheel: Path, dest: Path) -> None:
    """The site's lock: Pyodide's own info block, and only the packages shipped (our wheel).

    The upstream lock lists ~350 packages the site does not carry; keeping them would
    make loadPackage of any of them a 404 instead of a clear "unknown package".
    """
    upstream = json.loads((pyodide_src / "pyodide-lock.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "pyodide-lock.json"
        empty.write_text(json.dumps({**upstream, "packages": {}}), "utf-8")
        subprocess.run(
            [venv_bin("pyodide"), "lockfile", "add-wheels", "--input", str(empty),
             "--output", str(dest / "pyodide-lock.json"), "--base-path", str(dest), str(wheel)],
            check=True, stdout=subprocess.DEVNULL,
        )
    lock = json.loads((dest / "pyodide-lock.json").read_text("utf-8"))
    if set(lock["packages"]) != {PACKAGE}:  # a dependency would need shipping too
        raise RuntimeError(f"pyodide-lock.json lists {sorted(lock['packages'])}, expected only {PACKAGE}")


def stamp_page(page: Path, facts: dict) -> None:
    """Write the rules version and the form's options into the page's two placeholders."""
    text = page.read_text("utf-8")
    version = html.escape(facts["rules_version"])
    # JSON inside <script>: no "</" may appear, so "<" is escaped (JSON.parse reads it back).
    options = json.dumps(facts, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c")
    for mark, filled in ((VERSION_MARK, f'data-rules-version="{version}">{version}'),
                         (OPTIONS_MARK, OPTIONS_MARK.replace("><", f">{options}<"))):
        if text.count(mark) != 1:
            raise RuntimeError(f"{page}: expected one placeholder {mark!r}")
        text = text.replace(mark, filled)
    page.write_text(text, "utf-8")


def install(root: Path, site_dir: Path) -> None:
    calc_dir = site_dir / "calculator"
    page = calc_dir / "index.html"
    if not page.exists():
        raise RuntimeError(f"{page} missing: docs/calculator/index.md must be in the mkdocs nav")
    runtime = calc_dir / "pyodide"
    shutil.rmtree(runtime, ignore_errors=True)
    runtime.mkdir(parents=True)
    pyodide_src = root / "node_modules" / "pyodide"

    shipped: list[Path] = []
    for name in PYODIDE_FILES:
        shipped.append(Path(shutil.copy2(pyodide_src / name, runtime / name)))
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(root, Path(tmp))
        shipped.append(Path(shutil.copy2(wheel, runtime / wheel.name)))
    write_lock(pyodide_src, runtime / wheel.name, runtime)
    shipped.append(runtime / "pyodide-lock.json")
    for source in sorted((root / "calculator" / "web").iterdir()):
        if source.is_file():
            shipped.append(Path(shutil.copy2(source, calc_dir / source.name)))

    facts = wheel_facts(runtime / wheel.name)
    stamp_page(page, facts)

    total = 0
    for path in shipped:
        size = path.stat().st_size
        total += size
        say(f"{path.relative_to(site_dir)}  {size / 1024:,.1f} KiB")
    say(f"rules {facts['rules_version']}; shipped {len(shipped)} files, {total / 1024 / 1024:.2f} MiB")
