#!/usr/bin/env python3
"""One entry point for the whole project.

    python3 build.py            set up (venv, npm) and build site/
    python3 build.py serve      set up, build, serve site/ on 127.0.0.1
    python3 build.py test       set up, build, run every test

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
sys.path[:0] = [str(ROOT), str(ROOT / "calculator")]

from sitebuild import env  # noqa: E402  (stdlib only, safe before the venv exists)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", help="build site/ (the default)")
    serve = sub.add_parser("serve", help="build, then serve site/ on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--base", default="/", help="URL sub-path to serve under, e.g. /pub/standards/")
    serve.add_argument("--no-build", action="store_true", help="serve the existing site/")
    sub.add_parser("test", help="build, then run every test (further arguments go to pytest)")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.command = args.command or "build"
    args.pytest_args = extra
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    env.ensure(ROOT, need_test_packages=args.command == "test")  # re-executes inside .venv when needed

    from sitebuild import site

    if args.command == "serve":
        from sitebuild import serve

        if not args.no_build:
            site.build(ROOT)
        serve.serve_forever(ROOT / "site", port=args.port, base=args.base)
        return 0
    if args.command == "test":
        site.build(ROOT)
        return site.run_tests(ROOT, args.pytest_args)
    site.build(ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
