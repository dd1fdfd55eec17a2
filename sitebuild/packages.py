"""Policy packages: everything specific to one policy lives in one folder, the generator reads it.

    policy_src/<id>/
        policy.toml         the manifest: the site's name, the rules' module and distribution names
        README.md           this policy's ids and the layout repairs of its text
        text/policy.txt     the text, one block per line, each with a stable id
        text/source/        the text as received, with SHA256SUMS
        annotations/        glossary.yml, search_terms.txt (the search's user dictionary)
        pages/              the package's own prose, Markdown templates with $placeholders
        rules/              a Python distribution (pyproject.toml + the rules module), shipped as a
                            wheel to the calculator beside the rules core's (rules_core/ at the top:
                            the JSON contract, input checks, share links, money, wording, which the
                            rules import); its data files: parameters.json (amounts, dates,
                            the policy's metadata, predecessor and successor, each beside its quote),
                            readings.json, schema.json, form.json (the calculator's form),
                            cases.json (named situations with their expected payments)
        site/examples.py    the worked examples of the docs, computed by the rules at build time
        site/scenarios.py   random scenarios, valid and hostile, for the differential tests

The site ships the packages listed in policy_src/site.toml, or the one folder named by
SUBSIDY_POLICY (a test builds its fixture policy this way). See policy_src/README.md.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

SITE_LIST = Path("policy_src/site.toml")
POLICY_ENV = "SUBSIDY_POLICY"
# The rules core every package's rules import, its own distribution (rules_core/ at the top of
# the repository, found from here so the generator's layout may change).
CORE_FOLDER = "rules_core"
CORE_MODULE = "subsidy_core"
CORE_DISTRIBUTION = "subsidy-core"


def core_dir() -> Path:
    """rules_core/: the rules core's distribution (pyproject.toml + subsidy_core/)."""
    return next(p / CORE_FOLDER for p in Path(__file__).resolve().parents if (p / CORE_FOLDER).is_dir())


@dataclass(frozen=True)
class Package:
    root: Path

    @cached_property
    def manifest(self) -> dict:
        return tomllib.loads((self.root / "policy.toml").read_text("utf-8"))

    @property
    def id(self) -> str:
        return self.manifest["id"]

    @property
    def module(self) -> str:
        """The rules' import name (the worker and the build import it)."""
        return self.manifest["rules"]["module"]

    @property
    def distribution(self) -> str:
        """The rules' distribution name (the wheel, the lock file's entry)."""
        return self.manifest["rules"]["distribution"]

    @property
    def site_name(self) -> str:
        return self.manifest["site"]["name"]

    @property
    def site_description(self) -> str:
        return self.manifest["site"]["description"]

    text = property(lambda self: self.root / "text" / "policy.txt")
    source_dir = property(lambda self: self.root / "text" / "source")
    glossary = property(lambda self: self.root / "annotations" / "glossary.yml")
    search_terms = property(lambda self: self.root / "annotations" / "search_terms.txt")
    pages = property(lambda self: self.root / "pages")
    rules_dir = property(lambda self: self.root / "rules")

    def data(self, name: str) -> dict:
        """One of the rules' data files (parameters.json, readings.json, schema.json, form.json)."""
        return json.loads((self.rules_dir / self.module / name).read_text("utf-8"))

    @property
    def policy(self) -> dict:
        """The policy's metadata: number, title, issuer, dates, validity, neighbours."""
        return self.data("parameters.json")["policy"]

    def rules(self, submodule: str = "") -> ModuleType:
        """The rules module (or one of its submodules), imported from the package's own folder
        (and the rules core it imports, from rules_core/)."""
        for path in (str(core_dir()), str(self.rules_dir)):
            if path not in sys.path:
                sys.path.insert(0, path)
        return importlib.import_module(self.module + (f".{submodule}" if submodule else ""))

    def site_module(self, name: str) -> ModuleType:
        """The package's build-time code (site/<name>.py), loaded once per package."""
        qualified = f"policy_site_{self.id.replace('-', '_')}_{name}"
        if qualified in sys.modules:
            return sys.modules[qualified]
        self.rules()  # its code imports the rules
        spec = importlib.util.spec_from_file_location(qualified, self.root / "site" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[qualified] = module
        spec.loader.exec_module(module)
        return module


def shipped(root: Path) -> list[Package]:
    """The packages this site is built from: SUBSIDY_POLICY's folder, else policy_src/site.toml."""
    root = Path(root)
    chosen = os.environ.get(POLICY_ENV)
    if chosen:
        return [Package(Path(chosen).resolve())]
    listed = tomllib.loads((root / SITE_LIST).read_text("utf-8"))["packages"]
    return [Package((root / "policy_src" / name).resolve()) for name in listed]


def main(root: Path) -> Package:
    """The package whose text and calculator the site presents (the first one listed)."""
    return shipped(root)[0]
