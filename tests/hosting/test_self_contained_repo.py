"""The repository builds and tests on its own: the policy as received lives inside it, unchanged,
and no tracked file reaches for a folder beside the checkout."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = ROOT / "policy_src" / "xiamen-2020-15" / "text" / "source"

# A path that climbs out of the checkout: the folder beside it, or the parent of the repository root.
OUTSIDE = re.compile(r"\.\./shared\b|\bshared/policy\b|\b(?:ROOT|REPO|root|repo)\.parent\b")
# Path(__file__).parents[k] is still inside the checkout while k is at most the file's depth
# (tests/docs/x.py: parents[2] is the root, parents[3] beside it).
PARENTS = re.compile(r"__file__\)(?:\.resolve\(\))?\.parents\[(\d+)\]")


def climbs_out(line: str, depth: int) -> bool:
    return bool(OUTSIDE.search(line)) or any(int(k) > depth for k in PARENTS.findall(line))
CODE_SUFFIXES = {".py", ".sh", ".yml", ".yaml", ".cfg", ".ini", ".toml"}


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / line for line in out.stdout.splitlines()]


def test_policy_as_received_is_in_the_repository_with_its_checksum():
    sums = (SOURCE_DIR / "SHA256SUMS").read_text("utf-8").split()
    recorded = dict(zip(sums[1::2], sums[0::2]))
    assert recorded, "SHA256SUMS lists the received files"
    for name, digest in recorded.items():
        assert hashlib.sha256((SOURCE_DIR / name).read_bytes()).hexdigest() == digest, name


def test_no_code_or_config_names_a_folder_outside_the_checkout():
    offenders = []
    for path in tracked_files():
        if path.suffix not in CODE_SUFFIXES and path.name not in {"run", "README.md"}:
            continue
        if path == Path(__file__):
            continue
        depth = len(path.relative_to(ROOT).parts) - 1
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            if climbs_out(line, depth):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_check_above_can_fail():
    beside = "shared"  # spelled apart so that this file does not itself name the folder
    assert OUTSIDE.search(f'SOURCE = ROOT.parent / "{beside}" / "policy" / "x.txt"')
    assert OUTSIDE.search(f"cat ../{beside}/policy/x.txt")
    assert climbs_out("ROOT = Path(__file__).resolve().parents[2]", depth=1)   # from tests/x.py
    assert not climbs_out("ROOT = Path(__file__).resolve().parents[2]", depth=2)   # from tests/docs/x.py
    assert climbs_out("ROOT = Path(__file__).resolve().parents[3]", depth=2)
    assert not OUTSIDE.search('href="../policy.html#c5-3"')
