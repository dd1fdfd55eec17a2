"""Hosting: no inline script in any page, one plain header set, the hosting kit's text,
and the development server sending what the kit sends. (The kit on a real nginx: test_nginx.py.)"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from sitebuild.hosting import kit
from sitebuild.postbuild import inline_scripts

PAGES = ["index.html", "policy.html", "glossary.html", "rules.html", "about.html", "calculator/index.html"]


def test_inline_script_parser_skips_json_and_external():
    html = (
        '<script id="__config" type="application/json">{"a":1}</script>'
        '<script src="x.js"></script><script>var a=1</script>'
        '<script type="module">import "./m.js"</script>'
    )
    assert inline_scripts.inline_scripts(html) == ["var a=1", 'import "./m.js"']


def test_inline_scripts_become_files_in_place_and_in_order():
    written = {}

    def write(source):
        name = f"s{len(written)}.js"
        written[name] = source
        return name

    html = ('<head><script>var a=1</script><script id="c" type="application/json">{}</script></head>'
            '<body><script type="module">import "./m.js"</script></body>')
    out = inline_scripts.externalise(html, "calculator/index.html", write)
    assert out == ('<head><script src="../assets/javascripts/inline/s0.js"></script>'
                   '<script id="c" type="application/json">{}</script></head>'
                   '<body><script src="../assets/javascripts/inline/s1.js" type="module"></script></body>')
    assert written == {"s0.js": "var a=1", "s1.js": 'import "./m.js"'}


def test_handlers_and_javascript_urls_are_refused(tmp_path):
    assert inline_scripts.problems('<button onclick="go()">x</button>')
    assert inline_scripts.problems('<a href="javascript:void(0)">x</a>')
    assert not inline_scripts.problems('<meta content="one=1"><a href="x.html">on=</a>')
    (tmp_path / "index.html").write_text('<p><img src="a.png" onerror="x()"></p>', "utf-8")
    with pytest.raises(RuntimeError, match="onerror"):
        inline_scripts.move_to_files(tmp_path)


def test_no_page_of_the_built_site_has_an_inline_script(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= len(PAGES)
    for page in pages:
        html = page.read_text("utf-8")
        assert inline_scripts.inline_scripts(html) == [], page
        assert inline_scripts.problems(html) == [], page
        for src in re.findall(r'<script src="([^"]+)"', html):  # every script is shipped
            path = built_site / src.lstrip("/") if src.startswith("/") else page.parent / src
            assert path.resolve().is_file(), (page, src)
    moved = list((built_site / inline_scripts.FOLDER).glob("*.js"))
    assert moved, "the theme's inline scripts are expected to have been moved"


def test_header_set_is_the_plain_one_of_the_readme(root, built_site):
    readme = (root / "README.md").read_text("utf-8")
    headers = (built_site / "hosting" / "headers.txt").read_text("utf-8")
    assert headers == kit.header_lines()
    for line in headers.splitlines():
        assert line in readme.splitlines(), line
    csp = kit.SECURITY_HEADERS["Content-Security-Policy"]
    assert "'sha256-" not in csp and "unsafe-inline" not in csp.split("style-src")[0]
    for directive in ("object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'"):
        assert directive in csp


def test_nginx_snippet_keeps_the_mime_map_and_sends_every_header(built_site):
    snippet = (built_site / "hosting" / "nginx-site.conf").read_text("utf-8")
    lines = [line.strip() for line in snippet.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert lines.index("include /etc/nginx/mime.types;") < lines.index("types {"), "types {} alone replaces the map"
    assert re.search(r"text/javascript\s+mjs;", snippet)
    assert "gzip_static on;" in lines
    for name, value in kit.SECURITY_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in lines
    assert not [line for line in lines if line.startswith("location")], "a nested location would drop the headers"


def test_apache_kit_sends_the_same_headers(built_site):
    htaccess = (built_site / "hosting" / "apache.htaccess").read_text("utf-8")
    for name, value in kit.SECURITY_HEADERS.items():
        assert f'Header always set {name} "{value}"' in htaccess
    assert "AddType text/javascript .mjs" in htaccess and "AddType application/wasm .wasm" in htaccess


@pytest.mark.parametrize("path, cache", [
    ("/pub/standards/index.html", kit.NO_CACHE),
    ("/pub/standards/sw.js", kit.NO_CACHE),
    ("/pub/standards/search/search_index.json", kit.NO_CACHE),
    ("/pub/standards/calculator/runtime-0123456789abcdef/pyodide.asm.wasm", kit.IMMUTABLE),
    ("/pub/standards/assets/javascripts/inline/0eb10c249dbdb0beef22.js", kit.IMMUTABLE),
])
def test_cache_rules(path, cache):
    assert kit.cache_control(path) == cache


def test_development_server_sends_the_kit_headers(site_url):
    for path in ("index.html", "sw.js", "calculator/index.html"):
        with urllib.request.urlopen(site_url + path) as response:
            for name, value in kit.response_headers("/" + path).items():
                assert response.headers[name] == value, (path, name)


def test_server_redirects_the_bare_sub_path_and_refuses_paths_outside_it(site_url):
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(site_url)
    for method in ("GET", "HEAD"):
        conn = http.client.HTTPConnection(parts.hostname, parts.port)
        conn.request(method, parts.path.rstrip("/"))
        response = conn.getresponse()
        assert response.status == 301 and response.getheader("Location") == parts.path
        conn.close()
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    conn.request("GET", "/index.html")
    assert conn.getresponse().status == 404
    conn.close()
