#!/usr/bin/env python3
"""One entry point for the whole project.

    python3 build.py            set up (venv, npm) and build site/
    python3 build.py serve      set up, build, serve site/ on 127.0.0.1
    python3 build.py test       set up, build, run every test
    python3 build.py check URL  check a deployed copy of site/ against this build

    --builder zensical          build with Zensical instead of Material for MkDocs (the default)
    --deploy                    (build, serve) fail if the site's identity still holds example values

The first part runs on whatever python3 the newcomer has (3.11 is fine): it
only finds a Python >= 3.12, prepares .venv and node_modules, and re-executes
itself inside .venv, where the real work happens.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))   # the rules of a policy package join the path when the build imports them

from sitebuild.docs import builders  # noqa: E402  (stdlib only, safe before the venv exists)
from sitebuild.setup import toolchain  # noqa: E402  (stdlib only, safe before the venv exists)
from sitebuild.docs.identity import IdentityError  # noqa: E402  (stdlib only too)


def add_builder_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--builder", choices=builders.BUILDERS, default=default,
                        help="what turns mkdocs.yml into HTML: material (default) or zensical")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    add_builder_option(parser, builders.DEFAULT)
    sub = parser.add_subparsers(dest="command")
    # --builder is accepted before or after the command.
    build_cmd = sub.add_parser("build", help="build site/ (the default)")
    serve = sub.add_parser("serve", help="build, then serve site/ on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--base", default="/", help="URL sub-path to serve under, e.g. /pub/standards/")
    serve.add_argument("--no-build", action="store_true", help="serve the existing site/")
    test = sub.add_parser("test", help="build, then run every test (further arguments go to pytest)")
    check = sub.add_parser("check", help="check a deployed copy of site/ at URL against this build (exit 1 on a problem)")
    check.add_argument("url", help="the deployed site's address, e.g. https://www.example.gov.cn/pub/standards/")
    check.add_argument("--site", type=Path, default=ROOT / "site", help="the build to compare with (default site/)")
    for command in (build_cmd, serve, test):
        add_builder_option(command, argparse.SUPPRESS)
    for command in (parser, build_cmd, serve):
        # A site going onto a portal: the footer's identity (policy_src/site.toml) must be filled in.
        command.add_argument("--deploy", action="store_true",
                             default=False if command is parser else argparse.SUPPRESS,
                             help="refuse the example values (（示例）…) of policy_src/site.toml [identity]")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.command = args.command or "build"
    args.pytest_args = extra
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.command == "check":   # stdlib only: no venv, no build, any Python 3
        from sitebuild.hosting import deploy_check

        return deploy_check.main(args.url, args.site)
    toolchain.ensure(ROOT, need_test_packages=args.command == "test")  # re-executes inside .venv when needed
    try:
        return run(args)
    except builders.BuildFailed as error:   # the builder's own output is already printed
        print(f"[build] {error}", file=sys.stderr)
        return 1
    except IdentityError as error:
        print(f"[build] {error}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    from sitebuild import site

    if args.command == "serve":
        from sitebuild.hosting import serve

        if not args.no_build:
            site.build(ROOT, builder=args.builder, deploy=args.deploy)
        serve.serve_forever(ROOT / "site", port=args.port, base=args.base)
        return 0
    if args.command == "test":
        site.build(ROOT, builder=args.builder)
        return site.run_tests(ROOT, args.pytest_args, builder=args.builder)
    site.build(ROOT, builder=args.builder, deploy=args.deploy)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
