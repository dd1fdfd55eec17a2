"""Set-up of the toolchain: a Python >= 3.12 venv, the npm lock, Chromium.

Stdlib only: this module runs before the venv exists, on any python3 >= 3.8.
Each step is skipped when a stamp shows nothing changed, so re-runs are fast.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

MIN_PYTHON = (3, 12)
CANDIDATES = ("python3.13", "python3.12", "python3")
CHROMIUM = Path("/usr/bin/chromium")
# Chromium for the browser tests; the CJK font so screenshots show Chinese.
BROWSER_PACKAGES = ("chromium", "fonts-noto-cjk")
REEXEC_MARK = "SUBSIDY_IN_VENV"


def say(message: str) -> None:
    print(f"[setup] {message}", flush=True)


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


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


def ensure_venv(root: Path) -> Path:
    python = venv_python(root)
    version = python_version(str(python)) if python.exists() else None
    if not version or version < MIN_PYTHON:
        base = find_python()
        say(f"creating .venv with {base}")
        shutil.rmtree(root / ".venv", ignore_errors=True)
        subprocess.run([base, "-m", "venv", str(root / ".venv")], check=True)
    stamp = root / ".venv" / ".requirements.sha256"
    wanted = digest(root / "requirements.txt")
    if not stamp.exists() or stamp.read_text() != wanted:
        say("installing pinned Python packages (requirements.txt)")
        subprocess.run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
             "-r", str(root / "requirements.txt")],
            check=True,
        )
        stamp.write_text(wanted)
    return python


def ensure_node_modules(root: Path) -> None:
    stamp = root / "node_modules" / ".package-lock.sha256"
    wanted = digest(root / "package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not shutil.which("npm"):
        sys.exit("[setup] npm not found: install Node.js and npm (Debian: apt-get install nodejs npm).")
    say("installing the npm lock (npm ci: pyodide, iframe-worker, axe-core)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=root, check=True)
    stamp.write_text(wanted)


def ensure_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(
            "[setup] The browser tests need Debian's Chromium at /usr/bin/chromium: "
            f"run `sudo apt-get install {' '.join(BROWSER_PACKAGES)}` and try again."
        )
    say(f"installing {', '.join(BROWSER_PACKAGES)} with apt-get")
    apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *BROWSER_PACKAGES], check=True, env=apt_env)


def ensure(root: Path, *, need_browser: bool) -> None:
    """Prepare everything, then continue this same command inside .venv."""
    if os.environ.get(REEXEC_MARK) == str(root):
        return
    python = ensure_venv(root)
    ensure_node_modules(root)
    if need_browser:
        ensure_browser()
    os.environ[REEXEC_MARK] = str(root)
    os.execv(str(python), [str(python), *sys.argv])
