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
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules"), str(ROOT / "rules_core")]

from sitebuild.docs import builders  # noqa: E402
from sitebuild.hosting import serve  # noqa: E402

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
CHECKOUT_SKIP = {"site", "build", ".cache", ".build-cache", ".venv", "node_modules", ".git", ".pytest_cache", ".hypothesis", ".shots"}


def copy_checkout(root: Path, dest: Path) -> Path:
    """The checkout's sources in dest, for a build that must not touch the real one.

    Only top-level output folders are left out: a package's own site/ folder is a source.
    node_modules and the precompression cache are shared (compressing the unchanged Pyodide
    files again would take minutes; sitebuild/postbuild/precompress.py keys its cache by content)."""
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


# The build of a copy, run as `python3 build.py` would run it there: its own sitebuild and rules.
# Niced (argv[4]), with everything it starts: the tests running meanwhile come first.
BUILD_COPY = """
import os
import sys
from pathlib import Path
os.nice(int(sys.argv[4]))
sys.path.insert(0, sys.argv[1])
from sitebuild import site
site.build(Path(sys.argv[1]), builder=sys.argv[2], compress=sys.argv[3] == "compress")
"""


class CopyBuilds:
    """Sites built from copies of the checkout: the next deployment, the fixture policy.

    Each build takes half a minute or more (the calculator's snapshot above all), mostly in
    one process at a time (Node, the builder), so the copies are made when the run starts and
    built one after the other in a subprocess while other tests run; a test that needs a site
    waits for it. A subprocess also keeps a build's environment (SUBSIDY_POLICY) and imports
    out of the tests' process."""

    def __init__(self, base: Path):
        from concurrent.futures import ThreadPoolExecutor

        self.base = base
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.builds = {}
        self.running = None   # the subprocess of the current build, stopped if the run ends first
        self.waited = False   # once a test waits for a build, the builds run at full priority

    def start(self, name: str, prepare, policy: str | None = None, compress: bool = True) -> None:
        """Copy the checkout with prepare(dest) now, build the copy in the background.

        policy: the package folder in the copy to build (SUBSIDY_POLICY), else the checkout's own."""
        if name in self.builds:
            return
        repo = prepare(self.base / name / "repo")
        env = dict(os.environ)
        if policy:
            from sitebuild import packages

            env[packages.POLICY_ENV] = str(repo / policy)
        self.builds[name] = self.pool.submit(self._build, repo, env, compress, self.base / name / "build.log")

    def _build(self, repo: Path, env: dict, compress: bool, log: Path) -> Path:
        import subprocess

        with log.open("w", encoding="utf-8") as out:
            self.running = subprocess.Popen(
                [sys.executable, "-c", BUILD_COPY, str(repo), BUILDER, "compress" if compress else "no",
                 "0" if self.waited else "10"],
                cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            returncode = self.running.wait()
        if returncode:
            raise RuntimeError(f"the build of {repo} failed ({returncode}):\n{log.read_text('utf-8')[-8000:]}")
        return repo / "site"

    def site(self, name: str) -> Path:
        """The built site; a test waiting for it gives the build its priority back where it may."""
        if not self.builds[name].done() and self.running:
            self.waited = True
            try:
                os.setpriority(os.PRIO_PGRP, self.running.pid, 0)
            except OSError:   # only root may raise a priority
                pass
        return self.builds[name].result()

    def stop(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self.running and self.running.poll() is None:
            import signal

            os.killpg(self.running.pid, signal.SIGKILL)   # the build and the Node or builder it runs


@pytest.fixture(scope="session")
def copy_builds(tmp_path_factory):
    builds = CopyBuilds(tmp_path_factory.mktemp("copies"))
    yield builds
    builds.stop()


def start_redeploy(builds: CopyBuilds) -> None:
    builds.start("redeploy", lambda dest: copy_repo_with_rules_version(ROOT, dest, REDEPLOYED_RULES_VERSION))


FIXTURE_POLICY = Path("tests/fixtures/policies/demo-2024-1")   # made up, never shipped


def start_fixture_policy(builds: CopyBuilds) -> None:
    # Precompressed copies are a hosting optimisation of the same files: left out to keep the
    # build short. Everything else is the build the shipped site goes through.
    builds.start("fixture-policy", lambda dest: copy_checkout(ROOT, dest), policy=FIXTURE_POLICY, compress=False)


# Fixtures whose site is built from a copy, and how the build starts.
COPY_BUILDS = {"fixture_site": start_fixture_policy, "redeployed_site": start_redeploy}


@pytest.fixture(scope="session", autouse=True)
def copies_built_early(request, copy_builds):
    """Start the builds the selected tests need when the run starts, in the order they are needed."""
    first_use = {}
    for index, item in enumerate(request.session.items):
        for name in COPY_BUILDS.keys() & set(getattr(item, "fixturenames", ())):
            first_use.setdefault(name, index)
    for name in sorted(first_use, key=first_use.get):
        COPY_BUILDS[name](copy_builds)


@pytest.fixture(scope="session")
def redeployed_site(copy_builds):
    """The next deployment: the same sources with another rules_version, built once per run."""
    from types import SimpleNamespace

    start_redeploy(copy_builds)
    return SimpleNamespace(site=copy_builds.site("redeploy"), rules_version=REDEPLOYED_RULES_VERSION)


@pytest.fixture(scope="session")
def site_url(built_site):
    """The site under a sub-path with the headers of the hosting kit (sitebuild/hosting/kit.py)."""
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
