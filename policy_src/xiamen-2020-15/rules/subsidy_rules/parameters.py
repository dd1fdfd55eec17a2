"""The policy's amounts, shares, caps and windows, read from parameters.json.

Every number the rules use lives once in parameters.json, next to the verbatim
policy sentence that states it.  This module only parses that file into exact
values (Decimal, int) and hands them out by id.
"""

import copy
import datetime
import json
from decimal import Decimal, InvalidOperation, localcontext
import pkgutil

from subsidy_core.money import CONTEXT

_DATA_FILE = "parameters.json"
_KINDS = ("money", "percent", "ratio", "fraction", "years", "rank")


def _read_default_text():
    # pkgutil, not importlib.resources: the latter imports inspect (slow to boot in Pyodide).
    return pkgutil.get_data(__package__, _DATA_FILE).decode("utf-8")


_DEFAULT_DATA = json.loads(_read_default_text())


def load_parameters(path=None) -> dict:
    """Return the parameter data as plain JSON values (a fresh copy).

    Without ``path`` the packaged parameters.json is used; with a path (str or
    os.PathLike) that file is read instead, e.g. an altered copy in a test.
    """
    if path is None:
        return copy.deepcopy(_DEFAULT_DATA)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _parse_amount(entry):
    kind, text = entry["kind"], entry["amount"]
    if not isinstance(text, str):
        raise ValueError(f"parameter {entry['id']}: amount must be a string")
    try:
        if kind == "money":
            value = Decimal(text)
            # is_signed: -0.00 too, which equals 0.00 but would be written "-0.00"
            if value.is_signed() or value != value.quantize(Decimal("0.01")):
                raise ValueError
            return value
        if kind == "percent":
            if not text.endswith("%"):
                raise ValueError
            value = Decimal(text[:-1]) / 100
            if value.is_signed() or not value.is_finite():
                raise ValueError
            return value
        if kind == "ratio":
            first, rest = text.split(":")
            return (Decimal(first), Decimal(rest))
        if kind == "fraction":
            num, den = text.split("/")
            return Decimal(num) / Decimal(den)
        if kind in ("years", "rank"):
            value = int(text)
            if value < 1:
                raise ValueError
            return value
    except (ValueError, InvalidOperation, ZeroDivisionError):
        pass
    raise ValueError(f"parameter {entry.get('id')}: cannot read {kind} amount {text!r}")


class Parameters:
    """Typed, read-only view of one parameters document."""

    def __init__(self, data):
        self.data = data
        self.rules_version = data["rules_version"]
        policy = data["policy"]
        self.policy = policy
        self.issued = datetime.date.fromisoformat(policy["issued"])
        self.last_day = datetime.date.fromisoformat(policy["last_day"])
        self.valid_years = int(policy["valid_years"])
        self.anchors = {c["id"]: c["anchor"] for c in data["clauses"]}
        self._entries = {}
        self._values = {}
        with localcontext(CONTEXT):  # parse the same way whatever the caller's settings
            for entry in data["parameters"]:
                self._add(entry)

    def _add(self, entry):
        if entry["kind"] not in _KINDS:
            raise ValueError(f"parameter {entry['id']}: unknown kind {entry['kind']!r}")
        if entry["id"] in self._entries:
            raise ValueError(f"parameter {entry['id']} defined twice")
        if entry["clause"] not in self.anchors:
            raise ValueError(f"parameter {entry['id']}: unknown clause {entry['clause']!r}")
        self._entries[entry["id"]] = entry
        self._values[entry["id"]] = _parse_amount(entry)

    def entry(self, pid):
        return self._entries[pid]

    def has(self, pid):
        return pid in self._entries

    def _value(self, pid, kind):
        entry = self._entries[pid]
        if entry["kind"] != kind:
            raise KeyError(f"parameter {pid} is {entry['kind']}, not {kind}")
        return self._values[pid]

    def money(self, pid):
        """Amount in yuan (Decimal with two decimals)."""
        return self._value(pid, "money")

    def percent(self, pid):
        """Share as a Decimal fraction: '30%' -> Decimal('0.3')."""
        return self._value(pid, "percent")

    def ratio(self, pid):
        """Ratio as a pair of Decimals: '7:3' -> (7, 3)."""
        return self._value(pid, "ratio")

    def fraction(self, pid):
        return self._value(pid, "fraction")

    def years(self, pid):
        return self._value(pid, "years")

    def rank(self, pid):
        return self._value(pid, "rank")

    def as_written(self, pid):
        return self._entries[pid]["as_written"]

    def anchor(self, clause):
        return self.anchors[clause]


_DEFAULT = None


def default_parameters():
    """The packaged parameters, parsed once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Parameters(_DEFAULT_DATA)
    return _DEFAULT


def as_parameters(value):
    """Accept None (packaged data), a Parameters object or a raw data dict."""
    if value is None:
        return default_parameters()
    if isinstance(value, Parameters):
        return value
    return Parameters(value)


RULES_VERSION = _DEFAULT_DATA["rules_version"]
