"""The calculator form's data (form.json): item types, fields, choices and their labels.

Labels live once, in form.json; the page draws its form from that file and the validator's
messages take their labels from here.
"""

import json
import pkgutil

# pkgutil, not importlib.resources: the latter imports inspect (slow to boot in Pyodide).
FORM = json.loads(pkgutil.get_data(__package__, "form.json").decode("utf-8"))


def choices(name):
    """The named choice list as {value: label}, in the form's order."""
    return {c["value"]: c["label"] for c in FORM["choices"][name]}


def type_labels():
    """{item type: label}, in the order the form offers them."""
    return {t["type"]: t["label"] for t in FORM["items"]["types"]}


def event_date_labels():
    """{item type: label of the field holding the event date (publication, award, ...)}."""
    out = {}
    for spec in FORM["items"]["types"]:
        key = spec["carry_over"]["event_date"]
        out[spec["type"]] = next(f["label"] for f in spec["fields"] if f["key"] == key)
    return out
