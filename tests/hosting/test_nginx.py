"""The hosting kit on the server an office runs: Debian's nginx, started on a loopback port with
exactly the server {} block of the README, serving a copy of site/ under /pub/standards/.

Checked with plain HTTP (types, headers, caching, precompressed files) and in Chromium (every
page in both palettes with no CSP violation or page error, the calculator, search, offline use,
and a redeploy copied over the served folder). nginx is stopped when the module ends.
"""

from __future__ import annotations

import shutil
import tempfile
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.error import HTTPError

import pytest

from sitebuild.hosting import kit
import local_nginx
from local_nginx import NGINX, free_port, readme_server
from conftest import RequestLog, calculator_errors
from site_search import result_targets, search
from test_offline import SCENARIO, boot_calculator, evaluate, wait_until_controlled

PAGES = ["index.html", "policy.html", "rules.html", "glossary.html", "about.html", "calculator/index.html"]
HSTS = ("Strict-Transport-Security", "max-age=31536000")  # the README's server-level header
# The site's custom primary red (docs/assets/stylesheets/extra.css), not the theme's indigo.
HEADER_RED = "rgb(166, 27, 27)"
# Debian's mime.types names .js application/javascript and .xml text/xml; each pair is one type
# to every browser.
SAME_TYPE = {"application/javascript": "text/javascript", "text/xml": "application/xml"}


def media_type(headers) -> str:
    value = headers["Content-Type"].split(";")[0].strip()
    return SAME_TYPE.get(value, value)


def wanted_type(rel: str) -> str:
    return kit.MIME_TYPES.get(Path(rel).suffix, "application/octet-stream").split(";")[0]


@pytest.fixture(scope="module")
def nginx(root, built_site):
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} missing: run the tests through `python3 build.py test`, which installs it")
    # Readable by nginx's www-data workers, as a served folder is (pytest's tmp_path is private).
    work = Path(tempfile.mkdtemp(prefix="xm-nginx-"))
    work.chmod(0o755)
    served = work / "srv" / "standards" / "site"
    shutil.copytree(built_site, served)
    port = free_port()
    block = readme_server((root / "README.md").read_text("utf-8"), port, served)
    # The paste-in variant, nginx.conf, with its alias changed as its header says, in a second server.
    pasted_port = free_port()
    pasted = (served / "hosting" / "nginx.conf").read_text("utf-8").replace(kit.EXAMPLE_ROOT, f"{served}/")
    block += f"server {{\n    listen 127.0.0.1:{pasted_port};\n{pasted}}}\n"
    try:
        with local_nginx.running(work, block) as warnings:
            assert "warn" not in warnings, warnings
            yield SimpleNamespace(url=f"http://127.0.0.1:{port}/pub/standards/", origin=f"http://127.0.0.1:{port}",
                                  pasted_url=f"http://127.0.0.1:{pasted_port}/pub/standards/", served=served, work=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fetch(url: str, encoding: str | None = None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def sample_files(served: Path) -> list[str]:
    """One file of each kind the site ships (by extension), plus sw.js and the search index."""
    by_ext: dict[str, str] = {}
    for path in sorted(served.rglob("*")):
        rel = path.relative_to(served).as_posix()
        if path.is_file() and path.suffix not in (".gz", ".br") and not rel.startswith("hosting/"):
            by_ext.setdefault(path.suffix, rel)
    index = next(p for p in ("search/search_index.json", "search.json") if (served / p).exists())  # Material, Zensical
    return sorted({*by_ext.values(), "sw.js", index, "index.html"})


def test_every_kind_of_file_has_its_type_and_every_header(nginx):
    files = sample_files(nginx.served)
    assert {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".whl"} <= {Path(f).suffix for f in files}
    for rel in files:
        status, headers, _ = fetch(nginx.url + rel)
        assert status == 200, rel
        assert media_type(headers) == wanted_type(rel), rel
        for name, value in kit.response_headers("/pub/standards/" + rel).items():
            assert headers[name] == value, (rel, name)
        assert headers[HSTS[0]] == HSTS[1], rel


def test_the_paste_in_location_serves_the_same(nginx):
    for rel in sample_files(nginx.served):
        status, headers, _ = fetch(nginx.pasted_url + rel)
        assert status == 200 and media_type(headers) == wanted_type(rel), rel
        for name, value in kit.response_headers("/pub/standards/" + rel).items():
            assert headers[name] == value, (rel, name)


def test_missing_files_and_the_bare_sub_path(nginx):
    status, headers, _ = fetch(nginx.url + "no-such-page.html")
    assert status == 404 and headers["X-Content-Type-Options"] == "nosniff"
    request = urllib.request.Request(nginx.url.rstrip("/"), method="HEAD")
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                              {"redirect_request": lambda *a, **k: None}))
    with pytest.raises(HTTPError) as redirect:
        opener.open(request)
    assert redirect.value.code == 301 and redirect.value.headers["Location"].endswith("/pub/standards/")


def test_content_addressed_runtime_is_immutable_and_pages_revalidate(nginx):
    runtime = [p for p in nginx.served.rglob("*.wasm")]
    assert runtime, "the calculator runtime is shipped"
    for wasm in runtime:
        rel = wasm.relative_to(nginx.served).as_posix()
        _, headers, _ = fetch(nginx.url + rel)
        assert headers["Cache-Control"] == kit.cache_control("/pub/standards/" + rel)
    for rel in ("index.html", "sw.js", "calculator/index.html"):
        assert fetch(nginx.url + rel)[1]["Cache-Control"] == kit.NO_CACHE


@pytest.mark.parametrize("suffix, encoding", [(".gz", "gzip"), (".br", "br")])
def test_precompressed_copies_are_served_with_the_original_type(nginx, suffix, encoding):
    copies = sorted(nginx.served.rglob("*" + suffix))
    assert copies, f"the build writes {suffix} copies of the large files"
    assert any(c.name.endswith(".wasm" + suffix) for c in copies)
    for copy in copies:
        rel = copy.relative_to(nginx.served).as_posix()[: -len(suffix)]
        status, headers, body = fetch(nginx.url + rel, encoding)
        assert status == 200 and headers["Content-Encoding"] == encoding, rel
        assert body == copy.read_bytes(), rel
        assert media_type(headers) == wanted_type(rel), rel
        assert "Accept-Encoding" in headers.get("Vary", ""), rel
        _, plain_headers, plain = fetch(nginx.url + rel)  # a client that asks for nothing gets the file
        assert "Content-Encoding" not in plain_headers and plain == (nginx.served / rel).read_bytes()


# ---------------------------------------------------------------- in Chromium

def watched_page(context):
    page = context.new_page()
    page.request_log = RequestLog(page)
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc.message}\n{exc.stack or ''}"))
    page.on("console", lambda msg: page.problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" or "Content Security Policy" in msg.text else None)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_runs_under_the_header_in_both_palettes(browser, nginx, scheme):
    context = browser.new_context(locale="zh-CN", color_scheme=scheme)
    try:
        page = watched_page(context)
        page.add_init_script("document.addEventListener('securitypolicyviolation', e =>"
                             " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
        for path in PAGES:
            page.goto(nginx.url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("typeof __md_get") == "function", path  # the moved theme script ran
            wanted = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.dataset.mdColorScheme") == wanted, path
            assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor") == HEADER_RED, path
        assert page.problems == []
        assert page.request_log.foreign(nginx.url) == []
    finally:
        context.close()


@pytest.mark.browser
def test_calculator_boots_and_answers_and_search_works(browser, nginx):
    context = browser.new_context(locale="zh-CN")
    try:
        page = watched_page(context)
        page.goto(nginx.url + "calculator/index.html")
        boot_calculator(page)
        assert evaluate(page, SCENARIO)["total"] == "50000.00"
        assert calculator_errors(page.problems) == [] and page.problems == []
        page.goto(nginx.url + "policy.html")
        search(page, "领跑者")
        assert "policy.html#c5-3" in result_targets(page)
        assert page.request_log.foreign(nginx.url) == []
    finally:
        context.close()


@pytest.mark.browser
def test_offline_after_the_first_visit_then_a_redeploy_is_picked_up(browser, nginx, redeployed_site):
    context = browser.new_context(locale="zh-CN")
    try:
        page = watched_page(context)
        page.goto(nginx.url + "calculator/index.html")
        wait_until_controlled(page)
        boot_calculator(page)
        online = evaluate(page, SCENARIO)
        page.wait_for_selector("html[data-offline=ready]", state="attached", timeout=60_000)

        context.set_offline(True)
        page.reload()
        boot_calculator(page)
        assert evaluate(page, SCENARIO) == online
        page.goto(nginx.url + "rules.html")
        assert "金额" in page.inner_text("article")
        context.set_offline(False)

        # The office copies the new build over the served folder (old runtime files stay).
        shutil.copytree(redeployed_site.site, nginx.served, dirs_exist_ok=True)
        page.close()
        page = watched_page(context)
        page.goto(nginx.url + "calculator/index.html")
        boot_calculator(page)
        result = evaluate(page, SCENARIO)
        assert result["policy"]["rules_version"] == redeployed_site.rules_version
        assert page.text_content("[data-runtime-rules-version]") == redeployed_site.rules_version
        assert result["total"] == online["total"]
        assert page.problems == []
    finally:
        context.close()
