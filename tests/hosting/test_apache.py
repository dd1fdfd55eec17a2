"""The Apache kit on Debian's Apache: site/hosting/apache.htaccess copied to the served folder as
.htaccess, as the README says, under /pub/standards/. Types, headers and caching by HTTP, and the
calculator booting in Chromium. Apache is stopped when the module ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitebuild.hosting import kit
from local_nginx import free_port, wait_for_port, wait_until_stopped
from test_nginx import media_type, sample_files, watched_page, wanted_type
from test_offline import SCENARIO, boot_calculator, evaluate

APACHE = "/usr/sbin/apache2"
MODULES = "/usr/lib/apache2/modules"


def config(work: Path, port: int) -> str:
    """Debian's apache2.conf, reduced to what a stock install loads, with the site's folder
    allowing the overrides the README names."""
    modules = ["mpm_event", "authz_core", "mime", "dir", "headers", "deflate", "filter"]
    loads = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in modules)
    return f"""ServerRoot /etc/apache2
PidFile {work}/httpd.pid
Listen 127.0.0.1:{port}
ServerName localhost
ErrorLog {work}/error.log
User www-data
Group www-data
{loads}
TypesConfig /etc/mime.types
DocumentRoot {work}/www
<Directory {work}/www>
    AllowOverride FileInfo Indexes
    Require all granted
</Directory>
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
"""


@pytest.fixture(scope="module")
def apache(built_site):
    if not Path(APACHE).exists():
        pytest.fail(f"{APACHE} missing: run the tests through `python3 build.py test`, which installs it")
    work = Path(tempfile.mkdtemp(prefix="xm-apache-"))
    work.chmod(0o755)
    served = work / "www" / "pub" / "standards"
    shutil.copytree(built_site, served)
    shutil.copy(served / "hosting" / "apache.htaccess", served / ".htaccess")
    port = free_port()
    (work / "httpd.conf").write_text(config(work, port), "utf-8")
    env = dict(os.environ, APACHE_RUN_DIR=str(work), APACHE_LOCK_DIR=str(work), APACHE_LOG_DIR=str(work))
    args = [APACHE, "-f", str(work / "httpd.conf")]
    subprocess.run([*args, "-t"], check=True, env=env, capture_output=True)
    subprocess.run([*args, "-k", "start"], check=True, env=env)
    try:
        wait_for_port(port)
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}/pub/standards/", served=served)
    finally:
        subprocess.run([*args, "-k", "stop"], env=env, capture_output=True)
        wait_until_stopped(work / "httpd.pid", "apache")
        shutil.rmtree(work, ignore_errors=True)


def test_types_headers_and_caching(apache):
    for rel in sample_files(apache.served):
        if rel == ".htaccess":
            continue
        with urllib.request.urlopen(apache.url + rel) as response:
            assert media_type(response.headers) == wanted_type(rel), rel
            for name, value in kit.response_headers("/pub/standards/" + rel).items():
                assert response.headers[name] == value, (rel, name)


@pytest.mark.browser
def test_calculator_boots_and_answers(browser, apache):
    context = browser.new_context(locale="zh-CN")
    try:
        page = watched_page(context)
        page.goto(apache.url + "calculator/index.html")
        boot_calculator(page)
        assert evaluate(page, SCENARIO)["total"] == "50000.00"
        assert page.problems == []
        assert page.request_log.foreign(apache.url) == []
    finally:
        context.close()
