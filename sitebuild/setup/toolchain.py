"""Set-up of the toolchain: a Python >= 3.12 venv, the npm lock, Debian's Chromium and nginx.

Stdlib only: this module runs before the venv exists, on any python3 >= 3.8.
Each step checks what is installed, not a stamp: a venv whose scripts point elsewhere (a moved
checkout) is rebuilt, a missing or other-version package is installed, so re-runs are fast and
a half-finished or copied environment repairs itself.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

MIN_PYTHON = (3, 12)
CANDIDATES = ("python3.13", "python3.12", "python3")
# Debian packages the tests run against, each with a file that shows it is installed:
# Chromium for the browser tests, the CJK font so screenshots show Chinese, and the nginx an
# office runs (with Debian's brotli_static module), and Apache, for the hosting tests; the other
# engines a visitor may have (tests/engines.py): WebKitGTK's WebDriver with its MiniBrowser,
# Firefox ESR (driven over WebDriver BiDi, no geckodriver needed) and Xvfb, the display
# MiniBrowser opens its window on.
TEST_PACKAGES = {
    "chromium": "/usr/bin/chromium",
    "webkit2gtk-driver": "/usr/bin/WebKitWebDriver",
    "firefox-esr": "/usr/bin/firefox-esr",
    "xvfb": "/usr/bin/Xvfb",
    "fonts-noto-cjk": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "nginx": "/usr/sbin/nginx",
    "libnginx-mod-http-brotli-static": "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so",
    "apache2": "/usr/sbin/apache2",
}
REEXEC_MARK = "SUBSIDY_IN_VENV"


def say(message: str) -> None:
    print(f"[setup] {message}", flush=True)


def python_version(executable: str) -> tuple[int, ...] | None:
    """Version of an interpreter, or None when it does not run (pyenv shims fail)."""
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return tuple(int(part) for part in out.stdout.split())


def find_python() -> str:
    """First Python >= 3.12: on PATH in the order of CANDIDATES, then pyenv's versions."""
    found = [shutil.which(name) for name in CANDIDATES]
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    for minor in (13, 12):
        found += sorted(glob.glob(f"{pyenv_root}/versions/3.{minor}.*/bin/python3.{minor}"), reverse=True)
    for candidate in filter(None, found):
        version = python_version(candidate)
        if version and version >= MIN_PYTHON:
            return candidate
    sys.exit(
        "[setup] No Python >= 3.12 found (tried python3.13, python3.12, python3 and pyenv). "
        "pyodide-build needs it: install one, e.g. `apt-get install python3.12` or `pyenv install 3.12`."
    )


def venv_python(root: Path) -> Path:
    return root / ".venv" / "bin" / "python"


# Run by the venv's interpreter: every pin of requirements.txt installed at its version?
CHECK_PINS = """
import re, sys
from importlib import metadata
missing = []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"([A-Za-z0-9_.-]+)==([^\\s;]+)", line)
    if not m:
        continue
    try:
        if metadata.version(m[1]) != m[2]:
            missing.append(m[0])
    except metadata.PackageNotFoundError:
        missing.append(m[0])
print(" ".join(missing))
"""


def broken_scripts(root: Path) -> list[str]:
    """Console scripts whose interpreter line does not name this venv's python (a moved checkout)."""
    python = venv_python(root)
    broken = []
    for script in sorted((root / ".venv" / "bin").iterdir()):
        try:
            first = script.open("rb").readline().decode("utf-8", "replace").strip()
        except OSError:
            continue
        if first.startswith("#!") and "python" in first:
            interpreter = Path(first[2:].split()[0])
            if interpreter.parent != python.parent or not os.access(interpreter, os.X_OK):
                broken.append(script.name)
    return broken


def missing_pins(python: Path, requirements: Path) -> list[str]:
    out = subprocess.run([str(python), "-I", "-c", CHECK_PINS, str(requirements)],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        return ["(the venv's python cannot read its packages)"]
    return out.stdout.split()


def ensure_venv(root: Path) -> Path:
    """A .venv that runs, whose console scripts run, holding exactly the pinned packages."""
    python = venv_python(root)
    version = python_version(str(python)) if python.exists() else None
    broken = broken_scripts(root) if version else []
    if not version or version < MIN_PYTHON or broken:
        base = find_python()
        reason = f"its scripts point elsewhere ({', '.join(broken[:3])})" if broken else "none usable"
        say(f"creating .venv with {base} ({reason})")
        shutil.rmtree(root / ".venv", ignore_errors=True)
        subprocess.run([base, "-m", "venv", str(root / ".venv")], check=True)
    requirements = root / "requirements.txt"
    missing = missing_pins(python, requirements)
    if missing:
        say(f"installing pinned Python packages (requirements.txt, hashes checked; {len(missing)} missing or other versions)")
        subprocess.run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
             "--require-hashes", "-r", str(requirements)],
            check=True,
        )
        still = missing_pins(python, requirements)
        if still:
            sys.exit(f"[setup] after pip install, still not installed as pinned: {' '.join(still[:5])}")
    return python


def missing_node_packages(root: Path) -> list[str]:
    """Packages of package-lock.json absent from node_modules or at another version."""
    lock = json.loads((root / "package-lock.json").read_text("utf-8"))
    missing = []
    for path, entry in lock.get("packages", {}).items():
        if not path.startswith("node_modules/"):
            continue
        manifest = root / path / "package.json"
        try:
            installed = json.loads(manifest.read_text("utf-8")).get("version")
        except (OSError, ValueError):
            installed = None
        if installed != entry.get("version"):
            missing.append(f"{path[len('node_modules/'):]}@{entry.get('version')}")
    return missing


def ensure_node_modules(root: Path) -> None:
    missing = missing_node_packages(root)
    if not missing:
        return
    if not shutil.which("npm"):
        sys.exit("[setup] npm not found: install Node.js and npm (Debian: apt-get install nodejs npm).")
    say(f"installing the npm lock (npm ci --ignore-scripts; missing: {', '.join(missing[:3])})")
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=root, check=True)
    still = missing_node_packages(root)
    if still:
        sys.exit(f"[setup] after npm ci, still missing: {', '.join(still[:5])}")


def missing_test_packages() -> list[str]:
    return [package for package, path in TEST_PACKAGES.items() if not Path(path).exists()]


def ensure_test_packages() -> None:
    missing = missing_test_packages()
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(
            "[setup] The tests need Debian's browsers, nginx and Apache: "
            f"run `sudo apt-get install {' '.join(TEST_PACKAGES)}` and try again."
        )
    say(f"installing {', '.join(missing)} with apt-get")
    apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=apt_env)
    still = missing_test_packages()
    if still:
        sys.exit(f"[setup] apt-get install did not provide {', '.join(still)}")


def ensure(root: Path, *, need_test_packages: bool) -> None:
    """Prepare everything, then continue this same command inside .venv."""
    if os.environ.get(REEXEC_MARK) == str(root):
        return
    python = ensure_venv(root)
    ensure_node_modules(root)
    if need_test_packages:
        ensure_test_packages()
    os.environ[REEXEC_MARK] = str(root)
    os.execv(str(python), [str(python), *sys.argv])
