"""Shared fixtures: one built site, static servers that behave like a real host,
and one Chromium for all browser tests (Debian's, through Playwright).

The site is built by the run's builder (`build.py --builder`, Material by default). Tests
marked `builders` run once more on a site that the other builder makes from the same
mkdocs.yml (site-<builder>/, built when the first of them starts): the checks that matter
to the public, so CI proves the switch to Zensical (or back) keeps the site whole.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from sitebuild import builders, serve  # noqa: E402

# In CI, property tests run a fixed set of cases so a failure can be re-run exactly;
# benchmarks/fuzz_rules.py explores at random.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
SUB_PATH = "/pub/standards/"
BUILDER = os.environ.get("SUBSIDY_BUILDER", builders.DEFAULT)   # what built site/
SECOND_BUILDER = builders.other(BUILDER)


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("builders"):
        # The run's own builder is the unparametrised case (param None), so these tests share
        # site/, its servers and its booted calculator with every other test.
        metafunc.parametrize("builder", [None, SECOND_BUILDER], ids=[BUILDER, SECOND_BUILDER],
                             indirect=True, scope="session")


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Keep the collected order (pytest would interleave the builders' parametrised cases)
    and run every test of the second builder's site at the end, so each site is set up once."""
    order = {item.nodeid: i for i, item in enumerate(items)}
    result = yield
    items.sort(key=lambda item: (builder_of(item) == SECOND_BUILDER, order[item.nodeid]))
    return result


def builder_of(item) -> str:
    callspec = getattr(item, "callspec", None)
    if callspec is None or not item.get_closest_marker("builders"):
        return BUILDER
    return callspec.params.get("builder") or BUILDER


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def builder(request) -> str:
    """The builder of the site under test: the run's, or the second one for tests marked `builders`."""
    return getattr(request, "param", None) or BUILDER


@pytest.fixture(scope="session")
def built_site(builder, request) -> Path:
    """site/ as built by `build.py test` (built here when pytest runs alone); for the second
    builder, site-<builder>/, built once a run."""
    from sitebuild import site

    if builder == BUILDER:
        prebuilt = os.environ.get("SUBSIDY_SITE_BUILT")
        if prebuilt and (Path(prebuilt) / "index.html").exists():
            return Path(prebuilt)
        return site.build(ROOT, builder=builder)
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():   # the build log belongs in the run's output
        print(flush=True)
        return site.build(ROOT, ROOT / f"site-{builder}", builder=builder)


REDEPLOYED_RULES_VERSION = "9999.1.1"


# Build output and tool state at the top of a checkout: a copy for a second build leaves them out.
CHECKOUT_SKIP = {"site", ".cache", ".build-cache", ".venv", "node_modules", ".git", ".pytest_cache", ".hypothesis", ".shots"}


def copy_checkout(root: Path, dest: Path) -> Path:
    """The checkout's sources in dest, for a build that must not touch the real one.

    Only top-level output folders are left out: a package's own site/ folder is a source.
    node_modules and the precompression cache are shared (compressing the unchanged Pyodide
    files again would take minutes; sitebuild/precompress.py keys its cache by content)."""
    import shutil

    def skip(folder, names):
        if Path(folder) == root:
            return [n for n in names if n in CHECKOUT_SKIP or n.startswith(("site-", ".site-zensical-"))]
        return [n for n in names if n == "__pycache__"]

    shutil.copytree(root, dest, ignore=skip)
    os.symlink(root / "node_modules", dest / "node_modules")
    (root / ".build-cache" / "precompress").mkdir(parents=True, exist_ok=True)
    (dest / ".build-cache").mkdir()
    os.symlink(root / ".build-cache" / "precompress", dest / ".build-cache" / "precompress")
    return dest


def copy_repo_with_rules_version(root: Path, dest: Path, version: str) -> Path:
    """A checkout as a new deployment would have it, differing only in rules_version."""
    import json

    copy_checkout(root, dest)
    params_path = dest / "policy_src" / "xiamen-2020-15" / "rules" / "subsidy_rules" / "parameters.json"
    params = json.loads(params_path.read_text("utf-8"))
    params["rules_version"] = version
    params_path.write_text(json.dumps(params, ensure_ascii=False, indent=2), "utf-8")
    return dest


@pytest.fixture(scope="session")
def redeployed_site(tmp_path_factory):
    """The next deployment: the same sources with another rules_version, built once per run."""
    from types import SimpleNamespace

    from sitebuild import site

    repo = copy_repo_with_rules_version(ROOT, tmp_path_factory.mktemp("redeploy") / "repo", REDEPLOYED_RULES_VERSION)
    return SimpleNamespace(site=site.build(repo, builder=BUILDER), rules_version=REDEPLOYED_RULES_VERSION)


@pytest.fixture(scope="session")
def site_url(built_site):
    """The site under a sub-path with the headers of the hosting kit (sitebuild/hosting.py)."""
    server, url = serve.make_server(built_site, base=SUB_PATH)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def plain_csp_url(site_url):
    """The same: there is one plain header, with no hash list (the name stays for the tests)."""
    return site_url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run the tests through `python3 build.py test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every URL a page asked for, to prove nothing leaves the site's origin."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def foreign(self, origin_url: str) -> list[str]:
        origin = urlsplit(origin_url)[:2]
        return [u for u in self.urls
                if urlsplit(u).scheme not in ("data", "blob", "about")
                and urlsplit(u)[:2] != origin]


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.request_log = RequestLog(page)
    return page


# The calculator's own scripts; an uncaught error whose stack names one of them is ours.
# calc-*.js: the page's modules (calc-main.js and its imports); worker: in runtime-<hash>/
CALCULATOR_SCRIPTS = ("calculator/calculator.js", "calculator/calc-", "calculator/start-worker.js", "calculator/defer-search.js", "/worker.mjs")


def calculator_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if any(script in e for script in CALCULATOR_SCRIPTS)]


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    """Screenshots for people to look at after a run (.shots/ is git-ignored)."""
    path = ROOT / ".shots"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def calculator_page(browser, plain_csp_url):
    """One booted calculator, shared: Pyodide boots once for all tests that use it.

    Served under the plain header (no inline-script hashes): the calculator must
    work with no inline script of its own. Tests must leave the form as they would
    like to find it, or reload the fragment they need.
    """
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.request_log = RequestLog(page)
    page.console_errors = []
    # Message and stack: the stack names the file, so tests can tell our errors from the theme's.
    page.on("pageerror", lambda exc: page.console_errors.append(f"{exc.message}\n{exc.stack or ''}"))
    page.goto(plain_csp_url + "calculator/index.html")
    page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
    page.evaluate("window.subsidyCalculator.ready")
    yield page
    ctx.close()
