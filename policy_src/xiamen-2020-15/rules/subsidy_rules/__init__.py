"""Subsidy rules of 厦府办规〔2020〕15号 五(三): one scenario in, every payment with its clause out.

Only the policy's law lives here (parameters, readings, the rules of each item family, form,
schema, cases); the JSON contract, input checks, share links, money and wording come from the
rules core, subsidy_core. Standard library only; runs on CPython 3.11+ and in Pyodide.
"""

import datetime

from subsidy_core import jsonio
from subsidy_core.errors import ValidationError
from subsidy_core.share import parse_fragment, scenario_fragment

from . import engine
from .engine import evaluate
from .parameters import RULES_VERSION, Parameters, load_parameters

__version__ = RULES_VERSION


def evaluate_json(text: str, *, today: datetime.date | None = None, parameters=None) -> str:
    """JSON text in, JSON envelope out (subsidy_core's contract); never raises."""
    return jsonio.evaluate_json(engine.evaluate, text, today=today, parameters=parameters)


__all__ = [
    "RULES_VERSION",
    "Parameters",
    "ValidationError",
    "evaluate",
    "evaluate_json",
    "load_parameters",
    "parse_fragment",
    "scenario_fragment",
]
