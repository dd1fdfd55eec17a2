"""Debian's nginx on a loopback port, configured with exactly the README's server {} block: the
server an office runs, for the hosting tests (tests/hosting/test_nginx.py) and the calculator benchmark
(benchmarks/bench_calculator.py). Nothing here is part of a build."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import time
from pathlib import Path

from sitebuild.hosting.kit import EXAMPLE_ROOT   # the served folder, as the README's block names it

NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int) -> None:
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def wait_until_stopped(pid_file: Path, server: str) -> None:
    for _ in range(100):
        if not pid_file.exists():
            return
        time.sleep(0.05)
    raise AssertionError(f"{server} did not stop")


def readme_server_block(readme: str) -> str:
    blocks = re.findall(r"```nginx\n(.*?)```", readme, re.S)
    if len(blocks) != 1:   # not an assert: the benchmark may run with python -O
        raise ValueError(f"the README should show one nginx server {{}} block, not {len(blocks)}")
    return blocks[0]


def readme_server(readme: str, port: int, served: Path) -> str:
    """The README's block, listening on 127.0.0.1:port and serving the folder `served`."""
    return (readme_server_block(readme).replace("listen 80;", f"listen 127.0.0.1:{port};")
            .replace(EXAMPLE_ROOT, f"{served}/"))


def stock_config(work: Path, server_blocks: str, log_format: str | None = None) -> str:
    """Debian's nginx.conf, reduced: modules-enabled, mime.types at http level, then the blocks.
    log_format: the access log's format instead of nginx's "combined" (the benchmark's, which
    counts $bytes_sent per request)."""
    temp = work / "tmp"
    temp.mkdir(exist_ok=True)
    access_log = (f"log_format bench '{log_format}';\n    access_log {work}/access.log bench;"
                  if log_format else f"access_log {work}/access.log;")
    return f"""
user www-data;
include /etc/nginx/modules-enabled/*.conf;
worker_processes 1;
pid {work}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include mime.types;
    default_type application/octet-stream;
    sendfile on;
    {access_log}
    client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
    uwsgi_temp_path {temp}; scgi_temp_path {temp};
{server_blocks}
}}
"""


@contextlib.contextmanager
def running(work: Path, server_blocks: str, log_format: str | None = None):
    """nginx with these server blocks, its files in work (readable by www-data, as a served
    folder is); yields the `nginx -t` output (warnings included), stops nginx on exit.
    log_format: see stock_config."""
    if not Path(NGINX).exists():
        raise FileNotFoundError(f"{NGINX} missing: `python3 build.py test` installs it")
    if not (work / "mime.types").exists():
        (work / "mime.types").symlink_to("/etc/nginx/mime.types")  # beside nginx.conf, as in /etc/nginx
    conf = work / "nginx.conf"
    conf.write_text(stock_config(work, server_blocks, log_format), "utf-8")
    args = [NGINX, "-e", str(work / "error.log"), "-c", str(conf)]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    subprocess.run(args, check=True)
    try:
        for port in re.findall(r"listen 127\.0\.0\.1:(\d+);", server_blocks):
            wait_for_port(int(port))
        yield check.stderr
    finally:
        subprocess.run([*args, "-s", "quit"], capture_output=True)
        wait_until_stopped(work / "nginx.pid", "nginx")


def bytes_sent(access_log: Path) -> int:
    """Body bytes nginx has sent, from its access log (the stock "combined" format)."""
    if not access_log.exists():
        return 0
    total = 0
    for line in access_log.read_text("utf-8", "replace").splitlines():
        match = re.search(r'" (\d{3}) (\d+) "', line)
        if match:
            total += int(match.group(2))
    return total
