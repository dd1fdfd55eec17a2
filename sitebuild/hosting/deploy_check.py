"""A deployed copy of site/ checked over HTTP against this build: `python3 build.py check URL`.

What an office's server must do is in sitebuild/hosting/kit.py (headers, MIME types, caching); this
module asks the deployed site for a set of files and compares what comes back with that and with
the files of the local build. Each problem is a Finding with a stable short code (the tests plant
each fault and look for its code) and a message in plain Chinese for the office's webmaster.

Stdlib only, so the check runs on any Python 3 without the project's venv. The fetching is one
small function; every check is a plain function of fetched responses and local bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sitebuild.hosting import kit

# ------------------------------------------------------------------ data


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]   # every header in order: a server may send one twice
    body: bytes

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def get(self, name: str) -> str | None:
        values = self.all(name)
        return ", ".join(values) if values else None


@dataclass(frozen=True)
class Finding:
    code: str     # stable: the tests and scripts match on it
    path: str     # the file, relative to the site's address ("" is the address itself)
    detail: str   # what was seen, in plain words


# code -> (what is wrong and how to fix it, in Chinese; a short English hint)
MESSAGES = {
    "unreachable": ("无法访问该网址。请确认网址正确、服务器已启动。",
                    "the site could not be reached"),
    "file-missing": ("网站缺少本版本的文件，或服务器拒绝提供。请把 site/ 文件夹完整上传（包括较大的文件），"
                     "并确认服务器允许访问。",
                     "a file of this build is not served (HTTP status shown)"),
    "file-differs": ("网站上的文件与本版本不一致（被修改、未上传完整或混入了其他版本的文件）。"
                     "请用本次构建的 site/ 重新完整覆盖上传。",
                     "the served bytes differ from this build's file"),
    "content-type": ("文件的类型（Content-Type）不对，浏览器可能拒绝运行它（计算器依赖 .mjs、.wasm 等文件）。"
                     "请使用 site/hosting/ 中的配置（nginx-site.conf 或 apache.htaccess），其中补充了所需的类型。",
                     "wrong Content-Type; use the MIME types of site/hosting/"),
    "csp-missing": ("缺少安全响应头 Content-Security-Policy。请按 site/hosting/headers.txt 添加。",
                    "Content-Security-Policy header missing"),
    "csp-wrong": ("安全响应头 Content-Security-Policy 与本网站要求的不一致，可能导致计算器无法运行或防护不足。"
                  "请改为 site/hosting/headers.txt 中的值，且不要另外再发送一条。",
                  "Content-Security-Policy differs from headers.txt"),
    "nosniff-missing": ("缺少安全响应头 X-Content-Type-Options: nosniff。请按 site/hosting/headers.txt 添加。",
                        "X-Content-Type-Options header missing"),
    "nosniff-wrong": ("安全响应头 X-Content-Type-Options 的值不对，应为 nosniff。",
                      "X-Content-Type-Options is not nosniff"),
    "referrer-policy-missing": ("缺少安全响应头 Referrer-Policy。请按 site/hosting/headers.txt 添加。",
                                "Referrer-Policy header missing"),
    "referrer-policy-wrong": ("安全响应头 Referrer-Policy 的值不对，应为 no-referrer。",
                              "Referrer-Policy differs from headers.txt"),
    "permissions-policy-missing": ("缺少安全响应头 Permissions-Policy。请按 site/hosting/headers.txt 添加。",
                                   "Permissions-Policy header missing"),
    "permissions-policy-wrong": ("安全响应头 Permissions-Policy 与本网站要求的不一致。请改为 site/hosting/headers.txt 中的值。",
                                 "Permissions-Policy differs from headers.txt"),
    "cache-hashed": ("计算器运行文件（文件名带内容哈希，内容永不改变）没有设置长期缓存，"
                     "每次访问都要重新下载几十兆。应发送 Cache-Control: " + kit.IMMUTABLE + "。",
                     "content-addressed files must be sent Cache-Control: immutable, max-age=31536000"),
    "cache-unhashed": ("网页、sw.js 等文件被设置了缓存，网站更新后访问者可能仍看到旧内容，或新旧文件混用。"
                       "应发送 Cache-Control: no-cache。",
                       "pages, sw.js and other unhashed files must be sent Cache-Control: no-cache"),
    "precompressed-unused": ("浏览器请求压缩传输时，服务器仍发送未压缩的文件，访问者要多下载数倍的数据。"
                             "nginx 请开启 gzip_static（可选 brotli_static），Apache 请启用 mod_deflate。",
                             "no Content-Encoding although Accept-Encoding asked for it"),
    "vary-missing": ("压缩后的响应缺少 Vary: Accept-Encoding，中间缓存可能把压缩内容发给不支持的浏览器。"
                     "nginx 请开启 gzip_vary。",
                     "compressed response without Vary: Accept-Encoding"),
    "sw-scope": ("离线功能的 sw.js 不在网站目录下提供（被跳转或范围被改动），浏览器不会为本网站启用离线缓存。"
                 "请让 sw.js 与 index.html 在同一目录下直接提供，不要跳转，也不要设置 Service-Worker-Allowed。",
                 "sw.js must be served at the site's own path, unredirected, with no Service-Worker-Allowed"),
    "mixed-content": ("网页引用了其他网站的资源，或在 https 页面中引用了 http:// 资源，浏览器会拦截，"
                      "也会把访问者的信息泄露给第三方。请删除服务器或网页中插入的这些引用。",
                      "a page loads a subresource over http:// or from another host"),
}

# Each security header of the kit and the stem of its two codes (<stem>-missing, <stem>-wrong).
HEADER_CODES = {
    "Content-Security-Policy": "csp",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "referrer-policy",
    "Permissions-Policy": "permissions-policy",
}
# Two names of one type to every browser (Debian's mime.types uses the first of each pair).
SAME_TYPE = {"application/javascript": "text/javascript", "text/xml": "application/xml"}
# Compressible kinds whose largest file is asked for compressed: what the Apache kit's
# mod_deflate line compresses too, so both servers are held to the same list.
COMPRESSED_SAMPLE = (".html", ".css", ".js", ".mjs", ".json", ".wasm")
# Files every check asks for, besides the pages, the runtime and one file of each kind.
ALWAYS = ("sw.js", "build-info.json", "search/search_index.json", "search.json")
# Directory addresses and the file a server must answer them with.
DIRECTORY_URLS = {"": "index.html", "calculator/": "calculator/index.html"}
SKIPPED_PREFIXES = ("hosting/",)   # the kit describes the server; it is not part of the site
SKIPPED_SUFFIXES = (".gz", ".br")
# Elements and attributes a browser fetches by itself (an <a href> is only a link).
SUBRESOURCE_ATTRS = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",),
}
LINK_RELS_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}


# ------------------------------------------------------------------ what to ask for


def site_files(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
                  if p.is_file() and not p.name.startswith(".")
                  and not p.relative_to(site_dir).as_posix().startswith(SKIPPED_PREFIXES)
                  and not p.name.endswith(SKIPPED_SUFFIXES))


def plain_requests(files: list[str]) -> dict[str, str]:
    """{address relative to the site: local file} for the uncompressed requests: every page, every
    file named by its hash (the calculator runtime, the theme's moved inline scripts), the
    directory addresses, the service worker and one file of each other kind."""
    wanted = {url: rel for url, rel in DIRECTORY_URLS.items() if rel in files}
    by_suffix: dict[str, str] = {}
    for rel in files:
        if rel.endswith(".html") or re.search(kit.CONTENT_ADDRESSED, "/" + rel) or rel in ALWAYS:
            wanted[rel] = rel
        by_suffix.setdefault(Path(rel).suffix, rel)
    wanted.update({rel: rel for rel in by_suffix.values()})
    return wanted


def compressed_requests(files: list[str], site_dir: Path) -> list[str]:
    """The largest file of each kind in COMPRESSED_SAMPLE that the build precompressed."""
    chosen = []
    for suffix in COMPRESSED_SAMPLE:
        copies = [rel for rel in files if rel.endswith(suffix) and (site_dir / (rel + ".gz")).exists()]
        if copies:
            chosen.append(max(copies, key=lambda rel: (site_dir / rel).stat().st_size))
    return chosen


# ------------------------------------------------------------------ checks of one response


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def media_type(value: str | None) -> tuple[str, str | None]:
    """(media type, charset or None) of a Content-Type value."""
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in parts[1:]
                    if p.lower().startswith("charset=")), None)
    kind = parts[0].lower()
    return SAME_TYPE.get(kind, kind), charset


def check_content_type(path: str, rel: str, response: Response) -> list[Finding]:
    wanted = kit.MIME_TYPES.get(Path(rel).suffix)
    if wanted is None:   # a kind the kit says nothing about
        return []
    got, charset = media_type(response.get("Content-Type"))
    if got != media_type(wanted)[0]:
        return [Finding("content-type", path, f"收到 {response.get('Content-Type') or '（无）'}，应为 {wanted}")]
    if charset not in (None, "utf-8", "utf8"):   # a server-wide gbk label garbles every page
        return [Finding("content-type", path, f"字符集为 {charset}，应为 utf-8")]
    return []


def normalised_header(name: str, value: str):
    """A security header's value in a form where spacing and order do not count."""
    if name == "Content-Security-Policy":
        directives = (d.split() for d in value.split(";") if d.strip())
        return frozenset((d[0].lower(), frozenset(d[1:])) for d in directives)
    if name == "Permissions-Policy":
        return frozenset(item.strip().replace(" ", "") for item in value.split(",") if item.strip())
    return value.strip().lower()


def check_security_headers(path: str, response: Response) -> list[Finding]:
    findings = []
    for name, stem in HEADER_CODES.items():
        values = response.all(name)
        wanted = normalised_header(name, kit.SECURITY_HEADERS[name])
        if not values:
            findings.append(Finding(f"{stem}-missing", path, f"没有 {name}"))
        elif any(normalised_header(name, v) != wanted for v in values):
            # Two copies of a header (server level and location) both apply: each must be ours.
            shown = " | ".join(values)
            findings.append(Finding(f"{stem}-wrong", path, f"{name}: {shown[:200]}"))
    return findings


def cache_directives(values: list[str]) -> dict[str, str | None]:
    directives: dict[str, str | None] = {}
    for value in values:
        for part in value.split(","):
            if part.strip():
                key, _, arg = part.strip().partition("=")
                directives[key.strip().lower()] = arg.strip().strip('"') or None
    return directives


def max_age(directives: dict[str, str | None]) -> int | None:
    try:
        return int(directives.get("max-age") or "")
    except ValueError:
        return None


def check_cache(url_path: str, path: str, response: Response) -> list[Finding]:
    """url_path: the whole path as served (the kit's rule matches /calculator/runtime-<hash>/)."""
    values = response.all("Cache-Control")
    d = cache_directives(values)
    shown = ", ".join(values) or "（无）"
    if kit.cache_control(url_path) == kit.IMMUTABLE:
        year = max_age(cache_directives([kit.IMMUTABLE]))
        ok = "immutable" in d and (max_age(d) or 0) >= year and not {"no-cache", "no-store"} & d.keys()
        return [] if ok else [Finding("cache-hashed", path, f"Cache-Control: {shown}")]
    # No header at all lets a browser guess a lifetime: as bad as a long one.
    ok = bool({"no-cache", "no-store"} & d.keys()) or (max_age(d) == 0 and "immutable" not in d)
    return [] if ok else [Finding("cache-unhashed", path, f"Cache-Control: {shown}")]


def check_body(path: str, body: bytes, local: bytes, how: str = "") -> list[Finding]:
    if sha256(body) == sha256(local):
        return []
    return [Finding("file-differs", path, f"{how}收到 {len(body)} 字节，本版本为 {len(local)} 字节，内容不同")]


def check_status(path: str, response: Response) -> list[Finding]:
    if response.status == 200:
        return []
    if 300 <= response.status < 400:
        where = response.get("Location") or "？"
        return [Finding("file-missing", path, f"HTTP {response.status}，跳转到 {where}")]
    return [Finding("file-missing", path, f"HTTP {response.status}")]


def check_service_worker(base_path: str, response: Response) -> list[Finding]:
    """sw.js controls the folder it is served from: it must be answered at the site's own path.
    A redirected worker script is refused by browsers; Service-Worker-Allowed widens the scope."""
    findings = []
    if 300 <= response.status < 400:
        findings.append(Finding("sw-scope", "sw.js", f"HTTP {response.status}，跳转到 {response.get('Location')}"))
    allowed = response.get("Service-Worker-Allowed")
    if allowed is not None and urljoin(base_path + "sw.js", allowed.strip()) != base_path:
        findings.append(Finding("sw-scope", "sw.js", f"Service-Worker-Allowed: {allowed}"))
    return findings


class _Subresources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = SUBRESOURCE_ATTRS.get(tag, ())
        attrs = {k: v or "" for k, v in attrs}
        if tag == "link" and set(attrs.get("rel", "").lower().split()) & LINK_RELS_NOT_FETCHED:
            return
        for name in names:
            value = attrs.get(name, "").strip()
            # srcset: "a.png 1x, b.png 2x"
            self.urls += [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else \
                ([value] if value else [])


def subresources(html: str) -> list[str]:
    parser = _Subresources()
    parser.feed(html)
    return parser.urls


def check_mixed_content(path: str, page_url: str, html: str) -> list[Finding]:
    page = urlsplit(page_url)
    findings = []
    for ref in subresources(html):
        target = urlsplit(urljoin(page_url, ref))
        if target.scheme in ("data", "blob", "about"):
            continue
        if page.scheme == "https" and target.scheme == "http":
            findings.append(Finding("mixed-content", path, f"https 页面引用 http:// 资源：{ref}"))
        elif target.netloc != page.netloc:
            findings.append(Finding("mixed-content", path, f"引用其他网站的资源：{ref}"))
    return findings


def check_compressed(path: str, asked: str, response: Response, local: bytes) -> list[Finding]:
    """asked: the Accept-Encoding sent. Any encoding it names will do (Apache has no brotli)."""
    encoding = (response.get("Content-Encoding") or "").strip().lower()
    accepted = [e.strip() for e in asked.split(",")]
    if encoding not in accepted:
        return [Finding("precompressed-unused", path,
                        f"请求 Accept-Encoding: {asked}，收到 Content-Encoding: {encoding or '（无）'}")]
    findings = []
    if "accept-encoding" not in (response.get("Vary") or "").lower():
        findings.append(Finding("vary-missing", path, f"Content-Encoding: {encoding}，Vary: {response.get('Vary') or '（无）'}"))
    if encoding == "gzip":   # brotli is no stdlib module: only gzip bodies are compared
        try:
            body = gzip.decompress(response.body)
        except (OSError, EOFError) as error:
            return [*findings, Finding("file-differs", path, f"gzip 压缩内容无法解开：{error}")]
        findings += check_body(path, body, local, "解压 gzip 后")
    return findings


def check_response(base_path: str, path: str, rel: str, response: Response, local: bytes) -> list[Finding]:
    """Everything one plain (uncompressed) answer must get right."""
    if path == "sw.js" and 300 <= response.status < 400:   # the scope problem, not a missing file
        return check_service_worker(base_path, response)
    findings = check_status(path, response) + check_security_headers(path, response)
    if response.status != 200:
        return findings
    findings += check_content_type(path, rel, response)
    findings += check_cache(base_path + path, path, response)
    findings += check_service_worker(base_path, response) if path == "sw.js" else []
    if response.get("Content-Encoding"):   # asked for none; judged by what the browser would see
        return [*findings, Finding("file-differs", path, f"未请求压缩却收到 Content-Encoding: {response.get('Content-Encoding')}")]
    findings += check_body(path, response.body, local)
    if rel.endswith(".html"):
        findings += check_mixed_content(path, response.url, response.body.decode("utf-8", "replace"))
    return findings


# ------------------------------------------------------------------ fetching and the whole check


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):   # a redirect is reported, not followed
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, accept_encoding: str | None = None, timeout: float = 60) -> Response:
    """One GET, redirects not followed, body as sent (urllib decompresses nothing)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding or "identity",
                                                   "User-Agent": "xm-standards-deploy-check"})
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            return Response(url, answer.status, tuple(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as error:
        return Response(url, error.code, tuple(error.headers.items()), error.read())


def normalised_base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def check(base_url: str, site_dir: Path, get=fetch) -> tuple[list[Finding], int]:
    """(findings, number of requests) for the site at base_url against the build in site_dir.
    get(url, accept_encoding) -> Response: fetch, or a stand-in."""
    base_url = normalised_base(base_url)
    base_path = urlsplit(base_url).path
    files = site_files(site_dir)
    findings: list[Finding] = []
    requests = 0
    try:
        for path, rel in plain_requests(files).items():
            findings += check_response(base_path, path, rel, get(base_url + path, None), (site_dir / rel).read_bytes())
            requests += 1
        for rel in compressed_requests(files, site_dir):
            local = (site_dir / rel).read_bytes()
            for asked in ("gzip", "br, gzip"):
                response = get(base_url + rel, asked)
                requests += 1
                if response.status == 200:
                    findings += check_compressed(rel, asked, response, local)
                    findings += check_content_type(rel, rel, response)
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return [*findings, Finding("unreachable", "", f"{base_url}：{reason}")], requests
    return unique(findings), requests


def unique(findings: list[Finding]) -> list[Finding]:
    """One finding per code and file (a file is asked for more than once)."""
    seen, out = set(), []
    for f in findings:
        if (f.code, f.path) not in seen:
            seen.add((f.code, f.path))
            out.append(f)
    return out


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def report(base_url: str, findings: list[Finding], requests: int, shown_per_code: int = 5) -> str:
    """The findings grouped by problem, in plain words, and a one-line summary."""
    if not findings:
        return f"检查 {normalised_base(base_url)}：发送 {requests} 个请求，未发现问题，部署与本版本一致。\n"
    lines = [f"检查 {normalised_base(base_url)}：", ""]
    order = list(dict.fromkeys(f.code for f in findings))
    for code in order:
        group = [f for f in findings if f.code == code]
        message, hint = MESSAGES[code]
        lines.append(f"✗ [{code}] {message}")
        lines.append(f"  ({hint})")
        for f in group[:shown_per_code]:
            lines.append(f"    - {f.path or '（网站首页地址）'}：{f.detail}")
        if len(group) > shown_per_code:
            lines.append(f"    - ……另有 {len(group) - shown_per_code} 个文件")
        lines.append("")
    lines.append(f"共发现 {len(order)} 类问题，涉及 {len(findings)} 处（发送 {requests} 个请求）。")
    return "\n".join(lines) + "\n"


def main(base_url: str, site_dir: Path) -> int:
    if not (site_dir / "index.html").exists():
        print(f"找不到本地构建的网站 {site_dir}：请先运行 python3 build.py，或用 --site 指定。")
        return 2
    findings, requests = check(base_url, site_dir)
    print(report(base_url, findings, requests), end="")
    return 1 if findings else 0
