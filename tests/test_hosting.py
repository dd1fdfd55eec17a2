"""Hosting: the exact CSP header written by the build, MIME types, sub-path serving."""

from __future__ import annotations

import re
import urllib.request

import pytest

from sitebuild import csp

PAGES = ["index.html", "policy.html", "glossary.html", "rules.html", "about.html", "calculator/index.html"]


def test_inline_script_parser_skips_json_and_external():
    html = (
        '<script id="__config" type="application/json">{"a":1}</script>'
        '<script src="x.js"></script><script>var a=1</script>'
        '<script type="module">import "./m.js"</script>'
    )
    assert csp.inline_scripts(html) == ["var a=1", 'import "./m.js"']


def test_header_lists_the_hash_of_every_inline_script(built_site):
    policy = (built_site / "hosting" / "csp-header.txt").read_text("utf-8")
    assert policy.startswith("Content-Security-Policy: default-src 'self';")
    inline = {s for page in built_site.rglob("*.html") for s in csp.inline_scripts(page.read_text("utf-8"))}
    assert inline, "the theme is expected to emit inline scripts"
    for source in inline:
        assert csp.script_hash(source) in policy
    assert "unsafe-inline" not in policy.split("style-src")[0], "scripts must never need unsafe-inline"


def test_nginx_snippet_names_mime_types_and_header(built_site):
    snippet = (built_site / "hosting" / "nginx.conf").read_text("utf-8")
    assert re.search(r"application/wasm\s+wasm;", snippet)
    assert re.search(r"text/javascript\s+mjs;", snippet)
    header = (built_site / "hosting" / "csp-header.txt").read_text("utf-8").split(":", 1)[1].strip()
    assert f'add_header Content-Security-Policy "{header}" always;' in snippet


def test_server_sends_the_mime_types_pyodide_needs(site_url, built_site):
    (runtime,) = (p.relative_to(built_site).as_posix() for p in built_site.glob("calculator/runtime-*"))
    for path, mime in [(f"{runtime}/pyodide.asm.wasm", "application/wasm"),
                       (f"{runtime}/pyodide.mjs", "text/javascript")]:
        with urllib.request.urlopen(site_url + path) as response:
            assert response.headers["Content-Type"].startswith(mime)
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_pages_run_under_the_site_header_without_violations(page, site_url, path):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert violations == []
    assert page.request_log.foreign(site_url) == []


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
