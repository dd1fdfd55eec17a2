"""The site's identity in the footer of every page (issue 21): 主办/承办单位, contact, 网站标识码,
ICP and 公安 registration with their links, the 党政机关 mark, 纠错, the privacy page; from
policy_src/site.toml [identity] (sitebuild/docs/identity.py), in both builders.

The shipped site is checked with its example values; a docs-only build of a copy checks a filled-in
identity with items left out, in both builders (a few seconds each, no calculator runtime).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from conftest import SUB_PATH  # noqa: E402
from sitebuild.docs import builders, identity, pages  # noqa: E402
from sitebuild.hosting import serve  # noqa: E402
from sitebuild.setup import toolchain  # noqa: E402

FOOTER = re.compile(r'<div class="site-identity">.*?</div>', re.S)
# A 1 × 1 PNG: the office's mark stands in.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360f8cfc0f01f0005000201a2c3a5e10000000049454e44ae426082")
FILLED = {
    "sponsor": "厦门市测试局", "organizer": "", "address": "厦门市思明区测试路1号", "phone": "0592-1234567",
    "email": "test@example.gov.cn", "site_code": "3502009999", "icp": "闽ICP备12345678号",
    "icp_link": "https://beian.miit.gov.cn/", "police": "闽公网安备35020302000001号",
    "police_link": "https://beian.mps.gov.cn/#/query/webSearch?code=35020302000001",
    "mark_image": "policy_src/identity/mark.png", "mark_link": "https://bszs.conac.cn/sitename?id=TEST",
    "correction": "我为政府网站找错", "correction_link": "https://zfwzzc.www.gov.cn/",
}


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" and "calculator/runtime-" not in p.as_posix())


def footer_of(path: Path) -> str:
    found = FOOTER.findall(path.read_text("utf-8"))
    assert len(found) == 1, f"{path}: {len(found)} identity blocks"
    assert "<footer" in path.read_text("utf-8").split(found[0])[0], f"{path}: the identity is not inside the footer"
    return found[0]


def assert_no_empty_markup(footer: str) -> None:
    assert not re.search(r"<(p|span|a)\b[^>]*>\s*</\1>", footer), footer
    assert "：<" not in footer.replace("：<a", ""), footer       # no label without its value


def text_of(footer: str) -> str:
    return re.sub(r"<[^>]+>", "", footer)


def write_identity(repo: Path, values: dict[str, str]) -> None:
    """Replace the [identity] table of the copy's site.toml."""
    path = repo / identity.SITE_LIST
    listed = tomllib.loads((ROOT / identity.SITE_LIST).read_text("utf-8"))["packages"]
    body = "\n".join(f'{k} = "{v}"' for k, v in values.items())
    path.write_text(f"packages = {listed!r}\n".replace("'", '"') + f"\n[identity]\n{body}\n", "utf-8")


@pytest.mark.builders
def test_every_page_shows_the_configured_identity(built_site):
    config = identity.load(ROOT)
    shown = [config.get(k) for k in identity.LABELS if config.get(k) and not k.endswith(("_link", "_image"))]
    assert shown, "policy_src/site.toml has no identity"
    pages_ = html_pages(built_site)
    assert {"index.html", "privacy.html", "calculator/index.html"} <= {p.relative_to(built_site).as_posix() for p in pages_}
    for path in pages_:
        footer = footer_of(path)
        text = text_of(footer)
        for value in shown:
            assert value in text, f"{path.name}: {value}"
        assert re.search(r'href="(\./|\.\./)?privacy\.html"', footer), path
        assert_no_empty_markup(footer)
        # Example values read as examples and lead nowhere.
        for key in config.placeholders():
            assert not re.search(rf'<a [^>]*>{re.escape(config.get(key))}</a>', footer), key
    privacy = text_of((built_site / "privacy.html").read_text("utf-8"))
    for statement in ("不会发送到任何服务器", "不使用 Cookie", "跟踪", "在您的浏览器里计算", "不作为兑现依据"):
        assert statement in privacy, statement
    assert "site.toml" not in privacy and "policy_src" not in privacy
    if config.placeholders():   # built with the example values: the site says it is no government site
        for name in ("index.html", "about.html"):
            assert "本站不是政府网站" in text_of((built_site / name).read_text("utf-8")), name


@pytest.fixture(scope="module")
def filled_project(tmp_path_factory) -> Path:
    """A copy of what the builders read, with a filled-in identity (承办单位 left out) and a mark."""
    repo = tmp_path_factory.mktemp("identity") / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "policy_src", repo / "policy_src")
    shutil.copytree(ROOT / "overrides", repo / "overrides")
    shutil.copytree(ROOT / "docs", repo / "docs")
    shutil.copy(ROOT / "mkdocs.yml", repo)
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    (repo / "policy_src" / "identity").mkdir()
    (repo / "policy_src" / "identity" / "mark.png").write_bytes(PNG)
    write_identity(repo, FILLED)
    pages.generate(repo)
    return repo


@pytest.fixture(scope="module", params=builders.BUILDERS)
def filled_site(request, filled_project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(f"identity-{request.param}") / "site"
    builders.run(request.param, filled_project, out)
    return out


def test_a_filled_identity_shows_every_item_with_its_link_and_nothing_left_out(filled_site):
    for path in html_pages(filled_site):
        footer = footer_of(path)
        text = text_of(footer)
        for key in ("sponsor", "address", "phone", "email", "site_code", "icp", "police", "correction"):
            assert FILLED[key] in text, f"{path.name}: {key}"
        assert "承办单位" not in footer and "示例" not in text          # left out: no label, no line
        for href in (FILLED["icp_link"], FILLED["police_link"], FILLED["mark_link"], FILLED["correction_link"],
                     "mailto:" + FILLED["email"]):
            assert f'href="{href}"' in footer, f"{path.name}: {href}"
        assert_no_empty_markup(footer)
        # The mark is the repository's image, copied into the site: a relative address that exists.
        src = re.search(r'<img src="([^"]+)" alt="党政机关网站标识"', footer).group(1)
        assert "//" not in src and (path.parent / src).resolve().read_bytes() == PNG, src
    privacy = text_of((filled_site / "privacy.html").read_text("utf-8"))
    assert "本站主办单位为厦门市测试局" in privacy and FILLED["phone"] in privacy
    # Run by an office, the home and about pages name it instead of saying it is no government site.
    for name in ("index.html", "about.html"):
        text = text_of((filled_site / name).read_text("utf-8"))
        assert "本站由厦门市测试局主办" in text and "不是政府网站" not in text, name


def test_an_identity_without_optional_items_writes_no_line_for_them():
    bare = identity.Identity({"sponsor": "厦门市测试局"})
    footer = identity.footer_html(bare)
    assert footer.count('class="site-identity__line"') == 2          # the sponsor, the privacy link
    assert "img" not in footer and "ICP" not in footer and "网站标识码" not in footer
    assert_no_empty_markup(footer.split("\n", 1)[1])


def test_placeholders_warn_and_a_deployment_build_refuses_them(capsys):
    examples = identity.Identity({"sponsor": "（示例）厦门市××局", "phone": "0592-1234567"})
    assert examples.placeholders() == ["sponsor"]
    identity.check_placeholders(examples, strict=False)
    assert "sponsor" in capsys.readouterr().err
    with pytest.raises(identity.IdentityError, match="sponsor"):
        identity.check_placeholders(examples, strict=True)
    identity.check_placeholders(identity.Identity({"sponsor": "厦门市测试局"}), strict=True)


def test_build_py_deploy_fails_on_the_example_values_before_building(tmp_path):
    """`python3 build.py --deploy` on a checkout with example values: exit 1 naming them, no site/.
    Run in a copy of the sources, as inside the venv (toolchain.ensure is satisfied), so nothing is built here."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "build.py", repo)
    shutil.copytree(ROOT / "sitebuild", repo / "sitebuild", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "policy_src", repo / "policy_src")
    assert identity.load(repo).placeholders(), "the shipped site.toml is expected to hold example values"
    run_env = {**os.environ, toolchain.REEXEC_MARK: str(repo)}
    result = subprocess.run([sys.executable, "build.py", "--deploy"], cwd=repo, env=run_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "--deploy" in result.stderr and "sponsor" in result.stderr
    assert not (repo / "site").exists() and not (repo / "build").exists()


@pytest.mark.parametrize("key, value, complaint", [
    ("icp_link", "javascript:alert(1)", "http"),
    ("correction_link", "", "correction_link"),
    ("mark_image", "https://example.org/mark.png", "inside the repository"),
    ("mark_image", "../outside.png", "inside the repository"),
    ("mark_image", "policy_src/site.toml", "no image file"),
    ("logo", "x", "unknown key"),
])
def test_a_wrong_identity_stops_the_build(tmp_path, key, value, complaint):
    repo = tmp_path / "repo"
    (repo / "policy_src").mkdir(parents=True)
    (tmp_path / "outside.png").write_bytes(PNG)
    write_identity(repo, {**FILLED, "mark_image": "", key: value})
    with pytest.raises(identity.IdentityError, match=complaint):
        identity.load(repo)


# Browser checks: axe on the footer and the width of a phone, on the shipped site and the filled one.

def served(site: Path):
    server, url = serve.make_server(site, base=SUB_PATH)
    return server, url


def axe_on_footer(page, axe_source) -> list[dict]:
    page.evaluate(axe_source)
    found = page.evaluate("async () => (await axe.run('footer', {resultTypes: ['violations']})).violations"
                          ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def overflow_at_390(page) -> dict:
    return page.evaluate("""() => {
        const footer = document.querySelector('.site-identity');
        const wider = [...footer.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
            .map(e => e.className || e.tagName);
        return {page: document.documentElement.scrollWidth - innerWidth, footer: footer.scrollWidth - footer.clientWidth, wider};
    }""")


def check_footer_in_browser(browser, url: str, axe_source: str) -> None:
    for scheme in ("light", "dark"):
        ctx = browser.new_context(locale="zh-CN", bypass_csp=True, color_scheme=scheme,
                                  viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.goto(url + "privacy.html")
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        assert axe_on_footer(page, axe_source) == [], scheme
        ctx.close()
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    for name in ("index.html", "calculator/index.html"):
        page.goto(url + name)
        page.locator(".site-identity").scroll_into_view_if_needed()
        assert overflow_at_390(page) == {"page": 0, "footer": 0, "wider": []}, name
    ctx.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")


@pytest.mark.browser
@pytest.mark.builders
def test_the_footer_passes_axe_and_fits_a_phone(browser, site_url, axe_source, shots_dir, builder):
    check_footer_in_browser(browser, site_url, axe_source)
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(site_url + "index.html")
    page.locator(".site-identity").screenshot(path=str(shots_dir / f"footer-identity-390-{builder}.png"))
    ctx.close()


@pytest.mark.browser
def test_a_filled_footer_passes_axe_and_fits_a_phone(browser, filled_site, axe_source):
    server, url = served(filled_site)
    try:
        check_footer_in_browser(browser, url, axe_source)
    finally:
        server.shutdown()
