"""What every policy's subsidy rules need besides their law: the JSON contract (strict input,
canonical envelopes that never raise), limits on input, share links (#v1=…), the one input
error, exact money and its 万元 wording, Chinese numerals, ranks and dates.

Standard library only; runs on CPython 3.11+ and in Pyodide. A policy's rules package keeps
its law (parameters, readings, item rules, form, schema) and imports this.
"""

from .errors import ValidationError
from .jsonio import dumps, error_envelope, evaluate_json, parse_json
from .share import parse_fragment, scenario_fragment

__version__ = "1.0.0"

__all__ = ["ValidationError", "dumps", "error_envelope", "evaluate_json", "parse_fragment", "parse_json",
           "scenario_fragment"]
