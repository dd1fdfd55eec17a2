"""Subsidy rules of 厦府办规〔2020〕15号 五(三): one scenario in, every payment with its clause out.

Standard library only; runs on CPython 3.11+ and in Pyodide.
"""

from .engine import evaluate
from .errors import ValidationError
from .jsonio import evaluate_json
from .parameters import RULES_VERSION, Parameters, load_parameters
from .share import parse_fragment, scenario_fragment

__version__ = RULES_VERSION

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
