#!/usr/bin/env python3
"""Rewrite requirements.txt with the sha256 of every file PyPI has for each pinned release.

    python3 tools/pin_hashes.py            # after changing a pin (name==version) in requirements.txt

pip then installs with --require-hashes: a file whose hash is not listed is refused, whichever
index or cache it came from. Only sdists and wheels for Linux or any platform are listed (the
machines this builds on); the PyPI simple API (PEP 691 JSON) gives the hashes. Stdlib only.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements.txt"
INDEX = "https://pypi.org/simple/{}/"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def release_files(name: str, version: str) -> list[dict]:
    request = urllib.request.Request(INDEX.format(normalise(name)),
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    out = []
    for entry in files:
        filename = entry["filename"]
        if filename.endswith(".whl"):
            file_name, file_version, *_, platform = filename[:-4].split("-")
            if platform != "any" and "linux" not in platform:
                continue
        elif filename.endswith((".tar.gz", ".zip")):
            file_name, _, file_version = filename.removesuffix(".tar.gz").removesuffix(".zip").rpartition("-")
        else:
            continue
        if normalise(file_name) == normalise(name) and file_version == version:
            out.append(entry)
    return out


def main() -> int:
    head, pins = [], []
    for line in REQUIREMENTS.read_text("utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("--hash"):
            continue
        match = PIN.match(stripped)
        if match:
            pins.append(match.groups())
        elif not pins:
            head.append(line)
    lines = [*head]
    for name, version in pins:
        files = release_files(name, version)
        if not files:
            sys.exit(f"{name}=={version}: no files on PyPI")
        hashes = sorted({f["hashes"]["sha256"] for f in files})
        lines.append(f"{name}=={version} \\")
        lines += [f"    --hash=sha256:{h} \\" for h in hashes[:-1]] + [f"    --hash=sha256:{hashes[-1]}"]
        print(f"{name}=={version}: {len(hashes)} files", flush=True)
    REQUIREMENTS.write_text("\n".join(lines) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
