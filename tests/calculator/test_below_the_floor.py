"""A browser that cannot run the calculator gets a plain Chinese message on the calculator page,
advice to open the page in the system browser when it is an app's in-app browser, and a link to
the docs' amount tables, which work everywhere; no script error, and the docs pages fetch nothing
of the calculator. In a real engine with WebAssembly switched off: Firefox ESR's own preference
(Chromium's V8 flag no longer removes it from pages), driven as tests/engines/test_engines_firefox.py
does; the in-app case with WeChat's user agent (Android XWeb)."""
from __future__ import annotations

from pathlib import Path

import pytest

import engines

FIREFOX = "/usr/bin/firefox-esr"
NO_WASM = {"javascript.options.wasm": False}
WECHAT = ("Mozilla/5.0 (Linux; Android 12; V2134A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
          "Chrome/86.0.4240.99 XWEB/4313 MMWEBSDK/20220805 Mobile Safari/537.36 MicroMessenger/8.0.27.2220(0x28001B3B) "
          "WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64")
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def site(built_site):
    servers = engines.Servers(built_site)
    yield servers.start()
    servers.stop()


@pytest.fixture(scope="module", params=["browser", "wechat"])
def no_wasm(request, tmp_path_factory):
    if not Path(FIREFOX).exists():
        pytest.fail(f"{FIREFOX} missing: run the tests through `python3 build.py test`, which installs it")
    prefs = {**NO_WASM, **({"general.useragent.override": WECHAT} if request.param == "wechat" else {})}
    driver = engines.BidiDriver(FIREFOX, tmp_path_factory.mktemp("firefox-no-wasm"), prefs)
    driver.agent = request.param
    yield driver
    driver.close()


FAILED = """() => { const s = document.querySelector('.calc-status--failed');
  return s && !/正在检查/.test(s.innerText) ? {text: s.innerText,
    tables: s.querySelectorAll("a[href$='rules.html'], a[href*='rules.html#']").length} : null; }"""


def test_the_calculator_page_says_what_to_do_instead(no_wasm, site):
    no_wasm.goto(site + "calculator/index.html")
    assert no_wasm.run("() => typeof WebAssembly") == "undefined"
    status = engines.wait_for(no_wasm, FAILED, what="the calculator's message")
    text = status["text"]
    assert "这个浏览器无法运行计算器" in text and "WebAssembly" in text and "您可以" in text
    assert "网站管理员" not in text   # nothing to pass on to the host: it is the visitor's browser
    assert ("在浏览器打开" in text) == (no_wasm.agent == "wechat")
    assert status["tables"] >= 1
    assert engines.page_errors(no_wasm) == []
    loaded = no_wasm.run("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if u.endswith((".wasm", "snapshot.bin"))]


def test_docs_pages_fetch_nothing_of_the_calculator_it_cannot_run(no_wasm, site):
    no_wasm.goto(site + "policy.html")
    state = engines.wait_for(no_wasm, "() => document.documentElement.dataset.calculatorWarm", what="fetch-ahead")
    assert state == "skipped-unsupported"
    loaded = no_wasm.run("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if "/calculator/runtime-" in u]
    assert engines.page_errors(no_wasm) == []
