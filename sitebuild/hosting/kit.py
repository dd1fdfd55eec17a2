"""What a web server must send with site/, in one place.

The development server (sitebuild/hosting/serve.py), the hosting kit written into site/hosting/
(nginx, Apache) and the tests all read the headers, MIME types and caching rules from here.
Every page runs under one plain header: the build moves the theme's inline scripts into files
(sitebuild/postbuild/inline_scripts.py), so no hash list is needed and none changes with the theme.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.runtime import layout
from sitebuild.templating import render

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
# Powerful features the site never uses, denied so that no embedded or injected code can ask.
PERMISSIONS = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS,
}

# Caching: a file whose name carries its content hash never changes and is kept a year; every
# other file (pages, sw.js, search index, the service worker's lists) is revalidated on each
# use, so a redeploy is seen at once and two builds never mix.
NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
CONTENT_ADDRESSED = layout.RUNTIME_URL_PATTERN + "|/assets/javascripts/inline/"

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",   # the theme's source maps
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".webmanifest": "application/manifest+json",
}
# What Debian's /etc/nginx/mime.types (nginx 1.22) lacks among the files the site ships.
NGINX_EXTRA_TYPES = {"mjs": "text/javascript", "whl": "application/zip", "map": "application/json"}


def cache_control(url_path: str) -> str:
    return IMMUTABLE if re.search(CONTENT_ADDRESSED, url_path) else NO_CACHE


def response_headers(url_path: str) -> dict[str, str]:
    """Every header the site's own responses carry, for a request of url_path."""
    return {**SECURITY_HEADERS, "Cache-Control": cache_control(url_path)}


# Where the README's example serves the site from; nginx.conf names them, change them to yours.
EXAMPLE_BASE = "/pub/standards/"
EXAMPLE_ROOT = "/srv/standards/site/"


def nginx_directives() -> str:
    """What a location serving site/ needs: MIME map, precompressed files, caching, headers."""
    return render("hosting/nginx-directives.conf", **rules())


def rules() -> dict[str, str]:
    """The kit's templates' values: MIME types, headers, caching."""
    return {"types": "\n".join(f"    {mime:<16} {ext};" for ext, mime in NGINX_EXTRA_TYPES.items()),
            "headers": "\n".join(f'add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS.items()),
            "no_cache": NO_CACHE, "immutable": IMMUTABLE, "content_addressed": CONTENT_ADDRESSED}


def nginx_include() -> str:
    return render("hosting/nginx-site.conf", example_base=EXAMPLE_BASE, example_root=EXAMPLE_ROOT,
                  directives=nginx_directives())


def nginx_location() -> str:
    body = "".join(f"    {line}".rstrip() + "\n" for line in nginx_directives().splitlines())
    return render("hosting/nginx.conf", example_base=EXAMPLE_BASE, example_base_bare=EXAMPLE_BASE.rstrip("/"),
                  example_root=EXAMPLE_ROOT, body=body)


def apache_htaccess() -> str:
    return render("hosting/apache.htaccess", **{
        **rules(), "headers": "\n".join(f'    Header always set {name} "{value}"' for name, value in SECURITY_HEADERS.items())})


def header_lines() -> str:
    return "".join(f"{name}: {value}\n" for name, value in SECURITY_HEADERS.items())


def write_kit(site_dir: Path) -> None:
    out = site_dir / "hosting"
    out.mkdir(exist_ok=True)
    (out / "headers.txt").write_text(header_lines(), "utf-8")
    (out / "nginx-site.conf").write_text(nginx_include(), "utf-8")
    (out / "nginx.conf").write_text(nginx_location(), "utf-8")
    (out / "apache.htaccess").write_text(apache_htaccess(), "utf-8")
