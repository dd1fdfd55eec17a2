"""The built documentation site: pages, navigation, self-containment, search, layout."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from conftest import RequestLog  # noqa: E402
from site_search import result_targets, search  # noqa: E402,F401  (search_page below)

DOC_PAGES = ["index.html", "policy.html", "rules.html", "glossary.html", "about.html"]
ALL_PAGES = DOC_PAGES + ["calculator/index.html"]
# The builders' JavaScript bundles hold loaders that fetch from a CDN, each only for a feature
# this site does not use (no page has the class that starts it, checked below; the browser
# tests record that nothing leaves the origin). mkdocs.yml excludes them from the privacy
# check by name, and only these.
DORMANT_LOADERS = {
    # Material and Zensical: ```mermaid diagrams (class "mermaid")
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    "https://unpkg.com/mermaid@12/dist/mermaid.min.js",
    # both: a ResizeObserver polyfill, for browsers without ResizeObserver (all the site supports have it)
    "https://unpkg.com/resize-observer-polyfill",
    # Zensical: runnable Python code blocks (class "pyodide"), their editor and Pyodide's CDN default
    "https://unpkg.com/pyodide@314.0.2/pyodide.js",
    "https://cdn.jsdelivr.net/pyodide/v314.0.2/full/",
    "https://unpkg.com/ace-builds@1.44.0/src-noconflict/ace.js",
    # Zensical: the image lightbox (class "glightbox")
    "https://unpkg.com/glightbox@3/dist/js/glightbox.min.js",
    "https://unpkg.com/glightbox@3/dist/css/glightbox.min.css",
}
DORMANT_FEATURE_CLASSES = {"mermaid", "pyodide", "glightbox"}
THEME_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
# Pyodide's module has a CDN default for indexURL, used only when the caller gives none
# (the calculator's worker gives its own, checked below).
PYODIDE_CDN_DEFAULT = (r"calculator/runtime-[0-9a-f]{16}/pyodide\.", "https://cdn.jsdelivr.net/pyodide/")
# Where each builder writes its search index, and the copy inlined in a script for file://.
SEARCH_INDEX = {"material": ("search/search_index.json", "search/search_index.js"),
                "zensical": ("search.json", "search.js")}
RESOURCE_EXT = r"\.(?:m?js|css|wasm|json|whl|zip|woff2?|ttf|otf|png|jpe?g|gif|svg|webp|ico)(?:[?#][^\"'`]*)?"
CDN_HOSTS = r"(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|fonts\.gstatic\.com)"


def is_foreign(url: str) -> bool:
    url = url.strip()
    return bool(re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) and not url.lower().startswith(("data:", "blob:"))


class Resources(HTMLParser):
    """URLs an HTML page loads (not the ones a reader may navigate to)."""

    LOADS = {("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("source", "src"),
             ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("embed", "src"),
             ("object", "data"), ("track", "src"), ("input", "src"), ("image", "href"), ("use", "href"),
             ("image", "xlink:href"), ("use", "xlink:href")}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []
        self.styles: list[str] = []
        self.features: set[str] = set()   # classes that make a theme bundle load from a CDN
        self._style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.features |= DORMANT_FEATURE_CLASSES & set((attrs.get("class") or "").split())
        for name, value in attrs.items():
            if value is None:
                continue
            if (tag, name) in self.LOADS:
                self.loads += [part.split()[0] for part in value.split(",") if part.strip()] if "srcset" in name else [value]
            if name == "style":
                self.styles.append(value)
        if tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])         # stylesheet, icon, manifest, preload: all fetched
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.loads.append((attrs.get("content") or "").partition("url=")[2])
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._style = False


def css_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return urls


def js_loads(js: str) -> list[str]:
    """Foreign URLs in JavaScript that load code or data: imports, or literals of assets and CDN hosts."""
    found = re.findall(r"\bimport\s*\(\s*[\"'`]((?:https?:)?//[^\"'`]+)", js)
    found += re.findall(r"\bimport\b[^;\"'`]*?\bfrom\s*[\"'`]((?:https?:)?//[^\"'`]+)", js)
    found += re.findall(r"importScripts\(\s*[\"'`]((?:https?:)?//[^\"'`]+)", js)
    found += re.findall(rf"[\"'`]((?:https?:)?//[^\"'`\s]+{RESOURCE_EXT})[\"'`]", js)
    found += re.findall(rf"[\"'`]((?:https?:)?//{CDN_HOSTS}[^\"'`\s]*)[\"'`]", js)
    return sorted(set(found))


def mkdocs_config(root: Path) -> dict:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=Loader)


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


@pytest.mark.builders
def test_every_page_is_built_with_file_names_the_other_pages_link_to(site):
    for name in ALL_PAGES:
        assert (site / name).is_file(), name
    nav = (site / "index.html").read_text("utf-8")
    for name in ALL_PAGES:
        assert f'href="{name}"' in nav or f'href="./{name}"' in nav, f"{name} not in the navigation"


@pytest.mark.builders
def test_no_resource_is_loaded_from_another_host(site):
    problems = []
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = Resources()
            parser.feed(path.read_text("utf-8"))
            problems += [f"{rel}: {u}" for u in parser.loads if is_foreign(u)]
            problems += [f"{rel}: {u}" for s in parser.styles for u in css_urls(s) if is_foreign(u)]
            assert not parser.features, f"{rel} uses {parser.features}: the theme would load it from a CDN"
        elif path.suffix == ".css":
            problems += [f"{rel}: {u}" for u in css_urls(path.read_text("utf-8", "replace")) if is_foreign(u)]
        elif path.suffix in (".js", ".mjs"):
            problems += [f"{rel}: {u}" for u in js_loads(path.read_text("utf-8", "replace"))
                         if not (THEME_BUNDLE.fullmatch(rel) and u in DORMANT_LOADERS)
                         and not (re.match(PYODIDE_CDN_DEFAULT[0], rel) and u.startswith(PYODIDE_CDN_DEFAULT[1]))]
    assert not problems, "\n".join(problems)


def test_privacy_check_excludes_only_the_dormant_loaders(root):
    """mkdocs.yml's privacy exclusions name the known loaders of the bundles, and nothing else."""
    from fnmatch import fnmatch

    plugins = mkdocs_config(root)["plugins"]
    patterns = next(p["privacy"] for p in plugins if isinstance(p, dict) and "privacy" in p)["assets_exclude"]
    assert patterns
    for pattern in patterns:
        assert any(fnmatch(url.split("//", 1)[1], pattern) for url in DORMANT_LOADERS), pattern


def test_pyodide_is_never_asked_for_its_cdn_default(site):
    callers = [p for p in site.rglob("*.*js") if not re.match(PYODIDE_CDN_DEFAULT[0], p.relative_to(site).as_posix())
               and "loadPyodide(" in p.read_text("utf-8", "replace")]
    if list(site.glob("calculator/runtime-*/pyodide.mjs")):
        assert callers, "Pyodide is shipped but nothing calls loadPyodide"
    for path in callers:
        if path.name == "worker.mjs":  # the calculator's: its calls take options built in one place
            assert "indexURL" in path.read_text("utf-8"), f"{path}: loadPyodide without indexURL would fetch from the CDN"
        for call in re.findall(r"loadPyodide\(\{[^}]*\}", path.read_text("utf-8")):
            assert "indexURL" in call, f"{path}: loadPyodide without indexURL would fetch from the CDN"


def test_the_scan_catches_foreign_resources():
    """The scanners above are not blind: each kind of foreign reference is reported."""
    parser = Resources()
    parser.feed('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
                '<script src="//cdn.example.org/x.js"></script><img srcset="a.png 1x, https://x.org/b.png 2x">'
                '<div style="background:url(https://x.org/bg.png)"></div><a href="https://www.gov.cn/">政府网站</a>')
    assert [u for u in parser.loads if is_foreign(u)] == [
        "https://fonts.googleapis.com/css?family=Roboto", "//cdn.example.org/x.js", "https://x.org/b.png"]
    assert [u for s in parser.styles for u in css_urls(s)] == ["https://x.org/bg.png"]
    assert parser.links == ["https://www.gov.cn/"] and not any(is_foreign(u) for u in ["policy.html", "#c1"])
    assert sorted(css_urls("@import url('https://x.org/a.css'); src: url(../fonts/a.woff2)")) == [
        "../fonts/a.woff2", "https://x.org/a.css"]
    assert js_loads('import("https://esm.sh/x"); const s = "https://unpkg.com/lib"; "https://a.org/p.wasm"') == [
        "https://a.org/p.wasm", "https://esm.sh/x", "https://unpkg.com/lib"]


@pytest.mark.builders
def test_local_iframe_worker_polyfill_replaces_the_unpkg_one(site, builder):
    html = (site / "policy.html").read_text("utf-8")
    assert re.search(r'<script src="(?:\./)?assets/javascripts/iframe-worker/shim\.js"', html)
    assert "unpkg.com/iframe-worker" not in html
    assert (site / "assets/javascripts/iframe-worker/shim.js").stat().st_size > 1000
    # The offline plugin inlines the search index so search works from file://.
    assert (site / SEARCH_INDEX[builder][1]).read_text("utf-8").startswith("var __index = ")


def test_no_web_fonts_and_a_cjk_font_stack(site):
    html = (site / "index.html").read_text("utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    css = (site / "assets/stylesheets/extra.css").read_text("utf-8")
    assert "Noto Sans CJK SC" in css and "PingFang SC" in css and "Microsoft YaHei" in css


@pytest.mark.builders
def test_light_and_dark_palettes_can_be_toggled(site):
    html = (site / "index.html").read_text("utf-8")
    schemes = re.findall(r'data-md-color-scheme="(\w+)"', html)
    assert "default" in schemes and "slate" in schemes
    assert html.count('class="md-header__button md-icon"') >= 1 and "data-md-component=\"palette\"" in html


@pytest.mark.builders
def test_search_index_is_chinese_and_finds_glossary_terms(site, builder):
    index = json.loads((site / SEARCH_INDEX[builder][0]).read_text("utf-8"))
    assert index["config"]["lang"] == ["zh"]
    if builder == "material":
        # Segmented with jieba at build time, the glossary terms as single words
        # (policy_src/search_terms.txt, the search plugin's jieba_dict_user).
        docs = index["docs"]

        def word(term):
            return re.compile(rf"(?:^|\u200b){re.escape(term)}(?:\u200b|$)")
    else:
        # Zensical segments in the browser (it ignores jieba_dict_user): the browser test below
        # searches; here every section is in the index with its text.
        docs = index["items"]

        def word(term):
            return re.compile(re.escape(term))

    def locations(term):
        token = word(term)
        return {d["location"] for d in docs if token.search(d["text"]) or token.search(d["title"])}

    assert "policy.html#c4-1" in locations("领跑者")     # 四（一）2 争当企业标准“领跑者”
    assert "policy.html#c5-3" in locations("领跑者")     # 五（三）5
    assert "policy.html#c5-3" in locations("秘书处")     # 五（三）2
    assert "policy.html#c5-3" in locations("召集人")     # 五（三）2
    # Numbered items are paragraphs in the policy text; the rules page gives each its own section.
    assert "rules.html#c5-3-5" in locations("领跑者")
    assert "rules.html#c5-3-2" in locations("秘书处")
    assert "rules.html#c5-3-2" in locations("注册专家")
    assert "policy.html#c4-1" in locations("对标达标")
    assert "glossary.html#secretariat" in locations("秘书处")
    assert "glossary.html#forerunner" in locations("领跑者")


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    """index.html with its search index loaded, one tab for every term of the test below (each
    builder's site its own): the terms are typed in turn, search() empties the box between."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.request_log = RequestLog(page)
    page.goto(site_url + "index.html", wait_until="networkidle")   # the index is loaded
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.builders
@pytest.mark.parametrize("term, expected", [
    ("领跑者", "policy.html#c5-3"),
    ("秘书处", "policy.html#c5-3"),
    ("召集人", "policy.html#c5-3"),
    ("对标达标", "policy.html#c4-1"),
    ("注册专家", "glossary.html#registered-expert"),
])
def test_search_box_finds_the_clause(search_page, site_url, term, expected):
    page = search_page
    search(page, term)
    assert expected in result_targets(page)
    assert not page.request_log.foreign(site_url)


@pytest.mark.browser
@pytest.mark.builders
@pytest.mark.parametrize("name", DOC_PAGES)
def test_pages_request_nothing_from_other_hosts(page, site_url, name):
    page.goto(site_url + name, wait_until="networkidle")
    assert page.request_log.urls, "the request log recorded nothing"
    assert not page.request_log.foreign(site_url), page.request_log.foreign(site_url)


@pytest.mark.browser
@pytest.mark.parametrize("viewport_width", [1280, 390])
@pytest.mark.parametrize("name", DOC_PAGES)
def test_pages_fit_the_screen_and_are_captured(browser, site_url, shots_dir, name, viewport_width):
    """No horizontal scrolling; screenshots land in .shots/ for people to look at."""
    context = browser.new_context(locale="zh-CN", viewport={"width": viewport_width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport_width, f"{name} is {width}px wide at {viewport_width}px"
        page.screenshot(path=str(shots_dir / f"{name.replace('.html', '')}-{viewport_width}.png"))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.builders
def test_docs_and_search_work_from_file_urls(browser, site):
    """Offices that get the site as a zip open it from disk: pages, links and search work."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        page.locator("a[href='policy.html'], a[href='./policy.html']").first.click()
        page.wait_for_selector("#c5-3-1")
        search(page, "秘书处")
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.reload()
        assert all(urlsplit(u).scheme in ("file", "data", "blob") for u in requests), requests
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.builders
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_header_has_the_site_colour_without_javascript(browser, site_url, color_scheme):
    """Before (or without) JavaScript the page shows the palette's first entry, the automatic
    one: it must carry the site's red, not the theme's default indigo."""
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, color_scheme=color_scheme)
    try:
        page = context.new_page()
        page.goto(site_url + "policy.html")
        header = page.locator("header.md-header")
        assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(166, 27, 27)"  # #a61b1b
        assert page.locator("body").get_attribute("data-md-color-primary") == "custom"
    finally:
        context.close()


def test_language_partial_is_the_themes_zh_with_lang_zh_cn(root):
    """overrides/partials/languages/zh.html: the builders' own zh strings, only lang="zh-CN" changed."""
    import material
    import zensical

    ours = (root / "overrides/partials/languages/zh.html").read_text("utf-8")
    assert '"language": "zh-CN",' in ours
    ours = ours[ours.index("{% macro"):].replace('"language": "zh-CN",', '"language": "zh",')
    for package in (material, zensical):
        theirs = (Path(package.__file__).parent / "templates/partials/languages/zh.html").read_text("utf-8")
        assert ours == theirs[theirs.index("{% macro"):], f"{package.__name__}'s zh strings changed: copy them again"


@pytest.mark.builders
def test_every_clause_the_rules_cite_has_its_anchor_on_the_policy_page(built_site):
    from subsidy_rules import load_parameters

    from sitebuild.docs.policy_text import clause_anchor

    html = (built_site / "policy.html").read_text("utf-8")
    for clause in load_parameters()["clauses"]:
        assert clause_anchor(clause["id"]) == clause["anchor"]
        assert f'id="{clause["anchor"]}"' in html, clause
