"""The deployment checker (sitebuild/hosting/deploy_check.py, `python3 build.py check URL`) on the servers
an office runs: Debian's nginx with the README's server {} block and Debian's Apache with the
kit's .htaccess, each serving a copy of site/ under /pub/standards/.

A correct deployment passes; then each fault an office can make (a line of the kit dropped or
changed, a file of the served folder edited, replaced or left out) is planted in a deployment of
its own and the checker must name exactly that fault by its code. One nginx serves every nginx
case (a server {} block on its own port each), one Apache every Apache case (a virtual host
each); the served folders are hard links to one copy, and a planted file replaces its link.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import pytest

from sitebuild.hosting import deploy_check, kit
from sitebuild.runtime import layout
import local_nginx
from local_nginx import NGINX, free_port, readme_server, wait_for_port, wait_until_stopped
from test_apache import APACHE, config as apache_config

BASE = kit.EXAMPLE_BASE   # /pub/standards/, where the README's block serves the site


def same(text: str) -> str:
    return text


def without(*fragments: str) -> Callable[[str], str]:
    """The text without each line holding one of fragments (each must be there: a kit that
    changed its wording must not turn a planted fault into no fault)."""
    def change(text: str) -> str:
        for fragment in fragments:
            assert fragment in text, fragment
        return "".join(line for line in text.splitlines(keepends=True) if not any(f in line for f in fragments))
    return change


def replaced(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return change


def rewrite(path: Path, change: Callable[[bytes], bytes]) -> None:
    """A new file in place of the hard link, so the build's own file stays as it is."""
    data = change(path.read_bytes())
    path.unlink()
    path.write_bytes(data)


def runtime_dir(served: Path) -> Path:
    runtime = layout.runtime_dir(served)
    return runtime


def worker_from_another_build(served: Path) -> None:
    rewrite(runtime_dir(served) / "worker.mjs", lambda data: data + b"\n// another build\n")


def page_edited(served: Path) -> None:
    rewrite(served / "policy.html", lambda data: data.replace("协同推进".encode(), "协同推动".encode(), 1))


def snapshot_not_uploaded(served: Path) -> None:
    # An upload form's size limit: the largest file and its compressed copies are left out.
    for path in runtime_dir(served).glob("snapshot.bin*"):
        path.unlink()


def http_script_injected(served: Path) -> None:
    # A visitor-statistics script pasted into the home page, from another host and over http.
    tag = b'<script src="http://tongji.example.gov.cn/count.js"></script></head>'
    rewrite(served / "index.html", lambda data: data.replace(b"</head>", tag, 1))


@dataclass(frozen=True)
class Fault:
    codes: frozenset[str]                         # what the checker must name, and nothing else
    conf: Callable[[str], str] = same             # the kit's nginx-site.conf as the office changed it
    block: Callable[[str], str] = same            # the README's server {} block as the office changed it
    files: Callable[[Path], None] | None = None   # what the office changed in the served folder


def fault(*codes: str, **how) -> Fault:
    return Fault(frozenset(codes), **how)


SW_REDIRECT = f"    location = {BASE}sw.js {{ return 301 /sw.js; }}\n    location ^~ {BASE} {{"

NGINX_FAULTS = {
    "mjs-type-dropped": fault("content-type", conf=without(" mjs;")),
    "csp-dropped": fault("csp-missing", conf=without("add_header Content-Security-Policy")),
    "csp-without-wasm": fault("csp-wrong", conf=replaced(" 'wasm-unsafe-eval'", "")),
    "nosniff-dropped": fault("nosniff-missing", conf=without("X-Content-Type-Options")),
    "referrer-policy-changed": fault("referrer-policy-wrong", conf=replaced('"no-referrer"', '"unsafe-url"')),
    "runtime-cached-an-hour": fault("cache-hashed", conf=replaced(f'"{kit.IMMUTABLE}"', '"public, max-age=3600"')),
    "pages-cached-a-day": fault("cache-unhashed", conf=replaced(f'"{kit.NO_CACHE}"', '"public, max-age=86400"')),
    "no-gzip-static-no-brotli": fault("precompressed-unused", conf=without("gzip_static on;"),
                                      block=without("brotli_static on;")),
    "gzip-vary-dropped": fault("vary-missing", conf=without("gzip_vary on;")),
    "runtime-file-of-another-build": fault("file-differs", files=worker_from_another_build),
    "page-edited": fault("file-differs", files=page_edited),
    "runtime-file-not-uploaded": fault("file-missing", files=snapshot_not_uploaded),
    "sw-moved-to-server-root": fault("sw-scope", block=replaced(f"    location ^~ {BASE} {{", SW_REDIRECT)),
    "sw-scope-widened": fault("sw-scope", conf=lambda text: text + 'add_header Service-Worker-Allowed "/" always;\n'),
    # The page is edited too: the injected tag is named, and so is the changed file.
    "http-script-injected": fault("mixed-content", "file-differs", files=http_script_injected),
}


def linked_copy(source: Path, dest: Path) -> Path:
    """source's tree in dest, each file a hard link (a copy across file systems)."""
    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, dest, copy_function=link)
    return dest


@pytest.fixture(scope="module")
def work(built_site):
    # Readable by the servers' www-data workers, as a served folder is (pytest's tmp_path is private).
    path = Path(tempfile.mkdtemp(prefix="xm-deploy-check-"))
    path.chmod(0o755)
    shutil.copytree(built_site, path / "site")   # once: every served folder links to this copy
    yield path
    shutil.rmtree(path, ignore_errors=True)


def nginx_block(readme: str, name: str, fault: Fault, work: Path, port: int) -> str:
    served = work / "nginx" / name / "site"
    linked_copy(work / "site", served)
    if fault.files:
        fault.files(served)
    block = readme_server(readme, port, served)
    site_conf = served / "hosting" / "nginx-site.conf"
    changed = fault.conf(site_conf.read_text("utf-8"))
    if changed != site_conf.read_text("utf-8"):
        conf = work / "nginx" / f"{name}.conf"
        conf.write_text(changed, "utf-8")
        block = block.replace(f"include {site_conf};", f"include {conf};")
    return fault.block(block)


@pytest.fixture(scope="module")
def nginx_sites(root, work):
    """{case: URL}: the correct deployment ("correct") and each fault, all on one nginx."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} missing: run the tests through `python3 build.py test`, which installs it")
    readme = (root / "README.md").read_text("utf-8")
    cases = {"correct": fault(), **NGINX_FAULTS}
    ports = {name: free_port() for name in cases}
    blocks = "".join(nginx_block(readme, name, f, work, ports[name]) for name, f in cases.items())
    with local_nginx.running(work / "nginx", blocks):
        yield {name: f"http://127.0.0.1:{port}{BASE}" for name, port in ports.items()}


def named(url: str, site: Path) -> tuple[set[str], str]:
    """The codes the checker names for the site at url, and its report (shown when a test fails)."""
    findings, requests = deploy_check.check(url, site)
    assert requests >= 30   # every page, every runtime file, one of each kind, compressed samples
    return deploy_check.codes(findings), deploy_check.report(url, findings, requests)


def test_a_correct_nginx_deployment_passes(nginx_sites, built_site):
    codes, report = named(nginx_sites["correct"], built_site)
    assert codes == set(), report


@pytest.mark.parametrize("case", NGINX_FAULTS)
def test_each_nginx_fault_is_named(nginx_sites, built_site, case):
    codes, report = named(nginx_sites[case], built_site)
    assert codes == NGINX_FAULTS[case].codes, report
    for code in codes:   # each in plain words for the webmaster, under its code
        assert f"[{code}] {deploy_check.MESSAGES[code][0]}" in report


def test_the_command_line_exits_0_when_clean_and_1_naming_the_fault(root, nginx_sites, built_site):
    def run(url):
        return subprocess.run([sys.executable, str(root / "build.py"), "check", url, "--site", str(built_site)],
                              capture_output=True, text=True, timeout=120)

    clean = run(nginx_sites["correct"])
    assert clean.returncode == 0 and "未发现问题" in clean.stdout, clean.stdout + clean.stderr
    broken = run(nginx_sites["csp-dropped"])
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "[csp-missing]" in broken.stdout and "Content-Security-Policy" in broken.stdout
    assert "共发现 1 类问题" in broken.stdout
    gone = run("http://127.0.0.1:%d/pub/standards/" % free_port())
    assert gone.returncode == 1 and "[unreachable]" in gone.stdout


# ---------------------------------------------------------------- Apache

def without_deflate(htaccess: str) -> str:
    # What Apache reads when mod_deflate is not loaded: the kit's <IfModule mod_deflate.c> is skipped.
    changed = re.sub(r"<IfModule mod_deflate\.c>.*?</IfModule>\n", "", htaccess, flags=re.S)
    assert changed != htaccess
    return changed


# Each case a virtual host on a port of its own: (the folder's AllowOverride, the .htaccess as
# the office has it, the codes named).
APACHE_CASES = {
    "correct": ("FileInfo Indexes", same, frozenset()),
    "apache-no-compression": ("FileInfo Indexes", without_deflate, frozenset({"precompressed-unused"})),
    # The commonest Apache fault: AllowOverride None, so the kit's .htaccess is never read. Every
    # rule of the kit is missing at once, and the checker names each.
    "apache-htaccess-ignored": ("None", same, frozenset({
        "content-type", "csp-missing", "nosniff-missing", "referrer-policy-missing",
        "permissions-policy-missing", "cache-hashed", "cache-unhashed", "precompressed-unused"})),
}


def apache_hosts(work: Path, ports: dict[str, int]) -> str:
    """A virtual host for each case but the correct one (test_apache's main server)."""
    hosts = []
    for name, (override, _, _) in APACHE_CASES.items():
        if name == "correct":
            continue
        root = work / name
        hosts.append(f"""
Listen 127.0.0.1:{ports[name]}
<Directory {root}>
    AllowOverride {override}
    Require all granted
</Directory>
<VirtualHost 127.0.0.1:{ports[name]}>
    DocumentRoot {root}
</VirtualHost>
""")
    return "".join(hosts)


@pytest.fixture(scope="module")
def apache_sites(work):
    if not Path(APACHE).exists():
        pytest.fail(f"{APACHE} missing: run the tests through `python3 build.py test`, which installs it")
    base = work / "apache"
    ports = {name: free_port() for name in APACHE_CASES}
    for name in APACHE_CASES:
        served = linked_copy(work / "site", base / ("www" if name == "correct" else name) / BASE.strip("/"))
        htaccess = APACHE_CASES[name][1]((served / "hosting" / "apache.htaccess").read_text("utf-8"))
        (served / ".htaccess").write_text(htaccess, "utf-8")
    (base / "httpd.conf").write_text(apache_config(base, ports["correct"]) + apache_hosts(base, ports), "utf-8")
    env = dict(os.environ, APACHE_RUN_DIR=str(base), APACHE_LOCK_DIR=str(base), APACHE_LOG_DIR=str(base))
    args = [APACHE, "-f", str(base / "httpd.conf")]
    syntax = subprocess.run([*args, "-t"], env=env, capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    subprocess.run([*args, "-k", "start"], check=True, env=env)
    try:
        for port in ports.values():
            wait_for_port(port)
        yield {name: f"http://127.0.0.1:{port}{BASE}" for name, port in ports.items()}
    finally:
        subprocess.run([*args, "-k", "stop"], env=env, capture_output=True)
        wait_until_stopped(base / "httpd.pid", "apache")


@pytest.mark.parametrize("case", APACHE_CASES)
def test_apache_deployments(apache_sites, built_site, case):
    codes, report = named(apache_sites[case], built_site)
    assert codes == APACHE_CASES[case][2], report


# ---------------------------------------------------------------- pure checks, no server

def test_the_plan_asks_for_every_page_every_hashed_file_and_each_kind(built_site):
    files = deploy_check.site_files(built_site)
    plain = deploy_check.plain_requests(files)
    hashed = [rel for rel in files if kit.cache_control("/" + rel) == kit.IMMUTABLE]
    assert any("/inline/" in rel for rel in hashed) and any(rel.endswith(".wasm") for rel in hashed)
    assert {rel for rel in files if rel.endswith(".html")} | set(hashed) <= set(plain.values())
    assert {"", "calculator/", "sw.js"} <= plain.keys() and not any(p.startswith("hosting/") for p in plain)
    assert {".mjs", ".wasm", ".whl", ".json", ".js", ".css", ".zip", ".map"} <= {Path(rel).suffix for rel in plain.values()}
    compressed = deploy_check.compressed_requests(files, built_site)
    assert {Path(rel).suffix for rel in compressed} == set(deploy_check.COMPRESSED_SAMPLE)


def response(url="https://www.example.gov.cn/pub/standards/index.html", status=200, body=b"", **headers):
    return deploy_check.Response(url, status, tuple((k.replace("_", "-"), v) for k, v in headers.items()), body)


def test_mixed_content_over_https_and_other_hosts():
    page = ('<link rel="stylesheet" href="http://www.example.gov.cn/a.css">'
            '<link rel="canonical" href="https://elsewhere.example.com/">'   # not fetched
            '<a href="https://elsewhere.example.com/">a link</a>'
            '<img srcset="b.png 1x, //cdn.example.com/b.png 2x"><script src="js/c.js"></script>')
    found = deploy_check.check_mixed_content("index.html", "https://www.example.gov.cn/pub/standards/", page)
    assert [f.detail.rsplit("：", 1)[1] for f in found] == ["http://www.example.gov.cn/a.css", "//cdn.example.com/b.png"]
    # Over plain http the same host's http:// stylesheet is no mixed content.
    assert len(deploy_check.check_mixed_content("index.html", "http://www.example.gov.cn/", page)) == 1


def test_cache_rules_read_the_directives_not_the_spelling():
    runtime = BASE + "calculator/runtime-0123456789abcdef/pyodide.asm.wasm"
    check = deploy_check.check_cache
    assert check(runtime, "x", response(Cache_Control="immutable, max-age=31536000, public")) == []
    assert check(runtime, "x", response(Cache_Control="public, max-age=31536000")) != []
    assert check(BASE + "index.html", "x", response(Cache_Control="max-age=0")) == []
    assert check(BASE + "index.html", "x", response()) != []   # no header: the browser guesses
    assert check(BASE + "sw.js", "x", response(Cache_Control=kit.IMMUTABLE))[0].code == "cache-unhashed"


def test_security_headers_sent_twice_must_both_be_the_kits():
    ours = dict(kit.SECURITY_HEADERS)
    headers = [*ours.items(), ("Content-Security-Policy", "default-src *")]
    found = deploy_check.check_security_headers("x", deploy_check.Response("u", 200, tuple(headers), b""))
    assert [f.code for f in found] == ["csp-wrong"]
    reordered = "; ".join(reversed(kit.CSP.split("; ")))
    headers = [(k, reordered if k == "Content-Security-Policy" else v) for k, v in ours.items()]
    assert deploy_check.check_security_headers("x", deploy_check.Response("u", 200, tuple(headers), b"")) == []


def test_a_gbk_label_is_a_wrong_content_type():
    found = deploy_check.check_content_type("index.html", "index.html", response(Content_Type="text/html; charset=gbk"))
    assert [f.code for f in found] == ["content-type"] and "gbk" in found[0].detail
