"""The site in WebKitGTK (Debian's webkit2gtk-driver: WebKitWebDriver and MiniBrowser, the
engine family of Safari), driven by Selenium over classic WebDriver on an Xvfb display: pages
without errors, search, the calculator from its snapshot and the ordinary way with CPython's
answers, the print sheet, offline. The checks: tests/engines.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import engines
from engines import servers, site  # noqa: F401  (fixtures)

WEBDRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def driver():
    for path in (WEBDRIVER, MINIBROWSER):
        if not Path(path).exists():
            pytest.fail(f"{path} missing: run the tests through `python3 build.py test`, which installs it")
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    display = engines.Xvfb()
    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    service = Service(executable_path=WEBDRIVER, env={**os.environ, "DISPLAY": display.display})
    try:
        driver = engines.SeleniumDriver(webdriver.WebKitGTK(options=options, service=service))
    except Exception:
        display.stop()
        raise
    yield driver
    driver.close()
    display.stop()


class TestWebKit(engines.EngineChecks):
    OFFLINE = True
