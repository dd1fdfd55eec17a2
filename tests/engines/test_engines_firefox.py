"""The site in Firefox ESR (Debian's firefox-esr), driven over WebDriver BiDi by puppeteer-core
(tests/engines_firefox.mjs): pages without errors, search, the calculator from its snapshot and
the ordinary way with CPython's answers, the print sheet, offline. The checks: tests/engines.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import engines
from engines import servers, site  # noqa: F401  (fixtures)

FIREFOX = "/usr/bin/firefox-esr"
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not Path(FIREFOX).exists():
        pytest.fail(f"{FIREFOX} missing: run the tests through `python3 build.py test`, which installs it")
    driver = engines.BidiDriver(FIREFOX, tmp_path_factory.mktemp("firefox-profile"))
    yield driver
    driver.close()


class TestFirefox(engines.EngineChecks):
    OFFLINE = True
