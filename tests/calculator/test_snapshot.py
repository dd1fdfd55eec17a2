"""The calculator's fast start (sitebuild/runtime/snapshot.py): the page boots from the build's memory
snapshot, and when that snapshot is missing, damaged or holds other rules it boots the ordinary
way (the wheel, sha256 checked) and still answers, correctly, saying nothing alarming. Also: the
build stops loudly when Pyodide's private snapshot API is gone, and the trimmed stdlib zip."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from subsidy_rules import RULES_VERSION, evaluate_json

from conftest import calculator_errors
from sitebuild import packages
from sitebuild.hosting import serve
from sitebuild.runtime import layout, snapshot

_XIAMEN = packages.main(Path(__file__).resolve().parents[2])
RULES_NAMES = {"module": _XIAMEN.module, "distribution": _XIAMEN.distribution}  # what the build passes

SCENARIO = {"application_date": "2024-06-01", "items": [
    {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
     "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"}]},
    {"type": "benchmarking", "count": 4, "unit": "丙研究院", "date": "2023-09-01"}]}


runtime_dir = layout.runtime_dir


def stamped_build(runtime: Path) -> dict:
    return json.loads(re.search(r"const BUILD = (\{.*\});", (runtime / "worker.mjs").read_text("utf-8"))[1])


@pytest.fixture
def fresh_page(browser):
    """A fresh context with an empty HTTP cache, no service worker: every request meets the routes."""
    ctx = browser.new_context(locale="zh-CN", service_workers="block")
    page = ctx.new_page()
    page.errors, page.requests, page.console = [], [], []
    page.on("pageerror", lambda exc: page.errors.append(f"{exc.message}\n{exc.stack or ''}"))
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: page.console.append((message.type, message.text)))
    yield page
    ctx.close()


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory):
    """stand_in(page, pattern, name, body): the page's requests matching pattern get body instead.

    route.fulfill(body=...) passes the body through Playwright's protocol as base64, which took
    ~20 s for a 30 MB snapshot; here the request goes on to a second local server holding body,
    fetched as fast as from the site (the page still sees its own URL)."""
    folder = tmp_path_factory.mktemp("stand-in")
    server, url = serve.make_server(folder)

    def route(page, pattern: str, name: str, body: bytes) -> None:
        (folder / name).write_bytes(body)
        page.route(pattern, lambda route: route.continue_(url=url + name))

    yield route
    server.shutdown()


def boot_and_answer(page, url: str) -> dict:
    page.goto(url + "calculator/index.html")
    page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
    info = page.evaluate("window.subsidyCalculator.ready")
    text = json.dumps(SCENARIO, ensure_ascii=False)
    got = page.evaluate("t => window.subsidyCalculator.evaluateJSON(t)", text)
    assert got == evaluate_json(text)  # the same envelope as the rules on CPython
    assert "已就绪" in page.text_content(".calc-status")
    assert page.locator(".calc-status--failed").count() == 0 and page.locator(".calc-notice:not([hidden])").count() == 0
    assert calculator_errors(page.errors) == []
    return info


def assert_fell_back(page, info):
    assert info == {"rulesVersion": RULES_VERSION, "pyodideVersion": info["pyodideVersion"], "boot": "wheel",
                    "reason": "snapshot-failed", "wasm": "page", "phases": info["phases"]}
    # the boot's milestones, in order (the wasm compiled as it arrived, before Python started)
    phases = info["phases"]
    assert phases["wasm_response"] <= phases["wasm_compiled"] <= phases["python_started"] <= phases["ready"]
    assert any(u.endswith(f"subsidy_rules-{RULES_VERSION}-py3-none-any.whl") for u in page.requests)
    # a note for developers in the console, nothing for the visitor, no warning or error
    assert not [text for kind, text in page.console if kind in ("error", "warning") and "快照" in text]
    assert any(kind == "info" and "快照" in text for kind, text in page.console)


# ---------------------------------------------------------------- the fast path


@pytest.mark.browser
def test_boots_from_the_snapshot_without_the_wheel(fresh_page, plain_csp_url):
    info = boot_and_answer(fresh_page, plain_csp_url)
    assert info["boot"] == "snapshot" and info["rulesVersion"] == RULES_VERSION
    assert any(u.endswith("/snapshot.bin") for u in fresh_page.requests)
    assert not [u for u in fresh_page.requests if u.endswith(".whl")]


# ---------------------------------------------------------------- the fallback


@pytest.mark.browser
def test_missing_snapshot_falls_back(fresh_page, plain_csp_url):
    fresh_page.route("**/runtime-*/snapshot.bin", lambda route: route.fulfill(status=404, body="not found"))
    assert_fell_back(fresh_page, boot_and_answer(fresh_page, plain_csp_url))


@pytest.mark.browser
@pytest.mark.parametrize("body", [None, b"PK\x05\x06" + bytes(18)], ids=["missing", "another zip"])
def test_snapshot_zip_not_this_builds_falls_back(fresh_page, plain_csp_url, body):
    """The snapshot's zip is checked like the snapshot: without it, or with another zip in its
    place, the snapshot is not used (it would import from a zip it was not made with)."""
    fresh_page.route("**/runtime-*/snapshot_stdlib.zip", lambda route: route.fulfill(
        status=404 if body is None else 200, body=body or b"not found", content_type="application/zip"))
    assert_fell_back(fresh_page, boot_and_answer(fresh_page, plain_csp_url))
    assert not [text for kind, text in fresh_page.console if kind == "error"]


@pytest.mark.browser
def test_corrupted_snapshot_falls_back(fresh_page, plain_csp_url, built_site, stand_in):
    data = bytearray((runtime_dir(built_site) / "snapshot.bin").read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 4096, 97):  # inside Python's heap
        data[offset] ^= 0x5A
    stand_in(fresh_page, "**/runtime-*/snapshot.bin", "corrupted.bin", bytes(data))
    assert_fell_back(fresh_page, boot_and_answer(fresh_page, plain_csp_url))


@pytest.fixture(scope="module")
def foreign_snapshot(built_site, root, tmp_path_factory) -> Path:
    """A snapshot made the build's way whose marker names another wheel (another build's rules)."""
    runtime = runtime_dir(built_site)
    tmp = tmp_path_factory.mktemp("foreign")
    for wheel in runtime.glob("*.whl"):   # the rules and the core
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(tmp / "wheel")
    out = tmp / "snapshot.bin"
    snapshot.node("make", {**RULES_NAMES,
        "pyodide": str(root / "node_modules" / "pyodide"), "stdlib": str(runtime / snapshot.STDLIB),
        "lock": str(runtime / "pyodide-lock.json"), "corpus": [json.dumps(SCENARIO)],
        "wheelFiles": str(tmp / "wheel"), "out": str(out),
        "marker": {"rules_version": RULES_VERSION, "wheel_sha256": "0" * 64, "core_sha256": "0" * 64}})
    return out


@pytest.mark.browser
def test_snapshot_of_another_build_falls_back(fresh_page, plain_csp_url, foreign_snapshot, stand_in):
    """Served in place of this build's: not the bytes the worker expects (sha256)."""
    stand_in(fresh_page, "**/runtime-*/snapshot.bin", "foreign.bin", foreign_snapshot.read_bytes())
    assert_fell_back(fresh_page, boot_and_answer(fresh_page, plain_csp_url))


@pytest.mark.browser
def test_snapshot_with_other_rules_is_never_used(fresh_page, plain_csp_url, built_site, foreign_snapshot, stand_in):
    """Even a worker that expects the foreign bytes restores them, finds that the marker does not
    name the wheel of pyodide-lock.json, and boots the shipped wheel instead."""
    runtime = runtime_dir(built_site)
    body = foreign_snapshot.read_bytes()
    build = stamped_build(runtime)
    build["snapshot"].update(sha256=hashlib.sha256(body).hexdigest(), bytes=len(body))
    worker = re.sub(r"const BUILD = \{.*\};", "const BUILD = " + json.dumps(build) + ";",
                    (runtime / "worker.mjs").read_text("utf-8"))
    # Both from the stand-in: a worker answered by route.fulfill cannot fetch a continued request.
    stand_in(fresh_page, "**/runtime-*/worker.mjs", "worker.mjs", worker.encode("utf-8"))
    stand_in(fresh_page, "**/runtime-*/snapshot.bin", "foreign.bin", body)
    info = boot_and_answer(fresh_page, plain_csp_url)
    assert_fell_back(fresh_page, info)
    assert any("规则包不符" in text for _, text in fresh_page.console)


# ---------------------------------------------------------------- the build's guards


def patched_pyodide(root: Path, dest: Path, file: str, old: str, new: str) -> Path:
    """node_modules/pyodide with one piece of its private snapshot API taken away."""
    shutil.copytree(root / "node_modules" / "pyodide", dest)
    text = (dest / file).read_text("utf-8")
    assert old in text, f"{file} no longer contains {old!r}: update this test with the worker"
    (dest / file).write_text(text.replace(old, new), "utf-8")
    return dest


def test_pyodide_without_make_snapshot_fails_the_build(root, built_site, tmp_path):
    runtime = runtime_dir(built_site)
    pyodide = patched_pyodide(root, tmp_path / "pyodide", "pyodide.asm.mjs",
                              "static makeMemorySnapshot(", "static makeMemorySnapshotGone(")
    with pytest.raises(RuntimeError, match="no makeMemorySnapshot"):
        snapshot.node("make", {**RULES_NAMES,
            "pyodide": str(pyodide), "stdlib": str(runtime / snapshot.STDLIB), "lock": str(runtime / "pyodide-lock.json"),
            "corpus": [], "wheelFiles": str(tmp_path), "out": str(tmp_path / "s.bin"), "marker": {}})


def test_pyodide_ignoring_load_snapshot_fails_the_build(root, built_site, tmp_path):
    runtime = runtime_dir(built_site)
    pyodide = patched_pyodide(root, tmp_path / "pyodide", "pyodide.mjs", "._loadSnapshot)return", "._gone)return")
    with pytest.raises(RuntimeError, match="ignored _loadSnapshot"):
        snapshot.node("check", {**RULES_NAMES,
            "pyodide": str(pyodide), "stdlib": str(runtime / snapshot.STDLIB), "lock": str(runtime / "pyodide-lock.json"),
            "corpus": [], "snapshot": str(runtime / snapshot.SNAPSHOT)})


def test_the_snapshot_is_made_again_byte_for_byte(built_site, root, tmp_path, monkeypatch):
    """The same inputs (Pyodide, the trimmed zip, the wheel, the corpus) make the same snapshot:
    its randomness, clocks and time zone are fixed while it is made (sitebuild/runtime/snapshot.py,
    pyodide_snapshot.mjs), so a rebuild of the same source, here or on an office's machine in
    another time zone, ships the same runtime-<hash>/ folder and visitors' caches stay valid."""
    monkeypatch.setenv("TZ", "Asia/Shanghai" if os.environ.get("TZ") != "Asia/Shanghai" else "America/New_York")
    runtime = runtime_dir(built_site)
    for wheel in runtime.glob("*.whl"):   # the rules and the core
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(tmp_path / "wheel")
    lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
    marker = {"rules_version": RULES_VERSION, "wheel_sha256": lock["packages"][RULES_NAMES["distribution"]]["sha256"],
              "core_sha256": lock["packages"]["subsidy-core"]["sha256"]}
    made = snapshot.node("make", {**RULES_NAMES,
        "pyodide": str(root / "node_modules" / "pyodide"), "stdlib": str(runtime / snapshot.STDLIB),
        "lock": str(runtime / "pyodide-lock.json"), "corpus": _XIAMEN.site_module("scenarios").generate(),
        "wheelFiles": str(tmp_path / "wheel"), "marker": marker, "out": str(tmp_path / "again.bin")})
    again, shipped = (tmp_path / "again.bin").read_bytes(), (runtime / snapshot.SNAPSHOT).read_bytes()
    assert made["packed"] == len(again)
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(shipped).hexdigest()


def test_snapshot_size_and_trimmed_stdlib(built_site, root):
    runtime = runtime_dir(built_site)
    size = (runtime / snapshot.SNAPSHOT).stat().st_size
    # the file: a table, Pyodide's header, then the pages of memory that instantiating the wasm
    # does not give, those among the wasm's data stored XORed with it (calculator/web/snapshot-pages.mjs)
    magic, version, memory, header, runs, xored = struct.unpack_from("<6I", (runtime / snapshot.SNAPSHOT).read_bytes())
    assert (magic, version) == (0x33504E53, 3)
    # the wasm's data segments: about 3.6 MB at the bottom of the memory
    assert 2e6 < xored * 4096 < 6e6
    assert snapshot.HEAP_BYTES < memory <= snapshot.HEAP_BYTES + snapshot.HEADER_MAX
    assert 0 < header < snapshot.HEADER_MAX and memory - header <= snapshot.HEAP_BYTES
    assert 0 < runs and size < memory / 3
    build = stamped_build(runtime)
    assert build["snapshot"]["bytes"] == size and build["snapshot"]["file"] == snapshot.SNAPSHOT
    with zipfile.ZipFile(runtime / snapshot.STDLIB) as trimmed, \
            zipfile.ZipFile(root / "node_modules" / "pyodide" / snapshot.STDLIB) as full:
        kept = {i.filename for i in trimmed.infolist() if not i.is_dir()}
        assert kept < set(full.namelist()) and len(kept) < len(full.namelist()) / 2
        for name in ("json/decoder.py", "decimal.py", "datetime.py", "re/_parser.py", "pkgutil.py"):
            assert name in kept  # what the rules import
        assert all(i.compress_type == zipfile.ZIP_STORED for i in trimmed.infolist())
        # each file is Pyodide's, or its lean copy (lean_sources.py): the same lines, no comments
        lean = [n for n in kept if trimmed.read(n) != full.read(n)]
        assert all(n.endswith(".py") for n in lean) and len(lean) > 0.9 * len(kept)
        for name in lean:
            original, slim = full.read(name).decode(), trimmed.read(name).decode()
            assert slim.count("\n") == original.count("\n") and len(slim) <= len(original)
            comments = [sum(line.lstrip().startswith("#") for line in text.splitlines()) for text in (original, slim)]
            assert comments[1] <= comments[0] / 10   # what is left is inside strings
        assert sum(trimmed.getinfo(n).file_size for n in kept) < 0.75 * sum(full.getinfo(n).file_size for n in kept)
    # beside the snapshot: only what it has not imported (the ordinary boot's wheel install)
    with zipfile.ZipFile(runtime / snapshot.SNAPSHOT_STDLIB) as rest:
        left = {i.filename for i in rest.infolist() if not i.is_dir()}
        assert left < kept and len(left) < 20
        assert not left & {"json/decoder.py", "decimal.py", "datetime.py", "re/_parser.py"}
    assert (runtime / snapshot.SNAPSHOT_STDLIB).stat().st_size < (runtime / snapshot.STDLIB).stat().st_size / 10
    assert build["snapshot"]["stdlib"]["file"] == snapshot.SNAPSHOT_STDLIB


# ---------------------------------------------------------------- what the snapshot must not freeze


@pytest.mark.browser
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_today_is_the_visitors_day_not_the_build_machines(browser, plain_csp_url, zone):
    """UTC+14 and UTC-11: two different calendar days for most of every day. A scenario without
    an application date is judged on the visitor's today, read when it is evaluated."""
    ctx = browser.new_context(locale="zh-CN", timezone_id=zone, service_workers="block")
    try:
        page = ctx.new_page()
        page.goto(plain_csp_url + "calculator/index.html")
        page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
        assert page.evaluate("window.subsidyCalculator.ready.then(i => i.boot)") == "snapshot"
        before = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
        result = page.evaluate("window.subsidyCalculator.evaluate({items: []})")
        after = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
        assert result["application_date_assumed"] is True
        assert result["application_date"] in (before, after)
    finally:
        ctx.close()


# ---------------------------------------------------------------- a snapshot must fit its memory


def test_a_snapshot_larger_than_the_wasms_initial_memory_is_refused(root, built_site):
    """Pyodide copies a snapshot into the memory the wasm declares, without a size check
    (pyodide/pyodide#6254): the build refuses one that cannot fit, naming the sizes."""
    initial = snapshot.wasm_initial_memory((root / "node_modules" / "pyodide" / "pyodide.asm.wasm").read_bytes())
    assert initial == snapshot.HEAP_BYTES
    snapshot.check_fits(initial, initial)
    with pytest.raises(RuntimeError, match=r"larger than the 31,457,280 bytes pyodide\.asm\.wasm starts with"):
        snapshot.check_fits(initial + 4096, initial)
    # the shipped one fits: its table says how much memory it restores
    magic, version, total, header, runs = struct.unpack_from("<5I", (runtime_dir(built_site) / snapshot.SNAPSHOT).read_bytes())
    snapshot.check_fits(total - header, initial)
